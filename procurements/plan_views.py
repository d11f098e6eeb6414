"""The procurement plan's pages: a plan year's items, and creating, editing and deleting one."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from procurements import plan_selectors, plan_services
from procurements.models import PLAN_YEARS, Delivery, ProcurementPlanItem
from procurements.plan_forms import ProcurementPlanItemForm

DELETED_MEANWHILE = gettext_lazy("The item was deleted by someone else.")
CHANGED_MEANWHILE = gettext_lazy(
    "Someone else changed or deleted this item after you opened it, so nothing was saved. "
    "The page now shows the item as it is saved; make your change again."
)


class PlanFilterForm(forms.Form):
    year = forms.TypedChoiceField(coerce=int, label=gettext_lazy("Plan year"))
    delivery = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("All")), *((d.value, capfirst(d.label)) for d in Delivery)],
    )

    def __init__(self, data, *, years: list[int], default_year: int):
        super().__init__(data)
        self.default_year = default_year
        self.fields["year"].choices = [
            (year, str(year)) for year in sorted({*years, default_year}, reverse=True)
        ]

    def chosen(self) -> tuple[int, str]:
        """The year and status asked for; a year or status that does not exist is not."""
        if self.is_valid():
            return self.cleaned_data["year"], self.cleaned_data["delivery"]
        delivery = self.data.get("delivery", "")
        return self.default_year, delivery if delivery in Delivery.values else ""


def plan_url(year: int) -> str:
    return f"{reverse('procurements:plan')}?{urlencode({'year': year})}"


@require_safe
@permission_required("procurements.view_procurementplanitem", raise_exception=True)
def plan_item_list(request):
    today = timezone.localdate()
    years = plan_selectors.plan_years()
    default_year = plan_selectors.default_plan_year(years, today)
    data = request.GET if "year" in request.GET else {**request.GET.dict(), "year": default_year}
    form = PlanFilterForm(data, years=years, default_year=default_year)
    year, delivery = form.chosen()
    if not form.is_valid():  # show what is listed, not a year that does not exist
        shown = {"year": year, "delivery": delivery}
        form = PlanFilterForm(shown, years=years, default_year=default_year)
    page = plan_selectors.plan_page(
        year=year, today=today, delivery=delivery, page_number=request.GET.get("page")
    )
    return render(
        request, "procurements/plan_list.html", {"filter": form, "page": page, "year": year}
    )


def _edit(request, item: ProcurementPlanItem | None):
    if request.method == "POST":
        form = ProcurementPlanItemForm(request.POST, instance=item)
        if form.is_valid():
            try:
                saved = plan_services.save_plan_item(form)
            except plan_services.ChangedMeanwhile:
                return _changed_meanwhile(request, item)
            messages.success(
                request,
                _("Item %(number)s of the %(year)s plan was saved.")
                % {"number": saved.number, "year": saved.plan_year},
            )
            return redirect(plan_url(saved.plan_year))
    elif item is None:
        form = ProcurementPlanItemForm(initial=_new_item_initial(request))
    else:
        form = ProcurementPlanItemForm(instance=item)
    return render(request, "procurements/plan_item_form.html", {"form": form, "item": item})


def _new_item_initial(request) -> dict:
    """A new item of the plan year the list showed (``?year=``), numbered after its last."""
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in PLAN_YEARS else timezone.localdate().year
    return {"plan_year": year, "planned_year": year, "number": plan_selectors.next_number(year)}


def _changed_meanwhile(request, item: ProcurementPlanItem):
    current = ProcurementPlanItem.objects.filter(pk=item.pk).first()
    if current is None:
        messages.error(request, DELETED_MEANWHILE)
        return redirect(plan_url(item.plan_year))
    form = ProcurementPlanItemForm(instance=current)
    context = {"form": form, "item": current, "changed_meanwhile": CHANGED_MEANWHILE}
    return render(request, "procurements/plan_item_form.html", context, status=409)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("procurements.add_procurementplanitem", raise_exception=True)
def plan_item_create(request):
    return _edit(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("procurements.change_procurementplanitem", raise_exception=True)
def plan_item_update(request, pk: int):
    item = ProcurementPlanItem.objects.filter(pk=pk).first()
    if item is None and request.method == "POST":
        messages.error(request, DELETED_MEANWHILE)
        return redirect("procurements:plan")
    if item is None:
        raise Http404
    return _edit(request, item)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("procurements.delete_procurementplanitem", raise_exception=True)
def plan_item_delete(request, pk: int):
    item = get_object_or_404(ProcurementPlanItem.objects.select_related("procurement"), pk=pk)
    if request.method == "POST":
        try:
            plan_services.delete_plan_item(item, version=request.POST.get("version", ""))
        except plan_services.ChangedMeanwhile:
            messages.error(request, CHANGED_MEANWHILE)
            return redirect("procurements:plan_delete", item.pk)
        messages.success(
            request,
            _("Item %(number)s of the %(year)s plan was deleted.")
            % {"number": item.number, "year": item.plan_year},
        )
        return redirect(plan_url(item.plan_year))
    return render(
        request,
        "procurements/plan_item_delete.html",
        {"item": item, "version": item.updated_at.isoformat()},
    )
