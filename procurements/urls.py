from django.urls import path

from procurements import import_urls, plan_urls, views

app_name = "procurements"

urlpatterns = [
    path("", views.procurement_list, name="list"),
    path("ny/", views.procurement_create, name="create"),
    path("export/<str:file_format>/", views.procurement_export, name="export"),
    path("<int:pk>/", views.procurement_detail, name="detail"),
    path("<int:pk>/redigera/", views.procurement_update, name="update"),
    *import_urls.urlpatterns,
    *plan_urls.urlpatterns,
]
