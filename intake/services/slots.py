"""Whether a slot can be booked: the practitioner's row locked, then the slot's checks (clashes,
opening hours, the practitioner's days and treatments, the chosen method and intensity), which read
what they test in one query."""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.fields import DateTimeRangeField
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import DateTimeField, Func, Q, QuerySet, TimeField, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.compiled import NO_IDS, NO_MOMENT, CompiledRead, union_of

from ..models import (
    Appointment,
    AppointmentStatus,
    Client,
    Intensity,
    Method,
    OpeningHours,
    Practitioner,
    Treatment,
)


@dataclass(frozen=True)
class BookingRequest:
    """What the booking form asks for."""

    client: Client
    treatment: Treatment
    practitioner: Practitioner
    start: datetime.datetime
    method: Method | None = None
    intensity: Intensity | None = None
    notes: str = ""

    @property
    def end(self) -> datetime.datetime:
        """When the treatment ends, from its duration."""
        return self.start + datetime.timedelta(minutes=self.treatment.duration_minutes)


def practitioner_lock(pk: int) -> None:
    """Lock the practitioner's row until the transaction ends, so that their slots are checked and
    booked one booking at a time."""
    LOCKED_PRACTITIONER.rows([pk])


@dataclass(frozen=True)
class SlotFacts:
    """What the slot's checks test, read together (`slot_facts`)."""

    clashes: list[tuple[int, datetime.datetime, datetime.datetime]]  # (practitioner id, start, end), by start
    hours: tuple[datetime.time, datetime.time] | None  # when the clinic opens and closes that day
    able: bool  # the practitioner works that day and gives the treatment
    given: set[tuple[str, int]]  # ("method" | "intensity", id) of the choices the treatment is given with

    @classmethod
    def read(cls, request: BookingRequest, exclude: Appointment | None) -> "SlotFacts":
        """The facts of the request's slot; `exclude` is the appointment being moved."""
        weekday = timezone.localtime(request.start).weekday()
        chosen = [[choice.pk] if choice else NO_IDS for choice in (request.method, request.intensity)]
        moved = [[exclude.pk]] if exclude else []
        rows = SLOT_FACTS.rows(
            [request.practitioner.pk],
            [request.client.pk],
            request.start,
            request.end,
            [weekday],
            [request.treatment.pk],
            *chosen,
            *moved,
        )
        return cls(
            clashes=sorted((row[1:4] for row in rows if row[0] == "clash"), key=lambda clash: clash[1]),
            hours=next((row[4:] for row in rows if row[0] == "hours"), None),
            able=any(row[0] == "able" for row in rows),
            given={row[:2] for row in rows if row[0] in ("method", "intensity")},
        )


def slot_problems(
    request: BookingRequest, *, exclude: Appointment | None = None, now: datetime.datetime | None = None
) -> dict[str, str]:
    """Why the slot cannot be booked, by form field (empty when it can), in one query; `exclude` is
    the appointment being moved."""
    facts = SlotFacts.read(request, exclude)
    # Taken says more than closed, and closed more than past: the start shows the first found.
    start = clash_problem(request, facts) or hours_problem(request, facts) or past_problem(request, now)
    problems = {
        "start": start,
        "practitioner": practitioner_problem(request, facts),
        **choice_problems(request, facts),
    }
    return {field: problem for field, problem in problems.items() if problem}


def past_problem(request: BookingRequest, now: datetime.datetime | None) -> str:
    """Why the start is too late to book ('' when it is still to come)."""
    return _("This time is in the past.") if request.start < (now or timezone.now()) else ""


def hours_problem(request: BookingRequest, facts: SlotFacts) -> str:
    """Why the clinic is not open for the whole treatment ('' when it is)."""
    start, end = timezone.localtime(request.start), timezone.localtime(request.end)
    if facts.hours is None:
        return _("The clinic is closed on %(day)s.") % {"day": start.strftime("%A")}
    opens, closes = facts.hours
    if start.time() < opens or end.time() > closes or end.date() != start.date():
        return _("Outside opening hours (%(opens)s–%(closes)s): the treatment ends at %(end)s.") % {
            "opens": opens.strftime("%H:%M"),
            "closes": closes.strftime("%H:%M"),
            "end": end.strftime("%H:%M"),
        }
    return ""


def practitioner_problem(request: BookingRequest, facts: SlotFacts) -> str:
    """Why the practitioner cannot give the treatment that day ('' when they can)."""
    if facts.able:
        return ""
    practitioner, day = request.practitioner, timezone.localtime(request.start)
    if not practitioner.working_days.filter(weekday=day.weekday()).exists():
        return _("%(who)s does not work on %(day)s.") % {"who": practitioner, "day": day.strftime("%A")}
    return _("%(who)s is not qualified for %(treatment)s.") % {
        "who": practitioner,
        "treatment": request.treatment,
    }


def choice_problems(request: BookingRequest, facts: SlotFacts) -> dict[str, str]:
    """The method or intensity chosen that the treatment is not given with, by field."""
    problems = {}
    if request.method and ("method", request.method.pk) not in facts.given:
        problems["method"] = _("%(treatment)s is not given with this method.") % {
            "treatment": request.treatment
        }
    if request.intensity and ("intensity", request.intensity.pk) not in facts.given:
        problems["intensity"] = _("%(treatment)s is not given at this intensity.") % {
            "treatment": request.treatment
        }
    return problems


def clash_problem(request: BookingRequest, facts: SlotFacts) -> str:
    """Who already has an appointment at the time, the practitioner or the client ('' when neither)."""
    practitioner = request.practitioner
    theirs = next((clash for clash in facts.clashes if clash[0] == practitioner.pk), None)
    if theirs:
        return _("%(who)s already has an appointment from %(start)s to %(end)s.") % {
            "who": practitioner,
            "start": timezone.localtime(theirs[1]).strftime("%H:%M"),
            "end": timezone.localtime(theirs[2]).strftime("%H:%M"),
        }
    return _("The client already has an appointment at this time.") if facts.clashes else ""


class TimeRange(Func):
    """tstzrange(start, end, '[)'): the time an appointment takes, as the no-overlap constraints see it."""

    function = "TSTZRANGE"
    template = "%(function)s(%(expressions)s, '[)')"
    output_field = DateTimeRangeField()


def overlapping(start: datetime.datetime, end: datetime.datetime) -> QuerySet[Appointment]:
    """The appointments that hold time between `start` and `end`."""
    holding = Appointment.objects.filter(status__in=AppointmentStatus.holding_time())
    if connection.vendor != "postgresql":
        return holding.filter(start__lt=end, end__gt=start)
    # The no-overlap constraints' own test, so PostgreSQL probes their GiST index. The test above bounds
    # the start from above only, so there it reads every appointment the practitioner ever had.
    between = TimeRange(*(Value(moment, output_field=DateTimeField()) for moment in (start, end)))
    return holding.alias(time=TimeRange("start", "end")).filter(time__overlap=between)


# Where a part of `slot_facts` has no time.
NO_TIME = Value(None, output_field=TimeField())


def slot_facts(
    practitioners: list[int],
    clients: list[int],
    start: datetime.datetime,
    end: datetime.datetime,
    weekdays: list[int],
    treatments: list[int],
    methods: list[int],
    intensities: list[int],
    moved: list[int] | None = None,
) -> QuerySet:
    """What the slot's checks test, as (kind, id, start, end, opens, closes) rows: "clash", the
    appointments of the practitioners or the clients holding time between `start` and `end` (but the
    one being `moved`); "hours", the clinic's opening hours on the weekdays; "able", the
    practitioners who work on the weekdays and give the treatments; "method" and "intensity", those
    of `methods` and `intensities` the treatments are given with. The clashes come first: a union's
    values are converted by its first part's converters."""
    clashes = overlapping(start, end).filter(Q(practitioner__in=practitioners) | Q(client__in=clients))
    if moved is not None:
        clashes = clashes.exclude(pk__in=moved)
    given = Treatment.objects.filter(pk__in=treatments)
    parts = [
        clashes.values_list(Value("clash"), "practitioner_id", "start", "end", NO_TIME, NO_TIME),
        OpeningHours.objects.filter(weekday__in=weekdays).values_list(
            Value("hours"), "weekday", NO_MOMENT, NO_MOMENT, "opens", "closes"
        ),
        Practitioner.objects.filter(
            pk__in=practitioners, working_days__weekday__in=weekdays, treatments__in=treatments
        ).values_list(Value("able"), "pk", NO_MOMENT, NO_MOMENT, NO_TIME, NO_TIME),
        given.filter(methods__in=methods).values_list(
            Value("method"), "methods", NO_MOMENT, NO_MOMENT, NO_TIME, NO_TIME
        ),
        given.filter(intensities__in=intensities).values_list(
            Value("intensity"), "intensities", NO_MOMENT, NO_MOMENT, NO_TIME, NO_TIME
        ),
    ]
    return union_of([part.order_by() for part in parts])


# On every booking and move: compiled once per process (the ORM took longer to build the checks
# than PostgreSQL took to run them), and one statement where they were three to five.
SLOT_FACTS = CompiledRead(slot_facts)
LOCKED_PRACTITIONER = CompiledRead(
    lambda ids: Practitioner.objects.select_for_update().filter(pk__in=ids).order_by().values_list("pk")
)


def clash_error() -> ValidationError:
    """The message for an overlap the database refused (two bookings raced for one slot)."""
    return ValidationError({"start": _("This slot was just booked by someone else: choose another time.")})
