"""`manage.py screen`: what-if screening of a document, exactly as the intake-document contract says."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from intake.management.commands.screen import Command
from intake.models import Client, Flag

pytestmark = pytest.mark.django_db
DOCUMENT = {
    "intake_date": "2026-11-20",
    "client": {"date_of_birth": "1990-04-01", "guardian_consent": False},
    "skin": {"fitzpatrick": 3, "sensitive": True},
    "conditions": [{"code": "eczema", "status": "active", "sites": ["face", "hands"]}],
    "medications": [{"code": "isotretinoin", "current": False, "last_taken": "2026-08-01"}],
    "procedures": [{"code": "chemical-peel", "date": "2026-11-15", "sites": ["face"]}],
    "answers": {"pregnant": False, "sunburn_sites": [], "broken_skin_sites": []},
    "previous_sessions": [{"treatment": "microdermabrasion-face", "date": "2026-11-10"}],
    "consultations": [{"treatment": "microdermabrasion-scalp", "date": "2026-10-01"}],
    "dermatologist_clearance": {"date": "2026-10-05"},
}


FACE_ON_1_DEC = ["--treatment", "microdermabrasion-face", "--date", "2026-12-01"]


@pytest.fixture
def document_file(tmp_path):
    """Write a document (the contract's example unless given) to a file and return its path."""

    def write(data=DOCUMENT, text=None):
        path = tmp_path / "document.json"
        path.write_text(text if text is not None else json.dumps(data))
        return str(path)

    return write


@pytest.fixture
def run(monkeypatch):
    """Run the command as from the command line: (exit status, standard output, standard error)."""
    # run_from_argv closes every connection when done, the test's own included.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run_command(*args) -> tuple[int, str, str]:
        out, err = StringIO(), StringIO()
        try:
            Command(stdout=out, stderr=err).run_from_argv(["manage.py", "screen", "--skip-checks", *args])
        except SystemExit as exit:
            return exit.code, out.getvalue(), err.getvalue()
        return 0, out.getvalue(), err.getvalue()

    return run_command


def test_json_output_is_one_object_as_the_contract_shows(run, document_file):
    status, out, _ = run(document_file(), *FACE_ON_1_DEC, "--intensity", "standard", "--format", "json")

    result = json.loads(out)
    assert status == 0
    assert list(result) == ["treatment", "date", "worst", "max_intensity", "findings"]
    assert (result["treatment"], result["date"], result["worst"], result["max_intensity"]) == (
        "microdermabrasion-face",
        "2026-12-01",
        "contraindicated",
        "gentle",
    )
    assert [finding["code"] for finding in result["findings"]] == [
        "ECZ-ACTIVE",
        "ISO-WINDOW",
        "INTENSITY-CAP",
        "SENSITIVE-SKIN",
        "ADVICE-FACE",
    ]
    assert result["findings"][0] == {
        "code": "ECZ-ACTIVE",
        "level": "contraindicated",
        "message": "Active eczema flare-up",
        "hint": "Wait until the flare-up subsides: a flare-up means reactive skin at every site.",
        "evidence": "eczema, active at face, hands (intake 20 Nov 2026)",
    }


def test_text_output_reads_for_people(run, document_file):
    status, out, _ = run(document_file(), "--treatment", "microdermabrasion-scalp", "--date", "2026-12-01")

    assert status == 0
    assert out.startswith("Scalp microdermabrasion on 1 Dec 2026: CONTRAINDICATED; intensity at most gentle")
    assert "ECZ-ACTIVE: Active eczema flare-up — eczema, active at face, hands (intake 20 Nov 2026)" in out


def test_it_saves_nothing(run, document_file):
    run(document_file(), *FACE_ON_1_DEC)

    assert not Client.objects.exists() and not Flag.objects.exists()


def test_a_clean_document_is_worst_none_with_exit_status_zero(run, document_file):
    minimal = {"intake_date": "2026-11-20", "client": {"date_of_birth": "1990-04-01"}}

    status, out, _ = run(
        document_file(minimal), *FACE_ON_1_DEC, "--method", "diamond-tip", "--format", "json"
    )

    assert status == 0
    assert json.loads(out)["worst"] == "advice"


@pytest.mark.parametrize(
    ("change", "args", "message"),
    [
        (
            {"conditions": [{"code": "eczma", "status": "active"}]},
            [],
            "conditions[0].code: unknown code “eczma”",
        ),
        ({"intake_date": "20/11/2026"}, [], "intake_date:"),
        ({"client": {}}, [], "client.date_of_birth:"),
        (
            {"medications": [{"code": "isotretinoin", "last_taken": "2027-01-01"}]},
            [],
            "medications[0].last_taken",
        ),
        ({}, ["--treatment", "laser-face"], "--treatment: no active treatment has the code “laser-face”"),
        ({}, ["--method", "sandpaper"], "--method: unknown method code “sandpaper”"),
        ({}, ["--intensity", "extreme"], "--intensity: unknown intensity code “extreme”"),
        ({}, ["--date", "1 Dec"], "argument --date: “1 Dec” is not a date (YYYY-MM-DD)"),
        ({}, ["--format", "xml"], "argument --format"),
    ],
)
def test_a_bad_document_or_argument_exits_2_naming_the_field(
    run, document_file, capsys, change, args, message
):
    options = {"--treatment": "microdermabrasion-face", "--date": "2026-12-01"}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))

    status, _, err = run(
        document_file({**DOCUMENT, **change}), *[part for item in options.items() for part in item]
    )

    assert status == 2
    assert message in err + capsys.readouterr().err


def test_an_unreadable_or_malformed_file_exits_2(run, document_file, tmp_path):
    assert (
        run(str(tmp_path / "missing.json"), "--treatment", "microdermabrasion-face", "--date", "2026-12-01")[
            0
        ]
        == 2
    )
    status, _, err = run(
        document_file(text="{"), "--treatment", "microdermabrasion-face", "--date", "2026-12-01"
    )
    assert status == 2 and "not valid JSON" in err


def test_called_from_code_a_bad_argument_raises_with_status_2(document_file):
    with pytest.raises(CommandError) as error:
        call_command("screen", document_file(), treatment="nope", date="2026-12-01")

    assert error.value.returncode == 2
