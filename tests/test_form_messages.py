"""Form messages name their field and give the range as Swedes write it (indicators.form_messages)."""

import pytest
from django import forms
from django.utils import translation

from indicators.form_messages import name_fields_in_messages

NBSP = "\xa0"


class AmountForm(forms.Form):
    amount = forms.IntegerField(label="Budget för Personalkostnader", min_value=0, max_value=10**6)
    share = forms.IntegerField(label="Andel (%)", min_value=0, max_value=100)
    year = forms.IntegerField(label="Planår", min_value=2000, max_value=2100)
    title = forms.CharField(label="Rubrik", max_length=1200)
    kind = forms.ChoiceField(label="Slag", choices=[("a", "A"), ("b", "B")])
    day = forms.DateField(label="Datum")
    own = forms.CharField(label="Eget", error_messages={"required": "Skriv något eget."})
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_fields_in_messages(self, units={"amount": "tkr", "share": "percent"}, years=["year"])


VALID = {
    "amount": "5",
    "share": "5",
    "year": "2023",
    "title": "x",
    "kind": "a",
    "day": "2026-11-29",
    "own": "x",
    "version": "1",
}


def _errors(language: str = "sv", **data) -> dict[str, list[str]]:
    with translation.override(language):
        form = AmountForm({**VALID, **data})
        form.is_valid()
        return {name: list(messages) for name, messages in form.errors.items()}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"amount": "1000001"},
            "amount",
            f"Budget för Personalkostnader: ange högst 1{NBSP}000{NBSP}000{NBSP}tkr.",
        ),
        ({"amount": "-1"}, "amount", f"Budget för Personalkostnader: ange minst 0{NBSP}tkr."),
        (
            {"amount": "mycket"},
            "amount",
            "Budget för Personalkostnader: ange ett heltal mellan 0 och "
            f"1{NBSP}000{NBSP}000{NBSP}tkr.",
        ),
        ({"share": "101"}, "share", f"Andel (%): ange högst 100{NBSP}%."),
        ({"share": ""}, "share", f"Andel (%): ange ett heltal mellan 0 och 100{NBSP}%."),
        ({"year": "1999"}, "year", "Planår: ange ett år från 2000 till 2100."),
        ({"title": "x" * 1201}, "title", f"Rubrik: skriv högst 1{NBSP}200 tecken."),
        ({"title": ""}, "title", "Rubrik: fyll i fältet."),
        ({"kind": "c"}, "kind", "Slag: välj ett av alternativen."),
        ({"kind": ""}, "kind", "Slag: välj ett alternativ."),
        (
            {"day": "11/29/2026"},
            "day",
            "Datum: ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-11-29.",
        ),
    ],
)
def test_each_message_names_its_field_and_writes_the_range_the_swedish_way(data, field, message):
    assert _errors(**data) == {field: [message]}


def test_a_message_the_form_chose_itself_is_kept():
    assert _errors(own="") == {"own": ["Skriv något eget."]}


def test_hidden_fields_keep_their_messages():
    assert _errors(version="") == {"version": ["Detta fält måste fyllas i."]}


def test_in_english_the_message_and_its_numbers_are_english():
    assert _errors("en", amount="1000001") == {
        "amount": [f"Budget för Personalkostnader: enter at most 1,000,000{NBSP}tkr."]
    }
