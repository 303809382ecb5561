from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("<int:pk>/", views.unit_detail, name="detail"),
]
