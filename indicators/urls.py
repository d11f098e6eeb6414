from django.urls import path

from indicators import views

urlpatterns = [
    path("plan/", views.plan_detail, name="plan"),
]
