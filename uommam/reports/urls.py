from django.urls import path, re_path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("review/", views.monthly_review, name="review"),
    path("names/", views.name_list, name="names"),
    path("targets/", views.targets, name="targets"),
    path("export/funnel.xlsx", views.export_funnel_xlsx, name="export_funnel_xlsx"),
    path("export/names.xlsx", views.export_names_xlsx, name="export_names_xlsx"),
    path("export/report.docx", views.report_docx, name="report_docx"),
    path("export/report.pdf", views.report_pdf, name="report_pdf"),
    re_path(r"^export/review\.(?P<extension>xlsx|docx|pdf)$", views.export_review, name="export_review"),
    path("issue/", views.report_issue, name="issue"),
    path("documents/", views.issued_documents, name="documents"),
    re_path(r"^documents/(?P<pk>[0-9]+)\.(?P<extension>docx|pdf)$", views.issued_download, name="issued_download"),
]
