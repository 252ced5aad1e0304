"""URLs of the staff pages."""
from django.urls import path
from django.views.generic import RedirectView

from .views import clients, intakes

app_name = "intake"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="intake:client_list"), name="home"),
    path("clients/", clients.ClientListView.as_view(), name="client_list"),
    path("clients/new/", clients.ClientCreateView.as_view(), name="client_create"),
    path("clients/<int:pk>/", clients.ClientDetailView.as_view(), name="client_detail"),
    path("clients/<int:pk>/edit/", clients.ClientUpdateView.as_view(), name="client_update"),
    path("clients/<int:pk>/intake/new/", intakes.IntakeCreateView.as_view(), name="intake_create"),
    path(
        "clients/<int:client_pk>/intake/v<int:version>/",
        intakes.IntakeDetailView.as_view(),
        name="intake_detail",
    ),
]
