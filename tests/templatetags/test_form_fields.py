"""Staff forms' fields drawn in Python: the same markup as crispy-bootstrap5's own field template,
blank, filled in and with errors, and crispy's template still drawing the fields it alone draws."""

import copy
import re

import pytest
from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from django import forms
from django.test.signals import template_rendered

from intake.forms.booking import BookingForm
from intake.forms.clients import ClientForm
from intake.forms.helpers import FieldsHelper, InlineTickBoxes
from intake.forms.intakes import FORMSETS, IntakeForm
from intake.forms.review import ClearanceForm
from intake.models import Treatment

CRISPY_FIELD = "bootstrap5/field.html"
CRISPY_TICK_BOXES = "bootstrap5/layout/checkboxselectmultiple_inline.html"


def markup(html: str) -> str:
    """The HTML with the white space between and around tags left out, and other runs made one."""
    return re.sub(r"\s+", " ", re.sub(r"\s*(<|>)\s*", r"\1", html)).strip()


def drawn(form, helper_name: str) -> tuple[str, list[str]]:
    """The form drawn with its helper, and the names of the templates that drew it."""
    names = []

    def note(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(note)
    try:
        return render_crispy_form(form, getattr(form, helper_name)), names
    finally:
        template_rendered.disconnect(note)


def drawn_by_crispy(form, helper_name: str) -> str:
    """The form drawn with its helper's layout and crispy-bootstrap5's own templates."""
    helper = copy.deepcopy(getattr(form, helper_name))
    helper.field_template = None
    for tick_boxes in layout_objects(helper.layout, InlineTickBoxes):
        tick_boxes.template = InlineCheckboxes.template
    return render_crispy_form(form, helper)


def layout_objects(layout, kind: type):
    """The layout's objects of `kind`, however deep."""
    for item in getattr(layout, "fields", []):
        if isinstance(item, kind):
            yield item
        yield from layout_objects(item, kind)


def assert_drawn_as_crispy_draws_it(make_form, helper_name: str = "helper") -> tuple[str, list[str]]:
    """Draw a form from `make_form` with its helper, and a second one with crispy's own field
    template; assert they are the same markup. The first drawing and its templates' names."""
    html, templates = drawn(make_form(), helper_name)
    assert markup(html) == markup(drawn_by_crispy(make_form(), helper_name))
    return html, templates


@pytest.mark.parametrize("helper_name", ["helper", "override_helper"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"treatment": "first", "practitioner": "first", "date": "2027-01-11", "time": "9:61",
         "notes": "Prefers the <gentle> setting & a cool room", "override_text": "x" * 501},
        {"date": "not a date", "time": "25:00", "intensity": "999", "override_reason": "999"},
    ],
)
def test_the_booking_form_is_drawn_as_crispy_draws_it_without_crispys_field_template(
    practitioner, helper_name, data
):
    if data and "treatment" in data:
        treatment = Treatment.objects.filter(active=True).first()
        data = {**data, "treatment": treatment.pk, "practitioner": practitioner.pk}
    html, templates = assert_drawn_as_crispy_draws_it(lambda: BookingForm(data), helper_name)
    assert CRISPY_FIELD not in templates
    assert ("is-invalid" in html) == bool(data)


@pytest.mark.parametrize("helper_name", ["helper", "consent_helper"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"intake_date": "2999-01-01", "consent_given": "on", "guardian_consent": "on"},
        {"intake_date": "2026-11-02", "fitzpatrick": "3", "sensitive": "on", "concerns": "a & b"},
    ],
)
def test_the_intake_form_is_drawn_as_crispy_draws_it(db, helper_name, data):
    _html, templates = assert_drawn_as_crispy_draws_it(lambda: IntakeForm(data), helper_name)
    assert CRISPY_FIELD not in templates and CRISPY_TICK_BOXES not in templates


@pytest.mark.parametrize("prefix", list(FORMSETS))
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"date": "2999-01-01", "last_taken": "yesterday", "kind": "?", "sites": ["face", "nowhere"]},
        {"status": "active", "current": "on", "sites": ["face", "scalp"]},
    ],
)
def test_each_repeating_intake_entry_is_drawn_as_crispy_draws_it(db, prefix, data):
    html, templates = assert_drawn_as_crispy_draws_it(lambda: FORMSETS[prefix](data))
    assert CRISPY_FIELD not in templates and CRISPY_TICK_BOXES not in templates
    if "sites" in FORMSETS[prefix].base_fields:
        assert html.count('type="checkbox"') >= 2


@pytest.mark.parametrize("data", [None, {"first_name": "Ana", "date_of_birth": "2999-01-01", "email": "no"}])
def test_the_client_form_is_drawn_as_crispy_draws_it(db, data):
    _html, templates = assert_drawn_as_crispy_draws_it(lambda: ClientForm(data))
    assert CRISPY_FIELD not in templates


def test_a_file_input_is_left_to_crispys_own_template(db):
    html, templates = assert_drawn_as_crispy_draws_it(lambda: ClearanceForm({"date": "soon"}))
    assert templates.count(CRISPY_FIELD) == 1
    assert 'type="file"' in html


class SitesForm(forms.Form):
    """Tick boxes with help text, one list naming its own description."""

    sites = forms.MultipleChoiceField(
        choices=[("face", "Face"), ("scalp", "Scalp & neck")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Where the <b>skin</b> is broken.",
    )
    described = forms.MultipleChoiceField(
        choices=[("1", "One")],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"aria-describedby": "elsewhere"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FieldsHelper()
        self.helper.layout = Layout(InlineTickBoxes("sites"), InlineTickBoxes("described"))


@pytest.mark.parametrize(
    "data", [None, {"sites": ["face", "nowhere"]}, {"sites": ["scalp"], "described": ["1"]}]
)
def test_tick_boxes_with_help_text_and_a_description_of_their_own_are_drawn_as_crispy_draws_them(data):
    html, templates = assert_drawn_as_crispy_draws_it(lambda: SitesForm(data))
    assert CRISPY_TICK_BOXES not in templates
    assert "Scalp &amp; neck" in html and "<b>skin</b>" in html
