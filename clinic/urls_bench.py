"""The URLs of the benchmark's settings: the site's own, and the framework floor."""

from django.urls import path

from .bench import floor
from .urls import urlpatterns as site

urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *site]
