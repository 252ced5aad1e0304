"""An intake's entries read in one query: the summary the record pages show, and screening's lists, are
those of the stored entries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.documents import entry_lists_of
from intake.entries import Entry, intake_summarized
from intake.models import Clearance, Intake
from intake.selectors import intake_with_entries
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, appointment_stored, document

pytestmark = pytest.mark.django_db

# Sites given out of name order, two entries of a kind, a condition with no site: the summary lists
# entries as entered and each entry's sites by name.
EVERY_KIND = {
    "conditions": [
        {"code": "psoriasis", "status": "remission", "sites": ["scalp", "hands", "face"]},
        {"code": "eczema", "status": "active", "sites": []},
    ],
    "medications": [
        {"code": "isotretinoin", "current": False, "last_taken": "2026-06-01"},
        {"code": "topical-retinoid", "current": True, "last_taken": None},
    ],
    "procedures": [{"code": "laser", "date": "2026-11-02", "sites": ["neck", "face"]}],
    "answers": {"sunburn_sites": ["scalp", "back"], "broken_skin_sites": ["hands"]},
    "previous_sessions": [{"treatment": "microdermabrasion-face", "date": "2026-10-01"}],
    "consultations": [{"treatment": "microdermabrasion-scalp", "date": "2026-09-15"}],
}


@pytest.fixture
def stored() -> Intake:
    """A stored intake with entries of every kind, with its entries prefetched."""
    client = ClientFactory()
    intake = intake_submit(client=client, document=document(client, **EVERY_KIND), by=None)
    return intake_with_entries().get(pk=intake.pk)


def names(sites) -> list[str]:
    return sorted(site.name for site in sites.all())


def test_the_summary_shows_the_stored_entries_with_their_names(stored):
    summary = intake_summarized(Intake.objects.get(pk=stored.pk)).summary

    assert summary.conditions == [
        Entry(entry.condition.name, entry.get_status_display(), sites=names(entry.sites))
        for entry in stored.conditions.all()
    ]
    assert summary.conditions[0].sites == ["Face", "Hands", "Scalp"]
    assert summary.medications == [
        Entry(entry.medication.name, current=entry.current, date=entry.last_taken)
        for entry in stored.medications.all()
    ]
    assert summary.procedures == [
        Entry(entry.procedure.name, date=entry.date, sites=names(entry.sites))
        for entry in stored.procedures.all()
    ]
    assert summary.prior_treatments == [
        Entry(entry.treatment.name, entry.get_kind_display(), date=entry.date)
        for entry in stored.prior_treatments.all()
    ]
    assert summary.sunburn_sites == names(stored.sunburn_sites) == ["Back", "Scalp"]
    assert summary.broken_skin_sites == names(stored.broken_skin_sites)


def test_the_entries_read_with_the_summary_are_the_entries_screening_reads(stored):
    assert intake_summarized(Intake.objects.get(pk=stored.pk)).entry_lists == entry_lists_of(stored)


def test_an_intake_without_entries_has_an_empty_summary():
    client = ClientFactory()
    intake = intake_summarized(intake_submit(client=client, document=document(client), by=None))
    summary = intake.summary
    assert not (summary.conditions or summary.medications or summary.procedures or summary.prior_treatments)
    assert not (summary.sunburn_sites or summary.broken_skin_sites)


def test_the_summary_is_read_in_one_query(stored, django_assert_num_queries):
    intake = Intake.objects.get(pk=stored.pk)
    with django_assert_num_queries(1):
        intake_summarized(intake)


def test_the_clients_own_visits_come_with_the_entries_but_stay_out_of_the_summary(
    stored, practitioner, front_desk, django_assert_num_queries
):
    start = timezone.make_aware(datetime.datetime(2026, 11, 3, 10))
    appointment_stored(stored.client, practitioner, start, treatment="consultation-scalp", status="fulfilled")
    Clearance.objects.create(client=stored.client, by=front_desk, date=datetime.date(2026, 11, 5))
    intake = Intake.objects.get(pk=stored.pk)

    with django_assert_num_queries(1):
        intake_summarized(intake)

    assert sorted(intake.visits) == [
        ("clearance", "", datetime.date(2026, 11, 5)),
        ("consultation", "microdermabrasion-scalp", datetime.date(2026, 9, 15)),
        ("consultation", "microdermabrasion-scalp", datetime.date(2026, 11, 3)),
        ("session", "microdermabrasion-face", datetime.date(2026, 10, 1)),
    ]
    assert len(intake.summary.prior_treatments) == 2


@pytest.mark.parametrize("page", ["intake:client_detail", "intake:intake_detail", "intake:client_print"])
def test_the_record_pages_show_every_kind_of_entry(stored, page, as_user, aesthetician):
    args = [stored.client.pk, stored.version] if page == "intake:intake_detail" else [stored.client.pk]
    shown = as_user(aesthetician).get(reverse(page, args=args)).content.decode()

    psoriasis, eczema = stored.conditions.all()
    assert f"<strong>{psoriasis.condition}</strong> — Remission (Face, Hands, Scalp)</div>" in shown
    assert f"<strong>{eczema.condition}</strong> — Active (flare-up now)</div>" in shown
    isotretinoin, retinoid = stored.medications.all()
    assert f"<strong>{isotretinoin.medication}</strong> — last taken 1 Jun 2026" in shown
    assert f"<strong>{retinoid.medication}</strong> — taken now" in shown
    assert f"<strong>{stored.procedures.get().procedure}</strong> — 2 Nov 2026 (Face, Neck)" in shown
    session, consultation = stored.prior_treatments.all()
    assert f"Treatment session: {session.treatment} (1 Oct 2026)" in shown
    assert f"Consultation: {consultation.treatment} (15 Sep 2026)" in shown
    assert "Sunburnt now at: Back, Scalp" in shown
    assert "Broken skin at: Hands" in shown
