from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("second-factor/", views.otp_setup, name="otp_setup"),
    path("second-factor/verify/", views.otp_verify, name="otp_verify"),
    path("second-factor/remove/", views.otp_disable, name="otp_disable"),
    path("keepalive/", views.keepalive, name="keepalive"),
]
