from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.index, name="index"),
    path("inbox/", views.inbox, name="inbox"),
    path("forecast/", views.forecast, name="forecast"),
    path("forecast/export.xlsx", views.forecast_export, name="forecast_export"),
    path("send/", views.send, name="send"),
    path("metrics/", views.metrics, name="metrics"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/paper-acknowledgement/", views.paper_acknowledgement, name="paper_acknowledgement"),
    path("<int:pk>/helper/", views.assign_helper, name="assign_helper"),
    path("<int:pk>/outcome/", views.record_outcome, name="record_outcome"),
    path("<int:pk>/pass-on/", views.pass_on, name="pass_on"),
    path("<int:pk>/letter.docx", views.letter, {"fmt": "docx"}, name="letter_docx"),
    path("<int:pk>/letter.pdf", views.letter, {"fmt": "pdf"}, name="letter_pdf"),
    path("<int:pk>/official-documents/", views.issue_documents, name="issue_documents"),
    path("<int:pk>/official-documents/<slug:kind>.docx", views.official_document, name="official_document"),
]
