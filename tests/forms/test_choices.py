"""Drop-downs drawn by `QuickSelect`: the same HTML as Django's `Select` draws, for any choices and
any value, and the chosen option selected on the pages that use it."""

import copy

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.urls import reverse

from intake.forms.booking import BookingForm
from intake.forms.choices import BY_NAME, PRACTITIONER_NAMES, QuickSelect, ShortListChoiceField
from intake.forms.review import QueueFilterForm
from intake.models import Intensity, Practitioner, Treatment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHOICES = [("", "Any"), ("a&b", "A & B"), ("2", "<Two>"), ("3", "“Three”")]
GROUPED = [("", "Any"), ("Scalp", [("s1", "Scalp one"), ("s2", "Scalp two")]), ("f", "Face")]
NUMBERED = [(None, "None"), (1, "One"), (2, "Two"), (2, "Two again")]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED, NUMBERED], ids=["flat", "grouped", "numbered"])
@pytest.mark.parametrize("value", [None, "", "a&b", "2", 2, "s2", "unknown"])
@pytest.mark.parametrize("attrs", [{}, {"class": "form-select", "required": True, "data-x": '"quoted"'}])
def test_quick_select_draws_what_djangos_select_draws(choices, value, attrs):
    ours = QuickSelect(attrs, choices).render("level", value, {"id": "id_level"})
    django = forms.Select(attrs, choices).render(
        "level", value, {"id": "id_level"}, renderer=DjangoTemplates()
    )
    assert parse_html(ours) == parse_html(django)


def test_short_list_fields_draw_their_rows_with_quick_select():
    field = ShortListChoiceField(queryset=Practitioner.objects.all(), empty_label="Any")
    assert isinstance(field.widget, QuickSelect)


def test_the_review_queue_filter_keeps_the_chosen_practitioner(as_user, front_desk, practitioner):
    other = Practitioner.objects.create(user=UserFactory(first_name="<Ann>", last_name="& Co"))
    response = as_user(front_desk).get(reverse("intake:review_queue"), {"practitioner": other.pk})
    page = response.content.decode()
    assert f'<option value="{other.pk}" selected>&lt;Ann&gt; &amp; Co</option>' in page
    assert f'<option value="{practitioner.pk}">{practitioner}</option>' in page


@pytest.mark.parametrize(
    ("model", "labels"),
    [(Practitioner, PRACTITIONER_NAMES), (Treatment, BY_NAME)],
    ids=["practitioners", "treatments"],
)
def test_options_read_as_values_are_those_read_as_rows(practitioner, model, labels):
    Practitioner.objects.create(user=UserFactory(first_name="", last_name="", username="nameless"))
    queryset = model.objects.order_by("pk")
    as_rows = ShortListChoiceField(queryset=queryset, empty_label="Any")
    as_values = ShortListChoiceField(queryset=queryset, empty_label="Any", labels=labels)
    assert [(str(value), label) for value, label in as_values.choices] == [
        (str(value), label) for value, label in as_rows.choices
    ]
    chosen = queryset.last()
    assert as_values.clean(str(chosen.pk)) == chosen
    assert as_values.widget.render("x", chosen.pk) == as_rows.widget.render("x", chosen.pk)


def test_a_forms_options_are_read_afresh_and_follow_a_queryset_set_later(practitioner):
    field = ShortListChoiceField(
        queryset=Practitioner.objects.filter(active=True), empty_label="Any", labels=PRACTITIONER_NAMES
    )
    assert [str(value) for value, _label in copy.deepcopy(field).choices] == ["", str(practitioner.pk)]
    added = Practitioner.objects.create(user=UserFactory(first_name="Noor", last_name="Haddad"))
    for_a_form = copy.deepcopy(field)
    assert (added.pk, "Noor Haddad") in list(for_a_form.choices)

    for_a_form.queryset = Practitioner.objects.filter(pk=practitioner.pk)
    assert [str(value) for value, _label in for_a_form.choices] == ["", str(practitioner.pk)]
    assert len(list(field.choices)) == 3


@pytest.mark.parametrize("given", ["999999", "abc", "1.5", "1\x00", "99999999999999999999", "-1"])
def test_a_chosen_row_outside_the_list_is_refused_as_django_refuses_it(practitioner, given):
    gone = Practitioner.objects.create(user=UserFactory(username="gone"), active=False)
    queryset = Practitioner.objects.filter(active=True).select_related("user")
    ours = ShortListChoiceField(queryset=queryset, labels=PRACTITIONER_NAMES)
    django = forms.ModelChoiceField(queryset=queryset)
    for value in (given, str(gone.pk)):
        with pytest.raises(ValidationError) as refused:
            ours.clean(value)
        with pytest.raises(ValidationError) as expected:
            django.clean(value)
        assert refused.value.messages == expected.value.messages


def test_a_chosen_row_comes_with_the_rows_its_list_selects(practitioner, django_assert_num_queries):
    field = ShortListChoiceField(
        queryset=Practitioner.objects.filter(active=True).select_related("user"), labels=PRACTITIONER_NAMES
    )
    with django_assert_num_queries(1):
        chosen = field.clean(str(practitioner.pk))
        assert chosen == practitioner and chosen.user.username == practitioner.user.username


@pytest.mark.parametrize("form_class", [BookingForm, QueueFilterForm], ids=["booking", "review filter"])
def test_a_forms_short_lists_are_read_together_as_each_reads_its_own(
    practitioner, form_class, django_assert_num_queries
):
    Practitioner.objects.create(user=UserFactory(first_name="Ann", last_name="Zed"))
    Practitioner.objects.create(user=UserFactory(first_name="", last_name="", username="nameless"))
    Intensity.objects.filter(code="gentle").update(name="<Gentle> & soft")
    form = form_class()
    lists = {name: field for name, field in form.fields.items() if isinstance(field, ShortListChoiceField)}
    with django_assert_num_queries(1):
        together = {name: list(iter(field.choices)) for name, field in lists.items()}
    apart = {name: list(iter(copy.deepcopy(form_class.base_fields[name]).choices)) for name in lists}
    assert together == apart
    assert len(together["practitioner"]) == Practitioner.objects.filter(active=True).count() + 1
    with django_assert_num_queries(0):
        form.as_div()  # the lists are drawn from the rows read once
