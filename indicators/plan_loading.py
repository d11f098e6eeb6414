"""Writing a checked plan file into the database, all or nothing.

Rows are matched by their codes (targets and baselines by indicator, year and
municipality), so loading the same file twice changes nothing and loading a
revised plan updates goals and indicators in place. What the file no longer
holds is removed for this plan: its targets, its assignments, the baselines of
its indicators, and its links to goals and indicators. Goals, indicators and
municipalities themselves stay, since other plans may use them.

Every row written is kept in the history with the reason ``LOADED_REASON``
(there is no user); as only real changes are written, loading the same file
again writes no history either.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext_noop

from indicators.models import Assignment, Baseline, Goal, Indicator, Municipality, Plan, Target
from indicators.plan_file import BaselineData, PlanData, TargetData

# Stored in the history as the reason; translated when shown.
LOADED_REASON = gettext_noop("Loaded from the plan data file")


@dataclass
class LoadSummary:
    created: Counter
    updated: Counter
    deleted: Counter

    @property
    def changed_anything(self) -> bool:
        return bool(+self.created or +self.updated or +self.deleted)

    def merged(self, other: "LoadSummary") -> "LoadSummary":
        return LoadSummary(
            self.created + other.created, self.updated + other.updated, self.deleted + other.deleted
        )


class _Upserter:
    """Creates or updates a row, saving only when a value really differs."""

    def __init__(self):
        self.summary = LoadSummary(Counter(), Counter(), Counter())

    def __call__(self, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
        name = model._meta.model_name
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            self.summary.created[name] += 1
            instance = model(**lookup, **values)
            instance._change_reason = LOADED_REASON
            instance.save()
            return instance
        changed = [key for key, value in values.items() if getattr(instance, key) != value]
        if changed:
            for key in changed:
                setattr(instance, key, values[key])
            instance._change_reason = LOADED_REASON
            instance.save(update_fields=changed)
            self.summary.updated[name] += 1
        return instance

    def delete_stale(self, queryset: models.QuerySet, keep_ids: set[int]) -> None:
        """Delete one by one, so that each deletion is kept in the history with the reason."""
        for stale in queryset.exclude(pk__in=keep_ids):
            stale._change_reason = LOADED_REASON
            stale.delete()
            self.summary.deleted[queryset.model._meta.model_name] += 1


@transaction.atomic
def load_plan(data: PlanData) -> LoadSummary:
    upsert = _Upserter()
    # The old host gives up the role before the new one takes it (one host at a time).
    municipalities = {
        m.code: upsert(
            Municipality, {"code": m.code}, {"name": m.name, "order": m.order, "is_host": m.is_host}
        )
        for m in sorted(data.municipalities, key=lambda m: m.is_host)
    }
    plan = upsert(
        Plan,
        {"code": data.code},
        {
            "name": data.name,
            "first_year": data.first_year,
            "last_year": data.last_year,
            "decided_on": data.decided_on,
            "decided_by": data.decided_by,
            "registry_number": data.registry_number,
            "minute_paragraph": data.minute_paragraph,
            "vision": data.vision,
        },
    )
    goals = {
        g.code: upsert(
            Goal,
            {"code": g.code},
            {
                "order": g.order,
                "title": g.title,
                "description": g.description,
                "presupposes": g.presupposes,
            },
        )
        for g in data.goals
    }
    _set_members(upsert, plan.goals, goals.values())

    indicators, kept_targets = [], set()
    for item in data.indicators:
        indicator = upsert(
            Indicator,
            {"code": item.code},
            {
                "order": item.order,
                "name": item.name,
                "goal": goals.get(item.goal_code),
                "key_figure_area": item.key_figure_area,
                "specification": item.specification,
                "description": item.description,
                "unit": item.unit,
                "direction": item.direction,
                "frequency": item.frequency,
                "reported_in_quarter": item.reported_in_quarter,
                "per_municipality": item.per_municipality,
                "source": item.source,
                "baseline_note": item.baseline_note,
            },
        )
        indicators.append(indicator)
        kept_targets |= {
            _load_target(upsert, plan, indicator, t, municipalities).pk for t in item.targets
        }
        kept = {_load_baseline(upsert, indicator, b, municipalities).pk for b in item.baselines}
        upsert.delete_stale(Baseline.objects.filter(indicator=indicator), kept)
    # Also the targets of indicators that were left out of the file altogether.
    upsert.delete_stale(Target.objects.filter(plan=plan), kept_targets)
    _set_members(upsert, plan.indicators, indicators)

    kept = set()
    for a in data.assignments:
        assignment = upsert(
            Assignment,
            {"code": a.code},
            {
                "plan": plan,
                "year": a.year,
                "order": a.order,
                "title": a.title,
                "purpose": a.purpose,
                "expected_result": a.expected_result,
                "presupposes": a.presupposes,
            },
        )
        kept.add(assignment.pk)
    upsert.delete_stale(Assignment.objects.filter(plan=plan), kept)
    return upsert.summary


def _set_members(upsert: _Upserter, relation, members) -> None:
    wanted = {member.pk for member in members}
    current = set(relation.values_list("pk", flat=True))
    if wanted != current:
        relation.instance._change_reason = LOADED_REASON  # the plan's history records the set
        relation.set(wanted)
        upsert.summary.updated[f"{relation.model._meta.model_name} membership"] += 1


def _load_target(upsert, plan, indicator, target: TargetData, municipalities) -> Target:
    return upsert(
        Target,
        {
            "indicator": indicator,
            "year": target.year,
            "municipality": municipalities.get(target.municipality_code),
        },
        {
            "plan": plan,
            "kind": target.kind,
            "comparator": target.comparator,
            "value": target.value.value if target.value else None,
            "decimals": target.value.decimals if target.value else 0,
            "uhm_level": target.uhm_level,
            "note": target.note,
        },
    )


def _load_baseline(upsert, indicator, baseline: BaselineData, municipalities) -> Baseline:
    return upsert(
        Baseline,
        {
            "indicator": indicator,
            "year": baseline.year,
            "municipality": municipalities.get(baseline.municipality_code),
        },
        {
            "value": baseline.value.value if baseline.value else None,
            "decimals": baseline.value.decimals if baseline.value else 0,
            "is_approximate": baseline.is_approximate,
            "text": baseline.text,
            "note": baseline.note,
        },
    )
