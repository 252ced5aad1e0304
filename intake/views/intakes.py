"""Intake pages: fill in a new intake version, and read any earlier one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from ..audit import audit_view
from ..documents import DocumentError, intake_to_document
from ..entries import intake_summarized
from ..forms.intakes import IntakeForm, initial_from_document, intake_document, intake_formsets
from ..models import Intake
from ..selectors import client_current_intake
from ..services.intakes import EditConflict, intake_submit
from .clients import ClientPageView, StaffView


class IntakeCreateView(ClientPageView, View):
    """Fill in a new intake version, starting from the client's current one."""

    permission_required = "intake.add_intake"
    template_name = "intake/intake_form.html"

    def get(self, request, pk):
        current = client_current_intake(self.client)
        main, entries = initial_from_document(intake_to_document(current)) if current else ({}, {})
        form = IntakeForm(
            initial={
                **main,
                "intake_date": timezone.localdate(),
                "based_on": current.version if current else 0,
            }
        )
        return self.render(form, intake_formsets(initial=entries), current)

    def post(self, request, pk):
        form = IntakeForm(request.POST)
        form.is_valid()
        formsets = intake_formsets(request.POST, intake_date=form.cleaned_data.get("intake_date"))
        if form.is_valid() and all(formset.is_valid() for formset in formsets.values()):
            document = intake_document(form, formsets, date_of_birth=self.client.date_of_birth)
            try:
                intake = intake_submit(
                    client=self.client,
                    document=document,
                    by=request.user,
                    based_on=form.cleaned_data["based_on"],
                )
            except DocumentError as error:
                form.add_error(None, str(error))
            except EditConflict as conflict:
                form.add_error(None, str(conflict))
                form.data = form.data.copy()
                form.data["based_on"] = conflict.version
                return self.render(
                    form, formsets, client_current_intake(self.client), conflict_url=conflict.current_url
                )
            else:
                messages.success(
                    request, _("Intake version %(version)s saved.") % {"version": intake.version}
                )
                return redirect(self.client)
        messages.error(request, _("Please correct the highlighted answers; nothing you entered was lost."))
        return self.render(form, formsets, client_current_intake(self.client))

    def render(self, form, formsets, current, **context):
        return render(
            self.request,
            self.template_name,
            {"client": self.client, "form": form, "formsets": formsets, "current": current, **context},
        )


class IntakeDetailView(StaffView, DetailView):
    """One intake version of a client, exactly as it was submitted."""

    permission_required = "intake.view_intake"
    template_name = "intake/intake_detail.html"
    context_object_name = "intake"

    def get_queryset(self):
        intakes = Intake.objects.select_related("client", "created_by")
        return intakes.filter(client_id=self.kwargs["client_pk"])

    def get_object(self, queryset=None):
        return intake_summarized(get_object_or_404(self.get_queryset(), version=self.kwargs["version"]))

    def get_context_data(self, **kwargs):
        audit_view(self.request, self.object.client)
        return super().get_context_data(client=self.object.client, **kwargs)
