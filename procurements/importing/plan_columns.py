"""The procurement plan's import file: one row per plan item, a second ``FileFormat``.

An item is identified by its plan year and number; importing the same file again
updates those items instead of adding them twice.
"""

from django.utils.translation import gettext_lazy

from procurements.importing.columns import PLAN_ITEM, Column, FileFormat, Kind

PLAN_YEAR = "planår"
NUMBER = "nr"
TITLE = "rubrik"
CATEGORY = "kategori"
MUNICIPALITIES = "kommuner"
PLANNED_YEAR = "planerat_år"
PLANNED_QUARTER = "planerat_kvartal"
REGISTRY_NUMBER = "diarienummer"

PLAN_COLUMNS: tuple[Column, ...] = (
    Column(PLAN_YEAR, "plan_year", Kind.YEAR, target=PLAN_ITEM, required=True, example="2024"),
    Column(
        NUMBER,
        "number",
        Kind.INTEGER,
        target=PLAN_ITEM,
        required=True,
        aliases=("nummer", "löpnummer"),
        example="12",
    ),
    Column(
        TITLE,
        "title",
        Kind.TEXT,
        target=PLAN_ITEM,
        required=True,
        example="Livsmedel – mejeriprodukter",
    ),
    Column(CATEGORY, "category", Kind.CATEGORY, target=PLAN_ITEM, required=True),
    Column(
        MUNICIPALITIES,
        "municipalities",
        Kind.MUNICIPALITIES,
        target=PLAN_ITEM,
        required=True,
        aliases=("kommun",),
        example="Falun; Borlänge",
    ),
    Column(PLANNED_YEAR, "planned_year", Kind.YEAR, target=PLAN_ITEM, example="2024"),
    Column(
        PLANNED_QUARTER,
        "planned_quarter",
        Kind.QUARTER,
        target=PLAN_ITEM,
        required=True,
        aliases=("kvartal",),
        example="2",
    ),
    Column(
        REGISTRY_NUMBER,
        "procurement",
        Kind.PROCUREMENT,
        target=PLAN_ITEM,
        aliases=("dnr", "diarienr"),
        example="UhC 2024/123",
    ),
)

PLAN_FORMAT = FileFormat(
    columns=PLAN_COLUMNS,
    template_stem="upphandlingsplan-importmall",
    sheet_title=gettext_lazy("Procurement plan"),
    template_notes=(
        gettext_lazy("One row per item of the plan; the plan year and number identify it."),
        gettext_lazy("An empty planerat_år means the plan year."),
        gettext_lazy("Only the first sheet is read."),
    ),
    constraint_columns={
        "plan_item_quarter_known": PLANNED_QUARTER,
        "plan_item_planned_within_the_plan": PLANNED_YEAR,
    },
)
