from django.urls import path

from . import certificate_views

app_name = "certificates"

urlpatterns = [
    path("<int:pk>/print/", certificate_views.certificate_print, name="print"),
]
