"""A screening's findings as every page lists them: each one's level, message, evidence, hint and
code, most severe first, escaped."""

import re

import pytest
from django.template import Context, Template
from django.utils.html import strip_tags

from intake.rules.findings import Evidence, Finding, Level
from intake.rules.loader import screening_context
from tests.rules.builders import condition, document, medication, screen_document

LIST = Template("{% load screening %}{% findings_html findings %}")


def listed(findings) -> list[str]:
    """Each `<li>` of the list drawn for `findings`, as text."""
    html = LIST.render(Context({"findings": findings}))
    return [" ".join(strip_tags(item).split()) for item in re.findall(r"<li.*?</li>", html, re.S)]


@pytest.mark.django_db
def test_the_findings_of_a_real_screening_are_listed_in_order():
    intake = document(**condition("eczema", "active", "face"), **medication("isotretinoin", days=200))
    result = screen_document(screening_context().rules, intake)
    assert len(result.findings) >= 2

    assert listed(result.findings) == [
        f"{finding.level.label} {finding.message} — {finding.evidence_text}. {finding.hint} {finding.code}"
        for finding in result.findings
    ]
    assert listed(result.findings)[0].startswith("contraindicated ")


def test_markup_in_a_finding_is_shown_as_text():
    finding = Finding(
        code="custom-rule",
        level=Level.CAUTION,
        message="Check <b>dose</b>",
        hint="Ask & note",
        evidence=(Evidence(text="answered <i>yes</i>"),),
    )
    html = LIST.render(Context({"findings": [finding]}))

    assert "Check &lt;b&gt;dose&lt;/b&gt;" in html and "Ask &amp; note" in html
    assert "answered &lt;i&gt;yes&lt;/i&gt;" in html
    assert 'class="badge text-bg-warning">caution</span>' in html


def test_no_findings_draw_nothing():
    assert LIST.render(Context({"findings": []})) == ""
