"""Reading a period's archived reports, for the report and period pages."""

from django.db.models import QuerySet

from reports.models import ArchivedReport
from reports.version_cache import cached_html


def archived_versions(year: int, quarter: int) -> QuerySet[ArchivedReport]:
    """Every archived version of the period's report, newest first: one query."""
    return (
        ArchivedReport.objects.filter(period__year=year, period__quarter=quarter)
        .select_related("period", "adopted_by")
        .order_by("-version")
    )


def archived_versions_html(year: int, quarter: int) -> str:
    """The table of the period's archived reports, rendered once per data version and language."""
    return cached_html(
        f"archived-versions:{year}:{quarter}",
        "reports/_archived_versions.html",
        lambda: {"archived_versions": list(archived_versions(year, quarter))},
    )
