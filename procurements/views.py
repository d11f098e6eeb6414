from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_tables2 import RequestConfig

from procurements import export, selectors, services
from procurements.filters import ProcurementFilter
from procurements.forms import procurement_forms
from procurements.models import Procurement
from procurements.tables import PER_PAGE, ProcurementTable


def _filtered_table(request) -> tuple[ProcurementFilter, ProcurementTable]:
    filterset = ProcurementFilter(request.GET, queryset=selectors.procurement_list_queryset())
    return filterset, ProcurementTable(filterset.qs)


@require_safe
@permission_required("procurements.view_procurement", raise_exception=True)
def procurement_list(request):
    filterset, table = _filtered_table(request)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "procurements/procurement_list.html",
        {"filter": filterset, "table": table, "export_query": query.urlencode()},
    )


@require_safe
@never_cache  # Cache-Control: no-store: the register is not for shared caches or the disk
@permission_required("procurements.view_procurement", raise_exception=True)
def procurement_export(request, file_format: str):
    """Exactly the rows the list shows for the same filters and sort order, on every page."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    _filterset, table = _filtered_table(request)
    RequestConfig(request, paginate=False).configure(table)
    headers, rows = export.export_table(row.record for row in table.rows)
    stem = f"upphandlingar-{timezone.localdate():%Y-%m-%d}"
    if file_format == "csv":
        content, content_type = export.as_csv(headers, rows), "text/csv; charset=utf-8"
    else:
        content = export.as_xlsx(headers, rows, sheet_title=_("Procurements"))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response


@require_safe
@permission_required("procurements.view_procurement", raise_exception=True)
def procurement_detail(request, pk: int):
    try:
        page = selectors.procurement_page(pk)
    except Procurement.DoesNotExist:
        raise Http404 from None
    return render(request, "procurements/procurement_detail.html", {"page": page})


def _edit(request, procurement: Procurement | None):
    if request.method == "POST":
        form, tenders, appeals = procurement_forms(request.POST, instance=procurement)
        if services.forms_are_valid(form, tenders, appeals):
            saved = services.save_procurement(form, tenders, appeals)
            messages.success(
                request,
                _("The procurement %(number)s was saved.") % {"number": saved.registry_number},
            )
            return redirect(saved)
    else:
        form, tenders, appeals = procurement_forms(instance=procurement)
    return render(
        request,
        "procurements/procurement_form.html",
        {"form": form, "tenders": tenders, "appeals": appeals, "procurement": procurement},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("procurements.add_procurement", raise_exception=True)
def procurement_create(request):
    return _edit(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("procurements.change_procurement", raise_exception=True)
def procurement_update(request, pk: int):
    return _edit(request, get_object_or_404(Procurement, pk=pk))
