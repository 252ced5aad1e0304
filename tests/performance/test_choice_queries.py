"""Drop-downs and tick boxes of short lists read their rows in one plain query (no server-side
cursor on PostgreSQL) and offer the same choices as Django's own fields."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.forms.booking import BookingForm
from intake.forms.choices import ShortListChoiceField, ShortListMultipleChoiceField
from intake.models import BodySite, Practitioner, Treatment

pytestmark = pytest.mark.django_db


def offered(field) -> list[tuple[str, str]]:
    """The (value, label) pairs a field offers, as the page shows them."""
    return [(str(value), str(label)) for value, label in field.choices]


def test_a_forms_drop_downs_read_their_rows_in_one_query_without_a_cursor(practitioner):
    form = BookingForm()
    with CaptureQueriesContext(connection) as queries:
        page = str(form["treatment"]) + str(form["practitioner"])
    assert len(queries) == 1
    assert not [query for query in queries if "DECLARE" in query["sql"]]
    assert str(practitioner) in page
    for treatment in Treatment.objects.filter(active=True):
        assert f'value="{treatment.pk}">{treatment.name}</option>' in page


@pytest.mark.parametrize(
    "short_list, django_field, rows",
    [
        (ShortListChoiceField, forms.ModelChoiceField, Treatment.objects.filter(active=True)),
        (ShortListChoiceField, forms.ModelChoiceField, Practitioner.objects.select_related("user")),
        (ShortListMultipleChoiceField, forms.ModelMultipleChoiceField, BodySite.objects.all()),
    ],
)
def test_the_choices_are_djangos(practitioner, short_list, django_field, rows):
    assert offered(short_list(queryset=rows)) == offered(django_field(queryset=rows))
