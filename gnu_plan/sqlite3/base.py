"""SQLite for development and tests, refusing the integers PostgreSQL refuses.

PostgreSQL is production. Django gives every integer field validators from its
column's range: on PostgreSQL a smallint, integer or bigint, but on SQLite any
64-bit integer, so on SQLite a form would accept (and store) a number that
PostgreSQL refuses. This backend gives SQLite PostgreSQL's ranges (Django's
documented ones), so that both databases refuse the same values with the same
message.

It also lets ``in`` on an integer column leave out values no such column can
hold, as Django's own exact and comparison lookups already do: sqlite3 cannot
even pass an integer beyond 64 bits (``OverflowError``), where PostgreSQL finds
no row. A form's multiple choice of ids is such a lookup.
"""

from django.core.exceptions import EmptyResultSet
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.backends.sqlite3 import base, operations
from django.db.models import IntegerField
from django.db.models.lookups import In


class DatabaseOperations(operations.DatabaseOperations):
    def integer_field_range(self, internal_type):
        return BaseDatabaseOperations.integer_field_ranges[internal_type]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """``in`` without the values outside the column's range (they cannot match a row)."""

    def batch_process_rhs(self, compiler, connection, rhs=None):
        internal_type = self.lhs.output_field.get_internal_type()
        minimum, maximum = connection.ops.integer_field_range(internal_type)
        storable = [
            value
            for value in rhs
            if not isinstance(value, int)
            or ((minimum is None or value >= minimum) and (maximum is None or value <= maximum))
        ]
        if not storable:
            raise EmptyResultSet
        return super().batch_process_rhs(compiler, connection, storable)
