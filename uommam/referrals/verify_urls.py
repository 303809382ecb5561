"""Public verification pages (`/v/…`), outside login."""

from django.urls import path

from . import verify_views

app_name = "verify"

urlpatterns = [
    path("", verify_views.code_form, name="code_form"),
    path("<str:token>/", verify_views.document, name="document"),
    path("<str:token>/acknowledge/", verify_views.acknowledge, name="acknowledge"),
    path("<str:token>/outcome/", verify_views.outcome, name="outcome"),
]
