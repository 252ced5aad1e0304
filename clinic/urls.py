"""Top-level URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from clinic.converters import IdConverter
from intake.views.health import healthz

register_converter(IdConverter, "id")

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", include("clinic.security.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("api.urls")),
    path("fhir/", include("api.fhir.urls")),
    path("", include("api.cds.urls")),
    path("rules/", include("intake.urls_rules")),
    path("i/", include("intake.urls_selfservice")),
    path("", include("intake.urls")),
]
handler404 = "api.errors.page_not_found"
