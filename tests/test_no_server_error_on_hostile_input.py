"""No 500 on any input: hostile values posted to every form, hostile files to the import.

``ENDPOINTS`` names every URL that accepts POST (a test fails for a new one that
is not in it), with the page that shows its form, who posts it, what makes the
page's unchanged form a valid change, and the hostile posts that once broke it.
Hypothesis then posts the valid submission with hostile values
(``tests/hostile_input.py``) in

- every visible field at once, and a field the form does not have;
- Django's hidden initial values only, the rest valid;
- the other hidden fields only (versions, formset management forms, tokens);
- one field only, the rest valid.

No answer may be a server error. A refusal (a 4xx, the form again with its
errors, a redirect with an error message) saves nothing; a success leads to a
page that renders, and stores nothing PostgreSQL would refuse. The import gets
files: every column with every hostile value, one hostile cell in a good file,
and workbooks with a damaged zip header field. The admin's forms and actions
get hostile values once per model.

Bounded to a few seconds: one derandomized example per form (three for the
cheapest), each post rolled back (so failed logins never add up to a lock-out).
"""

import io
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from budget.models import BudgetLine
from indicators.models import Indicator, Municipality
from procurements import importing
from procurements.models import Procurement, ProcurementPlanItem
from reports.models import CommitteeMeeting
from reports.services import adopt_period, get_or_create_period
from tests.budget_helpers import load_real_budget
from tests.hostile_input import (
    HOSTILE,
    INTEGERS,
    ZIP_FIELDS,
    BrowserForm,
    browser_form,
    damaged_zip,
    generated_text,
    hostile_values,
    row_counts,
    stored_values_postgresql_refuses,
)
from tests.meeting_helpers import make_meeting
from tests.plan_helpers import make_item
from tests.procurement_helpers import category, make_procurement
from tests.procurement_import_helpers import create_categories, csv_bytes, good_rows
from tests.readiness_helpers import leave_out_missing_figures

pytestmark = pytest.mark.django_db

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
REDIRECT = (301, 302, 303)


@dataclass(frozen=True)
class Endpoint:
    """A URL that accepts POST: where its form is shown, by whom, and what to post."""

    page: Callable[[], str]
    user: str | None = "chef"  # a fixture of tests/conftest.py; None: not signed in
    action: Callable[[], str] = lambda: ""  # where the form posts, if not to its page
    setup: Callable[[Client], object] = lambda client: None
    complete: Callable[[dict], dict] = dict  # the unchanged form made a valid change
    known: Callable[[BrowserForm], list[dict]] = lambda form: []  # posts that once broke it
    examples: int = 1  # each makes up to four posts; the quarter page takes a fifth of a second


def _new_procurement(data: dict) -> dict:
    falun = Municipality.objects.get(name="Falun")
    return {
        **data,
        "registry_number": "UhC 2099/2",
        "title": "Fuzz",
        "category": str(category().pk),
        "municipalities": [str(falun.pk)],
    }


def _every(prefix: str, value: str) -> Callable[[dict], dict]:
    def complete(data: dict) -> dict:
        return {name: value if name.startswith(prefix) else v for name, v in data.items()}

    return complete


def _user_who_can_sign_in(client: Client) -> None:
    User.objects.create_user("fuzzy", password="fuzzy-password")


def _upload_a_good_file(client: Client) -> None:
    create_categories()
    upload = SimpleUploadedFile("f.csv", csv_bytes(good_rows()))
    client.post(reverse("procurements:import"), {"file": upload})


def _procurement_to_update() -> str:
    procurement = Procurement.objects.get(registry_number="UhC 2099/1")
    return reverse("procurements:update", args=[procurement.pk])


def _plan_item() -> ProcurementPlanItem:
    return ProcurementPlanItem.objects.get(number=1)


def _new_plan_item(data: dict) -> dict:
    falun = Municipality.objects.get(name="Falun")
    return {
        **data,
        "title": "Fuzz",
        "category": str(category().pk),
        "municipalities": [str(falun.pk)],
        "planned_quarter": "2",
    }


def _plan_file() -> bytes:
    headers = [column.header for column in importing.PLAN_COLUMNS]
    row = {"planår": "2023", "nr": "1", "rubrik": "Fuzz", "kategori": "IT", "kommuner": "Falun"}
    return csv_bytes([{**row, "planerat_kvartal": "2"}], headers)


def _upload_a_good_plan_file(client: Client) -> None:
    category("IT")
    upload = SimpleUploadedFile("plan.csv", _plan_file())
    client.post(reverse("procurements:plan_import"), {"file": upload})


def _meeting_url(name: str) -> str:
    return reverse(name, args=[CommitteeMeeting.objects.get().pk])


def _first_figure_initial(form: BrowserForm) -> str:
    return next(name for name in form.hidden_initial if name.startswith("initial-value-"))


ENDPOINTS: dict[str, Endpoint] = {
    "login": Endpoint(
        page=lambda: reverse("login"),
        user=None,
        setup=_user_who_can_sign_in,
        complete=lambda data: {**data, "username": "fuzzy", "password": "fuzzy-password"},
        examples=3,
    ),
    "logout": Endpoint(
        page=lambda: reverse("dashboards:start"), action=lambda: reverse("logout"), examples=3
    ),
    "set_language": Endpoint(
        page=lambda: reverse("dashboards:start"), action=lambda: reverse("set_language"), examples=3
    ),
    "budget:edit_quarter": Endpoint(
        page=lambda: reverse("budget:edit_quarter", args=[2023, 2]),
        setup=lambda client: load_real_budget(),
        complete=lambda data: _every("forecast-", "2")(_every("actual-", "1")(data)),
        known=lambda form: [{"version": str(2**64 + 1)}, {"version": "-" + "9" * 30}],
    ),
    "procurements:create": Endpoint(
        page=lambda: reverse("procurements:create"),
        user="procurement_officer",
        complete=_new_procurement,
        known=lambda form: [
            {"municipalities": [str(2**64 + 1)]},
            {"questions_received": str(2**31)},
            {"tenders-TOTAL_FORMS": "2000"},
        ],
    ),
    "procurements:update": Endpoint(
        page=_procurement_to_update,
        user="procurement_officer",
        setup=lambda client: make_procurement(registry_number="UhC 2099/1", tenders=1),
        known=lambda form: [
            {"version": str(2**64 + 1)},
            {"version": "-" + "9" * 30},
            {"loaded": "x" * 10_000},
            {"loaded": "\x00"},
        ],
    ),
    "procurements:import": Endpoint(
        page=lambda: reverse("procurements:import"),
        user="procurement_officer",
        complete=lambda data: {**data, "file": ("f.csv", csv_bytes(good_rows()))},
        examples=3,
    ),
    "procurements:import_confirm": Endpoint(
        page=lambda: reverse("procurements:import_confirm"),
        action=lambda: reverse("procurements:import_confirm"),
        user="procurement_officer",
        setup=_upload_a_good_file,
        examples=3,
    ),
    "procurements:plan_create": Endpoint(
        page=lambda: reverse("procurements:plan_create"),
        user="procurement_officer",
        complete=_new_plan_item,
        known=lambda form: [{"planned_quarter": str(2**31)}, {"plan_year": "9" * 5000}],
    ),
    "procurements:plan_update": Endpoint(
        page=lambda: reverse("procurements:plan_update", args=[_plan_item().pk]),
        user="procurement_officer",
        setup=lambda client: make_item(number=1),
    ),
    "procurements:plan_delete": Endpoint(
        page=lambda: reverse("procurements:plan_delete", args=[_plan_item().pk]),
        user="procurement_officer",
        setup=lambda client: make_item(number=1),
        known=lambda form: [{"version": "9999-99-99T99:99"}, {"version": "\x00"}],
    ),
    "procurements:plan_import": Endpoint(
        page=lambda: reverse("procurements:plan_import"),
        user="procurement_officer",
        setup=lambda client: category("IT"),
        complete=lambda data: {**data, "file": ("plan.csv", _plan_file())},
        examples=3,
    ),
    "procurements:plan_import_confirm": Endpoint(
        page=lambda: reverse("procurements:plan_import_confirm"),
        action=lambda: reverse("procurements:plan_import_confirm"),
        user="procurement_officer",
        setup=_upload_a_good_plan_file,
        examples=3,
    ),
    "reports:adopt": Endpoint(
        page=lambda: reverse("reports:period", args=[2023, 4]),
        action=lambda: reverse("reports:adopt", args=[2023, 4]),
        setup=lambda client: leave_out_missing_figures(2023, 4),
        complete=lambda data: {
            **data,
            "meeting_date": "2024-02-14",
            "minute_paragraph": "§ 12",
            "registry_number": "GNU 2024/15",
            "confirmed": "True",
        },
        known=lambda form: [{"version": str(2**64 + 1)}, {"minute_paragraph": "§ " + "9" * 30}],
    ),
    "reports:reopen": Endpoint(
        page=lambda: reverse("reports:period", args=[2023, 4]),
        action=lambda: reverse("reports:reopen", args=[2023, 4]),
        setup=lambda client: adopt_period(get_or_create_period(2023, 4), None),
        complete=lambda data: {**data, "reason": "Rättelse av antalet överprövningar"},
        known=lambda form: [{"reason": "noll\x00tecken"}, {"reason": "x" * 10_000}],
    ),
    "reports:meeting_create": Endpoint(
        page=lambda: reverse("reports:meeting_create"),
        complete=lambda data: {
            **data,
            "date": "2027-02-12",
            "year": "2026",
            "quarter": "4",
            "report_deadline": "2027-01-29",
        },
        known=lambda form: [{"year": "9" * 5000}, {"date": "10000-01-01"}],
    ),
    "reports:meeting_update": Endpoint(
        page=lambda: _meeting_url("reports:meeting_update"),
        setup=lambda client: make_meeting(),
        known=lambda form: [{"version": str(2**64 + 1)}, {"version": "-1"}],
    ),
    "reports:meeting_delete": Endpoint(
        page=lambda: _meeting_url("reports:meeting_delete"),
        setup=lambda client: make_meeting(),
        known=lambda form: [{"version": "9" * 5000}, {"version": "١"}],
    ),
    "reports:leave_out": Endpoint(
        page=lambda: reverse("reports:readiness", args=[2023, 4]),
        action=lambda: reverse("reports:leave_out", args=[2023, 4]),
        complete=lambda data: {**data, "reason": "Mätningen görs inte i år."},
        known=lambda form: [{"reason": "noll\x00tecken"}, {"code": "x" * 10_000}],
    ),
    "reports:take_back": Endpoint(
        page=lambda: reverse("reports:readiness", args=[2023, 4]),
        action=lambda: reverse("reports:take_back", args=[2023, 4]),
        setup=lambda client: leave_out_missing_figures(2023, 4),
        known=lambda form: [{"code": ["nki", "nai"]}],
    ),
    # A goal's section with figures per municipality (the business-climate ranking, due in
    # Q2) and in total; every section is the same form with other fields.
    "reports:entry-section": Endpoint(
        page=lambda: reverse("reports:entry-section", args=[2023, 2, "mal-6"]),
        complete=_every("value-", "1"),
        known=lambda form: [{_first_figure_initial(form): "sNaN"}],
    ),
}


@pytest.fixture(autouse=True)
def folders_of_the_test(settings, tmp_path):
    """Uploads and archived reports in the test's folder; the report's charts as tables
    (an adoption archives a PDF: with Chromium that takes seconds)."""
    settings.PROCUREMENT_IMPORT_DIR = tmp_path / "imports"
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.REPORT_CACHE_DIR = tmp_path / "cache"
    settings.CHART_BROWSER_PATH = str(tmp_path / "no-chromium")


@contextmanager
def _rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _changed_tables(before: dict[str, int]) -> set[str]:
    return {table for table, count in row_counts().items() if count != before[table]}


def _described(data: dict) -> str:
    """The posted values, each cut short, for a failure message."""

    def short(value):
        if isinstance(value, list | tuple):
            return [short(item) for item in value]
        if isinstance(value, bytes | str) and len(value) > 60:
            return f"{value[:40]!r}…({len(value)} long)"
        return value

    return repr({name: short(value) for name, value in data.items()})


@dataclass
class Poster:
    """Posts as one user, each post rolled back, and checks what came of it."""

    client: Client
    user: User | None = None

    def sign_in(self):
        if self.user is not None:
            self.client.force_login(self.user)  # again: a post may have signed out

    def post(self, url: str, data: dict, *, follow: bool = True):
        """Never a server error; a refusal saves nothing; a success stores what PostgreSQL can.

        ``follow``: a success must also lead to a page that renders.
        """
        with _rolled_back():
            self.sign_in()
            before = row_counts()
            files = {k: SimpleUploadedFile(*v) for k, v in data.items() if isinstance(v, tuple)}
            response = self.client.post(url, {**data, **files})
            assert response.status_code < 500, f"{response.status_code} for {_described(data)}"
            changed = _changed_tables(before)
            if response.status_code not in REDIRECT:
                assert not changed, f"refused ({response.status_code}) but saved {_described(data)}"
            elif changed:
                assert stored_values_postgresql_refuses(changed) == [], _described(data)
                if follow:
                    assert self.client.get(response["Location"]).status_code < 500
            return response


def _poster(request, user: str | None) -> Poster:
    person = request.getfixturevalue(user) if user else None
    poster = Poster(Client(raise_request_exception=False), person)
    poster.sign_in()
    return poster


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_no_form_answers_hostile_values_with_a_server_error_or_saves_a_refusal(request, name):
    endpoint = ENDPOINTS[name]
    poster = _poster(request, endpoint.user)
    endpoint.setup(poster.client)
    page = poster.client.get(endpoint.page())
    assert page.status_code == 200
    form = browser_form(page.text, endpoint.action())
    url = endpoint.action() or endpoint.page()
    valid = endpoint.complete(dict(form.data))
    accepted = poster.post(url, valid, follow=False)
    assert accepted.status_code in REDIRECT, "the table's valid submission is refused"
    for known in endpoint.known(form):
        poster.post(url, {**valid, **known})

    @settings(FUZZ, max_examples=endpoint.examples)
    @given(st.data())
    def post_hostile_values(data):
        unknown = {data.draw(generated_text) or "unknown": data.draw(hostile_values(1))[0]}
        many = {name: INTEGERS for name in form.multiple}
        one = [data.draw(st.sampled_from(form.fields))] if form.fields else []
        for names, extra in (
            (form.visible, {**unknown, **many}),
            (form.hidden_initial, {}),
            (form.other_hidden, {}),
            (one, {}),
        ):
            if names or extra:
                hostile = dict(zip(names, data.draw(hostile_values(len(names))), strict=True))
                poster.post(url, {**valid, **hostile, **extra})

    post_hostile_values()


# --- The import: hostile files --------------------------------------------------------------

COLUMNS = [column.header for column in importing.COLUMNS]
GOOD_ROW = {**good_rows()[0], "tilldelningsbeslut": "2024-04-20", "väsentligt_annorlunda": "nej"}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # a CSV with one is refused


def _first(value):
    """A repeated value's first (a file has one value per cell)."""
    return value[0] if isinstance(value, list) else value


def _csv(rows: list[list]) -> bytes:
    lines = [";".join(COLUMNS)]
    for row in rows:
        cells = [CONTROL_CHARACTERS.sub("", _first(value)).replace('"', '""') for value in row]
        lines.append(";".join(f'"{cell}"' for cell in cells))
    return "\r\n".join(lines).encode("utf-8")


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([_cell(_first(value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: str):
    """A number cell for a whole number, otherwise text without what XLSX cannot hold."""
    try:
        return int(value) if len(value) < 30 else ILLEGAL_CHARACTERS_RE.sub("", value)
    except ValueError:
        return ILLEGAL_CHARACTERS_RE.sub("", value)


def _import(poster: Poster, data: bytes, name: str) -> None:
    """Upload, preview and confirm, as far as the file gets: never a server error."""
    with _rolled_back():
        poster.sign_in()
        before = row_counts()
        upload = reverse("procurements:import")
        response = poster.client.post(upload, {"file": SimpleUploadedFile(name, data)})
        assert response.status_code < 500, f"uploading {name} {_described({'file': data})}"
        if response.status_code in REDIRECT:
            preview = poster.client.get(response["Location"])
            assert preview.status_code < 500, f"previewing {name} {_described({'file': data})}"
            token = poster.client.session.get("procurement_import", {}).get("token", "")
            response = poster.client.post(reverse("procurements:import_confirm"), {"token": token})
            assert response.status_code < 500, f"importing {name} {_described({'file': data})}"
        changed = _changed_tables(before)
        if response.status_code not in REDIRECT or response["Location"] == upload:
            assert not changed, f"refused but imported {name}"
        assert stored_values_postgresql_refuses(changed) == [], name


def test_no_import_file_answers_a_server_error_or_imports_a_refusal(request):
    poster = _poster(request, "procurement_officer")
    create_categories()
    good = [GOOD_ROW.get(column, "") for column in COLUMNS]

    @settings(FUZZ, max_examples=1)
    @given(st.data())
    def import_hostile_files(data):
        # Every column gets every value of the catalogue: a row per value.
        values = data.draw(hostile_values(len(HOSTILE) + len(COLUMNS)))
        rows = [values[row : row + len(COLUMNS)] for row in range(len(HOSTILE))]
        _import(poster, _csv(rows), "every-value.csv")
        _import(poster, _xlsx(rows), "every-value.xlsx")
        # One hostile cell in a good file, so that the rest of the import runs.
        row = list(good)
        row[data.draw(st.integers(0, len(COLUMNS) - 1))] = data.draw(hostile_values(1))[0]
        _import(poster, _csv([row]), "one-cell.csv")
        # A good workbook with each header field a zip reader trusts at its largest in turn,
        # and one field at a drawn value.
        workbook = _xlsx([good])
        for field_name in ZIP_FIELDS:
            _import(poster, damaged_zip(workbook, field_name, 2**32 - 1), f"{field_name}.xlsx")
        field_name = data.draw(st.sampled_from(sorted(ZIP_FIELDS)))
        value = data.draw(st.integers(0, 2**32 - 1))
        _import(poster, damaged_zip(workbook, field_name, value), f"{field_name} {value}.xlsx")
        _import(poster, data.draw(st.binary(max_size=200)), "bytes.csv")

    import_hostile_files()


# --- The admin --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", [pytest.param(model, id=model._meta.label) for model in admin.site._registry]
)
def test_no_admin_form_or_action_answers_hostile_values_with_a_server_error(request, model):
    """Once per model: the add form with every visible field hostile, an action on hostile keys.

    (The inline formsets' management forms are Django's and left alone. A model the
    admin cannot add, such as the lock-out's records, has its add URL refused.)
    """
    poster = _poster(request, "admin_user")
    names = (model._meta.app_label, model._meta.model_name)
    add = reverse("admin:{}_{}_add".format(*names))
    page = poster.client.get(add)
    if page.status_code == 200:
        form = browser_form(page.text)
        values = iter(HOSTILE * 2)
        hostile = {name: next(values) for name in form.visible}
        poster.post(add, {**form.data, **hostile, **{name: INTEGERS for name in form.multiple}})
    else:
        assert page.status_code == 403
        hostile = {name: HOSTILE[0] for name in ("ip_address", "username")}
        assert poster.post(add, hostile).status_code == 403
    action = {"action": "delete_selected", "_selected_action": [*INTEGERS, "1e3"], "index": "0"}
    poster.post(reverse("admin:{}_{}_changelist".format(*names)), action)


# --- Every URL that accepts POST is in the table ---------------------------------------------


def _named_urls(resolver=None, namespace: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern.pattern.converters


def test_every_url_that_accepts_post_is_in_the_table(admin_user):
    """The admin's URLs excepted: the admin test above takes every registered model."""
    load_real_budget()
    samples = {
        "year": 2023,
        "quarter": 2,
        "pk": make_procurement().pk,
        "file_format": "csv",
        "version": 1,
        "section": "mal-6",
        "budget:code": BudgetLine.objects.filter(year=2023).first().code,
        "code": Indicator.objects.filter(source=Indicator.Source.REGISTER).first().code,
    }
    client = Client(raise_request_exception=False)
    accepting = []
    for name, converters in _named_urls():
        if name.startswith("admin:"):
            continue
        app = name.split(":")[0]
        arguments = {key: samples.get(f"{app}:{key}", samples.get(key)) for key in converters}
        url = reverse(name, kwargs=arguments)
        client.force_login(admin_user)  # again after the logout URL
        if client.post(url).status_code != 405:
            accepting.append(name)
    assert sorted(accepting) == sorted(ENDPOINTS)
