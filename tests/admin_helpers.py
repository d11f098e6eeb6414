"""Posting the admin's change forms as a person would."""

from django.forms import MultiWidget


def admin_form_data(response) -> dict:
    """What the admin change page submits unchanged, from its forms."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            widget = bound.field.widget
            if isinstance(widget, MultiWidget):  # a date and a time, say: a field per part
                parts = zip(
                    widget.widgets_names, widget.widgets, widget.decompress(value), strict=True
                )
                for suffix, part_widget, part in parts:
                    data[bound.html_name + suffix] = part_widget.format_value(part)
            elif value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                text = bound.field.widget.format_value(value)
                if text is not None:
                    data[bound.html_name] = text
    return data
