"""Reads of the review pages: the review queue, a client's timeline, and the clinic dashboard.

Each runs a fixed number of queries, whatever the number of rows.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import models
from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic.compiled import NO_IDS, NO_MOMENT, CompiledRead, padded, union_of

from .document_diff import Change, document_diff
from .documents import intake_to_document
from .links import pk_link
from .models import (
    Appointment,
    AppointmentEvent,
    AppointmentFinding,
    AppointmentStatus,
    BookingAttempt,
    Clearance,
    Client,
    Flag,
    FlagStatus,
    IntakeRequest,
    Practitioner,
    ReviewAction,
    ReviewActionKind,
    Treatment,
)
from .models.booking import severity
from .rules.findings import Level
from .selectors import PRACTITIONER_COLUMNS, day_start, intake_with_entries

__all__ = [
    "QUEUE_LEVELS",
    "Dashboard",
    "QueueCounts",
    "QueueFilters",
    "QueueAction",
    "QueueAppointment",
    "QueueFinding",
    "QueueFlag",
    "QueueRow",
    "QueueStatus",
    "TimelineEntry",
    "client_timeline",
    "dashboard_figures",
    "intake_version_diff",
    "review_queue",
    "review_queue_rows",
]

# Advice needs nobody's review: the queue holds what a practitioner must look at.
QUEUE_LEVELS = [Level.CONTRAINDICATED.slug, Level.CAUTION.slug]


class QueueStatus(models.TextChoices):
    """Why a row is in the queue: an appointment held for review or blocked, or an open flag."""

    PENDING = AppointmentStatus.PENDING_REVIEW.value, AppointmentStatus.PENDING_REVIEW.label
    BLOCKED = AppointmentStatus.BLOCKED.value, AppointmentStatus.BLOCKED.label
    FLAG = "flag", gettext_lazy("Open flag")


@dataclass(frozen=True)
class QueueFilters:
    """What the review queue is narrowed to; None is any."""

    level: str | None = None
    treatment: Treatment | None = None
    practitioner: Practitioner | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    status: str | None = None


def within(queryset: QuerySet, moment: str, filters: QueueFilters) -> QuerySet:
    """Narrow to a date range on the appointment time `moment`."""
    if filters.date_from:
        queryset = queryset.filter(**{f"{moment}__gte": day_start(filters.date_from)})
    if filters.date_to:
        queryset = queryset.filter(
            **{f"{moment}__lt": day_start(filters.date_to + datetime.timedelta(days=1))}
        )
    return queryset


def queue_appointments(filters: QueueFilters, since: datetime.datetime | None = None) -> QuerySet:
    """Appointments held for review or blocked from `since` (the start of today), narrowed by the
    filters (whose treatment and practitioner may be ids)."""
    statuses = [AppointmentStatus.PENDING_REVIEW, AppointmentStatus.BLOCKED]
    if filters.status:
        statuses = [status for status in statuses if status == filters.status]
    since = since or day_start(timezone.localdate())
    appointments = Appointment.objects.filter(status__in=statuses, start__gte=since)
    if filters.level:
        appointments = appointments.filter(worst_level=filters.level)
    if filters.treatment:
        appointments = appointments.filter(treatment=filters.treatment)
    if filters.practitioner:
        appointments = appointments.filter(practitioner=filters.practitioner)
    return within(appointments, "start", filters)


def next_appointment() -> QuerySet[Appointment]:
    """For a flag (as the outer query): the client's next upcoming appointment for the flag's treatment."""
    return Appointment.objects.filter(
        client=OuterRef("client_id"),
        treatment=OuterRef("treatment_id"),
        status__in=AppointmentStatus.upcoming(),
        start__gte=day_start(timezone.localdate()),
    ).order_by("start", "id")


def open_flags(filters: QueueFilters) -> QuerySet[Flag]:
    """Open flags that need a practitioner, narrowed by the filters that do not ask about appointments."""
    if filters.status and filters.status != QueueStatus.FLAG:
        return Flag.objects.none()
    flags = Flag.objects.filter(status=FlagStatus.OPEN, level__in=QUEUE_LEVELS)
    if filters.level:
        flags = flags.filter(level=filters.level)
    if filters.treatment:
        flags = flags.filter(treatment=filters.treatment)
    return flags


def asks_about_appointments(filters: QueueFilters) -> bool:
    """Whether the filters keep only rows with an appointment (a practitioner or dates)."""
    return bool(filters.practitioner or filters.date_from or filters.date_to)


def booked_flags(filters: QueueFilters) -> QuerySet[Flag]:
    """Open flags whose client has an appointment coming for the flag's treatment, with the next one."""
    upcoming = next_appointment()
    flags = (
        open_flags(filters)
        .filter(Exists(upcoming))
        .annotate(
            next_start=Subquery(upcoming.values("start")[:1]),
            next_practitioner=Subquery(upcoming.values("practitioner")[:1]),
        )
    )
    if filters.practitioner:
        flags = flags.filter(next_practitioner=filters.practitioner.pk)
    return within(flags, "next_start", filters)


def unbooked_flags(filters: QueueFilters) -> QuerySet[Flag]:
    """Open flags whose client has no appointment coming for the flag's treatment."""
    if asks_about_appointments(filters):
        return Flag.objects.none()
    return open_flags(filters).filter(~Exists(next_appointment()))


# The queue's columns: (appointment id, flag id, priority, time, severity), in every part.
QUEUE_COLUMNS = ["appointment_ref", "flag_ref", "priority", "moment", "rank"]


class QueueRows:
    """The queue's rows in order, read from its parts one page at a time.

    The parts, each sorted in the database: appointments held for review or blocked; flags whose
    client has an appointment for the flag's treatment; then flags with none, most severe level
    first. A page builds and reads only the parts it overlaps, so no request sorts every open flag
    (there are hundreds of thousands in a large clinic, and most have no appointment), and the first
    page builds no query it does not run.
    """

    def __init__(self, parts: list[Callable[[int, int], list[tuple]]], sizes: Callable[[], list[int]]):
        self.parts, self.part_sizes = parts, sizes

    @cached_property
    def sizes(self) -> list[int]:
        """How many rows each part has (one query for all of them)."""
        return self.part_sizes()

    def count(self) -> int:
        """How many rows the queue has."""
        return sum(self.sizes)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[tuple]:
        start, stop, _step = index.indices(self.count())
        rows = []
        for part, size in zip(self.parts, self.sizes, strict=True):
            if start < size and stop > 0:
                rows += part(max(start, 0), min(stop, size))
            start, stop = start - size, stop - size
        return rows


# A queue longer than this keeps its counts in the shared cache for COUNTS_SECONDS: a large clinic
# has hundreds of thousands of open flags, too many to count on every page, and at that size a
# count a minute old is as good. A smaller queue is counted exactly every time.
LARGE_QUEUE, COUNTS_SECONDS = 5000, 60


class QueueCounts:
    """How many held appointments, booked flags and open flags there are at each level under every
    filter but the level: read once a page, in one query (or from the shared cache, for a large
    queue), for both the page's size and the counts per level."""

    def __init__(self, filters: QueueFilters):
        self.filters = filters

    @cached_property
    def by_part(self) -> dict[tuple[str, str], int]:
        """{("held" | "booked" | "open", level): number}."""
        any_level = replace(self.filters, level=None)
        key = "review-queue-counts:" + ":".join(
            str(value)
            for value in (
                timezone.localdate(),
                getattr(any_level.treatment, "pk", None),
                getattr(any_level.practitioner, "pk", None),
                any_level.date_from,
                any_level.date_to,
                any_level.status,
            )
        )
        counts = cache.get(key)
        if counts is None:
            parts = [
                ("held", queue_appointments(any_level), "worst_level"),
                ("booked", booked_flags(any_level), "level"),
                ("open", open_flags(any_level), "level"),
            ]
            queries = [
                rows.order_by().annotate(part=Value(name)).values_list("part", field).annotate(n=Count("pk"))
                for name, rows, field in parts
            ]
            counts = {(part, field): n for part, field, n in union_of(queries)}
            if sum(counts.values()) > LARGE_QUEUE:
                cache.set(key, counts, COUNTS_SECONDS)
        return counts

    def sizes(self) -> list[int]:
        """How many rows each part of the queue has: held appointments, booked flags, then flags
        with no appointment at each level (the open ones less the booked ones)."""
        counts = {
            (part, level): n
            for (part, level), n in self.by_part.items()
            if not self.filters.level or level == self.filters.level
        }
        held, booked = (
            sum(n for (part, _), n in counts.items() if part == name) for name in ("held", "booked")
        )
        without = not asks_about_appointments(self.filters)
        unbooked = [
            counts.get(("open", level), 0) - counts.get(("booked", level), 0) if without else 0
            for level in queue_levels(self.filters)
        ]
        return [held, booked, *unbooked]

    def per_level(self) -> dict[str, int]:
        """How many queue rows there are at each level."""
        flags = "booked" if asks_about_appointments(self.filters) else "open"
        counts = dict.fromkeys(QUEUE_LEVELS, 0)
        for (part, level), number in self.by_part.items():
            if part in ("held", flags) and level in counts:
                counts[level] += number
        return counts


def queue_levels(filters: QueueFilters) -> list[str]:
    """The levels the queue shows, most severe first."""
    levels = sorted(QUEUE_LEVELS, key=lambda slug: -Level.from_slug(slug))
    return [level for level in levels if not filters.level or filters.level == level]


def review_queue(filters: QueueFilters, counts: QueueCounts | None = None) -> QueueRows:
    """The queue as sorted (appointment id, flag id, priority, time, severity) rows, paged in the database.

    Appointments held for review or blocked come first, then flags whose client has an appointment
    for the flag's treatment, then flags with none; each by appointment time, most severe first.
    """
    return QueueRows(
        [
            partial(held_rows, filters),
            sliced(partial(booked_part, filters)),
            *(sliced(partial(unbooked_part, filters, level)) for level in queue_levels(filters)),
        ],
        (counts or QueueCounts(filters)).sizes,
    )


def sliced(part: Callable[[], QuerySet]) -> Callable[[int, int], list[tuple]]:
    """The rows of a part from `start` to `stop`, built and read by the ORM."""
    return lambda start, stop: list(part()[start:stop])


def held_rows(filters: QueueFilters, start: int, stop: int) -> list[tuple]:
    """The rows of `held_part` from `start` to `stop`, read by a query compiled once for the filters
    the page sets (the ORM took 1.5 ms to build and compile it, on every page of the queue); with
    a range of dates, built by the ORM."""
    if filters.date_from or filters.date_to:
        return list(held_part(filters)[start:stop])
    arguments = [day_start(timezone.localdate())]
    arguments += [filters.level] if filters.level else []
    arguments += [[chosen.pk] for chosen in (filters.treatment, filters.practitioner) if chosen]
    read = held_read(bool(filters.level), bool(filters.treatment), bool(filters.practitioner), filters.status)
    return read.rows_between(start, stop, *arguments)


@lru_cache
def held_read(level: bool, treatment: bool, practitioner: bool, status: str | None) -> CompiledRead:
    """`held_part` compiled for filters that set a level, a treatment and a practitioner or not (given
    as a text and lists of one id, after the start of today), and the status (in its SQL)."""

    def build(since: datetime.datetime, *given) -> QuerySet:
        given = iter(given)
        filters = QueueFilters(
            level=next(given) if level else None,
            treatment=next(given)[0] if treatment else None,
            practitioner=next(given)[0] if practitioner else None,
            status=status,
        )
        return held_part(filters, since)

    return CompiledRead(build)


def held_part(filters: QueueFilters, since: datetime.datetime | None = None) -> QuerySet:
    """The queue's appointments held for review or blocked from `since` (the start of today), by time,
    most severe first."""
    appointments = queue_appointments(filters, since).annotate(
        appointment_ref=F("id"),
        flag_ref=Value(None, output_field=BigIntegerField()),
        priority=Value(0),
        moment=F("start"),
        rank=severity("worst_level"),
    )
    return appointments.order_by("moment", "-rank", "appointment_ref").values_list(*QUEUE_COLUMNS)


def booked_part(filters: QueueFilters) -> QuerySet:
    """The queue's flags whose client has an appointment coming for the flag's treatment, by the time
    of that appointment, most severe first."""
    booked = booked_flags(filters).annotate(
        appointment_ref=Subquery(next_appointment().values("pk")[:1]),
        flag_ref=F("id"),
        priority=Value(1),
        moment=F("next_start"),
        rank=severity("level"),
    )
    return booked.order_by("moment", "-rank", "appointment_ref", "flag_ref").values_list(*QUEUE_COLUMNS)


def unbooked_part(filters: QueueFilters, level: str) -> QuerySet:
    """The queue's flags at `level` whose client has no appointment coming for the flag's treatment,
    oldest first."""
    unbooked = (
        unbooked_flags(filters)
        .filter(level=level)
        .annotate(
            appointment_ref=Value(None, output_field=BigIntegerField()),
            flag_ref=F("id"),
            priority=Value(2),
            moment=Value(None, output_field=models.DateTimeField()),
            rank=Value(int(Level.from_slug(level))),
        )
    )
    return unbooked.order_by("id").values_list(*QUEUE_COLUMNS)


# What a practitioner can do about a queue row (the review views' actions).
FLAG_ACTIONS = ("acknowledge", "refer", "resolve")
APPOINTMENT_ACTIONS = ("acknowledge", "refer")
# The client's pages and forms a queue row links to, by name.
CLIENT_LINKS = {
    "record": "intake:client_detail",
    "timeline": "intake:client_timeline",
    "intake_request": "intake:intake_request",
    "clearance": "intake:clearance_create",
}


@dataclass(frozen=True)
class RowLinks:
    """The links every queue row shows, each reversed once a page rather than once a row."""

    client: dict[str, Callable[[int], str]]
    appointment: Callable[[int], str]
    flag_actions: dict[str, Callable[[int], str]]
    appointment_actions: dict[str, Callable[[int], str]]

    @classmethod
    def build(cls) -> "RowLinks":
        """Each link reversed once."""
        return cls(
            {name: pk_link(url_name) for name, url_name in CLIENT_LINKS.items()},
            pk_link("intake:appointment_detail"),
            {action: pk_link("intake:review_flag", action) for action in FLAG_ACTIONS},
            {action: pk_link("intake:review_appointment", action) for action in APPOINTMENT_ACTIONS},
        )


@dataclass(frozen=True)
class QueueFlag:
    """An open flag as its queue row shows it."""

    pk: int
    level: str
    code: str
    treatment: str
    message: str
    evidence: str
    hint: str
    client_pk: int
    client: str


@dataclass(frozen=True)
class QueueFinding:
    """A finding that holds an appointment (`HOLDING`), as its queue row lists it."""

    pk: int
    code: str
    level: str
    message: str
    evidence: str


@dataclass(frozen=True)
class QueueAppointment:
    """An appointment as the queue shows it: held for review or blocked, with the findings that hold
    it, or the next one a flag's client has for the flag's treatment."""

    pk: int
    start: datetime.datetime
    status: str
    worst_level: str
    treatment: str
    intensity: str
    practitioner: str
    client_pk: int
    client: str
    findings: list[QueueFinding]


@dataclass(frozen=True)
class QueueAction:
    """A review step already taken, as a queue row's history lists it; `by` is the username."""

    pk: int
    action: str
    by: str
    at: datetime.datetime
    note: str


@dataclass
class QueueRow:
    """One line of the queue: an appointment waiting for review, or an open flag with the
    client's next appointment for its treatment (if any), and what was done about it so far.

    Read as plain values: building the half dozen model instances behind each row took longer
    than the rest of the page's reading."""

    appointment: QueueAppointment | None
    flag: QueueFlag | None
    links: RowLinks
    actions: list[QueueAction] = field(default_factory=list)

    @property
    def client(self) -> str:
        """The name of the client the row is about."""
        return (self.flag or self.appointment).client

    @cached_property
    def client_urls(self) -> dict[str, str]:
        """The client's record, timeline, intake request and clearance, by name (`CLIENT_LINKS`)."""
        client_pk = (self.flag or self.appointment).client_pk
        return {name: link(client_pk) for name, link in self.links.client.items()}

    @property
    def appointment_url(self) -> str:
        """The row's appointment (an appointment row's)."""
        return self.links.appointment(self.appointment.pk)

    @cached_property
    def action_urls(self) -> dict[str, str]:
        """Where each review action on the row is posted, by action."""
        if self.flag:
            return {action: link(self.flag.pk) for action, link in self.links.flag_actions.items()}
        return {action: link(self.appointment.pk) for action, link in self.links.appointment_actions.items()}

    @property
    def dom_id(self) -> str:
        """The row's id on the page: "flag-12" or "appointment-34"."""
        return f"flag-{self.flag.pk}" if self.flag else f"appointment-{self.appointment.pk}"

    @property
    def level(self) -> str:
        """The row's level slug: the flag's, or the appointment's worst finding."""
        return self.flag.level if self.flag else self.appointment.worst_level

    @property
    def open_findings(self) -> list[QueueFinding]:
        """An appointment row's findings that hold it (`HOLDING`)."""
        return self.appointment.findings


# The findings that hold an appointment: cautions not acknowledged, contraindications not overridden.
HOLDING = Q(level=Level.CAUTION.slug, acknowledged_at=None) | Q(
    level=Level.CONTRAINDICATED.slug, overridden=False
)
FLAG_TEXTS = ["level", "rule__code", "treatment__name", "message", "evidence", "hint"]
APPOINTMENT_TEXTS = ["status", "worst_level", "treatment__name", "intensity__name", *PRACTITIONER_COLUMNS]
CLIENT_TEXTS = ["client__first_name", "client__last_name"]
ACTION_TEXTS = ["action", "by__username", "note"]
FINDING_TEXTS = ["code", "level", "message", "evidence"]
# Where a part of `page_details` has fewer numbers or fewer texts (`NO_MOMENT`: no moment).
NO_NUMBER = Value(None, output_field=BigIntegerField())
NO_TEXT = Value(None, output_field=models.TextField())
NUMBERS, TEXTS = 4, 9


def detail_part(queryset: QuerySet, kind: str, numbers: list, moment, texts: list) -> QuerySet:
    """`queryset` as a part of `page_details`: (kind, `NUMBERS` numbers, a moment, `TEXTS` texts),
    padded with nulls. Unordered: a part of a union may not sort on SQLite."""
    numbers, texts = padded(numbers, NUMBERS, NO_NUMBER), padded(texts, TEXTS, NO_TEXT)
    return queryset.order_by().values_list(Value(kind), *numbers, moment, *texts)


def page_details(flags: list[int], appointments: list[int], held: list[int]) -> QuerySet:
    """What a page of queue rows shows of its flags and appointments, in one read: the flags
    ("flag": id, client id; the `FLAG_TEXTS` and the client's names), the appointments
    ("appointment": id, client id; start; the `APPOINTMENT_TEXTS` and the client's names), the
    findings that hold the `held` appointments ("finding": appointment id, id; the
    `FINDING_TEXTS`) and the review steps taken on the flags, the appointments and their clients
    ("action": flag, appointment and client ids, id; when; the `ACTION_TEXTS`). The steps come
    first: a union's values are converted by its first part's converters, and their columns are
    the part's own, which need none."""
    clients = Q(client__in=Flag.objects.filter(pk__in=flags).values("client_id")) | Q(
        client__in=Appointment.objects.filter(pk__in=appointments).values("client_id")
    )
    actions = ReviewAction.objects.filter(
        Q(flag__in=flags) | Q(appointment__in=appointments) | (clients & Q(flag=None, appointment=None))
    )
    parts = [
        detail_part(actions, "action", ["flag_id", "appointment_id", "client_id", "pk"], "at", ACTION_TEXTS),
        detail_part(
            Flag.objects.filter(pk__in=flags),
            "flag",
            ["pk", "client_id"],
            NO_MOMENT,
            [*FLAG_TEXTS, *CLIENT_TEXTS],
        ),
        detail_part(
            Appointment.objects.filter(pk__in=appointments),
            "appointment",
            ["pk", "client_id"],
            "start",
            [*APPOINTMENT_TEXTS, *CLIENT_TEXTS],
        ),
        detail_part(
            AppointmentFinding.objects.filter(HOLDING, appointment__in=held),
            "finding",
            ["appointment_id", "pk"],
            NO_MOMENT,
            FINDING_TEXTS,
        ),
    ]
    return union_of(parts)


# Built and compiled once per process (`CompiledRead`): the four reads it replaced took a round trip
# and a statement each.
PAGE_DETAILS = CompiledRead(page_details)


@dataclass
class PageDetails:
    """A page's flags and appointments by id, and the review steps taken on each flag, appointment
    and client (`history`, by ("flag" | "appointment" | "client", id))."""

    flags: dict[int, QueueFlag] = field(default_factory=dict)
    appointments: dict[int, QueueAppointment] = field(default_factory=dict)
    history: defaultdict = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def read(cls, flag_ids: set[int], appointment_ids: set[int], held_ids: set[int]) -> "PageDetails":
        """The details of these flags and appointments, the findings of the `held` ones with them."""
        details = cls()
        if not (flag_ids or appointment_ids):
            return details
        findings = defaultdict(list)
        ids = (sorted(chosen) or NO_IDS for chosen in (flag_ids, appointment_ids, held_ids))
        for kind, first, second, third, pk, moment, *texts in PAGE_DETAILS.rows(*ids):
            if kind == "action":
                about = ("flag", first) if first else ("appointment", second) if second else ("client", third)
                details.history[about].append(QueueAction(pk, texts[0], texts[1], moment, texts[2]))
            elif kind == "flag":
                *flag, client_first, client_last = texts[:8]
                client = Client.name_from(client_first, client_last)
                details.flags[first] = QueueFlag(first, *flag, client_pk=second, client=client)
            elif kind == "appointment":
                details.appointments[first] = appointment_from(first, second, moment, texts, findings[first])
            else:
                findings[first].append(QueueFinding(second, *texts[:4]))
        for held in findings.values():
            held.sort(key=lambda finding: (finding.code, finding.pk))
        return details


def appointment_from(
    pk: int, client_pk: int, start: datetime.datetime, texts: list, findings: list[QueueFinding]
) -> QueueAppointment:
    """An appointment of `page_details` (its texts: `APPOINTMENT_TEXTS` and the client's names)."""
    status, level, treatment, intensity, *names, client_first, client_last = texts
    return QueueAppointment(
        pk,
        start,
        status,
        level,
        treatment,
        intensity or "",
        Practitioner.name_from(*names),
        client_pk,
        Client.name_from(client_first, client_last),
        findings,
    )


def review_queue_rows(page: Sequence[tuple]) -> list[QueueRow]:
    """What a page of `review_queue` rows shows, in one query whatever the page size."""
    appointment_ids = {row[0] for row in page if row[0] is not None}
    held_ids = {row[0] for row in page if row[0] is not None and row[1] is None}
    flag_ids = {row[1] for row in page if row[1] is not None}
    details = PageDetails.read(flag_ids, appointment_ids, held_ids)
    rows, links, history = [], RowLinks.build(), details.history
    for appointment_id, flag_id, *_columns in page:
        flag, appointment = details.flags.get(flag_id), details.appointments.get(appointment_id)
        own = history["flag", flag_id] if flag else history["appointment", appointment_id]
        client_pk = (flag or appointment).client_pk
        actions = sorted(own + history["client", client_pk], key=lambda a: (a.at, a.pk))
        rows.append(QueueRow(appointment, flag, links, actions))
    return rows


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event in a client's history, as the timeline lists it."""

    at: datetime.datetime
    kind: str
    title: str
    detail: str = ""
    by: AbstractBaseUser | None = None
    level: str = ""
    url: str = ""
    letter_url: str = ""

    @property
    def level_label(self) -> str:
        """The level in words, for its badge."""
        return Level.from_slug(self.level).label


FLAG_STATUS_TITLES = {
    FlagStatus.OPEN: gettext_lazy("Flag reopened"),
    FlagStatus.ACKNOWLEDGED: gettext_lazy("Flag acknowledged"),
    FlagStatus.RESOLVED: gettext_lazy("Flag resolved"),
}
# The action the booking service records on an appointment booked despite a contraindication.
OVERRIDDEN_EVENT = "overridden"


def with_note(text: str, note: str) -> str:
    """A line of detail followed by a practitioner's note, if any."""
    return f"{text} — “{note}”" if note else text


def intake_entries(client: Client) -> Iterable[TimelineEntry]:
    """Each intake version, when it was recorded."""
    for intake in client.intakes.select_related("created_by").order_by("version"):
        yield TimelineEntry(
            at=intake.created_at,
            kind="intake",
            title=_("Intake version %(version)s recorded") % {"version": intake.version},
            detail=_("%(source)s, dated %(date)s")
            % {"source": intake.get_source_display(), "date": f"{intake.intake_date:%d %b %Y}"},
            by=intake.created_by,
            url=reverse("intake:intake_detail", args=[client.pk, intake.version]),
        )


def flag_entries(client: Client) -> Iterable[TimelineEntry]:
    """Each flag raised, and each change of its status, from the flags' change history (advice,
    which nobody reviews, is left out as the queue leaves it out)."""
    last_status = {}
    history = Flag.history.filter(client_id=client.pk, level__in=QUEUE_LEVELS).select_related(
        "rule", "treatment", "history_user"
    )
    for row in history.order_by("history_date", "history_id"):
        previous, last_status[row.id] = last_status.get(row.id), row.status
        if previous == row.status:
            continue
        about = f"{row.rule.code} · {row.treatment}: {row.message}"
        yield TimelineEntry(
            at=row.history_date,
            kind="flag",
            title=_("Flag raised") if previous is None else str(FLAG_STATUS_TITLES[row.status]),
            detail=about if previous is None else with_note(about, row.note),
            by=row.history_user,
            level=row.level,
        )


def appointment_entries(client: Client) -> Iterable[TimelineEntry]:
    """Everything that happened to the client's appointments; an override with its reason."""
    events = AppointmentEvent.objects.filter(appointment__client=client).select_related(
        "appointment__treatment", "by"
    )
    for event in events:
        appointment = event.appointment
        about = _("%(treatment)s on %(start)s") % {
            "treatment": appointment.treatment,
            "start": f"{timezone.localtime(appointment.start):%d %b %Y %H:%M}",
        }
        overridden = event.action == OVERRIDDEN_EVENT
        yield TimelineEntry(
            at=event.at,
            kind="override" if overridden else "appointment",
            title=_("Booked despite a contraindication") if overridden else f"{about}: {event.action}",
            detail=with_note(about, event.detail) if overridden else event.detail,
            by=event.by,
            level=Level.CONTRAINDICATED.slug if overridden else "",
            url=appointment.get_absolute_url(),
        )


def refusal_entries(client: Client) -> Iterable[TimelineEntry]:
    """Each booking screening refused, with the contraindications it cited."""
    for attempt in client.booking_attempts.filter(overridden=False).select_related("treatment", "by"):
        yield TimelineEntry(
            at=attempt.at,
            kind="refusal",
            title=_("Booking refused: %(treatment)s on %(start)s")
            % {
                "treatment": attempt.treatment,
                "start": f"{timezone.localtime(attempt.start):%d %b %Y %H:%M}",
            },
            detail="; ".join(
                f"{finding['code']}: {finding['message']}"
                for finding in attempt.findings
                if finding["level"] == Level.CONTRAINDICATED.slug
            ),
            by=attempt.by,
            level=Level.CONTRAINDICATED.slug,
        )


def review_entries(client: Client) -> Iterable[TimelineEntry]:
    """Clearances, intake requests and referrals (acknowledgements show as flag and appointment changes)."""
    for clearance in Clearance.objects.filter(client=client).select_related("by"):
        yield TimelineEntry(
            at=clearance.at,
            kind="clearance",
            title=_("Dermatologist clearance dated %(date)s recorded")
            % {"date": f"{clearance.date:%d %b %Y}"},
            detail=clearance.note,
            by=clearance.by,
            letter_url=reverse("intake:clearance_letter", args=[clearance.pk]) if clearance.letter else "",
        )
    for request in IntakeRequest.objects.filter(client=client).select_related("by"):
        yield TimelineEntry(
            at=request.at,
            kind="request",
            title=_("Updated intake requested"),
            detail=request.note,
            by=request.by,
        )
    referrals = client.review_actions.filter(action=ReviewActionKind.REFER).select_related("by")
    for action in referrals:
        yield TimelineEntry(
            at=action.at,
            kind="review",
            title=str(ReviewActionKind.REFER.label),
            detail=with_note(action.code, action.note),
            by=action.by,
            url=reverse("intake:appointment_detail", args=[action.appointment_id])
            if action.appointment_id
            else "",
        )


def client_timeline(client: Client) -> list[TimelineEntry]:
    """Everything that happened to a client, oldest first, in a fixed number of queries."""
    entries = [
        *intake_entries(client),
        *flag_entries(client),
        *appointment_entries(client),
        *refusal_entries(client),
        *review_entries(client),
    ]
    return sorted(entries, key=lambda entry: entry.at)


def intake_version_diff(client: Client, old: int, new: int) -> list[Change]:
    """What changed between two of a client's intake versions, answer by answer."""
    documents = {
        intake.version: intake_to_document(intake)
        for intake in intake_with_entries().filter(client=client, version__in=[old, new])
    }
    return document_diff(documents[old], documents[new])


@dataclass(frozen=True)
class Bar:
    """One bar of a dashboard chart."""

    label: str
    value: int
    colour: str


@dataclass(frozen=True)
class Dashboard:
    """What the clinic admin's dashboard shows."""

    open_flags: list[Bar]
    bookings: list[Bar]
    blocked: list[Appointment]
    week_start: datetime.date
    month_start: datetime.date


def dashboard_figures(*, today: datetime.date | None = None) -> Dashboard:
    """Open flags by level, refusals and overrides this week and month, upcoming blocked appointments."""
    today = today or timezone.localdate()
    week, month = today - datetime.timedelta(days=today.weekday()), today.replace(day=1)
    flags = dict(
        Flag.objects.filter(status=FlagStatus.OPEN).values_list("level").annotate(n=Count("id")).order_by()
    )
    refusals = BookingAttempt.objects.filter(overridden=False).aggregate(
        week=Count("id", filter=Q(at__gte=day_start(week))),
        month=Count("id", filter=Q(at__gte=day_start(month))),
    )
    overrides = Appointment.objects.exclude(override_reason="").aggregate(
        week=Count("id", filter=Q(created_at__gte=day_start(week))),
        month=Count("id", filter=Q(created_at__gte=day_start(month))),
    )
    blocked = (
        Appointment.objects.filter(status=AppointmentStatus.BLOCKED, start__gte=timezone.now())
        .select_related("client", "treatment", "practitioner__user")
        .order_by("start")
    )
    return Dashboard(
        open_flags=[
            Bar(str(level.label), flags.get(level.slug, 0), level.slug)
            for level in sorted(Level, reverse=True)
        ],
        bookings=[
            Bar(_("Refused this week"), refusals["week"], "refused"),
            Bar(_("Refused this month"), refusals["month"], "refused"),
            Bar(_("Overridden this week"), overrides["week"], "overridden"),
            Bar(_("Overridden this month"), overrides["month"], "overridden"),
        ],
        blocked=list(blocked),
        week_start=week,
        month_start=month,
    )
