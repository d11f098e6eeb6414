from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.start, name="start"),
    path("oversikt/<int:year>/<int:quarter>/", views.start, name="period"),
    path("kommuner/<str:code>/", views.municipality, name="municipality"),
    path(
        "oversikt/<int:year>/<int:quarter>/kommuner/<str:code>/",
        views.municipality,
        name="municipality_period",
    ),
    path("mal/<slug:code>/", views.goal, name="goal"),
    path("oversikt/<int:year>/<int:quarter>/mal/<slug:code>/", views.goal, name="goal"),
    path("indikatorer/<slug:code>/", views.indicator, name="indicator"),
]
