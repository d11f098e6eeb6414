"""Remind the head by e-mail of what a report due soon still lacks: ``manage.py send_reminders``.

Meant for a daily timer (README): sends at most one e-mail a day per meeting
whose report deadline is within ``REMINDER_DAYS_BEFORE_DEADLINE`` days, while
anything is missing. ``--date`` runs it as on another day.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from reports.reminders import recipients, send_reminders


class Command(BaseCommand):
    help = "Påminner chefen per e-post om vad som saknas inför en rapports sista dag."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Kör som den dagen (ÅÅÅÅ-MM-DD) i stället för i dag.")

    def handle(self, *args, **options):
        today = self._day(options["date"])
        with translation.override(settings.LANGUAGE_CODE):
            if not recipients():
                self.stderr.write(
                    "Ingen påminnelse skickas: ingen aktiv användare som fastställer perioder "
                    "har en e-postadress."
                )
                return
            sent = send_reminders(today=today, days_before=settings.REMINDER_DAYS_BEFORE_DEADLINE)
        for reminder in sent:
            meeting = reminder.meeting
            self.stdout.write(
                f"Påminnelse skickad för {meeting.quarter.label} "
                f"(sista dag {meeting.report_deadline:%Y-%m-%d}): "
                f"{len(reminder.readiness.missing)} saknas."
            )
        if not sent:
            self.stdout.write("Ingen påminnelse att skicka i dag.")

    def _day(self, text: str | None) -> datetime.date:
        if text is None:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"Ange datumet som ÅÅÅÅ-MM-DD, inte {text!r}.") from None
