"""Importing procurements and their tenders from a CSV or XLSX file.

The file has one row per tender, with the procurement's columns on every row
(rows of the same procurement share its registry number); a procurement without
tenders is one row with the tender columns left empty. The column format is
defined once, in ``COLUMNS``: the import page, the downloadable templates
(``procurements.import_templates``) and docs/procurement-import.md follow it.

Three steps, each a plain function:

1. ``read_table(data, file_name)`` turns the uploaded bytes into a ``Table`` of
   raw cells, or raises ``ImportRefused`` with a message for the user (not CSV
   or XLSX, empty, too large, too many rows, damaged, required columns missing);
2. ``plan_import(table)`` fetches what it needs from the register in a fixed
   number of queries, parses every cell, validates with the models' own rules
   (``full_clean`` and the check constraints) plus the cross-row rules, and works
   out what would be created, updated or left unchanged: an ``ImportPlan`` with
   one ``RowReport`` per row, errors named by row number and column header;
3. ``commit_import(plan, user=...)`` applies a plan without errors in one
   transaction, saving only what changed (so django-simple-history records who
   changed what, and importing the same file twice changes nothing).

``import_file`` runs 1–3 in one transaction, for the confirm step.

The procurement plan's items are imported the same way from a file of their
own (``PLAN_FORMAT``, one row per item): ``check_plan_items``,
``commit_plan_items`` and ``import_plan_items`` in ``importing.plan_items``.
Reading, cells, rules and rows are shared; what differs is the declaration of
the columns and how rows become changes.
"""

from procurements.importing.columns import (
    COLUMNS,
    EXTENSIONS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    REGISTER_FORMAT,
    Column,
    FileFormat,
    ImportRefused,
    Kind,
    header_key,
)
from procurements.importing.committing import (
    ImportOutcome,
    ImportResult,
    commit_import,
    import_file,
)
from procurements.importing.plan_columns import PLAN_COLUMNS, PLAN_FORMAT
from procurements.importing.plan_items import (
    PlanItemImport,
    PlanItemResult,
    check_plan_items,
    commit_plan_items,
    import_plan_items,
    preview_plan_items,
)
from procurements.importing.planning import Action, ImportPlan, plan_import, preview_import
from procurements.importing.reading import match_columns, read_table, too_large_message
from procurements.importing.rules import check_constraint_violations

__all__ = [
    "COLUMNS",
    "EXTENSIONS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "PLAN_COLUMNS",
    "PLAN_FORMAT",
    "REGISTER_FORMAT",
    "Action",
    "Column",
    "FileFormat",
    "ImportOutcome",
    "ImportPlan",
    "ImportRefused",
    "ImportResult",
    "Kind",
    "PlanItemImport",
    "PlanItemResult",
    "check_constraint_violations",
    "check_plan_items",
    "commit_import",
    "commit_plan_items",
    "header_key",
    "import_file",
    "import_plan_items",
    "match_columns",
    "plan_import",
    "preview_import",
    "preview_plan_items",
    "read_table",
    "too_large_message",
]
