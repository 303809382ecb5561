from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from uommam.referrals.package_views import published_keys

urlpatterns = [
    path("", include("uommam.accounts.start_urls")),
    path("accounts/", include("uommam.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("students/", include("uommam.people.urls")),
    path("units/", include("uommam.orgs.urls")),
    path("pipeline/", include("uommam.pipeline.urls")),
    path("classes/", include("uommam.training.urls")),
    path("referrals/", include("uommam.referrals.urls")),
    path("imports/", include("uommam.imports.urls")),
    path("reports/", include("uommam.reports.urls")),
    path("plans/", include("uommam.plans.urls")),
    path("audit/", include("uommam.audit.urls")),
    path("admin/", admin.site.urls),
    path("exchange/", include("uommam.referrals.package_urls")),
    path("certificates/", include("uommam.referrals.certificate_urls")),
    # Public, no login: checking printed documents, answering a referral, this installation's keys.
    path("v/", include("uommam.referrals.verify_urls")),
    path(".well-known/uommam-keys.json", published_keys, name="uommam_keys"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "uommam.core.errors_views.forbidden"
handler404 = "uommam.core.errors_views.not_found"
handler500 = "uommam.core.errors_views.server_error"
