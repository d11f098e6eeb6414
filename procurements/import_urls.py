"""URLs of the import, added to ``procurements.urls`` (namespace "procurements")."""

from django.urls import path

from procurements import import_views

urlpatterns = [
    path("importera/", import_views.import_upload, name="import"),
    path("importera/granska/", import_views.import_confirm, name="import_confirm"),
    path("importera/mall.csv", import_views.import_template_csv, name="import_template_csv"),
    path("importera/mall.xlsx", import_views.import_template_xlsx, name="import_template_xlsx"),
]
