"""URLs of the client's self-service pages (no login); included under "i/" as "selfservice"."""

from django.urls import path

from .views import selfservice

app_name = "selfservice"

urlpatterns = [
    path("done/", selfservice.done, name="done"),
    path("<str:token>/", selfservice.ClientIntakeView.as_view(), name="intake"),
    path("<str:token>/save/", selfservice.ClientIntakeDraftView.as_view(), name="save"),
]
