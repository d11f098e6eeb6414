"""E-mail reminders to the head before a report's deadline, while anything is missing.

``manage.py send_reminders`` runs daily (a systemd timer, README). From
``REMINDER_DAYS_BEFORE_DEADLINE`` days before a meeting's report deadline up to
the deadline itself, each day that the quarter still lacks something
(``readiness.missing_items``) and is not adopted, the people who adopt periods
get one e-mail listing what is missing, with links. A meeting is reminded of at
most once a day (``CommitteeMeeting.reminded_on``), however often the command runs.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from reports.meetings import MeetingView
from reports.models import CommitteeMeeting
from reports.readiness import Readiness, missing_items

REMINDED_PERMISSION = ("reports", "adopt_period")
"""Who is reminded: whoever adopts periods, the head (the chef's role)."""


@dataclass(frozen=True)
class Reminder:
    meeting: MeetingView
    readiness: Readiness


def reminders_due(*, today: datetime.date, days_before: int) -> list[Reminder]:
    """The meetings to remind of today: deadline near, something missing, not reminded today."""
    meetings = CommitteeMeeting.objects.filter(
        report_deadline__gte=today,
        report_deadline__lte=today + datetime.timedelta(days=days_before),
    ).exclude(reminded_on=today)
    reminders = []
    for meeting in meetings:
        readiness = missing_items(year=meeting.year, quarter=meeting.quarter)
        if readiness is not None and not readiness.is_adopted and not readiness.is_complete:
            reminders.append(Reminder(MeetingView.of(meeting, today), readiness))
    return reminders


def recipients() -> list[str]:
    """The e-mail addresses of the active users who adopt periods, by group or by their own."""
    app_label, codename = REMINDED_PERMISSION
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    if permission is None:
        return []
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions=permission) | Q(user_permissions=permission))
        .exclude(email="")
        .distinct()
        .order_by("email")
    )
    return list(users.values_list("email", flat=True))


def reminder_message(reminder: Reminder) -> tuple[str, str]:
    """The e-mail's subject and text, in the active language, with links to the site."""
    meeting = reminder.meeting
    subject = _("Reminder: the report for %(quarter)s is due %(deadline)s") % {
        "quarter": meeting.quarter.long_label,
        "deadline": formats.date_format(meeting.report_deadline, "DATE_FORMAT"),
    }
    readiness = reminder.readiness
    context = {
        "meeting": meeting,
        "readiness": readiness,
        "site_url": settings.SITE_URL,
        "checklist_url": settings.SITE_URL
        + reverse("reports:readiness", args=[readiness.year, readiness.quarter]),
    }
    return subject, render_to_string("reports/email/reminder.txt", context)


def send_reminders(*, today: datetime.date, days_before: int) -> list[Reminder]:
    """Send today's reminders and mark their meetings as reminded; the reminders sent.

    Nothing is sent, or marked, when nobody adopts periods with an e-mail address.
    """
    to = recipients()
    if not to:
        return []
    sent = []
    for reminder in reminders_due(today=today, days_before=days_before):
        subject, text = reminder_message(reminder)
        send_mail(subject, text, None, to)
        CommitteeMeeting.objects.filter(pk=reminder.meeting.pk).update(reminded_on=today)
        sent.append(reminder)
    return sent
