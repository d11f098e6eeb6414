from django.urls import path

from reports import entry_views, meeting_views, readiness_views, report_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("sammantraden/", meeting_views.meeting_list, name="meetings"),
    path("sammantraden/nytt/", meeting_views.meeting_create, name="meeting_create"),
    path("sammantraden/<int:pk>/redigera/", meeting_views.meeting_update, name="meeting_update"),
    path("sammantraden/<int:pk>/ta-bort/", meeting_views.meeting_delete, name="meeting_delete"),
    path("<int:year>/<int:quarter>/", views.period, name="period"),
    path("<int:year>/<int:quarter>/faststall/", views.adopt, name="adopt"),
    path("<int:year>/<int:quarter>/checklista/", readiness_views.readiness, name="readiness"),
    path(
        "<int:year>/<int:quarter>/checklista/utelamna/",
        readiness_views.leave_out,
        name="leave_out",
    ),
    path(
        "<int:year>/<int:quarter>/checklista/ta-med/",
        readiness_views.take_back,
        name="take_back",
    ),
    path("<int:year>/<int:quarter>/ateroppna/", views.reopen, name="reopen"),
    path(
        "<int:year>/<int:quarter>/underlag/<slug:code>/",
        views.procurements_behind,
        name="procurements_behind",
    ),
    path("<int:year>/<int:quarter>/redigera/", entry_views.edit_quarter, name="edit_quarter"),
    path(
        "<int:year>/<int:quarter>/redigera/<slug:section>/",
        entry_views.entry_section,
        name="entry-section",
    ),
    path("<int:year>/<int:quarter>/rapport/", report_views.report, name="report"),
    path("<int:year>/<int:quarter>/rapport.pdf", report_views.report_pdf, name="report_pdf"),
    path(
        "<int:year>/<int:quarter>/rapport/version/<int:version>.pdf",
        report_views.archived_pdf,
        name="archived_pdf",
    ),
]
