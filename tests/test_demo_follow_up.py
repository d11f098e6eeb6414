"""The demo follow-up's generators, without the database: figures, progress, texts, budget."""

from datetime import date
from decimal import Decimal

from demo.analyses import goal_summary, indicator_sentence, number_word
from demo.budget import indexed_budget
from demo.follow_up import (
    ASSIGNMENT_COURSES,
    PROFILES,
    IndicatorSpec,
    generate_entered_values,
    generate_progress,
    is_due,
)
from demo.register import generate_procurements, register_as_of
from indicators.fulfilment import Status, Trend
from reports.follow_up import BaselineComparison, GoalFollowUp, IndicatorFollowUp, PeriodFollowUp

MUNICIPALITY_CODES = ("2080", "2081", "2084", "2026", "2083", "2085", "2082")
MUNICIPALITIES = tuple((code, f"Kommun {code}") for code in MUNICIPALITY_CODES)
# The plan's hand-entered indicators as the generator sees them (unit, frequency, per
# municipality, the quarter a yearly one is reported in), from
# indicators/data/namndplan-2023-2025.yaml.
PLAN_SPECS = (
    IndicatorSpec("nki", "percent", "yearly", False, Decimal(90), Decimal("88.1"), 1),
    IndicatorSpec("contract-follow-ups", "count", "quarterly", False, Decimal(250), Decimal(218)),
    IndicatorSpec("compliance-training", "count", "quarterly", False, Decimal(7)),
    IndicatorSpec("compliance-spot-checks", "count", "yearly", True, reported_in_quarter=4),
    IndicatorSpec("nai", "index", "quarterly", False),
    IndicatorSpec("work-placements", "count", "quarterly", True, None, Decimal(7)),
    IndicatorSpec("outreach-activities", "count", "quarterly", False, None, Decimal(118)),
    IndicatorSpec("business-climate-rank", "rank", "yearly", True, None, Decimal(220), 2),
    IndicatorSpec("staff-turnover", "percent", "yearly", False, None, Decimal("7.6"), 4),
    IndicatorSpec("sick-leave", "percent", "quarterly", False, None, Decimal("5.5")),
    IndicatorSpec("training-hours", "hours", "quarterly", False, Decimal(80)),
    IndicatorSpec("governance-deviations", "count", "quarterly", False),
    IndicatorSpec("terminated-contracts", "count", "quarterly", False, None, Decimal(0)),
)


def values(year=2023, quarter=4, seed=42, specs=PLAN_SPECS):
    return generate_entered_values(
        year=year,
        quarter=quarter,
        seed=seed,
        indicators=specs,
        municipality_codes=MUNICIPALITY_CODES,
    )


def by_key(entered) -> dict:
    return {(v.indicator_code, v.municipality_code): v.value for v in entered}


def test_every_hand_entered_indicator_of_the_plan_has_a_profile():
    assert {spec.code for spec in PLAN_SPECS} == set(PROFILES)


def test_the_same_seed_gives_the_same_figures_and_another_seed_others():
    assert values() == values()
    assert values(seed=43) != values()
    assert values(year=2024) != values()


def test_a_figure_does_not_depend_on_the_other_indicators():
    alone = values(specs=[PLAN_SPECS[1]])
    assert by_key(alone) == {
        ("contract-follow-ups", None): by_key(values())[("contract-follow-ups", None)]
    }


def test_an_indicator_per_municipality_gets_a_figure_for_every_municipality_and_no_total():
    entered = by_key(values(quarter=2))
    placements = {m for code, m in entered if code == "work-placements"}
    assert placements == set(MUNICIPALITY_CODES)
    assert all(value >= 0 for value in entered.values())


def test_counts_and_hours_add_up_over_the_year():
    for code in ("contract-follow-ups", "outreach-activities", "training-hours"):
        path = [by_key(values(quarter=q))[(code, None)] for q in (1, 2, 3, 4)]
        assert path == sorted(path), code
        assert path[0] < path[3] / 2, code


def test_a_yearly_indicator_is_entered_in_the_quarter_the_plan_reports_it_in_only():
    nki, spot_checks = PLAN_SPECS[0], PLAN_SPECS[3]
    assert [q for q in (1, 2, 3, 4) if is_due(nki, q)] == [1]
    assert [q for q in (1, 2, 3, 4) if is_due(spot_checks, q)] == [4]
    assert all(is_due(PLAN_SPECS[1], q) for q in (1, 2, 3, 4))
    codes_in_q3 = {code for code, _m in by_key(values(quarter=3))}
    yearly = {"nki", "compliance-spot-checks", "business-climate-rank", "staff-turnover"}
    assert yearly.isdisjoint(codes_in_q3)
    codes_in_q4 = {code for code, _m in by_key(values(quarter=4))}
    assert {"compliance-spot-checks", "staff-turnover"} <= codes_in_q4


def test_2023_lands_near_the_plans_targets_with_a_mix_of_met_and_missed():
    entered = by_key(values())
    nki = by_key(values(quarter=1))[("nki", None)]
    assert Decimal(89) < nki < Decimal(90)  # > 90 %: partly met
    assert Decimal(225) <= entered[("contract-follow-ups", None)] < Decimal(250)  # partly met
    assert entered[("compliance-training", None)] == 7  # all seven: met
    assert entered[("training-hours", None)] < Decimal(72)  # ≥ 80 h: not met
    nki_2024 = by_key(values(year=2024, quarter=1))[("nki", None)]
    assert nki_2024 > Decimal(90) > nki


def test_figures_are_rounded_as_the_head_enters_them():
    entered = by_key(values())
    assert len(entered) > 20
    for (code, _m), value in entered.items():
        decimals = PROFILES[code].decimals
        assert value == value.quantize(Decimal(1).scaleb(-decimals)), code


def test_an_indicator_the_demo_does_not_know_gets_figures_near_its_target():
    spec = IndicatorSpec("new-indicator", "percent", "quarterly", False, Decimal(60))
    entered = by_key(values(quarter=2, specs=[spec]))
    assert Decimal(57) <= entered[("new-indicator", None)] <= Decimal(63)
    yearly = IndicatorSpec("new-survey", "index", "yearly", False, None, Decimal(70), 4)
    assert values(quarter=2, specs=[yearly]) == []
    assert values(quarter=4, specs=[yearly])


def test_the_plans_assignments_have_a_course_over_the_year():
    statuses = {
        code: [
            generate_progress(year=2023, quarter=q, seed=1, assignment_codes=[code])[0].status
            for q in (1, 2, 3, 4)
        ]
        for code in ASSIGNMENT_COURSES
    }
    assert statuses["supply-preparedness-2023"] == ["started", "started", "started", "done"]
    assert statuses["environmental-spend-analysis-2023"][-1] == "delayed"
    assert {s for course in statuses.values() for s in course} == {
        "not_started",
        "started",
        "delayed",
        "done",
    }


def test_an_unknown_assignment_gets_a_status_and_a_swedish_comment():
    (progress,) = generate_progress(year=2025, quarter=3, seed=4, assignment_codes=["ny-2025"])
    assert progress.status in {"not_started", "started", "delayed", "done"}
    assert progress.comment.startswith(("Uppdraget", "Arbetet"))


def test_an_indexed_budget_stays_balanced():
    lines = [
        ("member-fees", "revenue", 20814),
        ("fees", "revenue", 862),
        ("support", "revenue", 900),
        ("staff-costs", "cost", 18993),
        ("company-staff", "cost", 862),
        ("other-costs", "cost", 2721),
    ]
    amounts = indexed_budget(lines)
    revenue = sum(amounts[c] for c, kind, _a in lines if kind == "revenue")
    cost = sum(amounts[c] for c, kind, _a in lines if kind == "cost")
    assert revenue == cost == 23366  # 21 542 + 892 + 932: each revenue line rounded
    assert amounts["member-fees"] == 21542  # 20 814 × 1,035 = 21 542,49
    assert amounts["other-costs"] == 2816  # 2 721 × 1,035 = 2 816,24


JUNE_30 = date(2024, 6, 30)


def year_and_register_on_30_june():
    year = generate_procurements(year=2024, count=250, seed=42, municipalities=MUNICIPALITIES)
    return year, register_as_of(year, JUNE_30)


def test_the_register_as_it_stood_on_30_june_has_nothing_after_it():
    year, register = year_and_register_on_30_june()
    as_generated = {p.registry_number: p for p in year}
    assert 100 < len(register) < len(year)
    for p in register:
        for day in (
            p.advertised_on,
            p.award_decision_on,
            p.completed_on,
            p.cancelled_on,
            *(a.filed_on for a in p.appeals),
            *(a.decided_on for a in p.appeals),
        ):
            assert day is None or day <= JUNE_30, p.registry_number
        if p.tender_deadline and p.tender_deadline > JUNE_30:
            assert not p.tenders, p.registry_number  # tenders come in at the deadline
        if p.award_decision_on is None:
            assert not any(t.is_awarded for t in p.tenders), p.registry_number
        for appeal in p.appeals:
            assert (appeal.decided_on is None) == (appeal.outcome == "pending")
        if p.completed_on or p.cancelled_on:
            assert p == as_generated[p.registry_number]  # over by then: as it ended


def test_on_30_june_the_rest_of_the_years_plan_is_not_yet_advertised():
    year, register = year_and_register_on_30_june()
    planned = {p.registry_number for p in year if p.in_plan}
    assert planned <= {p.registry_number for p in register}
    not_yet = [p for p in register if p.advertised_on is None]
    assert len(not_yet) > 60
    assert all(p.in_plan and not p.tenders for p in not_yet)
    completed = sum(1 for p in register if p.completed_on)
    assert 0.3 < completed / sum(1 for p in year if p.completed_on) < 0.6


# Texts


def indicator(**changes) -> IndicatorFollowUp:
    fields = dict(
        indicator_id=1,
        code="coordinated-share",
        name="Andel samordnade upphandlingar",
        unit="percent",
        source="register",
        is_computed=True,
        per_municipality=False,
        is_cumulative=False,
        value=Decimal("78.8"),
        numerator=None,
        denominator=None,
        text="78,8 %",
        status=Status.PARTLY_MET,
        target_text="≥ 80 %",
        expected_text="",
        forecast_text="",
        previous_year_text="",
        previous_year_trend=Trend.UNKNOWN,
        baselines=[],
        progress=None,
        municipalities=[],
        analysis="",
        explanation="",
    )
    return IndicatorFollowUp(**{**fields, **changes})


def test_an_indicator_sentence_names_the_value_and_what_it_is_compared_with():
    assert (
        indicator_sentence(indicator())
        == "Andel samordnade upphandlingar: 78,8 % mot målet ≥ 80 %."
    )
    followed = indicator(status=Status.NO_TARGET, previous_year_text="81,2 % (2023)")
    assert indicator_sentence(followed).endswith("78,8 %, jämfört med 81,2 % (2023).")
    baseline = indicator(
        status=Status.NO_TARGET, baselines=[BaselineComparison(2021, "59 %", Trend.BETTER)]
    )
    assert indicator_sentence(baseline).endswith("jämfört med 59 % (2021).")
    cumulative = indicator(
        name="Avtalsuppföljningsmöten", text="118", target_text="≥ 250", expected_text="125"
    )
    assert indicator_sentence(cumulative) == (
        "Avtalsuppföljningsmöten: 118 hittills i år, mot förväntade 125 vid denna tid av "
        "årsmålet ≥ 250."
    )
    assert indicator_sentence(indicator(value=None, text="Uppgift saknas")) == ""


def follow_up_with(statuses) -> PeriodFollowUp:
    goals = [GoalFollowUp(n, n, f"Mål {n}", status, "") for n, status in enumerate(statuses, 1)]
    return PeriodFollowUp(2023, 4, "Nämndplan", 1, False, None, "", 0, "", goals, [], [])


def test_the_goal_summary_counts_in_words_with_the_right_agreement():
    summary = goal_summary(
        follow_up_with(
            [Status.MET, Status.MET, Status.PARTLY_MET, Status.NOT_MET, Status.NO_TARGET]
        )
    )
    assert summary == (
        "Av nämndplanens fem inriktningsmål bedöms två som uppfyllda, ett som delvis uppfyllt "
        "och ett som inte uppfyllt. Ett av målen har inga målvärden för året."
    )
    assert "inga målvärden för 2023" in goal_summary(follow_up_with([Status.NO_TARGET] * 3))
    assert number_word(7) == "sju" and number_word(12) == "12"
