"""Importing from a file: upload → preview → confirm (all or nothing).

The same pages import the register's procurements and the procurement plan's
items; an ``ImportKind`` says what differs. The register's views are here, the
plan's in ``procurements.plan_import_views``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from indicators.formatting import format_number
from procurements import import_storage, import_templates, importing
from procurements.models import Category

IMPORT_PERMISSIONS = ("procurements.add_procurement", "procurements.change_procurement")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ImportKind:
    """One kind of import: its file, its pages and what it says when it is done.

    The URL names are ``url_name`` (upload), ``url_name + "_confirm"`` (preview and
    confirm) and ``url_name + "_template_csv"`` / ``"_template_xlsx"``, in the
    "procurements" namespace.
    """

    file_format: importing.FileFormat
    storage_slot: str
    url_name: str
    done_url_name: str
    upload_template: str
    preview_template: str
    preview: Callable[[bytes, str], object]
    import_file: Callable[..., importing.ImportOutcome]
    nothing_to_import: str
    imported: Callable[[object, str], str]  # the success message, from the result and file name

    def url(self, suffix: str = "") -> str:
        return f"procurements:{self.url_name}{suffix}"

    def page_context(self) -> dict:
        """What the upload and preview pages link to and say."""
        return {
            "urls": {
                "upload": reverse(self.url()),
                "confirm": reverse(self.url("_confirm")),
                "template_csv": reverse(self.url("_template_csv")),
                "template_xlsx": reverse(self.url("_template_xlsx")),
            },
            "nothing_to_import": self.nothing_to_import,
        }


def _imported_procurements(result: importing.ImportResult, file_name: str) -> str:
    return _(
        "Imported %(file)s: %(created)s new and %(updated)s changed procurements, "
        "%(unchanged)s unchanged."
    ) % {
        "file": file_name,
        "created": result.procurements_created,
        "updated": result.procurements_updated,
        "unchanged": result.procurements_unchanged,
    }


REGISTER_IMPORT = ImportKind(
    file_format=importing.REGISTER_FORMAT,
    storage_slot=import_storage.SESSION_KEY,
    url_name="import",
    done_url_name="procurements:list",
    upload_template="procurements/import_upload.html",
    preview_template="procurements/import_preview.html",
    preview=importing.preview_import,
    import_file=importing.import_file,
    nothing_to_import=gettext_lazy("Nothing to import: the register already holds the whole file."),
    imported=_imported_procurements,
)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File to import (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.fields["file"].help_text = _(
            "At most %(size)s MB and %(rows)s rows. The first row holds the column headers."
        ) % {
            "size": importing.MAX_FILE_BYTES // (1024 * 1024),
            "rows": format_number(importing.MAX_ROWS),
        }

    def clean(self):
        data = super().clean()
        if self.too_large:  # the upload handler dropped the file on the way in
            self.errors.pop("file", None)
            self.add_error("file", importing.too_large_message())
        return data

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in importing.EXTENSIONS:
            raise forms.ValidationError(
                _("Only CSV (.csv) and Excel (.xlsx) files can be imported, not “%(name)s”.")
                % {"name": upload.name}
            )
        if upload.size > importing.MAX_FILE_BYTES:
            raise forms.ValidationError(importing.too_large_message())
        return upload


def _upload_page(request, form, kind: ImportKind):
    context = {"form": form, "columns": kind.file_format.columns, **kind.page_context()}
    return render(request, kind.upload_template, context)


def upload(request, kind: ImportKind):
    """The upload page; a view calls it after checking permissions (and without CSRF)."""
    handler = import_storage.SizeLimitedUploadHandler(request, importing.MAX_FILE_BYTES)
    request.upload_handlers.insert(0, handler)  # before anything reads the request body
    return _upload(request, handler, kind)


@csrf_protect
def _upload(request, handler, kind: ImportKind):
    if request.method != "POST":
        return _upload_page(request, ImportUploadForm(), kind)
    form = ImportUploadForm(request.POST, request.FILES, too_large=handler.exceeded)
    if not form.is_valid():
        return _upload_page(request, form, kind)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        table = importing.read_table(data, upload.name)
        importing.match_columns(table.headers, kind.file_format)
    except importing.ImportRefused as refusal:
        form.add_error("file", refusal.message)
        return _upload_page(request, form, kind)
    import_storage.store_upload(request, data, Path(upload.name).name, slot=kind.storage_slot)
    return redirect(kind.url("_confirm"))


def _preview_page(request, kind: ImportKind, plan, token: str):
    context = {"plan": plan, "token": token, **kind.page_context()}
    return render(request, kind.preview_template, context)


def confirm(request, kind: ImportKind):
    """GET: the preview of the stored upload; POST: import it, all or nothing."""
    posted = request.method == "POST"
    token = request.POST.get("token", "") if posted else None
    stored = import_storage.load_upload(request, token, slot=kind.storage_slot)
    if stored is None:
        messages.error(
            request,
            _("There is no uploaded file to import, or it has expired. Upload the file again."),
        )
        return redirect(kind.url())
    try:
        if not posted:
            plan = kind.preview(stored.data, stored.file_name)
            return _preview_page(request, kind, plan, stored.token)
        outcome = kind.import_file(stored.data, stored.file_name, user=request.user)
    except importing.ImportRefused as refusal:
        import_storage.discard_upload(request, slot=kind.storage_slot)
        messages.error(request, refusal.message)
        return redirect(kind.url())
    if outcome.plan.has_errors:
        messages.error(
            request,
            _("Nothing was imported: the file no longer fits what is saved. See the rows below."),
        )
        return _preview_page(request, kind, outcome.plan, stored.token)
    import_storage.discard_upload(request, slot=kind.storage_slot)
    if outcome.result is None:
        messages.info(request, kind.nothing_to_import)
    else:
        messages.success(request, kind.imported(outcome.result, stored.file_name))
    return redirect(kind.done_url_name)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def template_csv(request, kind: ImportKind) -> HttpResponse:
    content = import_templates.template_csv(kind.file_format)
    name = f"{kind.file_format.template_stem}.csv"
    return _download(content, "text/csv; charset=utf-8", name)


def template_xlsx(request, kind: ImportKind) -> HttpResponse:
    names = list(Category.objects.values_list("name", flat=True))
    content = import_templates.template_xlsx(names, kind.file_format)
    return _download(content, XLSX_TYPE, f"{kind.file_format.template_stem}.xlsx")


# The register's import.


@csrf_exempt  # the CSRF check runs in _upload, after the size limit is in place
@require_http_methods(["GET", "HEAD", "POST"])
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_upload(request):
    return upload(request, REGISTER_IMPORT)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache  # the preview shows the uploaded rows: Cache-Control: no-store
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_confirm(request):
    return confirm(request, REGISTER_IMPORT)


@require_safe
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_template_csv(request):
    return template_csv(request, REGISTER_IMPORT)


@require_safe
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_template_xlsx(request):
    return template_xlsx(request, REGISTER_IMPORT)
