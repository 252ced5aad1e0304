"""URLs of the two-factor pages."""
from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("", views.TwoFactorView.as_view(), name="two_factor"),
    path("setup/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("verify/", views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("backup-codes/", views.BackupCodesView.as_view(), name="backup_codes"),
    path("turn-off/", views.TwoFactorDisableView.as_view(), name="two_factor_disable"),
]
