"""Reading the procurement register: the list's queryset and the detail page's data.

``procurement_page`` is the one function that assembles a procurement's page
(facts, tenders, review appeals and the change history) into plain dataclasses;
it makes a fixed number of queries however many tenders or changes there are.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from indicators.formatting import format_number
from indicators.models import Municipality
from procurements.models import (
    Category,
    Procurement,
    ProcurementPlanItem,
    ReviewAppeal,
    Tender,
)

# Consecutive history records by the same user this close together are one edit: a form
# saves the procurement first and its municipalities a moment later.
SAME_EDIT_WITHIN = dt.timedelta(seconds=10)


def procurement_list_queryset() -> models.QuerySet[Procurement]:
    """Procurements for the register list and its export, with everything a row shows."""
    return (
        Procurement.objects.select_related("category")
        .prefetch_related(Prefetch("municipalities", queryset=Municipality.objects.order_by()))
        .with_status()
        .with_tender_count()
    )


def procurement_years() -> list[int]:
    """The years in which some procurement was advertised or completed, newest first."""
    pairs = (
        Procurement.objects.annotate(
            advertised_year=ExtractYear("advertised_on"), completed_year=ExtractYear("completed_on")
        )
        .values_list("advertised_year", "completed_year")
        .distinct()
        .order_by()
    )
    years = {year for pair in pairs for year in pair if year is not None}
    return sorted(years, reverse=True)


# --- Displaying values ----------------------------------------------------------------


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def format_date(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def field_label(model: type[models.Model], name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))


def display_value(model_field: models.Field, value, names: dict[int, str] | None = None) -> str:
    """A stored value as a person reads it: labels for choices, Yes/No, Swedish dates."""
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(capfirst(dict(model_field.flatchoices).get(value, value)))
    if isinstance(model_field, models.BooleanField):
        return yes_no(value)
    if isinstance(model_field, models.DateField):
        return format_date(value)
    if isinstance(model_field, models.ForeignKey):
        return (names or {}).get(value, f"#{value}")
    if isinstance(value, int):
        return format_number(value)
    return str(value)


# --- The detail page ------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class TenderRow:
    supplier_name: str
    organisation_number: str
    has_regional_presence: bool
    is_awarded: bool


@dataclass(frozen=True)
class AppealRow:
    filed_on: dt.date
    court: str
    outcome: str
    decided_on: dt.date | None


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    subject: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    user_id: int | None = None
    history_type: str = ""


@dataclass
class ProcurementPage:
    pk: int
    registry_number: str
    title: str
    status: str
    status_label: str
    is_demo: bool
    facts: list[Fact]
    dates: list[Fact]
    requirements: list[Fact]
    uhm_levels: list[Fact]
    food: list[Fact]
    tenders: list[TenderRow]
    awarded_count: int
    appeals: list[AppealRow]
    history: list[HistoryEntry]


def _plan_items_text(items: Iterable[ProcurementPlanItem]) -> str:
    """ "Item 12 of the 2023 plan, planned to be completed Q2 2023", for each plan it is in."""
    texts = [
        _("Item %(number)s of the %(year)s plan, planned to be completed %(quarter)s")
        % {"number": item.number, "year": item.plan_year, "quarter": item.planned_label}
        for item in items
    ]
    return "; ".join(texts) or _("In no procurement plan")


def procurement_page(pk: int) -> ProcurementPage:
    """Everything the detail page shows; raises ``Procurement.DoesNotExist``."""
    procurement = (
        Procurement.objects.select_related("category")
        .prefetch_related(
            "municipalities",
            Prefetch("tenders", queryset=Tender.objects.order_by("-is_awarded", "supplier_name")),
            Prefetch("review_appeals", queryset=ReviewAppeal.objects.order_by("filed_on", "pk")),
            Prefetch("plan_items", queryset=ProcurementPlanItem.objects.order_by("plan_year")),
        )
        .get(pk=pk)
    )
    municipalities = list(procurement.municipalities.all())
    tenders = list(procurement.tenders.all())
    appeals = list(procurement.review_appeals.all())

    def fact(name: str) -> Fact:
        model_field = Procurement._meta.get_field(name)
        return Fact(
            field_label(Procurement, name), display_value(model_field, getattr(procurement, name))
        )

    questions = procurement.questions_received
    facts = [
        fact("registry_number"),
        Fact(field_label(Procurement, "category"), procurement.category.name),
        fact("scope"),
        Fact(
            field_label(Procurement, "municipalities"),
            ", ".join(m.name for m in municipalities) or "–",
        ),
        Fact(_("Coordinated (at least two municipalities)"), yes_no(len(municipalities) >= 2)),
        Fact(_("Procurement plan"), _plan_items_text(procurement.plan_items.all())),
        fact("procedure"),
        Fact(
            field_label(Procurement, "questions_received"),
            format_number(questions) if questions is not None else _("not recorded"),
        ),
        fact("tenderers_contacted"),
        fact("substantially_different_solution"),
    ]
    dates = [
        fact(name)
        for name in (
            "advertised_on",
            "tender_deadline",
            "award_decision_on",
            "completed_on",
            "cancelled_on",
        )
    ]
    if procurement.cancelled_on or procurement.cancellation_reason:
        dates.append(fact("cancellation_reason"))
    food = [fact("is_food_procurement")]
    if procurement.is_food_procurement:
        food += [fact(name) for name in Procurement.FOOD_FIELDS]

    return ProcurementPage(
        pk=procurement.pk,
        registry_number=procurement.registry_number,
        title=procurement.title,
        status=procurement.status.value,
        status_label=str(capfirst(procurement.status.label)),
        is_demo=procurement.is_demo,
        facts=facts,
        dates=dates,
        requirements=[fact(name) for name in Procurement.REQUIREMENT_FIELDS],
        uhm_levels=[fact(name) for name in Procurement.UHM_FIELDS],
        food=food,
        tenders=[
            TenderRow(t.supplier_name, t.organisation_number, t.has_regional_presence, t.is_awarded)
            for t in tenders
        ],
        awarded_count=sum(t.is_awarded for t in tenders),
        appeals=[
            AppealRow(a.filed_on, a.court, capfirst(a.get_outcome_display()), a.decided_on)
            for a in appeals
        ],
        history=procurement_history(procurement),
    )


# --- History ----------------------------------------------------------------------------


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return _("unknown user")
    return user.get_full_name() or user.get_username()


def _action(history_type: str) -> str:
    """The verb of "<subject> <action> by <who>": a verb, so that it agrees with any subject."""
    return {
        "+": pgettext("history sentence", "created"),
        "~": pgettext("history sentence", "changed"),
        "-": pgettext("history sentence", "deleted"),
    }[history_type]


def _entries(
    records: Iterable,
    model: type[models.Model],
    subject,
    excluded: tuple[str, ...] = (),
    names: dict[str, dict[int, str]] | None = None,
    extra_changes=None,
) -> list[HistoryEntry]:
    """One entry per historical record, each diffed against the previous record of its object.

    Uses simple-history's ``diff_against`` on records already in memory (no queries);
    ``extra_changes(previous, record)`` adds changes diff_against cannot see in memory.
    """
    by_object: dict[int, list] = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    entries = []
    for versions in by_object.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in versions:
            changes: list[FieldChange] = []
            if previous is not None and record.history_type == "~":
                delta = record.diff_against(previous, excluded_fields=excluded)
                for change in delta.changes:
                    model_field = model._meta.get_field(change.field)
                    lookup = (names or {}).get(change.field)
                    changes.append(
                        FieldChange(
                            str(capfirst(model_field.verbose_name)),
                            display_value(model_field, change.old, lookup),
                            display_value(model_field, change.new, lookup),
                        )
                    )
            if extra_changes is not None and record.history_type != "-":
                changes += extra_changes(previous, record)
            if record.history_type == "~" and not changes:
                previous = record
                continue  # saved without changing anything shown
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=_who(record),
                    subject=subject(record),
                    action=_action(record.history_type),
                    changes=changes,
                    user_id=record.history_user_id,
                    history_type=record.history_type,
                )
            )
            previous = record
    return entries


def _merge_same_edit(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """Fold a change that follows the previous entry at once, by the same user, into it."""
    merged: list[HistoryEntry] = []
    for entry in sorted(entries, key=lambda e: e.when):
        last = merged[-1] if merged else None
        if (
            last is not None
            and entry.history_type == "~"
            and last.history_type in ("+", "~")
            and entry.user_id == last.user_id
            and entry.when - last.when <= SAME_EDIT_WITHIN
        ):
            last.changes += entry.changes
            continue
        merged.append(entry)
    return merged


def procurement_history(
    procurement: Procurement, since: dt.datetime | None = None
) -> list[HistoryEntry]:
    """Every change of the procurement, its tenders and appeals: who, when, what; newest first.

    With ``since``, only the changes after it. Five queries, however long the history is.
    """
    HistoricalMunicipalities = apps.get_model(
        "procurements", "HistoricalProcurement_municipalities"
    )
    procurement_records = list(
        procurement.history.select_related("history_user").order_by("history_date", "history_id")
    )
    municipality_rows = HistoricalMunicipalities.objects.filter(
        history__id=procurement.pk
    ).values_list("history_id", "municipality__name")
    municipalities_at: dict[int, set[str]] = defaultdict(set)
    for history_id, name in municipality_rows:
        municipalities_at[history_id].add(name)

    category_ids = {r.category_id for r in procurement_records}
    category_names = {procurement.category_id: procurement.category.name}
    if category_ids - category_names.keys():
        category_names.update(
            Category.objects.filter(pk__in=category_ids).values_list("pk", "name")
        )

    municipalities_label = field_label(Procurement, "municipalities")

    def municipality_changes(previous, record) -> list[FieldChange]:
        before = municipalities_at.get(previous.history_id, set()) if previous else set()
        after = municipalities_at.get(record.history_id, set())
        if before == after:
            return []
        return [
            FieldChange(
                municipalities_label,
                ", ".join(sorted(before)) or "–",
                ", ".join(sorted(after)) or "–",
            )
        ]

    procurement_entries = _entries(
        procurement_records,
        Procurement,
        subject=lambda record: _("Procurement"),
        excluded=("municipalities",),
        names={"category": category_names},
        extra_changes=municipality_changes,
    )
    tender_entries = _entries(
        Tender.history.filter(procurement_id=procurement.pk).select_related("history_user"),
        Tender,
        subject=lambda record: _("Tender from %(supplier)s") % {"supplier": record.supplier_name},
        excluded=("procurement",),
    )
    appeal_entries = _entries(
        ReviewAppeal.history.filter(procurement_id=procurement.pk).select_related("history_user"),
        ReviewAppeal,
        subject=lambda record: _("Review appeal at %(court)s") % {"court": record.court},
        excluded=("procurement",),
    )
    if since is not None:
        procurement_entries, tender_entries, appeal_entries = (
            [entry for entry in entries if entry.when > since]
            for entries in (procurement_entries, tender_entries, appeal_entries)
        )
    entries = _merge_same_edit(procurement_entries) + tender_entries + appeal_entries
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
