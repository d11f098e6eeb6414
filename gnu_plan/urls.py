from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from gnu_plan.forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("budget/", include("budget.urls", namespace="budget")),
    path("upphandlingar/", include("procurements.urls")),
    path("uppfoljning/", include("reports.urls")),
    path("", include("dashboards.urls", namespace="dashboards")),
    path("", include("indicators.urls")),
]
