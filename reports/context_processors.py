"""Template variables every page may use."""

from django.utils.functional import SimpleLazyObject

from procurements.selectors import demo_data_present
from reports.version_cache import cached


def demo_data(request):
    """``demo_data_present``: whether any made-up rows exist, asked when a page shows the banner.

    Every model with demo rows is watched by the data version, so the answer is
    cached under it: one EXISTS query per version, not per page.
    """
    return {"demo_data_present": SimpleLazyObject(lambda: cached("demo-data", demo_data_present))}
