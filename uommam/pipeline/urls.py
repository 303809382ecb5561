from django.urls import path

from . import integrity_views, views

app_name = "pipeline"

urlpatterns = [
    path("", views.index, name="index"),
    path("data-check/", integrity_views.check_records, name="check_records"),
    path("nomination/", views.nomination, name="nomination"),
    path("student/<int:person_pk>/sympathiser/", views.list_directly, name="list_directly"),
    path("<int:pk>/", views.candidate_detail, name="candidate"),
    path("<int:pk>/step/<slug:name>/", views.candidate_transition, name="transition"),
    path("<int:pk>/void-step/", views.void_step, name="void_step"),
    path("<int:pk>/dossier/", views.dossier_save, name="dossier_save"),
    path("<int:pk>/dossier/all/", views.dossier_all, name="dossier_all"),
    path("<int:pk>/dossier/<int:item_pk>/file/", views.dossier_file, name="dossier_file"),
    path("<int:pk>/introducers/", views.introducer_add, name="introducer_add"),
    path("<int:pk>/introducers/<int:assignment_pk>/replace/", views.introducer_replace, name="introducer_replace"),
    path("<int:pk>/helper/", views.helper_change, name="helper_change"),
    path("<int:pk>/theory-course/", views.theory_course, name="theory_course"),
    path("<int:pk>/timeline/print/", views.timeline_print, name="timeline_print"),
]
