"""Importing procurements from a file: upload → preview → confirm (all or nothing)."""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
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


def _upload_page(request, form):
    return render(
        request, "procurements/import_upload.html", {"form": form, "columns": importing.COLUMNS}
    )


@csrf_exempt  # the CSRF check runs in _import_upload, after the size limit is in place
@require_http_methods(["GET", "HEAD", "POST"])
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_upload(request):
    handler = import_storage.SizeLimitedUploadHandler(request, importing.MAX_FILE_BYTES)
    request.upload_handlers.insert(0, handler)  # before anything reads the request body
    return _import_upload(request, handler)


@csrf_protect
def _import_upload(request, handler):
    if request.method != "POST":
        return _upload_page(request, ImportUploadForm())
    form = ImportUploadForm(request.POST, request.FILES, too_large=handler.exceeded)
    if not form.is_valid():
        return _upload_page(request, form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        table = importing.read_table(data, upload.name)
        importing.match_columns(table.headers)
    except importing.ImportRefused as refusal:
        form.add_error("file", refusal.message)
        return _upload_page(request, form)
    import_storage.store_upload(request, data, Path(upload.name).name)
    return redirect("procurements:import_confirm")


def _preview_page(request, plan, token):
    return render(request, "procurements/import_preview.html", {"plan": plan, "token": token})


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache  # the preview shows the uploaded rows: Cache-Control: no-store
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_confirm(request):
    """GET: the preview of the stored upload; POST: import it, all or nothing."""
    posted = request.method == "POST"
    stored = import_storage.load_upload(request, request.POST.get("token", "") if posted else None)
    if stored is None:
        messages.error(
            request,
            _("There is no uploaded file to import, or it has expired. Upload the file again."),
        )
        return redirect("procurements:import")
    try:
        if not posted:
            plan = importing.preview_import(stored.data, stored.file_name)
            return _preview_page(request, plan, stored.token)
        outcome = importing.import_file(stored.data, stored.file_name, user=request.user)
    except importing.ImportRefused as refusal:
        import_storage.discard_upload(request)
        messages.error(request, refusal.message)
        return redirect("procurements:import")
    if outcome.plan.has_errors:
        messages.error(
            request,
            _("Nothing was imported: the file no longer fits the register. See the rows below."),
        )
        return _preview_page(request, outcome.plan, stored.token)
    import_storage.discard_upload(request)
    if outcome.result is None:
        messages.info(request, _("Nothing to import: the register already holds the whole file."))
        return redirect("procurements:list")
    result = outcome.result
    messages.success(
        request,
        _(
            "Imported %(file)s: %(created)s new and %(updated)s changed procurements, "
            "%(unchanged)s unchanged."
        )
        % {
            "file": stored.file_name,
            "created": result.procurements_created,
            "updated": result.procurements_updated,
            "unchanged": result.procurements_unchanged,
        },
    )
    return redirect("procurements:list")


def _download(content: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"{import_templates.TEMPLATE_STEM}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_template_csv(request):
    return _download(import_templates.template_csv(), "text/csv; charset=utf-8", "csv")


@require_safe
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_template_xlsx(request):
    names = list(Category.objects.values_list("name", flat=True))
    return _download(import_templates.template_xlsx(names), XLSX_TYPE, "xlsx")
