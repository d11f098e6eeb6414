"""The committee's dashboards: the start page and a page per municipality.

Each view picks the period (the newest adopted by default), calls one selector
and renders what it returns.
"""

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dashboards.municipalities import municipality_page
from dashboards.selectors import start_dashboard

READ_FOLLOW_UP = ("indicators.view_plan", "reports.view_period")


@require_safe
@permission_required(READ_FOLLOW_UP, raise_exception=True)
def start(request, year: int | None = None, quarter: int | None = None):
    dashboard = start_dashboard(year=year, quarter=quarter, today=timezone.localdate())
    if dashboard is None and year is not None:
        raise Http404(_("There is no follow-up for that period."))
    return render(request, "dashboards/start.html", {"dashboard": dashboard})


@require_safe
@permission_required((*READ_FOLLOW_UP, "procurements.view_procurement"), raise_exception=True)
def municipality(request, code: str, year: int | None = None, quarter: int | None = None):
    page = municipality_page(code=code, year=year, quarter=quarter, today=timezone.localdate())
    if page is None:
        raise Http404(_("There is no such municipality or period."))
    return render(request, "dashboards/municipality.html", {"page": page})
