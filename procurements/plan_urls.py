"""URLs of the procurement plan, added to ``procurements.urls`` (namespace "procurements")."""

from django.urls import path

from procurements import plan_import_views, plan_views

urlpatterns = [
    path("plan/", plan_views.plan_item_list, name="plan"),
    path("plan/ny/", plan_views.plan_item_create, name="plan_create"),
    path("plan/<int:pk>/redigera/", plan_views.plan_item_update, name="plan_update"),
    path("plan/<int:pk>/ta-bort/", plan_views.plan_item_delete, name="plan_delete"),
    path("plan/importera/", plan_import_views.plan_import_upload, name="plan_import"),
    path(
        "plan/importera/granska/",
        plan_import_views.plan_import_confirm,
        name="plan_import_confirm",
    ),
    path(
        "plan/importera/mall.csv",
        plan_import_views.plan_import_template_csv,
        name="plan_import_template_csv",
    ),
    path(
        "plan/importera/mall.xlsx",
        plan_import_views.plan_import_template_xlsx,
        name="plan_import_template_xlsx",
    ),
]
