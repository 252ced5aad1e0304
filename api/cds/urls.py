"""URLs of the CDS Hooks service, at the paths the specification fixes."""

from django.urls import path

from . import views

app_name = "cds"

urlpatterns = [
    path("cds-services", views.DiscoveryView.as_view(), name="discovery"),
    path("cds-services/<slug:service_id>", views.ServiceView.as_view(), name="service"),
    path("cds-services/<slug:service_id>/feedback", views.FeedbackView.as_view(), name="feedback"),
]
