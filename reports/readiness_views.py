"""The quarter's checklist: what is still missing, and leaving a due figure out on purpose."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from indicators.quarters import QUARTERS, Quarter
from reports import left_out
from reports.meetings import meeting_for
from reports.readiness import Readiness, missing_items
from reports.readiness_forms import LeaveOutForm
from reports.services import PeriodLocked


def _readiness_or_404(year: int, quarter: int) -> Readiness:
    readiness = missing_items(year=year, quarter=quarter) if quarter in QUARTERS else None
    if readiness is None:
        raise Http404(_("There is no follow-up for that period."))
    return readiness


def _render(request, readiness: Readiness, *, bound: LeaveOutForm | None = None, status=200):
    """The checklist, with a form to leave out each missing figure (the one posted, if refused)."""
    forms = {
        item.code: bound
        if bound is not None and bound.data.get("code") == item.code
        else LeaveOutForm(code=item.code)
        for item in readiness.figures
    }
    context = {
        "readiness": readiness,
        "period_name": Quarter(readiness.year, readiness.quarter).long_label,
        "figure_forms": [(item, forms[item.code]) for item in readiness.figures],
        "meeting": meeting_for(
            year=readiness.year, quarter=readiness.quarter, today=timezone.localdate()
        ),
    }
    return render(request, "reports/readiness.html", context, status=status)


@require_safe
@permission_required("reports.view_period", raise_exception=True)
def readiness(request, year: int, quarter: int):
    return _render(request, _readiness_or_404(year, quarter))


@require_POST
@permission_required("reports.add_leftoutfigure", raise_exception=True)
def leave_out(request, year: int, quarter: int):
    readiness = _readiness_or_404(year, quarter)
    code = request.POST.get("code", "")
    item = next((item for item in readiness.figures if item.code == code), None)
    if readiness.is_adopted:
        messages.error(request, _("The period is adopted; reopen it before changing it."))
        return redirect("reports:readiness", year, quarter)
    if item is None:
        # Left out or entered meanwhile: the checklist shows how it now stands.
        messages.error(request, _("Nothing was changed: the figure is no longer missing."))
        return redirect("reports:readiness", year, quarter)
    form = LeaveOutForm(request.POST, code=code)
    if not form.is_valid():
        return _render(request, readiness, bound=form, status=400)
    try:
        left_out.leave_out_figure(
            year=year,
            quarter=quarter,
            code=code,
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except (left_out.NotLeftOut, PeriodLocked) as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("%(figure)s is left out of the report for %(period)s.")
            % {"figure": item.name, "period": Quarter(year, quarter).long_label},
        )
    return redirect("reports:readiness", year, quarter)


@require_POST
@permission_required("reports.delete_leftoutfigure", raise_exception=True)
def take_back(request, year: int, quarter: int):
    _readiness_or_404(year, quarter)
    try:
        left_out.take_back_figure(
            year=year, quarter=quarter, code=request.POST.get("code", ""), by=request.user
        )
    except (left_out.NotLeftOut, PeriodLocked) as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The figure is missing again until it is entered."))
    return redirect("reports:readiness", year, quarter)
