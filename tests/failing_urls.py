"""The project's URLs plus a page that fails, for the error page and logging tests."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from gnu_plan.urls import urlpatterns as project_urlpatterns


class PageFailed(Exception):
    pass


@login_not_required
def failing_page(request):
    raise PageFailed("this page always fails")


urlpatterns = [*project_urlpatterns, path("fails/", failing_page)]
