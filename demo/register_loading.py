"""Writing demo procurements into the database, and reading them back.

``seed_demo_procurements`` replaces the demo procurements of a year with the
ones ``demo.register`` generates; it never touches a row that is not demo
data (an item of the procurement plan linked to a removed demo procurement
loses its link). Rows are written in bulk, many rows per INSERT statement
(procurements, the municipality links, tenders and appeals), so 50 000
procurements take seconds.

Demo rows have no history: the bulk inserts and raw deletes below bypass
``save()``, ``delete()`` and their signals, so simple-history records neither
their creation nor their removal. They are generated data, not anyone's
changes. For the same reason ``Tender.save()`` does not normalise their
organisation numbers; the generator writes them in the stored form already.
Each bulk write sends ``rows_written`` instead of the model signals, so that
what is cached from the register is computed again.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from demo.register import (
    CATEGORIES,
    DemoAppeal,
    DemoProcurement,
    DemoTender,
    generate_procurements,
    register_as_of,
    registry_prefix,
)
from indicators.models import Municipality
from indicators.signals import raw_delete, rows_written
from procurements.models import Category, Procurement, ProcurementPlanItem, ReviewAppeal, Tender

# Rows per INSERT statement, fewer where the backend limits the number of parameters.
MAX_ROWS_PER_STATEMENT = 1000


class DemoDataError(Exception):
    """Demo data cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class DemoProcurementSummary:
    procurements: int
    tenders: int
    appeals: int
    categories_created: int
    replaced: int


def municipality_pairs() -> list[tuple[str, str]]:
    """The (code, name) of every municipality, in the plan's order."""
    return list(Municipality.objects.order_by("order", "code").values_list("code", "name"))


def delete_demo_procurements(year: int | None = None) -> int:
    """Remove demo procurements (of one year, or all) with their tenders, appeals and links;
    a plan item linked to one loses its link, as deleting it one by one would do."""
    procurements = Procurement.objects.demo()
    if year is not None:
        procurements = procurements.filter(registry_number__startswith=registry_prefix(year))
    ids = procurements.values("pk")
    ProcurementPlanItem.objects.filter(procurement__in=ids).update(procurement=None)
    raw_delete(Procurement.municipalities.through.objects.filter(procurement__in=ids))
    raw_delete(ReviewAppeal.objects.filter(procurement__in=ids))
    raw_delete(Tender.objects.filter(procurement__in=ids))
    return raw_delete(procurements)


def ensure_categories() -> tuple[dict[str, Category], int]:
    """The demo categories by name, creating those that are missing (existing ones are kept)."""
    existing = {c.name: c for c in Category.objects.filter(name__in=[c.name for c in CATEGORIES])}
    missing = [
        Category(name=c.name, order=position)
        for position, c in enumerate(CATEGORIES, start=1)
        if c.name not in existing
    ]
    for category in Category.objects.bulk_create(missing):
        existing[category.name] = category
    if any(c.pk is None for c in existing.values()):  # A database without RETURNING.
        existing = {
            c.name: c for c in Category.objects.filter(name__in=[c.name for c in CATEGORIES])
        }
    return existing, len(missing)


def _column_adapter(field, connection):
    """How the database backend wants a field's Python value, as the ORM would send it."""
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


def insert_rows(model: type[models.Model], field_names: Sequence[str], rows: list[tuple]) -> None:
    """INSERT ``rows`` (values in the order of ``field_names``) in multi-row statements.

    Like ``bulk_create`` but without a model instance per row and without the
    ORM compiling every value, which is most of bulk_create's time at 50 000
    procurements. The values must be what the fields store: no defaults,
    validation or ``save()`` run here; ``rows_written`` is sent afterwards.
    """
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in field_names]
    adapters = [_column_adapter(field, connection) for field in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    row_placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    max_params = connection.features.max_query_params or 30_000
    per_statement = max(1, min(MAX_ROWS_PER_STATEMENT, max_params // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [
                value if adapt is None else adapt(value)
                for row in chunk
                for adapt, value in zip(adapters, row, strict=True)
            ]
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
                f"VALUES {', '.join([row_placeholder] * len(chunk))}",
                params,
            )
    rows_written.send(sender=model)


_PROCUREMENT_FIELDS = [
    name for name in DemoProcurement.__dataclass_fields__ if name not in DemoProcurement.RELATED
]


@transaction.atomic
def seed_demo_procurements(
    *, year: int, count: int, seed: int, until: date | None = None
) -> DemoProcurementSummary:
    """Replace the year's demo procurements by ``count`` generated from ``seed``.

    With ``until``, the year's register as it stood that day (``register_as_of``).
    """
    municipalities = municipality_pairs()
    if not municipalities:
        raise DemoDataError(
            _("There are no municipalities yet: load the plan first (manage.py load_plan).")
        )
    prefix = registry_prefix(year)
    if Procurement.objects.real().filter(registry_number__startswith=prefix).exists():
        raise DemoDataError(
            _(
                "Procurements that are not demo data have registry numbers starting with "
                "%(prefix)s; demo data was not made so that they stay as they are."
            )
            % {"prefix": prefix}
        )
    generated = generate_procurements(
        year=year, count=count, seed=seed, municipalities=municipalities
    )
    if until is not None:
        generated = register_as_of(generated, until)
    replaced = delete_demo_procurements(year)
    categories, categories_created = ensure_categories()
    category_ids = {name: category.pk for name, category in categories.items()}
    municipality_ids = dict(Municipality.objects.values_list("code", "pk"))

    now = timezone.now()
    insert_rows(
        Procurement,
        ["category", "is_demo", "created_at", "updated_at", *_PROCUREMENT_FIELDS],
        [
            (
                category_ids[item.category],
                True,
                now,
                now,
                *(getattr(item, name) for name in _PROCUREMENT_FIELDS),
            )
            for item in generated
        ],
    )
    ids = dict(
        Procurement.objects.demo()
        .filter(registry_number__startswith=prefix)
        .values_list("registry_number", "pk")
    )
    links, tenders, appeals = [], [], []
    for item in generated:
        pk = ids[item.registry_number]
        links.extend((pk, municipality_ids[code]) for code in item.municipality_codes)
        tenders.extend(
            (pk, t.supplier_name, t.organisation_number, t.has_regional_presence, t.is_awarded)
            for t in item.tenders
        )
        appeals.extend((pk, a.filed_on, a.court, a.outcome, a.decided_on) for a in item.appeals)
    insert_rows(Procurement.municipalities.through, ["procurement", "municipality"], links)
    insert_rows(
        Tender,
        [
            "procurement",
            "supplier_name",
            "organisation_number",
            "has_regional_presence",
            "is_awarded",
        ],
        tenders,
    )
    insert_rows(
        ReviewAppeal, ["procurement", "filed_on", "court", "outcome", "decided_on"], appeals
    )
    return DemoProcurementSummary(
        procurements=len(generated),
        tenders=len(tenders),
        appeals=len(appeals),
        categories_created=categories_created,
        replaced=replaced,
    )


def read_demo_procurements(year: int) -> list[DemoProcurement]:
    """The year's demo procurements as stored, in the generator's form (for comparison).

    A fixed number of queries, whatever the number of rows.
    """
    procurements = (
        Procurement.objects.demo()
        .filter(registry_number__startswith=registry_prefix(year))
        .order_by("registry_number")
    )
    ids = procurements.values("pk")
    codes: dict[int, list[str]] = {}
    for procurement_id, code in Procurement.municipalities.through.objects.filter(
        procurement__in=ids
    ).values_list("procurement_id", "municipality__code"):
        codes.setdefault(procurement_id, []).append(code)
    tenders: dict[int, list[DemoTender]] = {}
    for row in Tender.objects.filter(procurement__in=ids).values(
        "procurement_id",
        "supplier_name",
        "organisation_number",
        "has_regional_presence",
        "is_awarded",
    ):
        tenders.setdefault(row.pop("procurement_id"), []).append(DemoTender(**row))
    appeals: dict[int, list[DemoAppeal]] = {}
    for row in ReviewAppeal.objects.filter(procurement__in=ids).values(
        "procurement_id", "filed_on", "court", "outcome", "decided_on"
    ):
        appeals.setdefault(row.pop("procurement_id"), []).append(DemoAppeal(**row))

    result = []
    for row in procurements.values("pk", "category__name", *_PROCUREMENT_FIELDS):
        pk = row.pop("pk")
        result.append(
            DemoProcurement(
                category=row.pop("category__name"),
                municipality_codes=tuple(sorted(codes.get(pk, ()))),
                tenders=tuple(tenders.get(pk, ())),
                appeals=tuple(appeals.get(pk, ())),
                **row,
            )
        )
    return result
