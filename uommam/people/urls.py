from django.urls import path

from . import privacy, views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/archive/", views.person_archive, name="archive"),
    path("<int:pk>/restore/", views.person_restore, name="restore"),
    path("members/", views.member_list, name="members"),
    path("<int:pk>/consent/", privacy.consent_add, name="consent_add"),
    path("<int:pk>/consent/<int:consent_pk>/withdraw/", privacy.consent_withdraw_view, name="consent_withdraw"),
    path("<int:pk>/consent/<int:consent_pk>/document/", privacy.consent_document, name="consent_document"),
]
