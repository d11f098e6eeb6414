from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from budget import selectors
from budget.forms import QuarterFiguresForm
from budget.models import QUARTERS, BudgetLine
from budget.services import save_quarter_figures

VIEW = ("budget.view_budgetline", "budget.view_quarterlyfigure")
EDIT = ("budget.view_budgetline", "budget.add_quarterlyfigure", "budget.change_quarterlyfigure")


def _check_quarter(quarter: int) -> None:
    if quarter not in QUARTERS:
        raise Http404(_("A year has four quarters."))


@require_safe
@permission_required(VIEW, raise_exception=True)
def index(request):
    return render(request, "budget/index.html", {"years": selectors.budget_years()})


@require_safe
@permission_required(VIEW, raise_exception=True)
def year_detail(request, year: int, quarter: int | None = None):
    if quarter is None:
        quarter = selectors.latest_quarter_with_figures(year)
    else:
        _check_quarter(quarter)
    overview = selectors.year_overview(year, quarter)
    if overview is None:
        raise Http404(_("There is no budget for %(year)s.") % {"year": year})
    return render(request, "budget/year.html", {"overview": overview})


@require_safe
@permission_required(VIEW, raise_exception=True)
def line_detail(request, year: int, code: str):
    detail = selectors.line_detail(year, code)
    if detail is None:
        raise Http404(_("There is no such budget line."))
    return render(request, "budget/line.html", {"line": detail})


@permission_required(EDIT, raise_exception=True)
def edit_quarter(request, year: int, quarter: int):
    _check_quarter(quarter)
    entry = selectors.quarter_entry(year, quarter)
    if entry is None:
        raise Http404(_("There is no budget for %(year)s.") % {"year": year})
    data = request.POST if request.method == "POST" else None
    form = QuarterFiguresForm(data, lines=entry.lines, saved=entry.saved)
    if request.method == "POST" and form.is_valid():
        changed = save_quarter_figures(entry.lines, quarter, form.figures(), request.user)
        if changed:
            messages.success(
                request,
                _("The figures for Q%(quarter)s %(year)s were saved.")
                % {"quarter": quarter, "year": year},
            )
        else:
            messages.info(request, _("Nothing had changed; nothing was saved."))
        return redirect("budget:quarter", year, quarter)
    groups = [(label, form.rows_of(kind)) for kind, label in BudgetLine.Kind.choices]
    return render(
        request,
        "budget/edit_quarter.html",
        {"entry": entry, "form": form, "groups": groups},
        status=400 if form.is_bound else 200,
    )
