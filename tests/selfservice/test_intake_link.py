"""Pre-visit intake links: one client's form only, once, until expiry; progress kept; consent signed."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from intake.models import AuditEntry, ConsentSignature, ConsentText, Flag, Intake, IntakeLink, Treatment
from intake.selectors import consent_states
from intake.services.selfservice import consent_text_publish, intake_link_create
from intake.views.selfservice import REQUESTS_PER_LINK
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "sensitive": "no",
    "dandruff": "no",
    "itch": "no",
    "oiliness": "no",
    "hair_loss": "no",
    "pregnant": "no",
    "breastfeeding": "no",
    "aluminium_allergy": "no",
    "keloid_scarring": "no",
    "condition_eczema": "active",
    "condition_eczema_sites": ["face"],
    "consent": "on",
    "signer_name": "Amira Haddad",
    "signature": "data:image/png;base64,iVBORw0KGgo=",
}


@pytest.fixture
def link(client_record, front_desk):
    """A fresh link for the client and its token."""
    return intake_link_create(client=client_record, by=front_desk)


def url(token: str) -> str:
    return reverse("selfservice:intake", args=[token])


def test_the_link_opens_only_that_clients_form(client, link, client_record):
    ClientFactory(first_name="Zed", last_name="Other")
    page = client.get(url(link[1]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hello Amira" in text and "Zed" not in text and "Haddad" not in text


@pytest.mark.parametrize("token", ["", "x" * 43, "not-a-token", "a" * 200])
def test_an_unknown_token_shows_the_polite_page_and_nothing_else(client, link, token):
    page = client.get(f"/i/{token}/") if token else client.get("/i//")
    assert page.status_code == 404
    assert "Amira" not in page.content.decode()


def test_submitting_screens_the_intake_and_signs_consent_and_spends_the_link(client, link, client_record):
    token = link[1]
    response = client.post(url(token), {**ANSWERS, "submit": "1"}, HTTP_USER_AGENT="PhoneBrowser/1.0")
    assert response.url == reverse("selfservice:done")
    intake = Intake.objects.get(client=client_record)
    assert (intake.source, intake.needs_check) == (Intake.Source.CLIENT, True)
    assert intake.conditions.get().status == "active"
    assert Flag.objects.filter(client=client_record, rule__code="ECZ-ACTIVE").exists()
    signatures = ConsentSignature.objects.filter(client=client_record)
    assert signatures.count() == ConsentText.objects.count() == 2
    signature = signatures.first()
    assert (signature.signer_name, signature.user_agent, signature.consent_text.version) == (
        "Amira Haddad",
        "PhoneBrowser/1.0",
        1,
    )
    assert signature.ip_address == "127.0.0.1"
    for signed in signatures:
        assert signed.history.get().history_type == "+"
        entry = AuditEntry.objects.get(model="intake.consentsignature", object_id=str(signed.pk))
        assert (entry.client_id, entry.changes["signer_name"]) == (client_record.pk, [None, "Amira Haddad"])
    again = client.get(url(token))
    assert again.status_code == 404 and "no longer valid" in again.content.decode()
    assert client.post(url(token), {**ANSWERS, "submit": "1"}).status_code == 404
    assert Intake.objects.filter(client=client_record).count() == 1


def test_an_expired_link_is_refused(client, link):
    IntakeLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(url(link[1])).status_code == 404


def test_progress_is_saved_and_restored(client, link):
    token = link[1]
    client.post(
        url(token), {"concerns": "Dry patches on my cheeks", "condition_eczema": "inactive", "save": "1"}
    )
    page = client.get(url(token))
    form = page.context["form"]
    assert form["concerns"].value() == "Dry patches on my cheeks"
    assert form["condition_eczema"].value() == "inactive"


def test_progress_is_saved_as_the_client_goes(client, link):
    response = client.post(reverse("selfservice:save", args=[link[1]]), {"goals": "Smoother skin"})
    assert response.json() == {"saved": True}
    assert IntakeLink.objects.get().draft["goals"] == ["Smoother skin"]


def test_bad_answers_are_explained_and_kept(client, link):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    page = client.post(
        url(link[1]), {**ANSWERS, "procedure_laser_date": future, "signer_name": "", "submit": "1"}
    )
    assert page.status_code == 200
    form = page.context["form"]
    assert "This date is in the future." in form.errors["procedure_laser_date"]
    assert "signer_name" in form.errors
    assert form["condition_eczema"].value() == "active"
    assert not Intake.objects.exists()


def test_a_minor_needs_a_guardian(client, front_desk):
    minor = ClientFactory(date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 15))
    _, token = intake_link_create(client=minor, by=front_desk)
    page = client.post(url(token), {**ANSWERS, "submit": "1"})
    assert "A parent or guardian must sign" in " ".join(page.context["form"].errors["guardian_name"])


def test_requests_to_a_link_are_rate_limited(client, link):
    statuses = [client.get(url(link[1])).status_code for _ in range(REQUESTS_PER_LINK + 1)]
    assert statuses[0] == 200 and statuses[-1] == 429


def test_consent_versions_show_who_must_sign_again(client, link, client_record, clinic_admin):
    face = Treatment.objects.get(code="microdermabrasion-face")
    key = (client_record.pk, face.pk)
    assert consent_states([key]) == {key: "missing"}
    client.post(url(link[1]), {**ANSWERS, "submit": "1"})
    assert consent_states([key]) == {key: "signed"}
    published = consent_text_publish(treatment=face, text="New wording", by=clinic_admin)
    assert consent_states([key]) == {key: "outdated"}
    entry = AuditEntry.objects.get(model="intake.consenttext", object_id=str(published.pk))
    assert (entry.username, entry.changes["version"]) == ("clinicadmin", [None, 2])
    assert ConsentText.objects.filter(treatment=face).count() == 2


def test_consent_states_of_a_days_clients_are_read_together(clinic_admin):
    codes = ("microdermabrasion-face", "microdermabrasion-scalp", "consultation-face")
    face, scalp, consultation = (Treatment.objects.get(code=code) for code in codes)  # consultation: no text
    clients = ClientFactory.create_batch(5)

    def sign(client, treatment):
        text = ConsentText.objects.filter(treatment=treatment).order_by("version").last()
        ConsentSignature.objects.create(
            client=client, consent_text=text, signed_at=timezone.now(), signer_name=client.full_name
        )

    sign(clients[0], face)
    sign(clients[1], face)
    sign(clients[2], scalp)
    consent_text_publish(treatment=face, text="New wording", by=clinic_admin)
    sign(clients[1], face)
    others = [(clients[2].pk, scalp.pk), (clients[3].pk, consultation.pk)]
    states = consent_states([(client.pk, face.pk) for client in clients] + others)
    assert [states[client.pk, face.pk] for client in clients] == ["outdated", "signed"] + ["missing"] * 3
    assert states[clients[2].pk, scalp.pk] == "signed"
    assert (clients[3].pk, consultation.pk) not in states
    assert consent_states([]) == {}


def test_front_desk_sends_a_link_by_email_and_sees_a_qr_code(as_user, front_desk, client_record):
    page = as_user(front_desk).post(
        reverse("intake:intake_link_create", args=[client_record.pk]), {"email": "amira@example.com"}
    )
    assert "<svg" in page.content.decode()
    assert mail.outbox[0].to == ["amira@example.com"]
    token_url = page.context["url"]
    assert token_url in mail.outbox[0].body
    assert IntakeLink.objects.get().token_hash not in token_url


def test_staff_mark_a_client_submitted_intake_as_checked(as_user, client, link, front_desk, client_record):
    client.post(url(link[1]), {**ANSWERS, "submit": "1"})
    http = as_user(front_desk)
    assert "Submitted by the client" in http.get(client_record.get_absolute_url()).content.decode()
    http.post(reverse("intake:intake_check", args=[client_record.pk, 1]))
    intake = Intake.objects.get()
    assert (intake.needs_check, intake.checked_by) == (False, front_desk)


def test_print_record_shows_answers_findings_and_signature(
    as_user, client, link, aesthetician, client_record
):
    client.post(url(link[1]), {**ANSWERS, "submit": "1"})
    page = as_user(aesthetician).get(reverse("intake:client_print", args=[client_record.pk])).content.decode()
    assert "Intake version 1" in page and "Active eczema flare-up" in page
    assert "consent text v1" in page and 'src="data:image/png;base64,iVBORw0KGgo="' in page
