"""Who may open which URL: every URL pattern, for every role, checked against one matrix.

The matrix is also the table in docs/security.md; `test_docs_publish_the_matrix` keeps the two the
same (set UPDATE_SECURITY_DOCS=1 to rewrite the table from the matrix).
"""
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from intake.models import Treatment
from intake.services.booking import BookingRequest, appointment_book
from intake.services.intakes import intake_submit
from intake.services.review import clearance_record
from tests.factories import ClientFactory, UserFactory, document, letter
from tests.two_factor import pass_two_factor

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "security.md"
TABLE_START, TABLE_END = "<!-- authorization-matrix: start -->", "<!-- authorization-matrix: end -->"

ROLES = ["Anonymous", "Front desk", "Aesthetician", "Clinic admin", "Clinic admin, before two-factor"]
OK = "200"
SIGN_IN = "302 sign in"
TWO_FACTOR = "302 two-factor"
ELSEWHERE = "302"
FORBIDDEN = "403"
NOT_FOUND = "404"
WRONG_METHOD = "405"
UNAUTHORIZED = "401"
STAFF_PAGE = (SIGN_IN, OK, OK, OK, TWO_FACTOR)
# The API answers a request without credentials 401 (it does not send anyone to a sign-in page);
# a session owing two-factor is sent to it, as on every page. Tokens: tests/api/test_permissions.py.
API_READ = (UNAUTHORIZED, OK, OK, OK, TWO_FACTOR)
API_POST_ONLY = (UNAUTHORIZED, WRONG_METHOD, WRONG_METHOD, WRONG_METHOD, TWO_FACTOR)
PUBLIC = (OK, OK, OK, OK, TWO_FACTOR)


@dataclass(frozen=True)
class Entry:
    """Expected answers to GET of one URL, one per role in ROLES order, and how to fill its path."""

    answers: tuple[str, ...]
    kwargs: callable = field(default=lambda records: {})
    note: str = ""


CLIENT = lambda records: {"pk": records.client.pk}  # noqa: E731
APPOINTMENT = lambda records: {"pk": records.appointment.pk}  # noqa: E731
INTAKE = lambda records: {"pk": records.client.pk, "version": records.intake.version}  # noqa: E731
FLAG = lambda records: {"pk": records.client.flags.first().pk}  # noqa: E731
CDS_SERVICE = lambda records: {"service_id": "contraindication-screening"}  # noqa: E731
FINDING = lambda records: {  # noqa: E731
    "pk": records.appointment.pk,
    "finding": records.appointment.findings.first().pk,
}
REVIEW_FLAG = lambda records: {"pk": records.client.flags.first().pk, "action": "acknowledge"}  # noqa: E731
REVIEW_APPOINTMENT = lambda records: {"pk": records.appointment.pk, "action": "acknowledge"}  # noqa: E731
REVIEW_POST = (SIGN_IN, FORBIDDEN, WRONG_METHOD, WRONG_METHOD, TWO_FACTOR)
PRACTITIONERS = (SIGN_IN, FORBIDDEN, OK, OK, TWO_FACTOR)


def letter_of(records) -> dict:
    """A new clearance of the records' client, with its letter on file."""
    by, today = records.appointment.practitioner.user, timezone.localdate()
    return {"pk": clearance_record(client=records.client, by=by, date=today, letter=letter()).pk}


# The Django admin is one entry, checked on its index and on one model's list.
ADMIN = "admin:*"
ADMIN_SAMPLES = ["admin:index", "admin:intake_client_changelist"]

MATRIX = {
    "login": Entry((OK, OK, OK, OK, OK)),
    "logout": Entry((WRONG_METHOD,) * 5, note="sign out is a POST"),
    "healthz": Entry((OK,) * 5, note="reveals only whether the database answers"),
    "security:two_factor": Entry(STAFF_PAGE),
    "security:two_factor_setup": Entry((SIGN_IN, OK, OK, OK, OK)),
    "security:two_factor_verify": Entry(
        (SIGN_IN, TWO_FACTOR, TWO_FACTOR, OK, TWO_FACTOR), note="without an authenticator: to set-up"
    ),
    "security:backup_codes": Entry(
        (SIGN_IN, ELSEWHERE, ELSEWHERE, ELSEWHERE, TWO_FACTOR), note="codes are shown once, after set-up"
    ),
    "security:two_factor_disable": Entry(
        (SIGN_IN, WRONG_METHOD, WRONG_METHOD, WRONG_METHOD, TWO_FACTOR), note="a POST"
    ),
    "intake:home": Entry((ELSEWHERE, ELSEWHERE, ELSEWHERE, ELSEWHERE, TWO_FACTOR), note="to the client list"),
    "intake:client_list": Entry(STAFF_PAGE),
    "intake:client_create": Entry((SIGN_IN, OK, FORBIDDEN, OK, TWO_FACTOR)),
    "intake:client_detail": Entry(STAFF_PAGE, CLIENT),
    "intake:client_update": Entry(STAFF_PAGE, CLIENT),
    "intake:intake_create": Entry(STAFF_PAGE, CLIENT),
    "intake:intake_detail": Entry(
        STAFF_PAGE, lambda records: {"client_pk": records.client.pk, "version": records.intake.version}
    ),
    "intake:book": Entry(STAFF_PAGE, CLIENT),
    "intake:appointment_detail": Entry(STAFF_PAGE, APPOINTMENT),
    "intake:appointment_acknowledge": Entry(
        (SIGN_IN, FORBIDDEN, WRONG_METHOD, WRONG_METHOD, TWO_FACTOR), FINDING, note="a POST; cautions"
    ),
    "intake:appointment_intensity": Entry(
        (SIGN_IN, WRONG_METHOD, WRONG_METHOD, WRONG_METHOD, TWO_FACTOR), APPOINTMENT, note="a POST"
    ),
    "intake:appointment_move": Entry(
        (SIGN_IN, WRONG_METHOD, WRONG_METHOD, WRONG_METHOD, TWO_FACTOR), APPOINTMENT, note="a POST"
    ),
    "intake:appointment_cancel": Entry(
        (SIGN_IN, WRONG_METHOD, WRONG_METHOD, WRONG_METHOD, TWO_FACTOR), APPOINTMENT, note="a POST"
    ),
    "intake:appointment_check_in": Entry(
        (SIGN_IN, FORBIDDEN, WRONG_METHOD, WRONG_METHOD, TWO_FACTOR), APPOINTMENT, note="a POST; cautions"
    ),
    "intake:appointment_finish": Entry(
        (SIGN_IN, WRONG_METHOD, WRONG_METHOD, WRONG_METHOD, TWO_FACTOR), APPOINTMENT, note="a POST"
    ),
    "intake:aftercare": Entry(STAFF_PAGE, APPOINTMENT),
    "intake:schedule": Entry(STAFF_PAGE),
    "intake:notices": Entry(STAFF_PAGE),
    "intake:intake_link_create": Entry(STAFF_PAGE, CLIENT),
    "intake:intake_check": Entry(
        (SIGN_IN, WRONG_METHOD, WRONG_METHOD, WRONG_METHOD, TWO_FACTOR),
        lambda records: {"pk": records.client.pk, "version": records.intake.version},
        note="a POST",
    ),
    "intake:client_print": Entry(STAFF_PAGE, CLIENT),
    "selfservice:done": Entry((OK,) * 4 + (TWO_FACTOR,), note="the client's thank-you page; shows nothing"),
    "selfservice:intake": Entry(
        (NOT_FOUND,) * 4 + (TWO_FACTOR,),
        lambda records: {"token": "unknown-token"},
        note="no login: only a valid link opens it",
    ),
    "selfservice:save": Entry(
        (WRONG_METHOD,) * 4 + (TWO_FACTOR,), lambda records: {"token": "unknown-token"}, note="a POST"
    ),
    "rules:reference": Entry(STAFF_PAGE),
    "rules:rescreen": Entry(
        (SIGN_IN, FORBIDDEN, FORBIDDEN, WRONG_METHOD, TWO_FACTOR), note="a POST; clinic admins"
    ),
    "rules:what_if": Entry(
        (SIGN_IN, FORBIDDEN, FORBIDDEN, OK, TWO_FACTOR), note="tries unsaved rule changes"
    ),
    "intake:review_queue": Entry(STAFF_PAGE, note="the front desk reads it, without the actions"),
    "intake:review_flag": Entry(REVIEW_POST, REVIEW_FLAG, note="a POST; acknowledge, refer, resolve"),
    "intake:review_appointment": Entry(REVIEW_POST, REVIEW_APPOINTMENT, note="a POST; acknowledge, refer"),
    "intake:client_timeline": Entry(STAFF_PAGE, CLIENT),
    "intake:clearance_create": Entry(PRACTITIONERS, CLIENT),
    "intake:intake_request": Entry(REVIEW_POST, CLIENT, note="a POST"),
    "intake:clearance_letter": Entry(PRACTITIONERS, letter_of, note="a download; the view is logged"),
    "intake:dashboard": Entry((SIGN_IN, FORBIDDEN, FORBIDDEN, OK, TWO_FACTOR)),
    ADMIN: Entry((SIGN_IN, SIGN_IN, SIGN_IN, OK, TWO_FACTOR), note="staff only: the admin's own sign-in"),
    "api:client-list": Entry(API_READ, note="POST registers: front desk, clinic admin"),
    "api:client-detail": Entry(API_READ, CLIENT, note="PUT/PATCH: every role, as the page"),
    "api:intake-list": Entry(API_READ, CLIENT, note="POST stores a new version"),
    "api:intake-detail": Entry(API_READ, INTAKE),
    "api:screening": Entry(API_POST_ONLY, note="a POST; saves nothing"),
    "api:appointment-list": Entry(API_READ, note="POST books; an override needs its permission"),
    "api:appointment-detail": Entry(API_READ, APPOINTMENT),
    "api:flag-list": Entry(API_READ),
    "api:flag-detail": Entry(API_READ, FLAG),
    "api:schema": Entry(PUBLIC, note="the API's description, no data"),
    "api:docs": Entry(PUBLIC, note="Swagger UI; tries requests as the signed-in user"),
    "fhir:patient-everything": Entry(API_READ, CLIENT, note="FHIR R4 Bundle; the read is audited"),
    "cds:discovery": Entry(PUBLIC, note="CDS Hooks discovery: the services offered"),
    "cds:service": Entry(API_POST_ONLY, CDS_SERVICE, note="a POST: the appointment-book hook"),
    "cds:feedback": Entry(API_POST_ONLY, CDS_SERVICE, note="a POST; an override needs its permission"),
}


def url_patterns(resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""):
    """Yield (matrix key, route) for every URL pattern, descending into includes.

    The key is the namespaced name ("intake:client_detail"), the route for an unnamed pattern, and
    ADMIN for anything in the admin's namespace.
    """
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            if namespace.startswith("admin:"):
                yield ADMIN, route
            else:
                yield (f"{namespace}{pattern.name}" if pattern.name else route), route


def routes() -> dict[str, str]:
    """The route of each matrix key, as the table shows it."""
    found = {}
    for key, route in url_patterns():
        found.setdefault(key, "/admin/…" if key == ADMIN else f"/{route}")
    return found


def markdown_table() -> str:
    """The matrix as the Markdown table published in docs/security.md."""
    shown = routes()
    lines = [
        "| URL | name | " + " | ".join(ROLES) + " | note |",
        "|---|---|" + "---|" * len(ROLES) + "---|",
    ]
    for key, entry in MATRIX.items():
        answers = " | ".join(entry.answers)
        lines.append(f"| `{shown.get(key, '?')}` | `{key}` | {answers} | {entry.note} |")
    return "\n".join(lines)


@pytest.fixture
def browsers(front_desk, aesthetician, clinic_admin) -> dict[str, Client]:
    """One test client per role, signed in as that role would be."""
    users = {
        "Front desk": front_desk,
        "Aesthetician": aesthetician,
        "Clinic admin": clinic_admin,
        "Clinic admin, before two-factor": UserFactory(username="newadmin", role="Clinic admin"),
    }
    clients = {role: Client() for role in ROLES}
    for role, user in users.items():
        clients[role].force_login(user)
    pass_two_factor(clients["Clinic admin"], clinic_admin)
    return clients


def outcome(response) -> str:
    """A response as the matrix names it."""
    if response.status_code != 302:
        return str(response.status_code)
    sign_in_pages = (reverse("login"), reverse("admin:login"))
    if response.url.startswith(sign_in_pages):
        return SIGN_IN
    if response.url.startswith((reverse("security:two_factor_setup"), reverse("security:two_factor_verify"))):
        return TWO_FACTOR
    return ELSEWHERE


def test_every_url_has_an_entry_in_the_matrix():
    missing = sorted({key for key, _route in url_patterns()} - set(MATRIX))
    assert not missing, (
        f"No authorization entry for {missing}: add each to MATRIX in {__file__} with the answer every "
        "role should get, then refresh docs/security.md (UPDATE_SECURITY_DOCS=1)."
    )


def test_every_entry_names_an_existing_url():
    stale = sorted(set(MATRIX) - {key for key, _route in url_patterns()})
    assert not stale, f"MATRIX has entries for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("key", list(MATRIX))
def test_each_role_gets_the_expected_answer(key, records, browsers):
    entry = MATRIX[key]
    names = ADMIN_SAMPLES if key == ADMIN else [key]
    wrong = []
    for name in names:
        url = reverse(name, kwargs=entry.kwargs(records))
        for role, expected in zip(ROLES, entry.answers, strict=True):
            got = outcome(browsers[role].get(url))
            if got != expected:
                wrong.append(f"{role}: GET {url} gave {got}, the matrix says {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("key", [key for key in MATRIX if key != ADMIN])
def test_posting_is_refused_wherever_getting_is(key, records, browsers):
    """A refusal does not depend on the method: what GET may not see, POST may not change."""
    entry = MATRIX[key]
    url = reverse(key, kwargs=entry.kwargs(records))
    for role, expected in zip(ROLES, entry.answers, strict=True):
        if expected in (SIGN_IN, TWO_FACTOR, FORBIDDEN, UNAUTHORIZED):
            assert outcome(browsers[role].post(url, {"first_name": "Changed"})) == expected, role
    records.client.refresh_from_db()
    assert records.client.first_name != "Changed"


def test_docs_publish_the_matrix():
    text = DOCS.read_text()
    before, rest = text.split(TABLE_START)
    _old, after = rest.split(TABLE_END)
    fresh = f"{before}{TABLE_START}\n{markdown_table()}\n{TABLE_END}{after}"
    if fresh != text and os.environ.get("UPDATE_SECURITY_DOCS"):
        DOCS.write_text(fresh)
        text = fresh
    assert fresh == text, (
        "docs/security.md no longer matches the authorization matrix: run "
        "UPDATE_SECURITY_DOCS=1 .venv/bin/pytest tests/security/test_authorization_matrix.py"
    )


# Record level: every staff role may read every client today, so the guard is that an id which is
# not the record asked for (unknown, or another client's) gives 404 and shows no other record.


@pytest.mark.parametrize("role", ["front_desk", "aesthetician", "clinic_admin"])
@pytest.mark.parametrize("name", ["intake:client_detail", "intake:client_update", "intake:intake_create"])
def test_an_unknown_client_id_is_404(as_user, request, role, name, records):
    http = as_user(request.getfixturevalue(role))
    missing = records.client.pk + 1000
    assert http.get(reverse(name, args=[missing])).status_code == 404
    if name != "intake:client_detail":
        assert http.post(reverse(name, args=[missing]), {"first_name": "X"}).status_code == 404


@pytest.mark.parametrize("role", ["front_desk", "aesthetician", "clinic_admin"])
def test_another_clients_id_never_shows_this_clients_intake(as_user, request, role, records):
    other = ClientFactory(first_name="Other", last_name="Person")
    http = as_user(request.getfixturevalue(role))
    swapped = http.get(reverse("intake:intake_detail", args=[other.pk, records.intake.version]))
    assert swapped.status_code == 404
    assert records.client.last_name not in swapped.content.decode()
    unknown_version = http.get(reverse("intake:intake_detail", args=[records.client.pk, 99]))
    assert unknown_version.status_code == 404


def test_unknown_ids_do_not_reveal_themselves_to_outsiders(client, records):
    """Anonymous and role-less users get the same answer for a real and an unknown id."""
    real, unknown = records.client.pk, records.client.pk + 1000
    for http, expected in ((client, 302), (Client(), 403)):
        if expected == 403:
            http.force_login(UserFactory(username="norole"))
        for pk in (real, unknown):
            assert http.get(reverse("intake:client_detail", args=[pk])).status_code == expected


def test_the_matrix_roles_are_the_real_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Front desk", "Aesthetician", "Clinic admin"}


def test_a_finding_of_another_appointment_is_404(as_user, aesthetician, records, practitioner, at):
    other = ClientFactory()
    today = timezone.localdate().isoformat()
    intake_submit(client=other, document=document(other, intake_date=today), by=aesthetician)
    treatment = Treatment.objects.get(code="microdermabrasion-face")
    request = BookingRequest(client=other, treatment=treatment, practitioner=practitioner, start=at(14))
    theirs = appointment_book(request=request, by=aesthetician).findings.first()
    url = reverse("intake:appointment_acknowledge", args=[records.appointment.pk, theirs.pk])
    assert as_user(aesthetician).post(url, {"note": "swapped"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.acknowledged_by is None


def test_an_unknown_appointment_is_404(as_user, front_desk, records):
    http = as_user(front_desk)
    missing = records.appointment.pk + 1000
    assert http.get(reverse("intake:appointment_detail", args=[missing])).status_code == 404
    assert http.post(reverse("intake:appointment_cancel", args=[missing])).status_code == 404
