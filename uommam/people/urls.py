from django.urls import path

from . import consent_views, erasure_views, views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/archive/", views.person_archive, name="archive"),
    path("<int:pk>/restore/", views.person_restore, name="restore"),
    path("members/", views.member_list, name="members"),
    path("<int:pk>/consent/", consent_views.consent_add, name="consent_add"),
    path("<int:pk>/consent/<int:consent_pk>/withdraw/", consent_views.consent_withdraw_view, name="consent_withdraw"),
    path("<int:pk>/consent/<int:consent_pk>/document/", consent_views.consent_document, name="consent_document"),
    path("<int:pk>/erasure/", erasure_views.erasure_ask, name="erasure_request"),
    path("erasures/", erasure_views.erasure_list, name="erasure_list"),
    path("erasures/<int:pk>/decide/", erasure_views.erasure_decide_view, name="erasure_decide"),
    path("erasures/<int:pk>/execute/", erasure_views.erasure_execute_view, name="erasure_execute"),
    path("erasures/<int:pk>/certificate.pdf", erasure_views.erasure_certificate, name="erasure_certificate"),
]
