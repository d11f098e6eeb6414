import django_tables2 as tables
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from indicators.formatting import format_number
from procurements.models import Procurement, Status

PER_PAGE = 25


class ProcurementTable(tables.Table):
    title = tables.Column(linkify=True)
    category = tables.Column(
        accessor="category__name",
        verbose_name=capfirst(_("category")),
        order_by=("category__order", "category__name"),
    )
    status = tables.Column(
        accessor="status_code", verbose_name=capfirst(_("status")), order_by=("status_code", "-pk")
    )
    municipalities = tables.ManyToManyColumn(
        verbose_name=capfirst(_("municipalities")), transform=lambda m: m.name, orderable=False
    )
    advertised_on = tables.DateColumn(short=True)
    completed_on = tables.DateColumn(short=True)
    tender_count = tables.Column(
        verbose_name=capfirst(_("tenders")),
        attrs={"th": {"class": "number"}, "td": {"class": "number"}},
    )

    class Meta:
        model = Procurement
        fields = (
            "registry_number",
            "title",
            "category",
            "status",
            "municipalities",
            "advertised_on",
            "completed_on",
            "tender_count",
        )
        template_name = "procurements/_procurement_table.html"
        attrs = {"class": "procurement-table"}
        empty_text = _("No procurements match the filter.")
        order_by = ("-advertised_on",)

    def paginate(self, *args, per_page=None, **kwargs):
        """Always ``PER_PAGE`` rows a page: the page offers no other size.

        django-tables2 would take ``?per_page=`` from the address, and fail on -1.
        """
        super().paginate(*args, per_page=PER_PAGE, **kwargs)

    def render_status(self, value):
        return capfirst(Status(value).label)

    def render_tender_count(self, value):
        return format_number(value)
