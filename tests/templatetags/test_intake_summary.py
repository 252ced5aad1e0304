"""The intake summary on the record pages: every answer in words, escaped, and "none" said plainly."""

import datetime
import re

from intake.entries import Entry, Summary
from intake.models import Intake
from intake.templatetags.intake_summary import intake_summary_html

MARKUP = "<b>Ann</b> & Co"


def terms(intake: Intake) -> dict[str, str]:
    """The summary's descriptions by term, as text with its whitespace collapsed."""
    html = str(intake_summary_html(intake))
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    return {term: " ".join(description.split()) for term, description in pairs}


def test_an_intake_with_every_answer_says_each_one_and_escapes_what_was_typed():
    intake = Intake(
        fitzpatrick=3,
        skin_type="oily",
        sensitive=True,
        concerns=MARKUP,
        scalp_type="dry",
        dandruff=True,
        itch=True,
        pregnant=True,
        aluminium_allergy=True,
        dermatologist_clearance_date=datetime.date(2026, 2, 3),
        consent_given=True,
        consent_name=MARKUP,
        guardian_name="Sam Lee",
        guardian_consent=True,
    )
    intake.summary = Summary(
        conditions=[Entry("Eczema", "Active (flare-up now)", sites=["Face", "Scalp"])],
        medications=[Entry("Isotretinoin", date=datetime.date(2026, 6, 1))],
        sunburn_sites=["Back"],
    )
    said = terms(intake)

    escaped = "&lt;b&gt;Ann&lt;/b&gt; &amp; Co"
    assert said["Skin"] == (
        f"Fitzpatrick III · Oily · <strong>sensitive (self-reported)</strong> <br>Concerns: {escaped}"
    )
    assert said["Scalp"] == "Dry · dandruff · itch"
    assert said["Conditions"] == "<div><strong>Eczema</strong> — Active (flare-up now) (Face, Scalp)</div>"
    assert said["Medications"] == "<div><strong>Isotretinoin</strong> — last taken 1 Jun 2026</div>"
    assert said["Answers"] == (
        '<span class="badge text-bg-warning">Pregnant</span> '
        '<span class="badge text-bg-danger">Aluminium allergy</span> '
        "<div>Sunburnt now at: Back</div> <div>Dermatologist clearance: 3 Feb 2026</div>"
    )
    assert said["Consent"] == f"Given, signed by {escaped} <br>Guardian: Sam Lee (consents)"


def test_an_empty_intake_says_none_reported_and_nothing_of_note():
    intake = Intake()
    intake.summary = Summary()
    said = terms(intake)

    assert said["Skin"] == said["Scalp"] == "—"
    for term in ("Conditions", "Medications", "Recent procedures", "Sessions and consultations elsewhere"):
        assert said[term] == "None reported"
    assert said["Answers"] == "Nothing of note"
    assert said["Consent"] == '<span class="text-danger">Not given</span>'
