"""Exchange of signed packages with other installations (docs/referrals.md)."""

from django.urls import path

from . import package_views

app_name = "exchange"

urlpatterns = [
    path("import/", package_views.package_import, name="import"),
    path("inbox/", package_views.inbound_list, name="inbound_list"),
    path("inbox/<int:pk>/", package_views.inbound_detail, name="inbound_detail"),
    path("inbox/<int:pk>/letter/", package_views.inbound_letter, name="inbound_letter"),
    path("inbox/<int:pk>/reply.zip", package_views.reply_package, name="reply_package"),
    path("referral/<int:pk>/package.zip", package_views.referral_package, name="referral_package"),
    path("referral/<int:pk>/revoke-code/", package_views.revoke_code, name="revoke_code"),
]
