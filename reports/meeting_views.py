"""The committee's meeting calendar: the list, and creating, editing and deleting a meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from reports import meetings
from reports.meeting_forms import MeetingForm
from reports.models import CommitteeMeeting

DELETED_MEANWHILE = gettext_lazy("The meeting was deleted by someone else.")
CHANGED_MEANWHILE = gettext_lazy(
    "Someone else changed or deleted this meeting after you opened it, so nothing was saved. "
    "The page now shows the meeting as it is saved; make your change again."
)


@require_safe
@permission_required("reports.view_committeemeeting", raise_exception=True)
def meeting_list(request):
    calendar = meetings.calendar(today=timezone.localdate())
    return render(request, "reports/meetings/list.html", {"calendar": calendar})


def _saved_message(meeting: CommitteeMeeting) -> str:
    return _("The meeting of %(date)s was saved.") % {
        "date": formats.date_format(meeting.date, "DATE_FORMAT")
    }


def _edit(request, meeting: CommitteeMeeting | None):
    if request.method != "POST":
        form = MeetingForm(instance=meeting)
        return render(request, "reports/meetings/form.html", {"form": form, "meeting": meeting})
    form = MeetingForm(request.POST, instance=meeting)
    if not form.is_valid():
        context = {"form": form, "meeting": meeting}
        return render(request, "reports/meetings/form.html", context, status=400)
    try:
        saved = meetings.save_meeting(
            form.save(commit=False), version=form.cleaned_data["version"], changed_by=request.user
        )
    except meetings.ChangedMeanwhile:
        return _changed_meanwhile(request, meeting)
    except IntegrityError:
        # Another meeting of the same date or quarter was saved since the form was checked.
        form = MeetingForm(request.POST, instance=meeting)
        form.is_valid()
        context = {"form": form, "meeting": meeting}
        return render(request, "reports/meetings/form.html", context, status=409)
    messages.success(request, _saved_message(saved))
    return redirect("reports:meetings")


def _changed_meanwhile(request, meeting: CommitteeMeeting):
    current = CommitteeMeeting.objects.filter(pk=meeting.pk).first()
    if current is None:
        messages.error(request, DELETED_MEANWHILE)
        return redirect("reports:meetings")
    context = {
        "form": MeetingForm(instance=current),
        "meeting": current,
        "changed_meanwhile": CHANGED_MEANWHILE,
    }
    return render(request, "reports/meetings/form.html", context, status=409)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("reports.add_committeemeeting", raise_exception=True)
def meeting_create(request):
    return _edit(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("reports.change_committeemeeting", raise_exception=True)
def meeting_update(request, pk: int):
    meeting = CommitteeMeeting.objects.filter(pk=pk).first()
    if meeting is None and request.method == "POST":
        messages.error(request, DELETED_MEANWHILE)
        return redirect("reports:meetings")
    if meeting is None:
        raise Http404(_("There is no such meeting."))
    return _edit(request, meeting)


def _version(text: str) -> int | None:
    """The version a page was opened at; None for anything that cannot be one."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 10 else None


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("reports.delete_committeemeeting", raise_exception=True)
def meeting_delete(request, pk: int):
    meeting = get_object_or_404(CommitteeMeeting, pk=pk)
    if request.method != "POST":
        return render(request, "reports/meetings/delete.html", {"meeting": meeting})
    try:
        meetings.delete_meeting(
            pk=meeting.pk,
            version=_version(request.POST.get("version", "")),
            deleted_by=request.user,
        )
    except meetings.ChangedMeanwhile:
        messages.error(request, CHANGED_MEANWHILE)
        return redirect("reports:meeting_delete", meeting.pk)
    messages.success(
        request,
        _("The meeting of %(date)s was deleted.")
        % {"date": formats.date_format(meeting.date, "DATE_FORMAT")},
    )
    return redirect("reports:meetings")
