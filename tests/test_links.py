"""`pk_link`, `keys_link` and the menu's `page_url` give the same links as `reverse`, with arguments
after the key and under a script prefix too; the review queue's row links name the review views'
own actions."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from intake.links import keys_link, page_url, pk_link
from intake.selectors_review import APPOINTMENT_ACTIONS, FLAG_ACTIONS
from intake.views.review import AppointmentReviewView, FlagReviewView


@pytest.mark.parametrize("pk", [1, 7, 20, 1234567])
def test_pk_link_is_reverse(pk):
    assert pk_link("intake:appointment_detail")(pk) == reverse("intake:appointment_detail", args=[pk])
    assert pk_link("intake:client_detail")(pk) == reverse("intake:client_detail", args=[pk])
    assert pk_link("intake:review_flag", "resolve")(pk) == reverse("intake:review_flag", args=[pk, "resolve"])


@pytest.mark.parametrize(("client", "version"), [(1, 1), (7, 12), (1234567, 3)])
def test_keys_link_is_reverse(client, version):
    link = keys_link("intake:intake_detail", 2)
    assert link(client, version) == reverse("intake:intake_detail", args=[client, version])


def test_links_keep_the_script_prefix():
    assert pk_link("intake:appointment_detail")(42) == "/appointments/42/"
    set_script_prefix("/clinic-a/")
    try:
        assert pk_link("intake:appointment_detail")(42) == "/clinic-a/appointments/42/"
        assert keys_link("intake:intake_detail", 2)(5, 2) == "/clinic-a/clients/5/intake/v2/"
    finally:
        clear_script_prefix()
    assert pk_link("intake:appointment_detail")(42) == "/appointments/42/"


def test_page_url_follows_the_script_prefix():
    assert page_url("intake:schedule") == reverse("intake:schedule")
    set_script_prefix("/clinic-a/")
    try:
        assert page_url("intake:schedule") == "/clinic-a/schedule/"
    finally:
        clear_script_prefix()
    assert page_url("intake:schedule") == "/schedule/"


def test_queue_row_actions_are_the_review_views_actions():
    assert set(FLAG_ACTIONS) == set(FlagReviewView.actions)
    assert set(APPOINTMENT_ACTIONS) == set(AppointmentReviewView.actions)
