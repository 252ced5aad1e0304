"""The `label` filter shows a choice as `get_FOO_display` does."""

import pytest
from django.template import Context, Template

from intake.models import Appointment, AppointmentStatus, Intake


def rendered(source: str, **context) -> str:
    """A template snippet rendered with the `choices` library loaded."""
    return Template("{% load choices %}" + source).render(Context(context))


@pytest.mark.parametrize("status", AppointmentStatus.values)
def test_every_status_shows_the_label_get_display_gives(status):
    appointment = Appointment(status=status)
    assert rendered('{{ a|label:"status" }}', a=appointment) == appointment.get_status_display()


def test_a_blank_or_unknown_value_shows_as_it_is():
    assert rendered('{{ a|label:"worst_level" }}', a=Appointment(worst_level="")) == ""
    assert rendered('{{ a|label:"status" }}', a=Appointment(status="lost")) == "lost"


def test_labels_of_an_integer_choice():
    intake = Intake(fitzpatrick=4)
    assert rendered('{{ i|label:"fitzpatrick" }}', i=intake) == intake.get_fitzpatrick_display() != "4"
