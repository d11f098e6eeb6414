from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("indikatorer/<slug:code>/", views.indicator, name="indicator"),
]
