"""Reads: querysets the views, services and commands share."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from .models import (
    Appointment,
    AppointmentFinding,
    Client,
    ConsentSignature,
    ConsentText,
    Intake,
    IntakeCondition,
    IntakeMedication,
    IntakePriorTreatment,
    IntakeProcedure,
)
from .models.booking import INTAKE_REQUIRED_CODES

INTAKE_ENTRIES = [
    Prefetch("conditions", IntakeCondition.objects.select_related("condition").prefetch_related("sites")),
    Prefetch("procedures", IntakeProcedure.objects.select_related("procedure").prefetch_related("sites")),
    Prefetch("medications", IntakeMedication.objects.select_related("medication")),
    Prefetch("prior_treatments", IntakePriorTreatment.objects.select_related("treatment")),
    "sunburn_sites",
    "broken_skin_sites",
]


def intake_with_entries() -> QuerySet[Intake]:
    """Intakes with every entry prefetched, for display or export in a fixed number of queries."""
    return Intake.objects.select_related("client", "created_by").prefetch_related(*INTAKE_ENTRIES)


def client_current_intake(client: Client) -> Intake | None:
    """The client's current intake version with its entries, or None when there is none."""
    return intake_with_entries().filter(client=client, is_current=True).first()


def client_search(query: str) -> QuerySet[Client]:
    """Clients whose name, phone, e-mail or date of birth matches the query (all words must match)."""
    clients = Client.objects.all()
    for word in query.split():
        match = (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(phone__icontains=word)
        )
        date = parse_search_date(word)
        if date:
            match |= Q(date_of_birth=date)
        clients = clients.filter(match)
    if any(len(word) >= 3 for word in query.split()):
        # PostgreSQL finds the matches of a word of three letters or more through the trigram
        # indexes (migration 0016) and sorts the few it finds. Sorted by the name columns
        # themselves, it would rather walk the whole name index in order, testing every client on
        # the way, since the matches of a surname sit together in that order: a hundred times
        # slower with 100,000 clients. A name with '' appended sorts the same and rules the walk out.
        clients = clients.order_by(Concat("last_name", Value("")), "first_name", "id")
    return clients


def parse_search_date(word: str):
    """A date typed as 2026-11-20 or 20/11/2026, or None."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(word, fmt).date()
        except ValueError:
            continue
    return None


def client_upcoming_appointments(client: Client) -> QuerySet:
    """The client's appointments from today on, soonest first, with what the list shows."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Appointment.objects.filter(client=client, start__gte=today)
        .select_related("treatment", "practitioner__user", "intensity")
        .order_by("start")
    )


# What the schedule shows of an appointment and those it names; loading only these saves a third of
# building 180 appointments with their clients, treatments and practitioners.
SCHEDULE_FIELDS = [
    "start",
    "end",
    "status",
    "worst_level",
    "client__first_name",
    "client__last_name",
    "treatment__name",
    "intensity__name",
    "practitioner__user__first_name",
    "practitioner__user__last_name",
    "practitioner__user__username",
]


def schedule_appointments(first: datetime.date, last: datetime.date, practitioner=None) -> QuerySet:
    """The appointments from day `first` to day `last` (of one practitioner, or all), by start, with what
    the schedule shows: `needs_intake` is whether screening refused one for want of a current intake."""
    appointments = Appointment.objects.filter(
        start__gte=timezone.make_aware(datetime.datetime.combine(first, datetime.time.min)),
        start__lt=timezone.make_aware(datetime.datetime.combine(last, datetime.time.min))
        + datetime.timedelta(days=1),
    )
    if practitioner is not None:
        appointments = appointments.filter(practitioner=practitioner)
    refused = AppointmentFinding.objects.filter(appointment=OuterRef("pk"), code__in=INTAKE_REQUIRED_CODES)
    return (
        appointments.select_related("client", "treatment", "practitioner__user", "intensity")
        .only(*SCHEDULE_FIELDS)
        .annotate(needs_intake=Exists(refused))
        .order_by("start", "pk")
    )


def client_consents(client: Client) -> QuerySet:
    """The client's signed consents, newest first, with the text version each was signed against."""
    return client.consents.select_related("consent_text__treatment").order_by("-signed_at")


def consent_states(pairs) -> dict[tuple[int, int], str]:
    """For (client id, treatment id) pairs: "missing", "outdated" (signed for an older text) or "signed".

    Two queries whatever the number of pairs; a treatment with no consent text needs none.
    """
    pairs = set(pairs)
    latest = {}
    for treatment_id, version in ConsentText.objects.filter(
        treatment_id__in={treatment for _, treatment in pairs}
    ).values_list("treatment_id", "version"):
        latest[treatment_id] = max(version, latest.get(treatment_id, 0))
    signed = {}
    for client_id, treatment_id, version in ConsentSignature.objects.filter(
        client_id__in={client for client, _ in pairs}
    ).values_list("client_id", "consent_text__treatment_id", "consent_text__version"):
        key = (client_id, treatment_id)
        signed[key] = max(version, signed.get(key, 0))
    states = {}
    for client_id, treatment_id in pairs:
        if treatment_id not in latest:
            continue
        version = signed.get((client_id, treatment_id))
        states[client_id, treatment_id] = (
            "missing" if version is None else "outdated" if version < latest[treatment_id] else "signed"
        )
    return states
