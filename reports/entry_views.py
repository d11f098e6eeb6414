"""The head's quarterly entry: an overview of its sections, and one page per section.

``edit_quarter`` lists the sections of the quarter the way the report is laid
out, each with what it still lacks; ``entry_section`` is one section's form,
saved on its own through ``services.save_quarter``. A save is refused with 409
when the period is adopted or when someone else saved it after the page was
opened; the form then shows the period as it now stands with the head's own
changes kept. Only the head (and an administrator) may use these pages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from reports.entry_sections import SectionStatus, section_statuses
from reports.forms import SectionForm
from reports.meetings import next_meeting
from reports.quarter_page import QuarterPage, quarter_page
from reports.services import PeriodLocked, StaleVersion, get_or_create_period, save_quarter

EDIT_QUARTER_PERMISSION = "reports.change_enteredvalue"


@require_safe
@permission_required(EDIT_QUARTER_PERMISSION, raise_exception=True)
def edit_quarter(request, year: int, quarter: int):
    """The quarter's sections, each with a link and what it still lacks."""
    page = _page_or_404(year, quarter)
    statuses = section_statuses(page)
    context = {
        "page": page,
        "follow_up": page.follow_up,
        "period": page.label,
        "statuses": statuses,
        "done_count": sum(status.is_done for status in statuses),
        "read_only": page.follow_up.is_adopted,
        "next_meeting": next_meeting(today=timezone.localdate()),
    }
    return render(request, "reports/entry/overview.html", context)


@permission_required(EDIT_QUARTER_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def entry_section(request, year: int, quarter: int, section: str):
    """One section's figures, analyses or statuses, saved on their own."""
    page = _page_or_404(year, quarter)
    statuses = section_statuses(page)
    if not any(status.section.slug == section for status in statuses):
        raise Http404(_("The quarter's entry has no such section."))
    posted = request.method == "POST"
    if page.follow_up.is_adopted:
        return _render(request, page, statuses, section, refused=posted)
    if not posted:
        return _render(request, page, statuses, section, SectionForm(page=page, slug=section))

    form = SectionForm(request.POST, page=page, slug=section)
    if not form.is_valid():
        return _render(request, page, statuses, section, form, status=400)
    try:
        save_quarter(get_or_create_period(year, quarter), form.quarter_edit(), request.user)
    except PeriodLocked:
        page = _page_or_404(year, quarter)
        return _render(request, page, section_statuses(page), section, refused=True)
    except StaleVersion as stale:
        page = _page_or_404(year, quarter)
        form, both_changed = form.on_top_of(page)
        conflict = {"changes": stale.changes, "both_changed": both_changed}
        return _render(
            request, page, section_statuses(page), section, form, status=409, conflict=conflict
        )
    messages.success(
        request,
        _("Saved: %(section)s, %(period)s.")
        % {"section": form.section.title, "period": page.label},
    )
    return redirect("reports:entry-section", year, quarter, section)


def _page_or_404(year: int, quarter: int) -> QuarterPage:
    page = quarter_page(year, quarter)
    if page is None:
        raise Http404(_("There is no follow-up for that period."))
    return page


def _render(
    request,
    page: QuarterPage,
    statuses: list[SectionStatus],
    slug: str,
    form: SectionForm | None = None,
    *,
    status: int = 200,
    refused: bool = False,
    conflict: dict | None = None,
):
    """Render a section; an adopted period is shown read-only, and a refused save with 409."""
    if form is None:
        form = SectionForm(page=page, slug=slug, read_only=True)
        status = 409 if refused else 200
    index = next(i for i, s in enumerate(statuses) if s.section.slug == slug)
    context = {
        "page": page,
        "follow_up": page.follow_up,
        "period": page.label,
        "form": form,
        "section": form.section,
        "statuses": statuses,
        "next_status": statuses[index + 1] if index + 1 < len(statuses) else None,
        "groups": form.groups(),
        "goal_analysis": form.goal_analysis(),
        "overall": form.overall(),
        "assignments": form.assignment_rows(),
        "read_only": page.follow_up.is_adopted,
        "refused": refused,
        "conflict": conflict,
    }
    return render(request, "reports/entry/section.html", context, status=status)
