"""After a refused save: the procurement's forms as it now stands, with the editor's changes.

When someone else saved the procurement after an edit began, nothing of the
edit is saved (``services.StaleVersion``). So that nothing typed is lost, the
forms are shown again on top of the newer procurement: each field, tender and
appeal the editor changed keeps the editor's value, everything else shows what
is saved now, and what both changed is named.

What the editor changed is judged against the forms as they were opened: the
page carries them, as a browser would submit them unchanged, in the hidden
field ``loaded`` (``snapshot``), with the time they were read. Where that is
missing or garbled, whatever differs from what is saved now counts as the
editor's change, and is named as one that replaces someone else's.
"""

import datetime as dt
import json

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from procurements.forms import procurement_forms
from procurements.models import Procurement

NOT_COMPARED = {"version", "loaded", "id", "DELETE", "procurement"}


def browser_values(bound: forms.BoundField) -> list[str]:
    """What a browser submits for a field of an unbound form as it is shown."""
    widget = bound.field.widget
    value = bound.value()
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if value else []
    text = widget.format_value(value)
    if text is None:
        return []
    if isinstance(text, list | tuple):
        return [str(item) for item in text]
    return [str(text)]


def _form_data(form: forms.Form, data: dict) -> None:
    for bound in form:
        if bound.name not in ("loaded", "version"):
            data[bound.html_name] = browser_values(bound)


def snapshot(forms_: tuple) -> str:
    """The unbound (form, tenders, appeals) as a browser submits them unchanged, and when."""
    form, *formsets = forms_
    data: dict[str, list[str]] = {}
    _form_data(form, data)
    for formset in formsets:
        _form_data(formset.management_form, data)
        for row in formset.forms:
            _form_data(row, data)
    return json.dumps({"at": timezone.now().isoformat(), "data": data}, ensure_ascii=False)


class _Loaded:
    """The forms as they were opened, read from ``snapshot``; ``known`` is False without."""

    def __init__(self, text: str):
        self.data = QueryDict(mutable=True)
        self.at: dt.datetime | None = None
        try:
            parsed = json.loads(text)
            self.at = dt.datetime.fromisoformat(parsed["at"])
            if timezone.is_naive(self.at):
                raise ValueError(parsed["at"])
            for name, values in parsed["data"].items():
                self.data.setlist(str(name), [str(value) for value in values])
        except (ValueError, TypeError, KeyError, AttributeError):
            self.data, self.at = QueryDict(mutable=True), None

    @property
    def known(self) -> bool:
        return self.at is not None

    def value(self, field: forms.Field, html_name: str):
        """The field's value as loaded; raises ``LookupError`` if it is not known."""
        if not self.known:
            raise LookupError(html_name)
        try:
            return field.to_python(field.widget.value_from_datadict(self.data, {}, html_name))
        except ValidationError:
            raise LookupError(html_name) from None

    def row_names(self, prefix: str) -> dict[int, str]:
        """The loaded rows of a formset: their id, and the name prefix they had."""
        rows = {}
        for index in range(int(self._count(f"{prefix}-INITIAL_FORMS"))):
            pk = self.data.get(f"{prefix}-{index}-id", "")
            if pk.isdigit():
                rows[int(pk)] = f"{prefix}-{index}"
        return rows

    def _count(self, name: str) -> int:
        text = self.data.get(name, "0")
        return int(text) if text.isdigit() else 0


def _lay(data: QueryDict, posted, fresh, baseline, target, describe, both: list) -> None:
    """Fresh values of one form into ``data`` under ``target(name)``, with the posted
    changes on top; appends to ``both`` what the editor and someone else both changed.

    ``baseline(field, name)`` is a field's value as loaded (``LookupError`` if unknown).
    """
    for bound in fresh:
        data.setlist(target(bound.name), browser_values(bound))
    for name, field in posted.fields.items():
        if name in NOT_COMPARED or name not in fresh.fields:
            continue
        try:
            loaded, known = baseline(field, name), True
        except LookupError:
            loaded, known = fresh[name].initial, False
        if not field.has_changed(loaded, posted[name].data):
            continue
        fresh_raw = field.widget.value_from_datadict(data, {}, target(name))
        data.setlist(target(name), posted.data.getlist(posted.add_prefix(name)))
        if not known or field.has_changed(loaded, fresh_raw):
            both.append(describe(str(fresh[name].label)))


def _changed_since_loaded(fresh, data: QueryDict, target, baseline) -> bool:
    """Whether someone else changed a row after it was loaded (unknown counts as changed)."""
    for name, field in fresh.fields.items():
        if name in NOT_COMPARED:
            continue
        try:
            loaded = baseline(field, name)
        except LookupError:
            return True
        if field.has_changed(loaded, field.widget.value_from_datadict(data, {}, target(name))):
            return True
    return False


def _posted_rows(formset) -> tuple[dict[int, forms.Form], list[forms.Form]]:
    """The posted rows of an inline formset: existing ones by id, and new ones."""
    existing, new = {}, []
    for index, row in enumerate(formset.forms):
        pk = str(row["id"].data or "") if "id" in row.fields else ""
        if index < formset.initial_form_count() and pk.isdigit():
            existing[int(pk)] = row
        else:
            new.append(row)
    return existing, new


def _deleted(row) -> bool:
    return "DELETE" in row.fields and bool(row["DELETE"].data)


def _lay_formset(data: QueryDict, posted_set, fresh_set, loaded: _Loaded, subject, both):
    prefix = fresh_set.prefix
    posted, new = _posted_rows(posted_set)
    loaded_rows = loaded.row_names(prefix)
    index = 0

    def target(name):
        return f"{prefix}-{index}-{name}"

    def copy(row):
        for name in row.fields:
            if name not in NOT_COMPARED:
                data.setlist(target(name), row.data.getlist(row.add_prefix(name)))

    for fresh_row in fresh_set.initial_forms:
        pk = fresh_row.instance.pk
        row = posted.pop(pk, None)
        label = subject(model_to_dict(fresh_row.instance))

        def baseline(field, name, pk=pk):
            if pk not in loaded_rows:
                raise LookupError(name)
            return loaded.value(field, f"{loaded_rows[pk]}-{name}")

        if row is not None and not _deleted(row):
            _lay(
                data, row, fresh_row, baseline, target, lambda f, label=label: f"{label}: {f}", both
            )
        else:
            for bound in fresh_row:
                data.setlist(target(bound.name), browser_values(bound))
        if row is not None and _deleted(row):
            data.setlist(target("DELETE"), ["on"])
            if _changed_since_loaded(fresh_row, data, target, baseline):
                both.append(_("%(row)s: deleted by you") % {"row": label})
        index += 1
    initial = index
    for row in posted.values():  # rows someone else deleted
        if _deleted(row) or not row.has_changed():
            continue
        copy(row)
        both.append(
            _("%(row)s: deleted by someone else; saving again adds it back")
            % {"row": subject({name: row[name].data for name in row.fields})}
        )
        index += 1
    for row in new:
        if not _deleted(row) and row.has_changed():
            copy(row)
            index += 1
    for _extra in range(fresh_set.extra):
        for bound in fresh_set.empty_form:
            if bound.name not in NOT_COMPARED:
                data.setlist(target(bound.name), browser_values(bound))
        index += 1
    management = fresh_set.management_form
    data[management.add_prefix("TOTAL_FORMS")] = str(index)
    data[management.add_prefix("INITIAL_FORMS")] = str(initial)
    data[management.add_prefix("MIN_NUM_FORMS")] = str(fresh_set.min_num)
    data[management.add_prefix("MAX_NUM_FORMS")] = str(fresh_set.max_num)


def _tender(values: dict) -> str:
    return _("Tender from %(supplier)s") % {"supplier": values.get("supplier_name") or "–"}


def _appeal(values: dict) -> str:
    return _("Review appeal at %(court)s") % {"court": values.get("court") or "–"}


def loaded_at(form) -> dt.datetime | None:
    """When the posted form was opened, if its snapshot tells."""
    return _Loaded(form["loaded"].data or "").at


def on_top_of(posted: tuple, current: Procurement) -> tuple[tuple, list[str]]:
    """The procurement's forms as ``current`` stands, bound, with the posted changes kept.

    ``posted`` is the (form, tenders, appeals) of the refused save. Returns the
    three forms and the descriptions of what the editor and someone else both changed.
    """
    form, tenders, appeals = posted
    fresh = procurement_forms(instance=current)
    fresh_form, fresh_tenders, fresh_appeals = fresh
    loaded = _Loaded(form["loaded"].data or "")
    data = QueryDict(mutable=True)
    both: list[str] = []

    def baseline(field, name):
        return loaded.value(field, name)

    _lay(data, form, fresh_form, baseline, lambda name: name, str, both)
    _lay_formset(data, tenders, fresh_tenders, loaded, _tender, both)
    _lay_formset(data, appeals, fresh_appeals, loaded, _appeal, both)
    data["loaded"] = snapshot(fresh)
    return procurement_forms(data, instance=current), both
