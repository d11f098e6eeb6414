"""The models' check constraints evaluated in Python, so that rows need no query each."""

from __future__ import annotations

import logging
import re

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import CheckConstraint, F, Q, Value
from django.db.models.expressions import CombinedExpression

from procurements.importing.columns import FileFormat

logger = logging.getLogger(__name__)


_UNSUPPORTED = object()
_LOOKUPS = {"exact", "isnull", "gte", "gt", "lte", "lt", "in", "regex"}


def _lookup_value(instance: models.Model, name: str):
    try:
        return getattr(instance, instance._meta.get_field(name).attname)
    except FieldDoesNotExist:
        return _UNSUPPORTED


_ARITHMETIC = {"+": lambda a, b: a + b, "-": lambda a, b: a - b}


def _expression_value(instance: models.Model, expression):
    """A field (``F("x")``), or a field plus or minus a constant (``F("x") + 1``)."""
    if isinstance(expression, F):
        return _lookup_value(instance, expression.name)
    if (
        isinstance(expression, CombinedExpression)
        and expression.connector in _ARITHMETIC
        and isinstance(expression.lhs, F)
        and isinstance(expression.rhs, Value)
    ):
        value = _lookup_value(instance, expression.lhs.name)
        if value is _UNSUPPORTED or value is None:
            return value
        return _ARITHMETIC[expression.connector](value, expression.rhs.value)
    return _UNSUPPORTED


def _evaluate_lookup(instance: models.Model, key: str, expected):
    name, _sep, lookup = key.partition("__")
    lookup = lookup or "exact"
    if lookup not in _LOOKUPS:
        return _UNSUPPORTED
    value = _lookup_value(instance, name)
    if hasattr(expected, "resolve_expression"):
        expected = _expression_value(instance, expected)
    if value is _UNSUPPORTED or expected is _UNSUPPORTED:
        return _UNSUPPORTED
    if lookup == "isnull":
        return (value is None) == bool(expected)
    if lookup == "exact" and expected is None:
        return value is None
    if value is None or expected is None:
        return None  # SQL's unknown
    if lookup == "exact":
        return value == expected
    if lookup == "in":
        return value in expected
    if lookup == "regex":
        return re.search(expected, str(value)) is not None
    return {
        "gte": value >= expected,
        "gt": value > expected,
        "lte": value <= expected,
        "lt": value < expected,
    }[lookup]


def evaluate_condition(condition: Q, instance: models.Model):
    """A Q condition on one instance, in SQL's three-valued logic: True, False or None.

    Returns ``_UNSUPPORTED`` for conditions it does not know how to evaluate (the
    caller then asks the database, as Django's ``validate_constraints`` does).
    """
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            result = evaluate_condition(child, instance)
        elif isinstance(child, tuple):
            result = _evaluate_lookup(instance, *child)
        else:
            result = _UNSUPPORTED
        if result is _UNSUPPORTED:
            return _UNSUPPORTED
        results.append(result)
    if condition.connector == Q.OR:
        value = True if True in results else (None if None in results else False)
    else:
        value = False if False in results else (None if None in results else True)
    if condition.negated and value is not None:
        value = not value
    return value


def check_constraint_violations(instance: models.Model) -> list[tuple[CheckConstraint, str]]:
    """The model's check constraints this unsaved instance breaks, with their messages.

    The same constraints and messages as ``full_clean``, evaluated in Python so that
    validating a large file does not ask the database once per row and constraint. A
    check that is false or unknown (NULL) passes, as in the database.
    """
    violations = []
    for constraint in instance._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue  # unique constraints: the import matches on the unique fields instead
        condition = constraint.condition
        verdict = (
            evaluate_condition(condition, instance) if isinstance(condition, Q) else _UNSUPPORTED
        )
        if verdict is _UNSUPPORTED:
            try:
                constraint.validate(type(instance), instance)
            except ValidationError as error:
                violations.append((constraint, " ".join(error.messages)))
        elif verdict is False:
            violations.append((constraint, str(constraint.get_violation_error_message())))
    return violations


def _condition_fields(condition) -> list[str]:
    """The fields a condition reads, in order: on the left of its lookups, then in F()s."""
    names, referenced = [], []
    for child in getattr(condition, "children", ()):
        if isinstance(child, Q):
            names += _condition_fields(child)
        elif isinstance(child, tuple):
            names.append(child[0].split("__")[0])
            expression = child[1]
            if isinstance(expression, CombinedExpression):
                expression = expression.lhs
            if isinstance(expression, F):
                referenced.append(expression.name)
    return names + referenced


def constraint_fields(constraint: CheckConstraint) -> list[str]:
    return _condition_fields(constraint.condition)


def constraint_column(constraint: CheckConstraint, target: str, file_format: FileFormat) -> str:
    """The column of the file a violated constraint concerns, or "" for the row as a whole."""
    if constraint.name in file_format.constraint_columns:
        return file_format.constraint_columns[constraint.name]
    for name in _condition_fields(constraint.condition):
        if (target, name) in file_format.header_by_field:
            return file_format.header_by_field[(target, name)]
    return ""
