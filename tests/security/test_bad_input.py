"""Bad input, table-driven over every form (client, intake, sign-in, search) and import_intake.

Markup comes back escaped, SQL metacharacters are only text, oversize text gets a clear error,
unicode is kept exactly, bad dates are explained, a post without a CSRF token is refused; nothing
answers 500 (the test client raises on any server error, so an exception fails the test).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from intake.models import Client as ClientRecord
from intake.models import Intake
from tests.factories import ClientFactory, UserFactory, document
from tests.security.test_authorization_matrix import ADMIN, ADMIN_SAMPLES, MATRIX

pytestmark = pytest.mark.django_db

MARKUP = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)",
    "</textarea><script>alert(1)</script>",
    "{{ request.user.password }}{% debug %}",
    "javascript:alert(1)",
]
SQL = ["' OR 1=1 --", "'; DROP TABLE intake_client; --", '" OR ""="', "%", "_", "\\", "1; SELECT pg_sleep(5)"]
UNICODE = [
    "مريم الحداد",  # Arabic, right to left
    "שירה",  # Hebrew
    "Zoe\u0308",  # e + combining diaeresis, not the precomposed ë
    "Zoë",
    "Nguyễn Thị Ánh",
    "美咲",
    "Ana 👩🏽‍⚕️",  # emoji with skin tone and zero-width joiner
    "\u202eevil.exe",  # right-to-left override
    "Ǆemal Ⅻ ﬁ",  # characters NFKC would change
]
BAD_DATES = ["2026-02-30", "2026-13-01", "0000-00-00", "99999-01-01", "not a date", "2026-02-3O", "1e10"]

TODAY = timezone.localdate().isoformat()
NEW_CLIENT = {
    "first_name": "Noor",
    "last_name": "Rahman",
    "date_of_birth": "1993-02-11",
    "phone": "07700 900555",
}
EMPTY_FORMSETS = {
    f"{prefix}-{key}": value
    for prefix in ("conditions", "medications", "procedures", "prior_treatments")
    for key, value in (("TOTAL_FORMS", "1"), ("INITIAL_FORMS", "0"))
}


@dataclass(frozen=True)
class Target:
    """One place text goes in: how to send a value there, and what was stored from it."""

    name: str
    max_length: int
    send: Callable  # (http, client record, value) -> response, redirects followed
    stored: Callable | None = None  # (client record) -> the stored text, or None when nothing was
    too_long: str = ""  # the error an oversize value gets, when not Django's "at most N characters"


def created_client(field):
    """Read `field` of the client the registration form made (it has NEW_CLIENT's birth date)."""

    def read(record):
        made = ClientRecord.objects.filter(date_of_birth=NEW_CLIENT["date_of_birth"]).first()
        return getattr(made, field) if made else None

    return read


def edited_client(field):
    """Read `field` of the edited client."""
    return lambda record: getattr(ClientRecord.objects.get(pk=record.pk), field)


def intake_answer(field):
    """Read `field` of the client's newest intake version, None when there is none."""

    def read(record):
        intake = Intake.objects.filter(client=record).order_by("-version").first()
        return getattr(intake, field) if intake else None

    return read


def post_client_form(field):
    """Register a client with `field` set to the value."""
    return lambda http, record, value: http.post(
        reverse("intake:client_create"), {**NEW_CLIENT, field: value}, follow=True
    )


def post_client_edit(field):
    """Edit the client with `field` set to the value."""
    data = {"first_name": "Amira", "last_name": "Haddad", "date_of_birth": "1990-04-01"}
    return lambda http, record, value: http.post(
        reverse("intake:client_update", args=[record.pk]), {**data, field: value}, follow=True
    )


def post_intake(field, **extra):
    """Submit an intake with `field` set to the value."""
    return lambda http, record, value: http.post(
        reverse("intake:intake_create", args=[record.pk]),
        {**EMPTY_FORMSETS, "intake_date": TODAY, **extra, field: value},
        follow=True,
    )


def post_login(http, record, value):
    """Sign in (signed out) with the value as username."""
    return Client().post(reverse("login"), {"username": value, "password": "whatever"}, follow=True)


def post_admin_login(http, record, value):
    """Sign in to the Django admin (signed out) with the value as username."""
    data = {"username": value, "password": "whatever", "next": "/admin/"}
    return Client().post(reverse("admin:login"), data, follow=True)


def search(http, record, value):
    """Search the client list for the value."""
    return http.get(reverse("intake:client_list"), {"q": value})


CONSENT = {"consent_given": "on"}
TARGETS = [
    Target("client: first name", 100, post_client_form("first_name"), created_client("first_name")),
    Target("client: last name", 100, post_client_form("last_name"), created_client("last_name")),
    Target("client: phone", 30, post_client_form("phone"), created_client("phone")),
    Target("client: notes", 2000, post_client_form("notes"), created_client("notes")),
    Target("client edit: last name", 100, post_client_edit("last_name"), edited_client("last_name")),
    Target("client edit: notes", 2000, post_client_edit("notes"), edited_client("notes")),
    Target("intake: skin concerns", 2000, post_intake("concerns"), intake_answer("concerns")),
    Target("intake: goals", 2000, post_intake("goals"), intake_answer("goals")),
    Target(
        "intake: consent signed by",
        200,
        post_intake("consent_name", **CONSENT),
        intake_answer("consent_name"),
    ),
    Target("intake: guardian", 200, post_intake("guardian_name"), intake_answer("guardian_name")),
    # Django's sign-in forms do not bound the username; a wrong one is just a failed sign-in.
    Target("sign-in: username", 150, post_login, too_long="Please enter a correct username and password"),
    Target("admin sign-in: username", 150, post_admin_login, too_long="Please enter the correct username"),
    Target("search", 100, search),
]
TEXT_TARGETS = [target for target in TARGETS if target.name != "client: phone"]


@pytest.fixture
def http(as_user, front_desk):
    """Front desk, signed in."""
    return as_user(front_desk)


@pytest.fixture
def record(db):
    """The client edited and given intakes (born 1 April 1990)."""
    return ClientFactory(first_name="Amira", last_name="Haddad")


@pytest.mark.parametrize("payload", MARKUP)
@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
def test_markup_is_kept_as_text_and_shown_escaped(http, record, target, payload):
    response = target.send(http, record, payload)
    page = response.content.decode()
    assert response.status_code == 200
    assert escape(payload) in page
    if escape(payload) != payload:
        assert payload not in page
    if target.stored and target.max_length >= len(payload):
        assert target.stored(record) == payload


@pytest.mark.parametrize("value", UNICODE + SQL)
@pytest.mark.parametrize("target", TEXT_TARGETS, ids=lambda target: target.name)
def test_unicode_and_sql_metacharacters_are_kept_exactly(http, record, target, value):
    response = target.send(http, record, value)
    assert response.status_code == 200
    assert escape(value) in response.content.decode()
    if target.stored:
        assert target.stored(record) == value


@pytest.mark.parametrize("extra", [1, 100_000])
@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
def test_oversize_text_gets_a_clear_error_and_nothing_is_stored(http, record, target, extra):
    value = "x" * (target.max_length + extra)
    response = target.send(http, record, value)
    assert response.status_code == 200
    page = response.content.decode()
    if target.name == "search":
        assert f'value="{"x" * 100}"' in page, "the search box keeps the first 100 characters"
    else:
        assert (target.too_long or f"has at most {target.max_length} characters") in page
    if target.stored:
        assert target.stored(record) != value


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
def test_a_nul_character_is_refused_cleanly(http, record, target):
    response = target.send(http, record, "Ana\x00Lima")
    assert response.status_code == 200
    if target.name != "search":
        assert "Null characters are not allowed." in response.content.decode()
    if target.stored:
        assert target.stored(record) in (None, "", "Amira", "Haddad")


@pytest.mark.parametrize("query", SQL + ["%%", "__", "' OR '1'='1", "1=1", "Haddad' --"])
def test_search_treats_sql_metacharacters_as_plain_text(http, record, query):
    ClientFactory(first_name="Ben", last_name="Okafor")
    response = http.get(reverse("intake:client_list"), {"q": query})
    assert list(response.context["object_list"]) == []
    assert ClientRecord.objects.count() == 2


@pytest.mark.parametrize("name", UNICODE + ["O'Brien", "Ana_100%"])
def test_search_finds_names_as_they_were_typed(http, name):
    ClientFactory(first_name="Test", last_name=name)
    ClientFactory(first_name="Ben", last_name="Okafor")
    found = http.get(reverse("intake:client_list"), {"q": name}).context["object_list"]
    assert [client.last_name for client in found] == [name]


DATE_FIELDS = [
    (
        "client: date of birth",
        lambda http, record, value: post_client_form("date_of_birth")(http, record, value),
    ),
    ("intake: intake date", post_intake("intake_date")),
    ("intake: dermatologist clearance", post_intake("dermatologist_clearance_date")),
    (
        "intake: procedure date",
        post_intake("procedures-0-date", **{"procedures-0-procedure": "chemical-peel"}),
    ),
    (
        "intake: medication last taken",
        post_intake("medications-0-last_taken", **{"medications-0-medication": "isotretinoin"}),
    ),
]


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize(("name", "send"), DATE_FIELDS, ids=[name for name, _send in DATE_FIELDS])
def test_malformed_and_impossible_dates_are_explained(http, record, name, send, value):
    response = send(http, record, value)
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert not ClientRecord.objects.filter(first_name="Noor").exists()
    assert not Intake.objects.exists()


@pytest.mark.parametrize(
    ("name", "field", "value", "message"),
    [
        ("client", "date_of_birth", "2999-01-01", "The date of birth cannot be in the future."),
        ("intake", "intake_date", "2999-01-01", "The intake date cannot be in the future."),
        ("intake", "intake_date", "1989-12-31", "is after the intake date"),
    ],
)
def test_dates_that_cannot_be_true_are_explained(http, record, name, field, value, message):
    send = post_client_form(field) if name == "client" else post_intake(field)
    response = send(http, record, value)
    assert response.status_code == 200
    assert escape(message) in response.content.decode()


@pytest.mark.parametrize("query", BAD_DATES + ["31/02/1990", "29/02/2023", "01/01/0000"])
def test_search_by_an_impossible_date_finds_nothing_and_does_not_fail(http, record, query):
    assert list(http.get(reverse("intake:client_list"), {"q": query}).context["object_list"]) == []


def test_a_body_over_the_upload_limit_is_400(http, record):
    response = post_client_form("notes")(http, record, "x" * 3_000_000)
    assert response.status_code == 400
    assert not ClientRecord.objects.filter(first_name="Noor").exists()


def test_too_many_rows_are_refused_by_the_formset(http, record):
    response = post_intake("concerns", **{"conditions-TOTAL_FORMS": "5000"})(http, record, "")
    assert response.status_code == 200
    assert "Please submit at most 1000 forms." in response.content.decode()


@pytest.mark.parametrize("total", ["", "-1", "abc", "1e9"])
def test_a_tampered_management_form_stores_no_rows(http, record, total):
    response = post_intake("concerns", **{"medications-TOTAL_FORMS": total})(http, record, "")
    assert response.status_code == 200
    assert not Intake.objects.filter(medications__isnull=False).exists()


# The API's URL trees: token requests need no CSRF token; session requests do (docs/api.md).
API_TREES = ("/api/", "/fhir/", "/cds-services")


def every_url(records) -> list[str]:
    """One URL per matrix entry (both admin samples), path filled from the records."""
    return [
        reverse(name, kwargs=entry.kwargs(records))
        for key, entry in MATRIX.items()
        for name in (ADMIN_SAMPLES if key == ADMIN else [key])
    ]


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_post_without_csrf_token_is_refused_everywhere(front_desk, records, signed_in):
    """No view is exempt from the CSRF check, signed in or not."""
    http = Client(enforce_csrf_checks=True)
    if signed_in:
        http.force_login(front_desk)
    for url in every_url(records):
        answer = http.post(url, {"first_name": "X"}).status_code
        if url.startswith(API_TREES) and not signed_in:
            # Without a session there is nothing to forge: the API asks for credentials (401), and
            # its public, read-only URLs take no POST at all (405).
            assert answer in (401, 405), url
        else:
            assert answer == 403, url


def import_document(record, tmp_path, content) -> str:
    """Run import_intake on the content (a document, or raw text or bytes); what it printed."""
    path = tmp_path / "intake.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    call_command("import_intake", str(record.pk), str(path))


def with_section(record, **sections) -> dict:
    """A valid document for the client, with the given sections."""
    return document(record, intake_date=TODAY, **sections)


@pytest.mark.parametrize("text", MARKUP + UNICODE + SQL)
def test_import_keeps_text_exactly_and_the_page_shows_it_escaped(as_user, front_desk, record, tmp_path, text):
    import_document(
        record,
        tmp_path,
        with_section(record, skin={"concerns": text}, consent={"given": True, "signed_by": text}),
    )
    intake = Intake.objects.get(client=record)
    assert intake.concerns == intake.consent_name == text
    page = as_user(front_desk).get(record.get_absolute_url()).content.decode()
    assert escape(text) in page
    if "<" in text:
        assert text not in page


BAD_DOCUMENTS = [
    ("oversize text", lambda record: with_section(record, skin={"concerns": "x" * 2001}), "skin.concerns"),
    ("NUL in text", lambda record: with_section(record, skin={"concerns": "a\x00b"}), "skin.concerns"),
    (
        "NUL in a name",
        lambda record: with_section(record, consent={"given": True, "signed_by": "\x00"}),
        "consent.signed_by",
    ),
    ("impossible date", lambda record: {**with_section(record), "intake_date": "2026-02-30"}, "intake_date"),
    (
        "date in another format",
        lambda record: {**with_section(record), "intake_date": "20/11/2026"},
        "intake_date",
    ),
    (
        "malformed date",
        lambda record: with_section(record, procedures=[{"code": "laser", "date": "9999-99-99"}]),
        "procedures[0].date",
    ),
    ("huge number", lambda record: with_section(record, skin={"fitzpatrick": 10**400}), "skin.fitzpatrick"),
    ("NaN", lambda record: with_section(record, skin={"fitzpatrick": float("nan")}), "skin.fitzpatrick"),
    ("wrong type", lambda record: with_section(record, skin={"sensitive": "yes"}), "skin.sensitive"),
    (
        "markup as a code",
        lambda record: with_section(record, conditions=[{"code": "<script>", "status": "active"}]),
        "conditions[0].code",
    ),
    ("not an object", lambda record: ["intake"], "must be a JSON object"),
]


@pytest.mark.parametrize(("name", "build", "field"), BAD_DOCUMENTS, ids=[case[0] for case in BAD_DOCUMENTS])
def test_import_refuses_a_bad_document_naming_the_field(record, tmp_path, name, build, field):
    with pytest.raises(CommandError, match=field.replace("[", r"\[").replace("]", r"\]")):
        import_document(record, tmp_path, build(record))
    assert not Intake.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "not valid JSON"),
        ("{'intake_date': 1}", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
    ids=["empty", "python not json", "not UTF-8", "deep nesting"],
)
def test_import_refuses_a_file_that_is_not_a_document(record, tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        import_document(record, tmp_path, content)
    assert not Intake.objects.exists()


def test_import_refuses_an_unknown_client(tmp_path, record):
    with pytest.raises(CommandError, match="No client with id"):
        call_command("import_intake", str(record.pk + 1000), str(tmp_path / "missing.json"))


def test_a_role_less_user_posting_bad_input_is_refused_before_it_is_read(client, record):
    client.force_login(UserFactory(username="norole"))
    response = client.post(reverse("intake:client_create"), {**NEW_CLIENT, "first_name": MARKUP[0]})
    assert response.status_code == 403
