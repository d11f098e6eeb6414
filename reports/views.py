"""Views of the quarterly follow-up.

The period page shows a quarter as the committee reads it; the head adopts and
reopens periods from it. The head's entry of a quarter is in ``entry_views``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from indicators.models import Indicator
from indicators.quarters import QUARTERS, Quarter
from reports import computation, services
from reports.adoption_forms import AdoptionForm
from reports.archive_selectors import archived_versions_html
from reports.computation import RowBehind, Window
from reports.drill_down import AdoptedRows, adopted_rows
from reports.follow_up import period_follow_up, period_index, plan_for_year
from reports.measures import MEASURES
from reports.models import Period
from reports.paging import paged
from reports.populations import RowKind
from reports.readiness import MissingItem, NotReady, missing_items
from reports.selectors import adoption_history
from reports.version_cache import cached, cached_html


@require_safe
@permission_required("reports.view_period", raise_exception=True)
def index(request):
    return render(request, "reports/index.html", {"years": period_index()})


@require_safe
@permission_required("reports.view_period", raise_exception=True)
def period(request, year: int, quarter: int):
    follow_up = _follow_up_or_404(year, quarter)
    context = {
        "follow_up": follow_up,
        "follow_up_html": cached_html(
            f"follow-up:{year}:{quarter}",
            "reports/_period_follow_up.html",
            lambda: {"follow_up": period_follow_up(year, quarter)},
        ),
        "quarters": QUARTERS,
        "adoption_history": cached(
            f"adoption-history:{year}:{quarter}:{get_language()}",
            lambda: adoption_history(year, quarter),
        ),
        "archived_versions_html": archived_versions_html(year, quarter),
        "adoption_form": AdoptionForm(initial={"version": follow_up.version}),
        "readiness": None
        if follow_up.is_adopted
        else cached(
            f"readiness:{year}:{quarter}:{get_language()}",
            lambda: missing_items(year=year, quarter=quarter),
        ),
    }
    return render(request, "reports/period.html", context)


@require_POST
@permission_required("reports.adopt_period", raise_exception=True)
def adopt(request, year: int, quarter: int):
    """Adopt in two steps: the meeting's data, then a confirmation that names the period."""
    _follow_up_or_404(year, quarter, compute=False)
    form = AdoptionForm(request.POST)
    if not form.is_valid() and "version" in form.errors:
        messages.error(request, _("Reload the page and adopt the period again."))
        return redirect("reports:period", year, quarter)
    if not form.is_valid():
        return _render_adopt(request, year, quarter, form, status=400)
    readiness = missing_items(year=year, quarter=quarter)
    if readiness is not None and not readiness.may_be_adopted:
        return _render_adopt(request, year, quarter, form, status=409, not_ready=readiness.figures)
    if not form.cleaned_data["confirmed"]:
        return _render_adopt(request, year, quarter, form, confirming=True)
    period = services.get_or_create_period(year, quarter)
    try:
        services.adopt_period(
            period,
            request.user,
            expected_version=form.cleaned_data["version"],
            meeting=form.meeting(),
        )
        messages.success(
            request, _("The period is adopted; its figures are frozen and its report archived.")
        )
    except NotReady as refusal:  # a figure was taken back in since the check above
        return _render_adopt(request, year, quarter, form, status=409, not_ready=refusal.figures)
    except services.PeriodLocked as error:
        messages.error(request, str(error))
    except services.StaleVersion as stale:
        messages.error(
            request,
            " ".join(
                [_("The period was not adopted: it changed after you opened it."), *stale.changes]
            ),
        )
    return redirect("reports:period", year, quarter)


def _render_adopt(
    request,
    year: int,
    quarter: int,
    form: AdoptionForm,
    *,
    status=200,
    confirming=False,
    not_ready: list[MissingItem] | None = None,
):
    """The adoption's second step, its form with errors, or its refusal with the figures missing."""
    context = {
        "year": year,
        "quarter": quarter,
        "period_name": Quarter(year, quarter).label,
        "form": form,
        "confirming": confirming,
        "not_ready": not_ready,
    }
    return render(request, "reports/adopt.html", context, status=status)


@require_POST
@permission_required("reports.adopt_period", raise_exception=True)
def reopen(request, year: int, quarter: int):
    _follow_up_or_404(year, quarter, compute=False)
    period = get_object_or_404(Period, year=year, quarter=quarter)
    try:
        services.reopen_period(period, request.user, request.POST.get("reason", ""))
        messages.success(request, _("The period is reopened for corrections."))
    except (services.PeriodLocked, ValueError) as error:
        messages.error(request, str(error))
    return redirect("reports:period", year, quarter)


@require_safe
@permission_required("reports.view_period", raise_exception=True)
def procurements_behind(request, year: int, quarter: int, code: str):
    """The rows behind a computed value, a page at a time; in an adopted period, those kept."""
    _follow_up_or_404(year, quarter, compute=False)
    indicator = get_object_or_404(Indicator, code=code)
    window = Window.year_to_date(Quarter(year, quarter))
    behind = computation.procurements_behind(code, window)
    if behind is None:
        raise Http404(_("This indicator is not computed from the procurement register."))
    population = MEASURES[code].population
    context = {
        "indicator": indicator,
        "year": year,
        "quarter": quarter,
        "start": window.start,
        "end": window.end,
        "explanation": MEASURES[code].explanation,
        "shows_numerator": "counts_in_numerator" in behind.query.annotations,
    }
    adopted_period = Period.objects.filter(
        year=year, quarter=quarter, state=Period.State.ADOPTED
    ).first()
    adopted = None
    if adopted_period is not None:
        # In an adopted period the list is the one kept at adoption, compared with today's.
        today = [RowBehind(*values) for values in computation.rows_behind(code, window)]
        adopted = adopted_rows(adopted_period, code, today)
        context |= {"adopted_period": adopted_period, "adopted": adopted}
    if adopted is not None and adopted.kept:
        context |= _adopted_pages(adopted, request.GET)
    else:
        context |= _todays_pages(behind, population.row_kind, request.GET)
    return render(request, population.behind_template, context)


def _adopted_pages(adopted: AdoptedRows, query) -> dict:
    """The list kept at adoption and each list of today's differences, a page of each."""
    changes = adopted.changes
    return {
        "adopted_list": paged(adopted.rows, query, anchor="adopted-list"),
        "added": paged(changes.added, query, parameter="added_page", anchor="added"),
        "removed": paged(changes.removed, query, parameter="removed_page", anchor="removed"),
        "changed": paged(changes.changed, query, parameter="changed_page", anchor="changed"),
    }


def _todays_pages(behind: QuerySet, row_kind: RowKind, query) -> dict:
    """Today's rows behind a value, a page of them; the plan's delivered and missing items apart.

    ``rows`` (and the plan's ``counted`` and ``not_counted``) are the whole
    lists, not evaluated: the page reads one page of each and their counts.
    """
    if row_kind != RowKind.PLAN_ITEM:
        return {"rows": behind, "listed": paged(behind, query, anchor="rows")}
    counted = behind.filter(counts_in_numerator=True)
    not_counted = behind.filter(counts_in_numerator=False)
    delivered = paged(counted, query, parameter="delivered_page", anchor="delivered")
    missing = paged(not_counted, query, parameter="missing_page", anchor="missing")
    return {
        "rows": behind,
        "counted": counted,
        "not_counted": not_counted,
        "delivered": delivered,
        "missing": missing,
        "listed_count": delivered.count + missing.count,
    }


def _plan_covers(year: int) -> bool:
    return cached(f"plan-covers:{year}", lambda: plan_for_year(year) is not None)


def _follow_up_or_404(year: int, quarter: int, compute: bool = True):
    if quarter not in QUARTERS or not _plan_covers(year):
        raise Http404(_("There is no follow-up for that period."))
    return period_follow_up(year, quarter) if compute else None
