"""Posting the admin's change forms as a person would."""


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
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                text = bound.field.widget.format_value(value)
                if text is not None:
                    data[bound.html_name] = text
    return data
