"""Self-service pages: front desk sends a link; the client fills in, saves and signs their intake."""

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from clinic.security.audit import client_ip

from ..audit import audit_view
from ..forms.selfservice import ClientIntakeForm, IntakeLinkForm
from ..models import Client, Intake
from ..ratelimit import allow
from ..rules.loader import client_screenings
from ..selectors import client_consents, client_intake_summarized
from ..services.selfservice import (
    Signature,
    intake_check,
    intake_link_create,
    intake_link_find,
    intake_link_save_draft,
    intake_link_send,
    intake_link_submit,
    latest_consent_texts,
)
from .clients import ClientPageView, StaffView

# Requests to self-service links, per client address and per link, in a 10-minute window.
REQUESTS_PER_ADDRESS = 120
REQUESTS_PER_LINK = 60
WINDOW_SECONDS = 600
NOT_SAVED = {"csrfmiddlewaretoken", "save", "submit"}


class IntakeLinkCreateView(ClientPageView, View):
    """Front desk makes a pre-visit intake link: e-mailed, or shown as a QR code for a tablet."""

    permission_required = "intake.add_intakelink"
    template_name = "selfservice/link_create.html"

    def get(self, request, pk):
        form = IntakeLinkForm(initial={"email": self.client.email})
        form.initial["treatments"] = form.fields["treatments"].queryset
        return render(request, self.template_name, {"client": self.client, "form": form})

    def post(self, request, pk):
        form = IntakeLinkForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"client": self.client, "form": form})
        email = form.cleaned_data["email"]
        link, token = intake_link_create(
            client=self.client, by=request.user, treatments=list(form.cleaned_data["treatments"]), email=email
        )
        url = request.build_absolute_uri(reverse("selfservice:intake", args=[token]))
        if email:
            intake_link_send(link=link, url=url, clinic_name=settings.CLINIC_NAME)
            messages.success(request, _("The link was e-mailed to %(email)s.") % {"email": email})
        qr = segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff", title=_("Intake link"))
        return render(
            request,
            "selfservice/link_ready.html",
            {"client": self.client, "link": link, "url": url, "qr": qr},
        )


def limited(request, token: str) -> bool:
    """Whether this address or this link has made too many requests lately."""
    return not (
        allow(
            f"selfservice:ip:{client_ip(request)}", limit=REQUESTS_PER_ADDRESS, window_seconds=WINDOW_SECONDS
        )
        and allow(f"selfservice:link:{token[:64]}", limit=REQUESTS_PER_LINK, window_seconds=WINDOW_SECONDS)
    )


def invalid(request, status: int = 404):
    """The same polite page for an unknown, used or expired link: it reveals nothing."""
    return render(request, "selfservice/invalid.html", status=status)


def draft_of(post) -> dict:
    """What the client typed, as saved progress (field → list of values)."""
    return {name: values for name, values in post.lists() if name not in NOT_SAVED}


def initial_from(draft: dict, form_class_fields) -> dict:
    """Form initial values from saved progress: lists for multi-value fields, single values otherwise."""
    initial = {}
    for name, values in draft.items():
        field = form_class_fields.get(name)
        if field is not None:
            initial[name] = (
                values if hasattr(field, "queryset") and field.widget.allow_multiple_selected else values[0]
            )
    return initial


@method_decorator(never_cache, name="dispatch")
class ClientIntakeView(View):
    """The client's own intake form behind a single-use link: no login, this client's form only."""

    template_name = "selfservice/intake_form.html"

    def dispatch(self, request, token):
        if limited(request, token):
            return invalid(request, status=429)
        self.link = intake_link_find(token)
        if self.link is None:
            return invalid(request)
        return super().dispatch(request, token)

    def get(self, request, token):
        form = ClientIntakeForm(client=self.link.client)
        form.initial = initial_from(self.link.draft, form.fields)
        return self.render(form)

    def post(self, request, token):
        draft = draft_of(request.POST)
        form = ClientIntakeForm(request.POST, client=self.link.client)
        if "submit" in request.POST and form.is_valid():
            data = form.cleaned_data
            signature = Signature(
                signer_name=data["signer_name"],
                drawing=data["signature"],
                guardian_name=data["guardian_name"],
                guardian_drawing=data["guardian_signature"],
            )
            try:
                intake_link_submit(
                    link=self.link,
                    document=form.document(),
                    signature=signature,
                    ip_address=client_ip(request),
                    user_agent=request.headers.get("User-Agent", ""),
                )
            except ValidationError:
                return invalid(request)
            return redirect("selfservice:done")
        intake_link_save_draft(link=self.link, draft=draft)
        if "submit" not in request.POST:
            form = ClientIntakeForm(client=self.link.client, initial=initial_from(draft, form.fields))
            messages.success(
                request, _("Saved. You can close this page and come back later with the same link.")
            )
        return self.render(form)

    def render(self, form):
        consents = latest_consent_texts(self.link.treatments.all())
        return render(
            self.request, self.template_name, {"form": form, "link": self.link, "consents": consents}
        )


@method_decorator(never_cache, name="dispatch")
class ClientIntakeDraftView(View):
    """Saves progress as the client goes (called by the form's script); answers JSON."""

    http_method_names = ["post"]

    def post(self, request, token):
        if limited(request, token):
            return JsonResponse({"saved": False}, status=429)
        link = intake_link_find(token)
        if link is None:
            return JsonResponse({"saved": False}, status=404)
        try:
            intake_link_save_draft(link=link, draft=draft_of(request.POST))
        except ValidationError:
            return JsonResponse({"saved": False}, status=400)
        return JsonResponse({"saved": True})


def done(request):
    """Thanks the client; shows nothing of what they sent."""
    return render(request, "selfservice/done.html")


class IntakeCheckView(StaffView, View):
    """Staff confirm a client-submitted intake after checking it with the client."""

    permission_required = "intake.change_intake"
    http_method_names = ["post"]

    def post(self, request, pk, version):
        intake = get_object_or_404(Intake, client_id=pk, version=version)
        intake_check(intake=intake, by=request.user)
        messages.success(request, _("Intake version %(version)s marked as checked.") % {"version": version})
        return redirect(intake.client)


class ClientPrintView(ClientPageView, DetailView):
    """A print-ready record: current intake, screening, and signed consents."""

    permission_required = "intake.view_client"
    model = Client
    template_name = "selfservice/client_print.html"
    context_object_name = "client"

    def get_context_data(self, **kwargs):
        audit_view(self.request, self.object)
        intake = client_intake_summarized(self.object)
        return super().get_context_data(
            intake=intake,
            screenings=client_screenings(self.object, intake=intake),
            consents=client_consents(self.object),
            **kwargs,
        )
