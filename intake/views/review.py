"""Review pages: the review queue and its actions, clearances and their letters, intake requests, a
client's timeline, and the clinic admin's dashboard."""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from ..audit import audit_view
from ..forms.booking import AcknowledgeForm
from ..forms.review import ClearanceForm, QueueFilterForm, VersionDiffForm
from ..models import Appointment, Clearance, Client, Flag
from ..rules.findings import Level
from ..selectors_review import (
    QueueCounts,
    client_timeline,
    dashboard_figures,
    intake_version_diff,
    review_queue,
    review_queue_rows,
)
from ..services import review
from .booking import form_errors_from
from .clients import ClientPageView, StaffView

LETTER_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def next_url(request, default: str) -> str:
    """Where to go after an action: the page of ours the form came from (`next`), else `default`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class ReviewQueueView(StaffView, ListView):
    """Appointments held for review or blocked, then open flags: what practitioners must look at.

    The front desk sees it too, without the actions.
    """

    permission_required = ("intake.view_flag", "intake.view_appointment")
    template_name = "review/queue.html"
    paginate_by = 25

    def get_queryset(self):
        self.form = QueueFilterForm(self.request.GET)
        self.form.is_valid()
        filters = self.form.filters()
        self.counts = QueueCounts(filters)
        return review_queue(filters, self.counts)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {
            **context,
            "form": self.form,
            "rows": review_queue_rows(context["object_list"]),
            "counts": [
                (level, Level.from_slug(level).label, count)
                for level, count in self.counts.per_level().items()
            ],
            "may_review": self.request.user.has_perm(review.REVIEW_PERMISSION),
        }


class ReviewActionView(StaffView, View):
    """A POST-only review action with an optional note; `actions` maps the action in the URL to the
    method that calls its service and returns what to tell the user."""

    permission_required = review.REVIEW_PERMISSION
    http_method_names = ["post"]
    actions: dict = {}

    def post(self, request, pk, action):
        act = self.actions.get(action)
        if act is None:
            raise Http404
        form = AcknowledgeForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["note"])
            messages.success(request, act(self, form.cleaned_data["note"]))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(next_url(request, reverse("intake:review_queue")))


class FlagReviewView(ReviewActionView):
    """Acknowledge a caution flag, refer the client about a flag, or resolve a flag."""

    @cached_property
    def flag(self) -> Flag:
        """The flag acted on (404 when there is none)."""
        return get_object_or_404(
            Flag.objects.select_related("client", "rule", "treatment"), pk=self.kwargs["pk"]
        )

    def acknowledge(self, note: str) -> str:
        review.flag_acknowledge(flag=self.flag, by=self.request.user, note=note)
        return _("Flag %(code)s acknowledged for %(client)s.") % {
            "code": self.flag.rule.code,
            "client": self.flag.client,
        }

    def refer(self, note: str) -> str:
        review.dermatologist_refer(flag=self.flag, by=self.request.user, note=note)
        return _("Referral to a dermatologist recorded for %(client)s.") % {"client": self.flag.client}

    def resolve(self, note: str) -> str:
        review.flag_resolve(flag=self.flag, by=self.request.user, note=note)
        return _("Flag %(code)s resolved for %(client)s.") % {
            "code": self.flag.rule.code,
            "client": self.flag.client,
        }

    actions = {"acknowledge": acknowledge, "refer": refer, "resolve": resolve}


class AppointmentReviewView(ReviewActionView):
    """Acknowledge one of an appointment's cautions (the `finding` posted), or refer the client about it."""

    @cached_property
    def appointment(self) -> Appointment:
        """The appointment acted on (404 when there is none)."""
        return get_object_or_404(Appointment.objects.select_related("client"), pk=self.kwargs["pk"])

    def acknowledge(self, note: str) -> str:
        finding = self.request.POST.get("finding", "")
        if not finding.isdigit():
            raise Http404
        finding = get_object_or_404(self.appointment.findings, pk=finding)
        appointment = review.caution_acknowledge(finding=finding, by=self.request.user, note=note)
        return _("%(code)s acknowledged; the appointment is %(status)s.") % {
            "code": finding.code,
            "status": appointment.get_status_display().lower(),
        }

    def refer(self, note: str) -> str:
        review.dermatologist_refer(appointment=self.appointment, by=self.request.user, note=note)
        return _("Referral to a dermatologist recorded for %(client)s.") % {"client": self.appointment.client}

    actions = {"acknowledge": acknowledge, "refer": refer}


class ClientActionView(ClientPageView, View):
    """A review action on a client as a whole."""

    permission_required = review.REVIEW_PERMISSION



class IntakeRequestView(ClientActionView):
    """Ask the client for an updated intake (POST, with an optional note)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = AcknowledgeForm(request.POST)
        if form.is_valid():
            review.intake_request(client=self.client, by=request.user, note=form.cleaned_data["note"])
            messages.success(
                request, _("Updated intake requested from %(client)s.") % {"client": self.client}
            )
        else:
            messages.error(request, " ".join(form.errors["note"]))
        return redirect(next_url(request, self.client.get_absolute_url()))


class ClearanceCreateView(ClientActionView):
    """Record a dermatologist's clearance, with the letter if there is one."""

    template_name = "review/clearance_form.html"

    def get(self, request, pk):
        return self.render(ClearanceForm())

    def post(self, request, pk):
        form = ClearanceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                review.clearance_record(client=self.client, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("Clearance recorded for %(client)s.") % {"client": self.client})
                return redirect(next_url(request, reverse("intake:client_timeline", args=[self.client.pk])))
        return self.render(form)

    def render(self, form):
        next_page = self.request.POST.get("next") or self.request.GET.get("next", "")
        return render(
            self.request, self.template_name, {"client": self.client, "form": form, "next": next_page}
        )


class ClearanceLetterView(StaffView, View):
    """A clearance letter, handed out (as a download) only to staff who may see the client's clearances."""

    permission_required = ("intake.view_client", "intake.view_clearance")

    def get(self, request, pk):
        clearance = get_object_or_404(Clearance.objects.select_related("client"), pk=pk)
        if not clearance.letter:
            raise Http404
        audit_view(request, clearance.client)
        suffix = PurePath(clearance.letter.name).suffix.lower()
        response = FileResponse(
            clearance.letter.open("rb"),
            as_attachment=True,
            filename=f"clearance-{clearance.client.last_name}-{clearance.date:%Y-%m-%d}{suffix}",
            content_type=LETTER_TYPES.get(suffix, "application/octet-stream"),
        )
        response["Cache-Control"] = "private, no-store"
        return response


class TimelineView(ClientPageView, DetailView):
    """Everything that happened to a client, oldest first, and what changed between two intake versions."""

    permission_required = ("intake.view_client", "intake.view_flag", "intake.view_appointment")
    model = Client
    template_name = "review/timeline.html"
    context_object_name = "client"

    def get_context_data(self, **kwargs):
        client = self.object
        audit_view(self.request, client)
        versions = list(client.intakes.order_by("version").values_list("version", flat=True))
        diff_form = changes = None
        if len(versions) > 1:
            # The latest two versions are offered; the documents are built only when asked for.
            latest = {"old": versions[-2], "new": versions[-1]}
            asked = "old" in self.request.GET
            diff_form = VersionDiffForm(
                self.request.GET if asked else None, initial=latest, versions=versions
            )
            if asked and diff_form.is_valid():
                changes = intake_version_diff(
                    client, diff_form.cleaned_data["old"], diff_form.cleaned_data["new"]
                )
        return super().get_context_data(
            entries=client_timeline(client),
            diff_form=diff_form,
            changes=changes,
            may_review=self.request.user.has_perm(review.REVIEW_PERMISSION),
            **kwargs,
        )


class DashboardView(StaffView, TemplateView):
    """The clinic admin's dashboard: open flags, refusals and overrides, upcoming blocked appointments."""

    permission_required = "intake.view_dashboard"
    template_name = "review/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(dashboard=dashboard_figures(), **kwargs)
