from django.urls import path

from indicators import views

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan_detail, name="plan"),
]
