"""POST data for the procurement plan item form."""

from indicators.models import Municipality
from tests.procurement_helpers import category


def item_form_data(**overrides) -> dict:
    data = {
        "plan_year": "2023",
        "number": "7",
        "title": "Skolmöbler",
        "category": category().pk,
        "municipalities": list(
            Municipality.objects.filter(name__in=["Falun", "Säter"]).values_list("pk", flat=True)
        ),
        "planned_year": "2023",
        "planned_quarter": "3",
        "procurement": "",
    }
    data.update(overrides)
    return data
