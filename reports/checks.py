"""``manage.py check`` fails while the plan file and the measure declarations disagree.

An indicator the plan file computes (source ``register`` or ``budget``) needs a
measure declared under its code in ``reports.measures``, and every declared
measure needs such an indicator: without this, a typo in either would quietly
turn a computed indicator into one nobody enters. Each declaration is also
checked against what its population can compute.
"""

from django.conf import settings
from django.core import checks

from indicators.models import Indicator
from indicators.plan_file import PlanFileError, read_plan_file
from reports.measures import MEASURES

MEASURES_FILE = "reports/measures.py"


@checks.register()
def check_measures_match_the_plan_file(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    path = settings.PLAN_FILE
    try:
        plan = read_plan_file(path)
    except PlanFileError as error:
        return [
            checks.Error(
                f"The plan file {path} cannot be read: {error}",
                hint="Correct the file; load_plan names every problem.",
                id="reports.E001",
            )
        ]
    computed = {i.code: i for i in plan.indicators if i.source != Indicator.Source.MANUAL}
    errors = [
        checks.Error(
            f"The plan file computes the indicator {code!r} (source {indicator.source}), "
            f"but {MEASURES_FILE} declares no measure for it.",
            hint=f"Declare its measure in {MEASURES_FILE}, or make its source manual.",
            id="reports.E002",
        )
        for code, indicator in computed.items()
        if code not in MEASURES
    ]
    errors += [
        checks.Error(
            f"{MEASURES_FILE} declares a measure for {code!r}, "
            f"which the plan file {path} does not compute.",
            hint="Correct the code, or remove the declaration.",
            id="reports.E003",
        )
        for code in MEASURES
        if code not in computed
    ]
    for code, measure in MEASURES.items():
        problems = list(measure.population.problems(measure))
        indicator = computed.get(code)
        if indicator is not None:
            from_budget = indicator.source == Indicator.Source.BUDGET
            if from_budget == measure.population.from_register:
                problems.append(
                    f"the plan file's source {indicator.source} is not where "
                    f"population {measure.population.name} comes from"
                )
            if indicator.per_municipality and not measure.population.per_municipality:
                problems.append(
                    f"the plan file follows it per municipality, "
                    f"population {measure.population.name} does not"
                )
        errors += [
            checks.Error(
                f"The measure {code!r} in {MEASURES_FILE}: {problem}.",
                id="reports.E004",
            )
            for problem in problems
        ]
    return errors
