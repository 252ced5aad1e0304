"""URLs of the rule pages; included under "rules/" with the namespace "rules"."""

from django.urls import path

from .views import rules

app_name = "rules"

urlpatterns = [
    path("", rules.RuleReferenceView.as_view(), name="reference"),
    path("what-if/", rules.RuleWhatIfView.as_view(), name="what_if"),
    path("rescreen/", rules.RescreenView.as_view(), name="rescreen"),
]
