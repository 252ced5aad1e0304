"""Two-factor: required for clinic admins before any page, open to everyone, backup codes once."""
import logging
from urllib.parse import quote

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.security.views import NEW_BACKUP_CODES
from tests.two_factor import authenticator, pass_two_factor, totp_code

pytestmark = pytest.mark.django_db

SETUP = reverse("security:two_factor_setup")
VERIFY = reverse("security:two_factor_verify")
BACKUP_CODES = reverse("security:backup_codes")
OVERVIEW = reverse("security:two_factor")


def signed_in(client, user):
    """The test client signed in with the password only (no two-factor yet)."""
    client.force_login(user)
    return client


def set_up(http, user, next_url: str = "") -> list[str]:
    """Go through set-up as a person would; the backup codes shown."""
    http.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = http.post(SETUP, {"token": totp_code(device), "next": next_url})
    assert response.status_code == 302, response.context["form"].errors
    return http.get(response.url).context["codes"]


@pytest.mark.parametrize("url", [reverse("intake:client_list"), reverse("admin:index"), OVERVIEW])
def test_clinic_admin_is_sent_to_set_up_two_factor_before_any_page(client, clinic_admin, url):
    response = signed_in(client, clinic_admin).get(url)
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next={quote(url)}"


def test_with_an_authenticator_the_clinic_admin_is_asked_for_a_code(client, clinic_admin):
    authenticator(clinic_admin)
    response = signed_in(client, clinic_admin).get(reverse("admin:index"))
    assert response.url == f"{VERIFY}?next={quote(reverse('admin:index'))}"


def test_set_up_shows_a_qr_code_drawn_here_and_a_key_to_type(client, clinic_admin):
    page = signed_in(client, clinic_admin).get(SETUP).content.decode()
    assert '<svg width="' in page and 'class="qr-code"' in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>")[0]
    device = TOTPDevice.objects.get(user=clinic_admin, confirmed=False)
    assert client.get(SETUP).context["secret"].replace(" ", "") in device.config_url


def test_set_up_confirms_with_a_code_then_shows_ten_backup_codes_once(client, clinic_admin):
    http = signed_in(client, clinic_admin)
    http.get(SETUP)
    device = TOTPDevice.objects.get(user=clinic_admin, confirmed=False)
    response = http.post(SETUP, {"token": totp_code(device), "next": "/admin/"})
    assert response.url == f"{BACKUP_CODES}?next=%2Fadmin%2F"

    shown = http.get(response.url)
    codes = shown.context["codes"]
    assert len(codes) == len(set(codes)) == 10
    assert all(code in shown.content.decode() for code in codes)
    assert 'href="/admin/"' in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    stored = StaticToken.objects.filter(device__user=clinic_admin).values_list("token", flat=True)
    assert sorted(stored) == sorted(codes)

    again = http.get(BACKUP_CODES)
    assert again.status_code == 302 and again.url == OVERVIEW
    assert http.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_turn_two_factor_on(client, clinic_admin, caplog):
    http = signed_in(client, clinic_admin)
    http.get(SETUP)
    with caplog.at_level(logging.INFO, logger="clinic.security"):
        response = http.post(SETUP, {"token": "000000"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=clinic_admin, confirmed=True).exists()
    assert http.get("/admin/").status_code == 302


def test_a_code_signs_the_clinic_admin_in_under_a_new_session_key(client, clinic_admin, settings):
    device = authenticator(clinic_admin)
    http = signed_in(client, clinic_admin)
    before = http.cookies[settings.SESSION_COOKIE_NAME].value
    response = http.post(VERIFY, {"token": totp_code(device), "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    assert http.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert http.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_logged(client, clinic_admin, caplog):
    authenticator(clinic_admin)
    http = signed_in(client, clinic_admin)
    with caplog.at_level(logging.WARNING, logger="clinic.security"):
        response = http.post(VERIFY, {"token": "123456"})
    assert response.status_code == 200
    assert "did not work" in response.content.decode()
    assert f"Failed two-factor code for 'clinicadmin' (id {clinic_admin.pk})" in caplog.messages
    assert http.get("/admin/").status_code == 302


def test_after_a_wrong_code_even_the_right_one_must_wait(client, clinic_admin):
    """django-otp doubles the wait after each failure (1 s, 2 s, 4 s...), which defeats guessing."""
    device = authenticator(clinic_admin)
    http = signed_in(client, clinic_admin)
    http.post(VERIFY, {"token": "123456"})
    assert http.post(VERIFY, {"token": totp_code(device)}).status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert not device.verify_is_allowed()[0]


def test_a_backup_code_works_once(client, clinic_admin):
    http = signed_in(client, clinic_admin)
    codes = set_up(http, clinic_admin)
    http.logout()

    http = signed_in(client, clinic_admin)
    response = http.post(VERIFY, {"token": f" {codes[0].upper()} ", "next": "/admin/"})
    assert response.url == "/admin/"
    assert StaticToken.objects.filter(device__user=clinic_admin).count() == 9
    http.logout()

    http = signed_in(client, clinic_admin)
    assert http.post(VERIFY, {"token": codes[0]}).status_code == 200


def test_the_password_alone_cannot_enrol_another_authenticator(client, clinic_admin):
    """Someone who learnt the password must not replace the owner's authenticator with their own."""
    authenticator(clinic_admin)
    http = signed_in(client, clinic_admin)
    for response in (http.get(SETUP), http.post(SETUP, {"token": "123456"})):
        assert response.status_code == 302
        assert response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=clinic_admin).count() == 1


def test_after_two_factor_the_authenticator_can_move_to_a_new_phone(client, clinic_admin):
    old = authenticator(clinic_admin)
    http = client
    http.force_login(clinic_admin)
    pass_two_factor(http, clinic_admin)
    set_up(http, clinic_admin)
    devices = TOTPDevice.objects.filter(user=clinic_admin)
    assert devices.count() == 1 and devices.get().confirmed and devices.get().pk != old.pk


def test_next_never_leads_off_the_site(client, clinic_admin):
    device = authenticator(clinic_admin)
    http = signed_in(client, clinic_admin)
    response = http.post(VERIFY, {"token": totp_code(device), "next": "https://evil.example/"})
    assert response.url == reverse("intake:client_list")


def test_front_desk_needs_no_two_factor_but_may_turn_it_on(client, front_desk):
    http = signed_in(client, front_desk)
    assert http.get(reverse("intake:client_list")).status_code == 200
    assert "Set up two-factor" in http.get(OVERVIEW).content.decode()
    set_up(http, front_desk)
    assert "You have 10 unused backup codes." in http.get(OVERVIEW).content.decode()

    http.logout()
    http = signed_in(client, front_desk)
    response = http.get(reverse("intake:client_list"))
    assert response.url.startswith(VERIFY), "once on, two-factor is asked at every sign-in"


def test_front_desk_may_turn_two_factor_off(as_user, front_desk):
    http = as_user(front_desk)
    pass_two_factor(http, front_desk)
    assert http.post(reverse("security:two_factor_disable")).url == OVERVIEW
    assert not TOTPDevice.objects.filter(user=front_desk).exists()


def test_clinic_admin_may_not_turn_two_factor_off(as_user, clinic_admin):
    http = as_user(clinic_admin)
    response = http.post(reverse("security:two_factor_disable"), follow=True)
    assert "requires two-factor" in response.content.decode()
    assert TOTPDevice.objects.filter(user=clinic_admin).exists()


def test_new_backup_codes_replace_the_old(as_user, clinic_admin):
    http = as_user(clinic_admin)
    first = http.post(BACKUP_CODES)
    assert first.url == BACKUP_CODES
    old = set(http.session[NEW_BACKUP_CODES])
    http.get(BACKUP_CODES)
    http.post(BACKUP_CODES)
    new = set(http.session[NEW_BACKUP_CODES])
    assert len(new) == 10 and not old & new
    assert set(StaticToken.objects.values_list("token", flat=True)) == new


def test_verify_without_an_authenticator_leads_to_set_up(client, front_desk):
    response = signed_in(client, front_desk).get(VERIFY)
    assert response.url == SETUP


@override_settings(OTP_DEMO_BYPASS=True)
def test_the_demo_bypass_lets_the_clinic_admin_in_without_an_authenticator(client, clinic_admin):
    http = signed_in(client, clinic_admin)
    assert http.get(reverse("admin:index")).status_code == 200
    assert "Demo mode: two-factor is never asked for" in http.get(OVERVIEW).content.decode()


def test_only_a_confirmed_authenticator_asks_a_front_desk_user_for_a_code(client, front_desk):
    authenticator(front_desk, confirmed=False)
    page = reverse("intake:client_list")
    assert signed_in(client, front_desk).get(page).status_code == 200
    authenticator(front_desk)
    assert client.get(page).url == f"{VERIFY}?next={quote(page)}"
