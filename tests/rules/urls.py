"""The project's URLs with the rule pages included, as the project's URLconf includes them."""

from django.urls import include, path

from clinic.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("rules/", include("intake.urls_rules")), *project_urlpatterns]
