"""URLs of the FHIR R4 export."""

from django.urls import path

from .views import PatientEverythingView

app_name = "fhir"

urlpatterns = [
    path("Patient/<id:pk>/$everything", PatientEverythingView.as_view(), name="patient-everything"),
]
