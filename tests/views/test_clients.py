"""Client pages: who may do what, search, registration and its bad input."""

import datetime
import math
import re

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from intake.models import AppointmentStatus, Client, Intensity
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, appointment_stored, document

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_login(client, client_record):
    for url in (reverse("intake:client_list"), client_record.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_user_without_role_is_refused(as_user, client_record):
    from tests.factories import UserFactory

    response = as_user(UserFactory()).get(client_record.get_absolute_url())
    assert response.status_code == 403


def test_aesthetician_may_read_but_not_register(as_user, aesthetician):
    http = as_user(aesthetician)
    assert http.get(reverse("intake:client_list")).status_code == 200
    assert http.get(reverse("intake:client_create")).status_code == 403
    assert "New client" not in http.get(reverse("intake:client_list")).content.decode()


def test_front_desk_sees_new_client_link(as_user, front_desk):
    assert "New client" in as_user(front_desk).get(reverse("intake:client_list")).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("haddad", ["Haddad"]),
        ("AMIRA HAD", ["Haddad"]),
        ("07700 900123", ["Okafor"]),
        ("ben@example", ["Okafor"]),
        ("1985-07-02", ["Okafor"]),
        ("02/07/1985", ["Okafor"]),
        ("' OR 1=1 --", []),
        ("", ["Haddad", "Okafor"]),
    ],
)
def test_search_by_name_phone_email_and_birth_date(as_user, front_desk, query, expected):
    ClientFactory(first_name="Amira", last_name="Haddad", phone="07700 900555", email="amira@example.com")
    ClientFactory(
        first_name="Ben",
        last_name="Okafor",
        phone="07700 900123",
        email="ben@example.com",
        date_of_birth=datetime.date(1985, 7, 2),
    )
    page = as_user(front_desk).get(reverse("intake:client_list"), {"q": query})
    assert [c.last_name for c in page.context["object_list"]] == expected


def test_each_match_shows_its_details_and_links_to_the_record(as_user, front_desk):
    found = ClientFactory(
        first_name="Zoë <b>",
        last_name="O'Brien & Co",
        phone="07700 900777",
        email="zoe@example.com",
        date_of_birth=datetime.date(1985, 7, 2),
    )
    page = as_user(front_desk).get(reverse("intake:client_list"), {"q": "brien"}).content.decode()
    row = re.search(r"<tbody>\s*(<tr>.*?</tr>)", page, re.S).group(1)
    assert f'<a href="{found.get_absolute_url()}">' in row
    assert "<b>" not in row
    assert [strip_tags(cell) for cell in re.findall(r"<td>(.*?)</td>", row)] == [
        "O&#x27;Brien &amp; Co, Zoë &lt;b&gt;",
        "2 Jul 1985",
        "07700 900777",
        "zoe@example.com",
    ]


def test_a_search_that_finds_no_one_says_so(as_user, front_desk):
    ClientFactory(last_name="Haddad")
    page = as_user(front_desk).get(reverse("intake:client_list"), {"q": "<i>nobody"}).content.decode()
    assert "No client matches “&lt;i&gt;nobody”." in page


def test_client_list_is_paginated(as_user, front_desk):
    ClientFactory.create_batch(30)
    first = as_user(front_desk).get(reverse("intake:client_list"))
    assert len(first.context["object_list"]) == 25
    second = as_user(front_desk).get(reverse("intake:client_list"), {"page": 2})
    assert len(second.context["object_list"]) == 5


def lindqvists(number: int) -> None:
    """Register `number` clients named Lindqvist."""
    ClientFactory.create_batch(number, last_name="Lindqvist", first_name=factory.Sequence("Ann{}".format))


@pytest.mark.parametrize("matches", [3, 25, 26, 60])
def test_search_pages_show_every_match_once_and_count_the_pages(as_user, front_desk, matches):
    lindqvists(matches)
    ClientFactory(last_name="Other")
    http, pages, seen = as_user(front_desk), math.ceil(matches / 25), []
    for number in range(1, pages + 1):
        page = http.get(reverse("intake:client_list"), {"q": "lindqvist", "page": number})
        seen += page.context["object_list"]
        assert (f"Page {number} of {pages}" in page.content.decode()) == (pages > 1)
    assert len(seen) == len(set(seen)) == matches


def client_reads(http, query: str, page: int = 1) -> tuple[str, list[str]]:
    """The search page for `query` and the SQL of its reads of clients."""
    with CaptureQueriesContext(connection) as queries:
        response = http.get(reverse("intake:client_list"), {"q": query, "page": page})
    assert response.status_code == 200
    reads = [query["sql"] for query in queries.captured_queries if '"intake_client"' in query["sql"]]
    return response.content.decode(), reads


@pytest.mark.parametrize(("matches", "page"), [(3, 1), (26, 1), (60, 2), (60, 3)])
def test_a_search_by_a_long_word_counts_its_matches_in_the_read_that_finds_them(
    as_user, front_desk, matches, page
):
    lindqvists(matches)
    shown, reads = client_reads(as_user(front_desk), "lindqvist", page)
    assert len(reads) == 1
    assert (f"Page {page} of {math.ceil(matches / 25)}" in shown) == (matches > 25)


@pytest.mark.parametrize(("matches", "counted"), [(25, False), (26, True)])
def test_a_search_by_short_words_counts_only_matches_that_fill_more_than_a_page(
    as_user, front_desk, matches, counted
):
    lindqvists(matches)
    shown, reads = client_reads(as_user(front_desk), "li an")
    assert [sql.startswith("SELECT COUNT(") for sql in reads] == ([False, True] if counted else [False])
    assert ("Page 1 of 2" in shown) == counted


def test_a_page_past_the_last_match_is_not_found(as_user, front_desk):
    lindqvists(30)
    for query in ("lindqvist", "li an"):
        page = as_user(front_desk).get(reverse("intake:client_list"), {"q": query, "page": 3})
        assert page.status_code == 404


VALID = {"first_name": "Noor", "last_name": "Rahman", "date_of_birth": "1993-02-11", "phone": "07700 900555"}


def test_front_desk_registers_a_client(as_user, front_desk):
    response = as_user(front_desk).post(reverse("intake:client_create"), VALID)
    client = Client.objects.get()
    assert response.url == client.get_absolute_url()
    assert client.created_by == front_desk


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "cannot be in the future"),
        ({"date_of_birth": "1993-02-30"}, "date_of_birth", "Enter a valid date"),
        ({"first_name": ""}, "first_name", "This field is required"),
        ({"email": "not-an-email"}, "email", "Enter a valid email address"),
        ({"first_name": "x" * 101}, "first_name", "at most 100 characters"),
    ],
)
def test_bad_client_input_is_explained_and_kept(as_user, front_desk, change, field, message):
    data = {**VALID, **change}
    response = as_user(front_desk).post(reverse("intake:client_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form.data["last_name"] == "Rahman"
    assert not Client.objects.exists()


def test_duplicate_client_is_refused_with_a_clear_message(as_user, front_desk):
    ClientFactory(first_name="Noor", last_name="Rahman", date_of_birth=datetime.date(1993, 2, 11))
    response = as_user(front_desk).post(
        reverse("intake:client_create"), {**VALID, "first_name": "NOOR", "last_name": "rahman"}
    )
    assert response.status_code == 200
    assert "already registered" in response.content.decode()
    assert Client.objects.count() == 1


def test_front_desk_edits_details(as_user, front_desk, client_record):
    url = reverse("intake:client_update", args=[client_record.pk])
    as_user(front_desk).post(url, {**VALID, "first_name": "Amira", "last_name": "Haddad-Lee"})
    client_record.refresh_from_db()
    assert client_record.last_name == "Haddad-Lee"


@pytest.mark.parametrize(
    ("page", "method", "role"),
    [
        ("client_detail", "get", "front_desk"),
        ("client_update", "get", "front_desk"),
        ("intake_create", "get", "front_desk"),
        ("intake_link_create", "get", "front_desk"),
        ("client_print", "get", "front_desk"),
        ("book", "get", "front_desk"),
        ("client_timeline", "get", "aesthetician"),
        ("clearance_create", "get", "aesthetician"),
        ("intake_request", "post", "aesthetician"),
    ],
)
def test_a_page_of_an_unknown_client_is_404(request, as_user, client_record, page, method, role):
    browser = as_user(request.getfixturevalue(role))
    known = getattr(browser, method)(reverse(f"intake:{page}", args=[client_record.pk]))
    unknown = getattr(browser, method)(reverse(f"intake:{page}", args=[client_record.pk + 1]))

    assert known.status_code in (200, 302)
    assert unknown.status_code == 404


def test_the_record_lists_upcoming_appointments_and_intake_versions(
    as_user, front_desk, client_record, practitioner, at
):
    for day in ("2026-01-05", "2026-03-02"):
        intake_submit(client=client_record, document=document(client_record, intake_date=day), by=front_desk)


    def book(site, start, status, **fields):
        treatment = f"microdermabrasion-{site}"
        return appointment_stored(
            client_record, practitioner, start, treatment=treatment, status=status, **fields
        )

    later = book("scalp", at(14), AppointmentStatus.BOOKED, intensity=Intensity.objects.get(code="gentle"))
    sooner = book("face", at(10), AppointmentStatus.PENDING_REVIEW)
    book("face", at(10) - datetime.timedelta(days=30), AppointmentStatus.FULFILLED)  # past: not listed
    page = as_user(front_desk).get(client_record.get_absolute_url()).content.decode()

    def items(section_id: str) -> list[str]:
        section = re.search(rf'id="{section_id}".*?</ul>', page, re.S).group()
        listed = re.findall(r"<li[^>]*>(.*?)</li>", section, re.S)
        return [" ".join(strip_tags(item).split()) for item in listed]

    def when(moment) -> str:
        return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M}"

    who = practitioner.user.get_full_name()
    assert items("appointments-heading") == [
        f"{when(at(10))} · Facial microdermabrasion · {who} · Pending review",
        f"{when(at(14))} · Scalp microdermabrasion (Gentle) · {who} · Confirmed",
    ]
    assert page.index(sooner.get_absolute_url()) < page.index(later.get_absolute_url())
    assert "Current intake: version 2, 2 Mar 2026" in page
    assert items("versions") == [
        f"v2 · 2 Mar 2026 · Filled in by staff recorded by {front_desk.username}",
        f"v1 · 5 Jan 2026 · Filled in by staff recorded by {front_desk.username}",
    ]
    versions = re.search(r'id="versions".*?</ul>', page, re.S).group()
    assert re.findall(r'href="([^"]+)">v\d', versions) == [
        reverse("intake:intake_detail", args=[client_record.pk, version]) for version in (2, 1)
    ]


def test_the_record_lists_the_days_appointments_after_they_started(
    as_user, front_desk, client_record, practitioner
):
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    this_morning = appointment_stored(client_record, practitioner, midnight + datetime.timedelta(minutes=1))
    appointment_stored(client_record, practitioner, midnight - datetime.timedelta(hours=2))  # yesterday
    page = as_user(front_desk).get(client_record.get_absolute_url()).content.decode()

    assert re.findall(r'href="(/appointments/\d+/)"', page) == [this_morning.get_absolute_url()]


def record_buttons(page: str) -> list[tuple[str, str]]:
    """The (label, link) of each button on a client's record."""
    buttons = re.findall(r'<a class="btn [^"]+" href="([^"]+)">([^<]+)</a>', page)
    return [(label, link) for link, label in buttons]


def test_the_record_offers_the_front_desk_its_actions(as_user, front_desk, client_record):
    http, pk = as_user(front_desk), client_record.pk
    before = record_buttons(http.get(client_record.get_absolute_url()).content.decode())
    intake_submit(client=client_record, document=document(client_record), by=front_desk)
    after = record_buttons(http.get(client_record.get_absolute_url()).content.decode())

    def link(name: str) -> str:
        return reverse(f"intake:{name}", args=[pk])

    common = [
        ("Edit details", link("client_update")),
        ("Timeline", link("client_timeline")),
        ("Print record", link("client_print")),
        ("Send intake link", link("intake_link_create")),
    ]
    assert before == [*common, ("Fill in intake", link("intake_create")), ("Book a treatment", link("book"))]
    assert after == [*common, ("Update intake", link("intake_create")), ("Book a treatment", link("book"))]


def test_a_reader_of_records_is_offered_only_to_read_them(as_user, client_record):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    reader = UserFactory()
    reader.user_permissions.add(Permission.objects.get(codename="view_client"))
    page = as_user(reader).get(client_record.get_absolute_url()).content.decode()
    assert [label for label, _ in record_buttons(page)] == ["Timeline", "Print record"]
