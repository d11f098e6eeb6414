"""Importing the procurement plan from a file: the register's import pages, for plan items."""

from django.contrib.auth.decorators import permission_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from procurements import import_storage, importing
from procurements.import_views import ImportKind, confirm, template_csv, template_xlsx, upload

PLAN_IMPORT_PERMISSIONS = (
    "procurements.add_procurementplanitem",
    "procurements.change_procurementplanitem",
)


def _imported_items(result: importing.PlanItemResult, file_name: str) -> str:
    return _(
        "Imported %(file)s: %(created)s new and %(updated)s changed plan items, "
        "%(unchanged)s unchanged."
    ) % {
        "file": file_name,
        "created": result.items_created,
        "updated": result.items_updated,
        "unchanged": result.items_unchanged,
    }


PLAN_IMPORT = ImportKind(
    file_format=importing.PLAN_FORMAT,
    storage_slot=import_storage.PLAN_SESSION_KEY,
    url_name="plan_import",
    done_url_name="procurements:plan",
    upload_template="procurements/plan_import_upload.html",
    preview_template="procurements/plan_import_preview.html",
    preview=importing.preview_plan_items,
    import_file=importing.import_plan_items,
    nothing_to_import=gettext_lazy("Nothing to import: the plan already holds the whole file."),
    imported=_imported_items,
)


@csrf_exempt  # the CSRF check runs in import_views._upload, after the size limit is in place
@require_http_methods(["GET", "HEAD", "POST"])
@permission_required(PLAN_IMPORT_PERMISSIONS, raise_exception=True)
def plan_import_upload(request):
    return upload(request, PLAN_IMPORT)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache  # the preview shows the uploaded rows: Cache-Control: no-store
@permission_required(PLAN_IMPORT_PERMISSIONS, raise_exception=True)
def plan_import_confirm(request):
    return confirm(request, PLAN_IMPORT)


@require_safe
@permission_required(PLAN_IMPORT_PERMISSIONS, raise_exception=True)
def plan_import_template_csv(request):
    return template_csv(request, PLAN_IMPORT)


@require_safe
@permission_required(PLAN_IMPORT_PERMISSIONS, raise_exception=True)
def plan_import_template_xlsx(request):
    return template_xlsx(request, PLAN_IMPORT)
