"""Two-factor pages: overview, set up with a QR code, verify at sign-in, backup codes, turn off."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from .forms import TokenForm
from .two_factor import (
    BACKUP_CODE_COUNT,
    backup_codes_create,
    backup_codes_left,
    qr_code_svg,
    secret_for_typing,
    token_verify,
    totp_device_confirm,
    totp_device_pending,
    two_factor_disable,
    two_factor_enabled,
    two_factor_required,
)

# Backup codes wait here between the request that makes them and the page that shows them once.
NEW_BACKUP_CODES = "security.new_backup_codes"


def next_url(request) -> str:
    """Where to go after two-factor: the `next` parameter when it is on this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next", "")
    hosts = {request.get_host()}
    if url_has_allowed_host_and_scheme(target, allowed_hosts=hosts, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(view_name: str, request) -> str:
    """A two-factor page's URL, carrying on the `next` parameter."""
    url = reverse(view_name)
    target = request.POST.get("next") or request.GET.get("next")
    return f"{url}?{urlencode({'next': target})}" if target else url


def pass_two_factor(request, device) -> None:
    """Mark this session as having passed two-factor with the device, under a new session key."""
    otp_login(request, device)
    # The session gained privilege: give it a new key so an earlier copy of the cookie is worth less.
    request.session.cycle_key()


@method_decorator(never_cache, name="dispatch")
class TwoFactorView(LoginRequiredMixin, TemplateView):
    """The user's two-factor page: whether it is on, backup codes left, and what they can do."""

    template_name = "security/two_factor.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            enabled=two_factor_enabled(user),
            required=two_factor_required(user),
            backup_codes_left=backup_codes_left(user),
            bypass=settings.OTP_DEMO_BYPASS,
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class TwoFactorSetupView(LoginRequiredMixin, FormView):
    """Set up an authenticator: scan the QR code, confirm with a code, receive backup codes."""

    form_class = TokenForm
    template_name = "security/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        # Someone holding only the password must not enrol their own authenticator over the owner's.
        if user.is_authenticated and two_factor_enabled(user) and not user.is_verified():
            return redirect(with_next("security:two_factor_verify", request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = totp_device_pending(user=self.request.user)
        return super().get_context_data(
            qr_code=qr_code_svg(device),
            secret=secret_for_typing(device),
            next=self.request.GET.get("next", ""),
            required=two_factor_required(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        device = totp_device_pending(user=self.request.user)
        if not totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            form.add_error(
                "token", _("That code did not match. Check the time on your phone and try the newest code.")
            )
            return self.form_invalid(form)
        pass_two_factor(self.request, device)
        self.request.session[NEW_BACKUP_CODES] = backup_codes_create(user=self.request.user)
        messages.success(self.request, _("Two-factor sign-in is on."))
        return redirect(with_next("security:backup_codes", self.request))


@method_decorator(never_cache, name="dispatch")
class TwoFactorVerifyView(LoginRequiredMixin, FormView):
    """Ask for a code from the authenticator (or a backup code) once per sign-in."""

    form_class = TokenForm
    template_name = "security/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not two_factor_enabled(request.user):
            return redirect(with_next("security:two_factor_setup", request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.request.GET.get("next", ""), **kwargs)

    def form_valid(self, form):
        device = token_verify(user=self.request.user, token=form.cleaned_data["token"])
        if device is None:
            form.add_error("token", _("That code did not work. Wait for a new code and try again."))
            return self.form_invalid(form)
        pass_two_factor(self.request, device)
        return redirect(next_url(self.request))


@method_decorator(never_cache, name="dispatch")
class BackupCodesView(LoginRequiredMixin, View):
    """Show new backup codes exactly once (GET), or make a new set (POST) replacing the old."""

    template_name = "security/backup_codes.html"

    def get(self, request):
        codes = request.session.pop(NEW_BACKUP_CODES, None)
        if not codes:
            messages.info(
                request, _("Backup codes are shown only once. Make a new set if you have lost them.")
            )
            return redirect("security:two_factor")
        return render(request, self.template_name, {"codes": codes, "next": next_url(request)})

    def post(self, request):
        if not two_factor_enabled(request.user):
            return redirect("security:two_factor")
        request.session[NEW_BACKUP_CODES] = backup_codes_create(user=request.user)
        message = _("%(count)s new backup codes; the old ones no longer work.") % {"count": BACKUP_CODE_COUNT}
        messages.success(request, message)
        return redirect("security:backup_codes")


class TwoFactorDisableView(LoginRequiredMixin, View):
    """Turn two-factor off, for users whose role does not require it."""

    def post(self, request):
        if two_factor_required(request.user):
            messages.error(request, _("Your role requires two-factor sign-in; it cannot be turned off."))
        else:
            two_factor_disable(user=request.user)
            messages.success(request, _("Two-factor sign-in is off."))
        return redirect("security:two_factor")
