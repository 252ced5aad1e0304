"""Client pages: search, register, edit, and the client's record."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from ..audit import audit_view
from ..forms.clients import ClientForm
from ..models import Client
from ..pagination import SearchPaginator
from ..rules.loader import client_screenings
from ..selectors import (
    client_by_id,
    client_intakes,
    client_search_rows,
    client_upcoming,
)
from ..services.intakes import EditConflict, client_create, client_update


class StaffView(LoginRequiredMixin, PermissionRequiredMixin):
    """A page for signed-in staff holding `permission_required`: others are sent to sign in (403
    when already signed in)."""


class ClientPageView(StaffView):
    """A page about the client whose id the URL holds (`pk`); for a `DetailView`, the object."""

    @cached_property
    def client(self) -> Client:
        """The client (404 when there is none)."""
        client = client_by_id(self.kwargs["pk"])
        if client is None:
            raise Http404(_("There is no such client."))
        return client

    def get_object(self, queryset=None) -> Client:
        return self.client


class ClientListView(StaffView, ListView):
    """Find a client by name, phone, e-mail or date of birth."""

    permission_required = "intake.view_client"
    paginate_by = 25
    paginator_class = SearchPaginator
    template_name = "intake/client_list.html"

    def get_queryset(self):
        # NUL characters can match nothing and PostgreSQL refuses them in a query: drop them.
        self.query = self.request.GET.get("q", "").replace("\x00", "").strip()[:100]
        return client_search_rows(self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)


class ClientFormView(StaffView, FormView):
    """Shared handling of the client form: save through a service, keep input on errors."""

    form_class = ClientForm
    template_name = "intake/client_form.html"

    def form_valid(self, form):
        try:
            client = self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except EditConflict as conflict:
            form.add_error(None, str(conflict))
            form.data = form.data.copy()
            form.data["based_on"] = conflict.version
            return self.render_to_response(
                self.get_context_data(form=form, conflict_url=conflict.current_url)
            )
        messages.success(self.request, _("Saved %(client)s.") % {"client": client})
        return redirect(client)


class ClientCreateView(ClientFormView):
    """Register a new client."""

    permission_required = "intake.add_client"

    def save(self, form) -> Client:
        fields = {name: value for name, value in form.cleaned_data.items() if name != "based_on"}
        return client_create(by=self.request.user, **fields)


class ClientUpdateView(ClientPageView, ClientFormView):
    """Edit a client's personal details."""

    permission_required = "intake.change_client"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.client}

    def get_context_data(self, **kwargs):
        return super().get_context_data(client=self.client, **kwargs)

    def save(self, form) -> Client:
        return client_update(client=self.client, by=self.request.user, **form.cleaned_data)


class ClientDetailView(ClientPageView, DetailView):
    """The client's record: details, current intake and earlier versions."""

    permission_required = "intake.view_client"
    model = Client
    template_name = "intake/client_detail.html"
    context_object_name = "client"

    def get_context_data(self, **kwargs):
        client = self.object
        audit_view(self.request, client)
        intake, versions = client_intakes(client)
        appointments, intake_requests = client_upcoming(client, intake)
        return super().get_context_data(
            intake=intake,
            versions=versions,
            screenings=client_screenings(client, intake=intake),
            appointments=appointments,
            intake_requests=intake_requests,
            **kwargs,
        )
