from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/q<int:quarter>/", views.year_detail, name="quarter"),
    path("<int:year>/q<int:quarter>/edit/", views.edit_quarter, name="edit_quarter"),
    path("<int:year>/lines/<slug:code>/", views.line_detail, name="line"),
]
