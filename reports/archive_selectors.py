"""Reading a period's archived reports, for the report and period pages."""

from django.db.models import QuerySet

from reports.models import ArchivedReport


def archived_versions(year: int, quarter: int) -> QuerySet[ArchivedReport]:
    """Every archived version of the period's report, newest first: one query."""
    return (
        ArchivedReport.objects.filter(period__year=year, period__quarter=quarter)
        .select_related("period", "adopted_by")
        .order_by("-version")
    )
