"""URLs of the REST API (version 1), its OpenAPI schema and its docs page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("v1/clients/", views.ClientListView.as_view(), name="client-list"),
    path("v1/clients/<id:pk>/", views.ClientDetailView.as_view(), name="client-detail"),
    path("v1/clients/<id:pk>/intakes/", views.ClientIntakeListView.as_view(), name="intake-list"),
    path(
        "v1/clients/<id:pk>/intakes/<id:version>/", views.IntakeDetailView.as_view(), name="intake-detail"
    ),
    path("v1/screening/", views.ScreeningView.as_view(), name="screening"),
    path("v1/appointments/", views.AppointmentListView.as_view(), name="appointment-list"),
    path("v1/appointments/<id:pk>/", views.AppointmentDetailView.as_view(), name="appointment-detail"),
    path("v1/flags/", views.FlagListView.as_view(), name="flag-list"),
    path("v1/flags/<id:pk>/", views.FlagDetailView.as_view(), name="flag-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
]
