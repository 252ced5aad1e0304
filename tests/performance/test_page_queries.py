"""Query budgets of the staff pages: the same number of queries for a small clinic and a large one.

Three of every signed-in page's queries are the request's own: the session, the user, and what the
user may do (their roles, permissions and two-factor authenticator, one query); the session's
activity time is saved at most once a minute, not on these pages.
The rest are the page's reads, a fixed number whatever the rows: a read per row breaks the budget
at the large size. Each budget is what the page runs on the database that runs more (SQLite, whose
audit entries move the chain's head in a statement of their own).
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

BUDGETS = {
    "client search": 5,  # the page of clients and its count
    "client page": 11,  # audit entry (2), intakes, the entries and visits (2), the rules (1), one list
    "intake version": 8,
    "timeline": 15,
    "review queue": 11,  # counts read once (cache, then query); the parts it overlaps (4 at most); details
    "schedule": 5,  # appointments; the names of their treatments etc., consents and practitioners to pick
    "dashboard": 8,
    "appointment": 11,
    "aftercare": 8,
    "notices": 6,
    "printable record": 11,
    "booking form": 5,
    "intake form": 27,  # was one query per catalogue field per row before the rows shared choices
    "rule reference": 5,
}


def get(http, url: str, budget: str, assert_max_queries, **params):
    """GET a page within its query budget; the response."""
    with assert_max_queries(BUDGETS[budget]):
        response = http.get(url, params)
    assert response.status_code == 200
    return response


def test_client_search(clinic, as_user, front_desk, django_assert_max_num_queries):
    http, url = as_user(front_desk), reverse("intake:client_list")
    assert len(get(http, url, "client search", django_assert_max_num_queries).context["object_list"]) > 1
    get(http, url, "client search", django_assert_max_num_queries, q="a")
    found = get(http, url, "client search", django_assert_max_num_queries, q=clinic.client.last_name)
    assert clinic.client.pk in [row.pk for row in found.context["object_list"]]


def test_client_page(clinic, as_user, practitioner, django_assert_max_num_queries):
    http = as_user(practitioner.user)
    page = get(http, clinic.client.get_absolute_url(), "client page", django_assert_max_num_queries)
    assert len(page.context["versions"]) == clinic.client.intakes.count()


def test_intake_version_page(clinic, as_user, practitioner, django_assert_max_num_queries):
    intake = clinic.client.intakes.order_by("-version").first()
    url = reverse("intake:intake_detail", args=[clinic.client.pk, intake.version])
    get(as_user(practitioner.user), url, "intake version", django_assert_max_num_queries)


def test_timeline(clinic, as_user, practitioner, django_assert_max_num_queries):
    url = reverse("intake:client_timeline", args=[clinic.client.pk])
    page = get(as_user(practitioner.user), url, "timeline", django_assert_max_num_queries)
    assert len(page.context["entries"]) >= 3 * clinic.rows


def test_review_queue(clinic, as_user, practitioner, django_assert_max_num_queries):
    page = get(
        as_user(practitioner.user),
        reverse("intake:review_queue"),
        "review queue",
        django_assert_max_num_queries,
    )
    assert page.context["rows"]


@pytest.mark.parametrize("view", ["day", "week"])
def test_schedule(clinic, view, as_user, practitioner, django_assert_max_num_queries):
    http, url = as_user(practitioner.user), reverse("intake:schedule")
    page = get(http, url, "schedule", django_assert_max_num_queries, date=clinic.day, view=view)
    assert sum(len(appointments) for _day, appointments in page.context["days"]) >= clinic.booked


def test_dashboard(clinic, as_user, clinic_admin, django_assert_max_num_queries):
    get(as_user(clinic_admin), reverse("intake:dashboard"), "dashboard", django_assert_max_num_queries)


def test_appointment_pages(clinic, as_user, practitioner, django_assert_max_num_queries):
    http = as_user(practitioner.user)
    get(http, clinic.appointment.get_absolute_url(), "appointment", django_assert_max_num_queries)
    get(
        http,
        reverse("intake:aftercare", args=[clinic.appointment.pk]),
        "aftercare",
        django_assert_max_num_queries,
    )


def test_notices(clinic, as_user, practitioner, django_assert_max_num_queries):
    page = get(
        as_user(practitioner.user), reverse("intake:notices"), "notices", django_assert_max_num_queries
    )
    assert len(page.context["object_list"]) >= clinic.rows


def test_printable_record_and_forms(clinic, as_user, practitioner, front_desk, django_assert_max_num_queries):
    client = clinic.client
    get(
        as_user(practitioner.user),
        reverse("intake:client_print", args=[client.pk]),
        "printable record",
        django_assert_max_num_queries,
    )
    http = as_user(front_desk)
    get(http, reverse("intake:book", args=[client.pk]), "booking form", django_assert_max_num_queries)
    get(http, reverse("intake:intake_create", args=[client.pk]), "intake form", django_assert_max_num_queries)


def test_rule_reference(clinic, as_user, practitioner, django_assert_max_num_queries):
    get(
        as_user(practitioner.user),
        reverse("rules:reference"),
        "rule reference",
        django_assert_max_num_queries,
    )
