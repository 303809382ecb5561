from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.class_list, name="class_list"),
    path("new/", views.class_create, name="class_create"),
    path("<int:pk>/", views.class_detail, name="class_detail"),
    path("<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("<int:pk>/enrol/", views.class_enrol, name="class_enrol"),
    path("<int:pk>/attendance/", views.class_attendance, name="class_attendance"),
    path("<int:pk>/results/", views.class_results, name="class_results"),
    path("<int:pk>/certificates/", views.class_certificates, name="class_certificates"),
    path("<int:pk>/print/roster/", views.class_roster_print, name="class_roster_print"),
    path("<int:pk>/print/certificates/", views.class_certificate_list_print, name="class_certificate_list_print"),
]
