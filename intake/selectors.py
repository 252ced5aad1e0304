"""Reads: querysets the views, services and commands share."""

import datetime
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Prefetch, Q, QuerySet, Value, Window
from django.db.models.functions import Concat, RowNumber
from django.utils import timezone
from django.utils.translation import get_language

from clinic.compiled import NO_IDS, CompiledRead, padded, union_of

from .entries import intake_summarized
from .links import keys_link, pk_link
from .models import (
    Appointment,
    Client,
    ConsentSignature,
    ConsentText,
    Intake,
    IntakeCondition,
    IntakeMedication,
    IntakePriorTreatment,
    IntakeProcedure,
    IntakeRequest,
    Intensity,
    Practitioner,
    Treatment,
)
from .templatetags.choices import choice_labels

# In the order they were entered, so that a page, an export and a comparison of versions list them
# alike (as screening's reads do, `entries.entries_load`).
INTAKE_ENTRIES = [
    Prefetch(
        "conditions",
        IntakeCondition.objects.select_related("condition").prefetch_related("sites").order_by("pk"),
    ),
    Prefetch(
        "procedures",
        IntakeProcedure.objects.select_related("procedure").prefetch_related("sites").order_by("pk"),
    ),
    Prefetch("medications", IntakeMedication.objects.select_related("medication").order_by("pk")),
    Prefetch("prior_treatments", IntakePriorTreatment.objects.select_related("treatment").order_by("pk")),
    "sunburn_sites",
    "broken_skin_sites",
]


def intake_with_entries() -> QuerySet[Intake]:
    """Intakes with every entry prefetched, for export, the intake form and comparing versions in a
    fixed number of queries (the record pages read the entries in one: `entries.intake_summarized`)."""
    return Intake.objects.select_related("client", "created_by").prefetch_related(*INTAKE_ENTRIES)


def client_current_intake(client: Client) -> Intake | None:
    """The client's current intake version with its entries, or None when there is none."""
    return intake_with_entries().filter(client=client, is_current=True).first()


def client_intake_summarized(client: Client) -> Intake | None:
    """The client's current intake with its summary and the entries and visits screening needs (two
    queries; see `entries.intake_summarized`), or None when there is none."""
    intake = current_intakes_of([client]).get(client.pk)
    return intake and intake_summarized(intake)


def current_intakes_of(clients: list[Client]) -> dict[int, Intake]:
    """The clients' current intakes by client id, in one query compiled once per process; each
    intake's `client` is the one given."""
    if not clients:
        return {}
    by_id = {client.pk: client for client in clients}
    intakes = {}
    for row in CURRENT_INTAKES.rows(list(by_id)):
        intake = intake_of(by_id[row[INTAKE_CLIENT]], row)
        intakes[intake.client_id] = intake
    return intakes


def intake_of(client: Client, columns) -> Intake:
    """The client's intake made from its `INTAKE_COLUMNS`, its `client` the one given."""
    intake = Intake.from_db(DEFAULT_DB_ALIAS, INTAKE_COLUMNS, columns)
    intake.client = client
    return intake


def current_intakes(client_ids: list[int]) -> QuerySet:
    """The query behind `current_intakes_of`: every column of the clients' current intakes."""
    return Intake.objects.filter(is_current=True, client__in=client_ids).values_list(*INTAKE_COLUMNS)


INTAKE_COLUMNS = [field.attname for field in Intake._meta.concrete_fields]
INTAKE_CLIENT = INTAKE_COLUMNS.index("client_id")
CURRENT_INTAKES = CompiledRead(current_intakes)


def client_by_id(pk: int) -> Client | None:
    """The client with this id, or None, read by a query compiled once per process: the ORM took
    longer to build `Client.objects.get` than PostgreSQL took to run it."""
    rows = CLIENTS.rows([pk])
    return Client.from_db(DEFAULT_DB_ALIAS, CLIENT_COLUMNS, rows[0]) if rows else None


CLIENT_COLUMNS = [field.attname for field in Client._meta.concrete_fields]
CLIENTS = CompiledRead(lambda ids: Client.objects.filter(pk__in=ids).values_list(*CLIENT_COLUMNS))


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
    if reads_every_match(query):
        # PostgreSQL finds the matches of a word of three letters or more through the trigram
        # indexes (migration 0016) and sorts the few it finds. Sorted by the name columns
        # themselves, it would rather walk the whole name index in order, testing every client on
        # the way, since the matches of a surname sit together in that order: a hundred times
        # slower with 100,000 clients. A name with '' appended sorts the same and rules the walk out.
        clients = clients.order_by(Concat("last_name", Value("")), "first_name", "id")
    return clients


def reads_every_match(query: str) -> bool:
    """Whether `client_search(query)` reads all its matches before it sorts them (through the trigram
    indexes, for a word of three letters or more), rather than walking the clients in name order."""
    return any(len(word) >= 3 for word in query.split())


# An appointment's practitioner's name, read as values (`Practitioner.name_from`).
PRACTITIONER_COLUMNS = [f"practitioner__{column}" for column in Practitioner.NAME_COLUMNS]

# What the search page shows of each client, read as values rather than as `Client` instances.
CLIENT_ROW_COLUMNS = ("pk", "first_name", "last_name", "date_of_birth", "phone", "email")


def client_search_rows(query: str) -> QuerySet:
    """`client_search`'s matches as rows named by `CLIENT_ROW_COLUMNS`, for the search page. When the
    search reads every match anyway (`reads_every_match`), each row also carries `matches`, the count
    of them all, counted in the same read: the page needs no count query, which took as long again."""
    clients, columns = client_search(query), CLIENT_ROW_COLUMNS
    if reads_every_match(query):
        clients, columns = clients.annotate(matches=Window(Count("*"))), (*columns, "matches")
    return clients.values_list(*columns, named=True)


def parse_search_date(word: str):
    """A date typed as 2026-11-20 or 20/11/2026, or None."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(word, fmt).date()
        except ValueError:
            continue
    return None


# The client's record lists its upcoming appointments and open intake requests (one read) and its
# intake versions as plain values, each read compiled once per process: read as instances with
# their related rows (select_related), they took the ORM longer to compile than the rest of the
# page's reads together, and as values built afresh on every request, 7 of the page's 37 million
# instructions.
@dataclass(frozen=True)
class UpcomingAppointment:
    """An appointment as the client's record lists it."""

    pk: int
    start: datetime.datetime
    status: str
    treatment: str
    intensity: str
    practitioner: str

    def get_absolute_url(self) -> str:
        return pk_link("intake:appointment_detail")(self.pk)

    @property
    def status_label(self) -> str:
        return choice_labels(Appointment, "status", get_language()).get(self.status, self.status)


@dataclass(frozen=True)
class OpenIntakeRequest:
    """A request for an updated intake, as the client's record shows it; `by` is a username."""

    at: datetime.datetime
    note: str
    by: str


def client_upcoming(
    client: Client, current: Intake | None
) -> tuple[list[UpcomingAppointment], list[OpenIntakeRequest]]:
    """The client's appointments from today on, soonest first, and the requests for an updated
    intake made since the `current` intake was recorded (all, without one), newest first: one read."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    since = current.created_at if current else EPOCH
    appointments, requests = [], []
    for kind, pk, moment, status, *texts in CLIENT_UPCOMING.rows([client.pk], today, since):
        if kind == "appointment":
            treatment, intensity, *names = texts
            name = Practitioner.name_from(*names)
            appointments.append(UpcomingAppointment(pk, moment, status, treatment, intensity or "", name))
        else:
            note, by, *_ = texts
            requests.append((moment, pk, OpenIntakeRequest(moment, note, by or "")))
    appointments.sort(key=lambda row: (row.start, row.pk))
    requests.sort(key=lambda row: row[:2], reverse=True)
    return appointments, [request for *_, request in requests]


# A row of `CLIENT_UPCOMING`'s parts: (kind, id, moment, status, `UPCOMING_TEXTS` texts).
UPCOMING_TEXTS = 5
APPOINTMENT_TEXTS = ["treatment__name", "intensity__name", *PRACTITIONER_COLUMNS]


def upcoming_parts(clients: list[int], today: datetime.datetime, since: datetime.datetime) -> QuerySet:
    """The clients' "appointment"s from `today` (their treatment's, intensity's and practitioner's
    names) and their "request"s for an updated intake since `since` (note, username), as rows of
    (kind, id, moment, status, texts). Unordered: a part of a union may not sort on SQLite."""
    blank = Value("")
    appointments = Appointment.objects.filter(client__in=clients, start__gte=today)
    requests = IntakeRequest.objects.filter(client__in=clients, at__gt=since)
    return union_of(
        [
            appointments.order_by().values_list(
                Value("appointment"), "pk", "start", "status", *APPOINTMENT_TEXTS
            ),
            requests.order_by().values_list(
                Value("request"), "pk", "at", blank, *padded(["note", "by__username"], UPCOMING_TEXTS, blank)
            ),
        ]
    )


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# A round trip fewer than reading each on its own.
CLIENT_UPCOMING = CompiledRead(upcoming_parts)


@dataclass(frozen=True)
class IntakeVersion:
    """An intake version as the client's record lists it, with its page's link; `created_by` is a
    username or ""."""

    version: int
    intake_date: datetime.date
    source: str
    created_by: str
    url: str

    @property
    def source_label(self) -> str:
        return choice_labels(Intake, "source", get_language()).get(self.source, self.source)


def client_intakes(client: Client) -> tuple[Intake | None, list[IntakeVersion]]:
    """The client's current intake as `client_intake_summarized` gives it, and every version as the
    record lists them, newest first: the versions and the current one's columns in one read."""
    current, versions, link = None, [], keys_link("intake:intake_detail", 2)
    for *columns, by in CLIENT_INTAKES.rows([client.pk]):
        if columns[IS_CURRENT]:
            current = intake_of(client, columns)
        version = columns[VERSION]
        versions.append(
            IntakeVersion(version, columns[INTAKE_DATE], columns[SOURCE], by or "", link(client.pk, version))
        )
    return current and intake_summarized(current), versions


# Where `INTAKE_COLUMNS` are in a row of `CLIENT_INTAKES`.
IS_CURRENT, VERSION, INTAKE_DATE, SOURCE = map(
    INTAKE_COLUMNS.index, ("is_current", "version", "intake_date", "source")
)
CLIENT_INTAKES = CompiledRead(
    lambda clients: Intake.objects.filter(client__in=clients)
    .order_by("-version")
    .values_list(*INTAKE_COLUMNS, "created_by__username")
)


@dataclass(frozen=True)
class ScheduleRow:
    """An appointment as the schedule lists it, read as plain values: building the six model
    instances behind each of a busy day's rows took longer than the rest of the page's reading.
    `start` and `end` are in the time zone that was active when it was read."""

    pk: int
    start: datetime.datetime
    end: datetime.datetime
    status: str
    worst_level: str
    needs_intake: bool
    client: str
    treatment: str
    intensity: str
    practitioner: str
    consent_state: str | None

    @property
    def day(self) -> datetime.date:
        """The local date it is on."""
        return self.start.date()


SCHEDULE_COLUMNS = [
    "pk",
    "start",
    "end",
    "status",
    "worst_level",
    "needs_intake",
    "client_id",
    "client__first_name",
    "client__last_name",
    "treatment_id",
    "intensity_id",
    "practitioner_id",
]


# Where a schedule row's client, treatment, intensity and practitioner ids are.
CLIENT, TREATMENT, INTENSITY, PRACTITIONER = (
    SCHEDULE_COLUMNS.index(f"{name}_id") for name in ("client", "treatment", "intensity", "practitioner")
)


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a day in the active time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Schedule:
    """The appointments a schedule shows, and the (value, name) of each active practitioner, in
    name order, for its drop-down."""

    rows: list[ScheduleRow]
    practitioners: list[tuple[str, str]]


def schedule_read(first: datetime.date, last: datetime.date, practitioner=None) -> Schedule:
    """The appointments from day `first` to day `last` (of one practitioner, or all), by start, with
    what the schedule shows (`needs_intake` is whether screening refused one for want of a current
    intake; `consent_state` is as `consent_states` gives it), and the practitioners to choose from.
    Two compiled reads."""
    chosen = [] if practitioner is None else [[practitioner.pk]]
    values = SCHEDULE.rows(day_start(first), day_start(last + datetime.timedelta(days=1)), *chosen)
    pairs = {(row[CLIENT], row[TREATMENT]) for row in values}
    ids = [{row[at] for row in values} for at in (TREATMENT, INTENSITY, PRACTITIONER, CLIENT)]
    lookups = SCHEDULE_LOOKUPS.rows(*(sorted(keys - {None}) or NO_IDS for keys in ids))
    names = {
        (kind, pk): Practitioner.name_from(*texts) if kind == "practitioner" else texts[0]
        for kind, pk, _, _, *texts in lookups
        if kind in NAME_KINDS
    }
    options = sorted((place, pk, texts) for kind, pk, place, _, *texts in lookups if kind == OPTION)
    consents = consent_states_from(pairs, lookups)
    zone = timezone.get_current_timezone()
    return Schedule(
        rows=[schedule_row(row, names, consents, zone) for row in values],
        practitioners=[(str(pk), Practitioner.name_from(*texts)) for _, pk, texts in options],
    )


def scheduled(since: datetime.datetime, until: datetime.datetime, practitioners=None) -> QuerySet:
    """The `SCHEDULE_COLUMNS` of the appointments starting from `since` until `until` (of
    `practitioners`, or all), by start."""
    appointments = Appointment.objects.filter(start__gte=since, start__lt=until)
    if practitioners is not None:
        appointments = appointments.filter(practitioner__in=practitioners)
    return appointments.order_by("start", "pk").values_list(*SCHEDULE_COLUMNS)


# A busy day's read took the ORM 2 ms to build and compile, and PostgreSQL longer to plan than to run.
# PostgreSQL plans it again for each day (a plan for any day looks dearer than one for the day): the
# names of its treatments, intensities and practitioners are read apart (`SCHEDULE_LOOKUPS`), as
# joining their four small tables took it 1 ms more to plan than the read takes without them.
SCHEDULE = CompiledRead(scheduled)


NAME_KINDS = ("treatment", "intensity", "practitioner")
OPTION = "option"


def lookup_part(queryset: QuerySet, kind: str, key: str, numbers=(), texts=()) -> QuerySet:
    """`queryset` as a part of a union of lookups: (kind, key, two numbers and three texts, 0 and
    blank where fewer are named). Unordered: a part of a union may not sort on SQLite."""
    numbers, texts = padded(numbers, 2, Value(0)), padded(texts, 3, Value(""))
    return queryset.order_by().values_list(Value(kind), key, *numbers, *texts)


def consent_parts(treatments: list[int], clients: list[int]) -> list[QuerySet]:
    """The union parts `consent_states_from` reads: ("signed", client id, treatment id, version) of
    the consents the clients signed and ("text", treatment id, 0, version) of the treatments' consent
    texts. The signatures come first, as a union's values are converted by its first part's
    converters: the signatures' columns need none, where a part's constant 0 (an `IntegerField`
    expression) has one, run on every row."""
    return [
        lookup_part(
            ConsentSignature.objects.filter(client_id__in=clients),
            "signed",
            "client_id",
            ("consent_text__treatment_id", "consent_text__version"),
        ),
        lookup_part(
            ConsentText.objects.filter(treatment_id__in=treatments),
            "text",
            "treatment_id",
            (Value(0), "version"),
        ),
    ]


def schedule_lookups(
    treatments: list[int], intensities: list[int], practitioners: list[int], clients: list[int]
) -> QuerySet:
    """What a schedule shows of its appointments besides their own columns, in one read: the names of
    their treatments, intensities and practitioners ((kind, id, 0, 0, and the name or a
    practitioner's `NAME_COLUMNS`), kinds `NAME_KINDS`), their clients' consents (`consent_parts`)
    and the active practitioners to choose from ((`OPTION`, id, place in name order, 0, and the
    `NAME_COLUMNS`))."""
    order = [*Practitioner._meta.ordering, "pk"]
    return union_of(
        [
            *consent_parts(treatments, clients),
            lookup_part(
                Practitioner.objects.filter(active=True).annotate(place=Window(RowNumber(), order_by=order)),
                OPTION,
                "pk",
                ("place",),
                Practitioner.NAME_COLUMNS,
            ),
            lookup_part(Treatment.objects.filter(pk__in=treatments), "treatment", "pk", texts=("name",)),
            lookup_part(Intensity.objects.filter(pk__in=intensities), "intensity", "pk", texts=("name",)),
            lookup_part(
                Practitioner.objects.filter(pk__in=practitioners),
                "practitioner",
                "pk",
                texts=Practitioner.NAME_COLUMNS,
            ),
        ]
    )


# Each read is a round trip and a statement for PostgreSQL to parse and plan: the names, the consents
# and the practitioners to choose from were four reads.
SCHEDULE_LOOKUPS = CompiledRead(schedule_lookups)


def schedule_row(values: tuple, names: dict[tuple[str, int], str], consents: dict, zone) -> ScheduleRow:
    """The row of one appointment's `SCHEDULE_COLUMNS`, with its treatment's, intensity's and
    practitioner's names from `names`, its consent state from `consents` and its times in `zone`."""
    (pk, start, end, status, worst_level, needs_intake, client_id, first_name, last_name) = values[:9]
    treatment_id, intensity_id, practitioner_id = values[9:]
    return ScheduleRow(
        pk=pk,
        start=start.astimezone(zone),
        end=end.astimezone(zone),
        status=status,
        worst_level=worst_level,
        needs_intake=needs_intake,
        client=Client.name_from(first_name, last_name),
        treatment=names["treatment", treatment_id],
        intensity=names.get(("intensity", intensity_id), ""),
        practitioner=names["practitioner", practitioner_id],
        consent_state=consents.get((client_id, treatment_id)),
    )


def client_consents(client: Client) -> QuerySet:
    """The client's signed consents, newest first, with the text version each was signed against."""
    return client.consents.select_related("consent_text__treatment").order_by("-signed_at")


# The consent texts of treatments, and the consents clients signed: read together, for a whole
# schedule of clients at once, compiled once per process (the ORM took longer to build these reads,
# with their hundreds of ids, than PostgreSQL took to run them).
CONSENT_VERSIONS = CompiledRead(lambda treatments, clients: union_of(consent_parts(treatments, clients)))


def consent_states(pairs) -> dict[tuple[int, int], str]:
    """For (client id, treatment id) pairs: "missing", "outdated" (signed for an older text) or "signed".

    One compiled read whatever the number of pairs; a treatment with no consent text needs none.
    """
    pairs = set(pairs)
    if not pairs:
        return {}
    treatments, clients = (sorted({pair[at] for pair in pairs}) for at in (1, 0))
    return consent_states_from(pairs, CONSENT_VERSIONS.rows(treatments, clients))


def consent_states_from(pairs: set[tuple[int, int]], lookups: list[tuple]) -> dict[tuple[int, int], str]:
    """`consent_states` of the pairs, from rows of `consent_parts` (other kinds of rows ignored)."""
    latest, signed = {}, {}
    for kind, key, treatment_id, version, *_ in lookups:
        if kind == "text":
            latest[key] = max(version, latest.get(key, 0))
        elif kind == "signed":
            signed[key, treatment_id] = max(version, signed.get((key, treatment_id), 0))
    states = {}
    for client_id, treatment_id in pairs:
        if treatment_id not in latest:
            continue
        version = signed.get((client_id, treatment_id))
        states[client_id, treatment_id] = (
            "missing" if version is None else "outdated" if version < latest[treatment_id] else "signed"
        )
    return states
