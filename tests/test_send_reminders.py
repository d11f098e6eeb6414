"""``manage.py send_reminders``: the head is e-mailed what a report due soon still lacks."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from budget.models import BudgetLine, QuarterlyFigure
from indicators.models import Assignment, Goal, Indicator, Municipality
from indicators.selectors import due_entered_indicators
from reports.models import Analysis, AssignmentProgress, CommitteeMeeting, EnteredValue
from reports.readiness import missing_items
from reports.services import adopt_period, get_or_create_period
from tests.meeting_helpers import make_meeting

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 8, 25)


@pytest.fixture(autouse=True)
def settings_of_the_test(settings):
    settings.REMINDER_DAYS_BEFORE_DEADLINE = 7
    settings.SITE_URL = "https://gnu-plan.example.se"


@pytest.fixture
def head(chef):
    chef.email = "cecilia@uhc.example.se"
    chef.save()
    return chef


def meeting_due_in(days: int) -> CommitteeMeeting:
    deadline = TODAY + datetime.timedelta(days=days)
    return make_meeting(
        deadline + datetime.timedelta(days=14), year=2023, quarter=2, report_deadline=deadline
    )


def run(day: datetime.date = TODAY) -> str:
    out = io.StringIO()
    call_command("send_reminders", date=day.isoformat(), stdout=out, stderr=out)
    return out.getvalue()


def complete_quarter(year: int, quarter: int) -> None:
    """Everything the quarter asks for, entered as the head and the budget's keeper would."""
    period = get_or_create_period(year, quarter)
    municipalities = list(Municipality.objects.all())
    for indicator in due_entered_indicators(year=year, quarter=quarter):
        for municipality in municipalities if indicator.per_municipality else [None]:
            EnteredValue.objects.create(
                period=period, indicator=indicator, municipality=municipality, value=Decimal(1)
            )
    for goal in Goal.objects.filter(plans__first_year__lte=year, plans__last_year__gte=year):
        Analysis.objects.create(period=period, goal=goal, text="Som planerat.")
    Analysis.objects.create(
        period=period, indicator=Indicator.objects.get(code="economy-in-balance"), text="I balans."
    )
    for assignment in Assignment.objects.filter(year=year):
        AssignmentProgress.objects.create(period=period, assignment=assignment)
    for line in BudgetLine.objects.filter(year=year):
        QuarterlyFigure.objects.create(
            line=line, quarter=quarter, actual_to_date_tkr=1, forecast_tkr=2
        )
    period.overall_analysis = "Ett lugnt kvartal."
    period.save()


def test_a_deadline_near_with_something_missing_sends_one_email_in_swedish(head):
    meeting_due_in(4)
    output = run()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["cecilia@uhc.example.se"]
    assert (
        email.subject == "Påminnelse: underlaget för kvartal 2 2023 ska vara klart 29 augusti 2023"
    )
    assert (
        "Nämnden sammanträder 12 september 2023 och behandlar då rapporten för kvartal 2 2023. "
        "Underlaget ska vara klart 29 augusti 2023 (4 dagar kvar), och detta saknas fortfarande:"
    ) in email.body
    readiness = missing_items(year=2023, quarter=2)
    for item in readiness.missing:
        assert f"- {item.name}" in email.body
        assert f"https://gnu-plan.example.se{item.url}" in email.body
    assert "Uppgifter som ska rapporteras detta kvartal" in email.body
    assert "Checklistan: https://gnu-plan.example.se/uppfoljning/2023/2/checklista/" in email.body
    assert "&amp;" not in email.body and "&#x27;" not in email.body  # plain text, not HTML
    assert (
        f"Påminnelse skickad för Kv2 2023 (sista dag 2023-08-29): {len(readiness.missing)} saknas."
        in output
    )


@pytest.mark.parametrize("days", [0, 7])
def test_the_reminders_run_from_the_configured_days_before_the_deadline_to_the_deadline(days, head):
    meeting_due_in(days)
    run()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("days", [8, 30, -1])
def test_no_email_while_the_deadline_is_far_or_past(days, head):
    meeting_due_in(days)
    assert "Ingen påminnelse att skicka i dag." in run()
    assert mail.outbox == []


def test_the_days_before_the_deadline_are_configurable(head, settings):
    settings.REMINDER_DAYS_BEFORE_DEADLINE = 14
    meeting_due_in(10)
    run()
    assert len(mail.outbox) == 1


def test_no_email_when_everything_is_in(head):
    meeting_due_in(2)
    complete_quarter(2023, 2)
    assert missing_items(year=2023, quarter=2).is_complete
    run()
    assert mail.outbox == []


def test_no_email_for_an_adopted_quarter(head):
    meeting_due_in(2)
    adopt_period(get_or_create_period(2023, 2), head)
    run()
    assert mail.outbox == []


def test_a_reminder_is_not_sent_twice_the_same_day_but_again_the_next(head):
    meeting = meeting_due_in(3)
    run()
    run()
    assert len(mail.outbox) == 1
    meeting.refresh_from_db()
    assert meeting.reminded_on == TODAY
    run(TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_only_active_people_who_adopt_periods_and_have_an_address_are_reminded(
    head, committee_member, django_user_model
):
    committee_member.email = "lena@example.se"
    committee_member.save()
    retired = django_user_model.objects.create_user(
        "olle", email="olle@example.se", is_active=False
    )
    retired.groups.set(head.groups.all())
    meeting_due_in(3)
    run()
    assert [email.to for email in mail.outbox] == [["cecilia@uhc.example.se"]]


def test_without_anyone_to_remind_nothing_is_sent_or_marked(chef):
    meeting = meeting_due_in(3)
    output = run()
    assert "ingen aktiv användare som fastställer perioder har en e-postadress" in output
    assert mail.outbox == []
    meeting.refresh_from_db()
    assert meeting.reminded_on is None


def test_a_date_that_cannot_be_read_is_refused():
    with pytest.raises(CommandError, match="Ange datumet som ÅÅÅÅ-MM-DD"):
        call_command("send_reminders", date="29/8/2023")
