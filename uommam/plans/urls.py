from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("roadmaps/", views.roadmaps, name="roadmaps"),
    path("draft/<int:unit_pk>/", views.draft, name="draft"),
    path("<int:pk>/text/", views.text, name="text"),
    path("<int:pk>/entries/<int:entry_pk>/", views.entry, name="entry"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/plan.<str:fmt>", views.download, name="download"),
]
