import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_tables2 import RequestConfig

from procurements import conflicts, export, selectors, services, spreadsheet
from procurements.filters import ProcurementFilter
from procurements.forms import procurement_forms
from procurements.models import Procurement
from procurements.tables import PER_PAGE, ProcurementTable


def _filtered_table(request) -> tuple[ProcurementFilter, ProcurementTable]:
    filterset = ProcurementFilter(request.GET, queryset=selectors.procurement_list_queryset())
    return filterset, ProcurementTable(filterset.qs)


@require_safe
@permission_required("procurements.view_procurement", raise_exception=True)
def procurement_list(request):
    filterset, table = _filtered_table(request)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "procurements/procurement_list.html",
        {"filter": filterset, "table": table, "export_query": query.urlencode()},
    )


@require_safe
@never_cache  # Cache-Control: no-store: the register is not for shared caches or the disk
@permission_required("procurements.view_procurement", raise_exception=True)
def procurement_export(request, file_format: str):
    """Exactly the procurements the list shows for the same filters and sort order, on every
    page, in the import's format: the CSV streamed as it is written, the XLSX from a file."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    _filterset, table = _filtered_table(request)
    RequestConfig(request, paginate=False).configure(table)
    procurements = table.data.data
    name = f"upphandlingar-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(
            export.csv_chunks(procurements), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it, and it is gone
    try:
        spreadsheet.write_workbook(
            file,
            sheet_title=_("Procurements"),
            headers=export.HEADERS,
            rows=export.workbook_rows(procurements),
        )
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return FileResponse(
        file, as_attachment=True, filename=name, content_type=spreadsheet.CONTENT_TYPE
    )


@require_safe
@permission_required("procurements.view_procurement", raise_exception=True)
def procurement_detail(request, pk: int):
    try:
        page = selectors.procurement_page(pk)
    except Procurement.DoesNotExist:
        raise Http404 from None
    return render(request, "procurements/procurement_detail.html", {"page": page})


def _edit(request, procurement: Procurement | None):
    """The form for a procurement with its tenders and appeals, saved together or not at all.

    Editing, the form carries the procurement's version: a save based on an
    older version is refused with 409, naming who saved and what changed, and
    the forms are shown again on top of the newer procurement.
    """
    if request.method != "POST":
        forms = procurement_forms(instance=procurement)
        if procurement is not None:
            forms[0].fields["loaded"].initial = conflicts.snapshot(forms)
        return _render_form(request, procurement, forms)
    posted = procurement_forms(request.POST, instance=procurement)
    form, tenders, appeals = posted
    loaded_version = _posted_version(form)
    if procurement is not None and loaded_version not in (None, procurement.version):
        return _conflict(request, procurement, posted, loaded_version)
    if not services.forms_are_valid(form, tenders, appeals):
        return _render_form(request, procurement, posted)
    try:
        saved = services.save_procurement(
            form, tenders, appeals, expected_version=form.cleaned_data["version"]
        )
    except services.StaleVersion:
        return _conflict(request, procurement, posted, loaded_version)
    messages.success(
        request,
        _("The procurement %(number)s was saved.") % {"number": saved.registry_number},
    )
    return redirect(saved)


def _posted_version(form) -> int | None:
    """The version the form was opened at, as posted; ``None`` if missing or garbled."""
    try:
        return int(form["version"].data)
    except (TypeError, ValueError):
        return None


def _conflict(request, procurement: Procurement, posted, loaded_version: int):
    current = get_object_or_404(Procurement, pk=procurement.pk)
    editors, changes = services.changes_since(
        current, loaded_version, since=conflicts.loaded_at(posted[0])
    )
    forms, both_changed = conflicts.on_top_of(posted, current)
    conflict = {"editors": editors, "changes": changes, "both_changed": both_changed}
    return _render_form(request, current, forms, conflict=conflict, status=409)


def _render_form(request, procurement, forms, *, conflict=None, status=200):
    form, tenders, appeals = forms
    context = {
        "form": form,
        "tenders": tenders,
        "appeals": appeals,
        "procurement": procurement,
        "conflict": conflict,
    }
    return render(request, "procurements/procurement_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("procurements.add_procurement", raise_exception=True)
def procurement_create(request):
    return _edit(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("procurements.change_procurement", raise_exception=True)
def procurement_update(request, pk: int):
    return _edit(request, get_object_or_404(Procurement, pk=pk))
