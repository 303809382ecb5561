"""The start page and the health check at the root. The namespace stays "core" (where they lived
before the start page moved up to `accounts`), so `{% url 'core:home' %}`, LOGIN_REDIRECT_URL and
bookmarks keep working."""

from django.urls import path

from uommam.core.views import healthz

from .home import home

app_name = "core"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
]
