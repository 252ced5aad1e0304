"""intake_submit: every submit is a new immutable version; bad documents are refused by field."""

import pytest

from intake.documents import DocumentError
from intake.models import Intake
from intake.services.intakes import intake_submit
from tests.factories import document

pytestmark = pytest.mark.django_db


def test_first_submit_is_version_one_and_current(client_record, front_desk):
    intake = intake_submit(
        client=client_record,
        document=document(
            client_record,
            conditions=[{"code": "eczema", "status": "active", "sites": ["face", "hands"]}],
            medications=[{"code": "isotretinoin", "current": False, "last_taken": "2026-08-01"}],
            procedures=[{"code": "chemical-peel", "date": "2026-11-15", "sites": ["face"]}],
            answers={"sunburn_sites": ["scalp"], "aluminium_allergy": True},
        ),
        by=front_desk,
    )
    assert (intake.version, intake.is_current, intake.created_by) == (1, True, front_desk)
    condition = intake.conditions.get()
    assert (condition.condition.code, condition.status) == ("eczema", "active")
    assert sorted(condition.sites.values_list("code", flat=True)) == ["face", "hands"]
    assert intake.medications.get().last_taken.isoformat() == "2026-08-01"
    assert list(intake.sunburn_sites.values_list("code", flat=True)) == ["scalp"]
    assert intake.aluminium_allergy is True


def test_second_submit_supersedes_and_keeps_the_first_unchanged(client_record, front_desk):
    first = intake_submit(
        client=client_record,
        document=document(client_record, conditions=[{"code": "eczema", "status": "active"}]),
        by=front_desk,
    )
    second = intake_submit(
        client=client_record,
        document=document(client_record, conditions=[{"code": "eczema", "status": "remission"}]),
        by=front_desk,
    )
    first.refresh_from_db()
    assert (first.version, first.is_current) == (1, False)
    assert (second.version, second.is_current) == (2, True)
    assert first.conditions.get().status == "active"
    assert Intake.objects.filter(client=client_record, is_current=True).get() == second


@pytest.mark.parametrize(
    ("sections", "field"),
    [
        ({"conditions": [{"code": "exzema", "status": "active"}]}, "conditions[0].code"),
        ({"conditions": [{"code": "eczema", "status": "flaring"}]}, "conditions[0].status"),
        ({"procedures": [{"code": "laser", "date": "2026-11-21"}]}, "procedures[0].date"),
        ({"procedures": [{"code": "laser", "date": "2026-02-30"}]}, "procedures[0].date"),
        ({"answers": {"sunburn_sites": ["elbow"]}}, "answers.sunburn_sites[0]"),
        (
            {"previous_sessions": [{"treatment": "tattoo", "date": "2026-01-01"}]},
            "previous_sessions[0].treatment",
        ),
        ({"skin": {"fitzpatrick": 7}}, "skin.fitzpatrick"),
    ],
)
def test_bad_documents_are_refused_naming_the_field(client_record, front_desk, sections, field):
    with pytest.raises(DocumentError) as error:
        intake_submit(client=client_record, document=document(client_record, **sections), by=front_desk)
    assert error.value.field == field
    assert not Intake.objects.exists()


def test_missing_required_field_is_named(client_record, front_desk):
    with pytest.raises(DocumentError) as error:
        intake_submit(
            client=client_record, document={"client": {"date_of_birth": "1990-04-01"}}, by=front_desk
        )
    assert error.value.field == "intake_date"


def test_document_of_another_person_is_refused(client_record, front_desk):
    other = document(client_record)
    other["client"]["date_of_birth"] = "1970-01-01"
    with pytest.raises(DocumentError) as error:
        intake_submit(client=client_record, document=other, by=front_desk)
    assert error.value.field == "client.date_of_birth"
