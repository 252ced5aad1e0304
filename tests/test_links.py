"""`pk_link` gives the same links as `reverse`, under a script prefix too."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from intake.links import pk_link


@pytest.mark.parametrize("pk", [1, 7, 20, 1234567])
def test_pk_link_is_reverse(pk):
    assert pk_link("intake:appointment_detail")(pk) == reverse("intake:appointment_detail", args=[pk])
    assert pk_link("intake:client_detail")(pk) == reverse("intake:client_detail", args=[pk])


def test_pk_link_keeps_the_script_prefix():
    set_script_prefix("/clinic-a/")
    try:
        assert pk_link("intake:appointment_detail")(42) == "/clinic-a/appointments/42/"
    finally:
        clear_script_prefix()
