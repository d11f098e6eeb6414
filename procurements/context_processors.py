from django.utils.functional import SimpleLazyObject

from procurements.selectors import demo_data_present as _demo_data_present


def demo_data(request):
    """``demo_data_present``: whether any made-up rows exist (one EXISTS query, when used)."""
    return {"demo_data_present": SimpleLazyObject(_demo_data_present)}
