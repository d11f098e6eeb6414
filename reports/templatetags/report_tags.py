"""Template filters of the committee report."""

from django import template

register = template.Library()


@register.filter
def item(mapping: dict, key):
    """``mapping[key]``, or None: ``{{ printed|item:chart.code }}``."""
    return mapping.get(key) if mapping else None
