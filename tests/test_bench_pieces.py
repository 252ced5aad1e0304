"""The benchmark's own pieces: the framework floor and the query-count header exist only under the
benchmark's settings (clinic.settings.bench)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_floor_is_not_served_by_the_site(as_user, front_desk):
    assert as_user(front_desk).get("/bench/floor/").status_code == 404


def test_under_the_bench_urls_the_floor_runs_every_middleware_and_counts_queries(
    settings, as_user, front_desk
):
    settings.ROOT_URLCONF = "clinic.urls_bench"
    settings.MIDDLEWARE = ["clinic.bench.BenchHeadersMiddleware", *settings.MIDDLEWARE]
    response = as_user(front_desk).get("/bench/floor/")
    assert response.status_code == 200
    assert int(response["X-Queries"]) >= 2  # the session and the user, at least
    assert response["X-Served-By"].isdigit()
