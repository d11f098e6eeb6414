from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from indicators.selectors import current_plan, plan_overview


@permission_required("indicators.view_plan", raise_exception=True)
def plan_detail(request):
    plan = current_plan()
    overview = plan_overview(plan) if plan else None
    return render(request, "indicators/plan.html", {"overview": overview})
