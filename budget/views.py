from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budget import selectors
from budget.forms import QuarterFiguresForm
from budget.models import QUARTERS, BudgetLine
from budget.services import QuarterAdopted, StaleVersion, adopted_message, save_quarter_figures

VIEW = ("budget.view_budgetline", "budget.view_quarterlyfigure")
EDIT = ("budget.view_budgetline", "budget.add_quarterlyfigure", "budget.change_quarterlyfigure")


def _check_quarter(quarter: int) -> None:
    if quarter not in QUARTERS:
        raise Http404(_("A year has four quarters."))


@permission_required(VIEW, raise_exception=True)
def index(request):
    return render(request, "budget/index.html", {"years": selectors.budget_years()})


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


@permission_required(VIEW, raise_exception=True)
def line_detail(request, year: int, code: str):
    detail = selectors.line_detail(year, code)
    if detail is None:
        raise Http404(_("There is no such budget line."))
    return render(request, "budget/line.html", {"line": detail})


@permission_required(EDIT, raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def edit_quarter(request, year: int, quarter: int):
    """The head's entry of a quarter's figures, saved whole through ``save_quarter_figures``.

    An adopted quarter is shown read-only and a post to it refused with 409; a
    save based on an outdated version is refused with 409, naming who saved and
    what changed, with the form laid on top of the newer figures.
    """
    _check_quarter(quarter)
    entry = _entry_or_404(year, quarter)
    posted = request.method == "POST"
    if entry.is_adopted:
        return _render_entry(request, entry, refused=posted)
    if not posted:
        return _render_entry(request, entry, _form(entry))
    form = _form(entry, request.POST)
    if not form.is_valid():
        return _render_entry(request, entry, form, status=400)
    try:
        changed = save_quarter_figures(
            entry.lines,
            quarter,
            form.figures(),
            request.user,
            expected_version=form.cleaned_data["version"],
        )
    except QuarterAdopted:
        return _render_entry(request, _entry_or_404(year, quarter), refused=True)
    except StaleVersion as stale:
        entry = _entry_or_404(year, quarter)
        form, both_changed = form.on_top_of(_form(entry))
        conflict = {
            "editors": stale.editors,
            "changes": stale.changes,
            "both_changed": both_changed,
        }
        return _render_entry(request, entry, form, status=409, conflict=conflict)
    if changed:
        messages.success(
            request,
            _("The figures for Q%(quarter)s %(year)s were saved.")
            % {"quarter": quarter, "year": year},
        )
    else:
        messages.info(request, _("Nothing had changed; nothing was saved."))
    return redirect("budget:quarter", year, quarter)


def _entry_or_404(year: int, quarter: int) -> selectors.QuarterEntry:
    entry = selectors.quarter_entry(year, quarter)
    if entry is None:
        raise Http404(_("There is no budget for %(year)s.") % {"year": year})
    return entry


def _form(entry: selectors.QuarterEntry, data=None, read_only: bool = False) -> QuarterFiguresForm:
    return QuarterFiguresForm(
        data, lines=entry.lines, saved=entry.saved, version=entry.version, read_only=read_only
    )


def _render_entry(
    request,
    entry: selectors.QuarterEntry,
    form: QuarterFiguresForm | None = None,
    *,
    status: int = 200,
    refused: bool = False,
    conflict: dict | None = None,
):
    """Render the entry page; an adopted quarter read-only, and a refused save with 409."""
    if form is None:
        form = _form(entry, read_only=True)
        status = 409 if refused else 200
    groups = [(label, form.rows_of(kind)) for kind, label in BudgetLine.Kind.choices]
    context = {
        "entry": entry,
        "form": form,
        "groups": groups,
        "read_only": entry.is_adopted,
        "adopted_message": adopted_message(entry.year, entry.quarter),
        "refused": refused,
        "conflict": conflict,
    }
    return render(request, "budget/edit_quarter.html", context, status=status)
