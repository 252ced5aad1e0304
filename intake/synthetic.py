"""Synthetic clients at scale for `seed_demo --clients N` (docs/performance.md).

Each client gets personal details and, most of them, one to three intake versions (conditions
with their sites, medications, recent procedures, sessions elsewhere, yes/no answers); many had
a course of treatments, some with a consultation first, and a few have an upcoming appointment.
Every booking is screened by the rules in force as the booking service would have screened it:
a contraindication became a refused booking or, now and then, an override with its reason; a
caution was acknowledged by the practitioner, or still waits for review when the appointment is
upcoming. The flags are what screening says about each intake version (resolved on the older
ones), so `rescreen` on the day of the seed finds nothing to change. Consent to a treatment was
signed on the day of the client's first session of it.

Rows are written with bulk inserts through `bulk_create_audited`: every row still gets its
historical record (dated when the simulated event happened) and its hash-chained audit entry
(dated when the seed wrote it). One seeded random generator and the day of the seed decide
everything: the same seed on the same day gives the same data.
"""

import datetime
import gc
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.db import connection, models, reset_queries, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from .audit import bulk_create_audited
from .models import (
    Appointment,
    AppointmentEvent,
    AppointmentFinding,
    AppointmentStatus,
    BookingAttempt,
    Client,
    ConsentSignature,
    ConsentText,
    Flag,
    FlagStatus,
    Intake,
    IntakePriorTreatment,
    Intensity,
    Method,
    OpeningHours,
    OverrideReason,
    Practitioner,
    Rule,
    Treatment,
    WorkingDay,
)
from .rules.engine import screen
from .rules.findings import Level
from .rules.loader import ScreeningContext, screening_context
from .rules.snapshot import Snapshot, snapshot_from_document
from .services.booking import finding_row, status_after_screening, wants_intake
from .services.intakes import Catalogues, entry_rows, intake_fields
from .services.screening import flag_row
from .services.selfservice import latest_consent_texts

__all__ = ["ClientPlan", "Planner", "SEED_USERNAME", "seed_synthetic"]

# The author of every synthetic row: a user nobody can sign in as.
SEED_USERNAME = "synthetic-data"
CLIENTS_PER_PRACTITIONER = 5000

# fmt: off
FIRST_NAMES = [
    "Aaliyah", "Aaron", "Abdul", "Ada", "Adam", "Adebayo", "Aditi", "Agnieszka", "Ahmed", "Aiko", "Aisha",
    "Alejandro", "Alex", "Alice", "Amara", "Amelia", "Amir", "Ana", "Andrei", "Angela", "Anil", "Anna",
    "Arjun", "Astrid", "Ayesha", "Beatriz", "Ben", "Bilal", "Bogdan", "Camille", "Carlos", "Carmen",
    "Charlotte", "Chen", "Chidi", "Chloe", "Chris", "Daniel", "Dara", "Dariusz", "Deepa", "Diego", "Dmitri",
    "Duc", "Eilidh", "Elena", "Eliza", "Emeka", "Emily", "Emma", "Erik", "Esther", "Fatima", "Femi",
    "Fiona", "Freya", "Gabriel", "Grace", "Hamza", "Hana", "Hannah", "Harry", "Helga", "Hiroshi", "Ibrahim",
    "Ifeoma", "Ines", "Isaac", "Isla", "Ivan", "Jack", "Jamal", "Jana", "Javier", "Jin", "Joanna", "Jonas",
    "Jose", "Julia", "Karim", "Katarzyna", "Kemi", "Kenji", "Khadija", "Kwame", "Lara", "Laura", "Leila",
    "Liam", "Lina", "Lucia", "Luis", "Maya", "Mehmet", "Mei", "Mia", "Mohammed", "Nadia", "Naomi", "Niamh",
    "Nikos", "Noor", "Oliver", "Olga", "Omar", "Oscar", "Pavel", "Priya", "Rahul", "Rania", "Rosa", "Ruth",
    "Sakura", "Samuel", "Sara", "Sean", "Sina", "Siobhan", "Sofia", "Sunita", "Tariq", "Thomas", "Tomasz",
    "Uchenna", "Valentina", "Wei", "Yara", "Yusuf", "Zainab", "Zofia"
]
LAST_NAMES = [
    "Abara", "Adeyemi", "Ahmed", "Ali", "Andersen", "Anderson", "Baker", "Banerjee", "Bauer", "Bennett",
    "Bianchi", "Brown", "Campbell", "Chan", "Chen", "Clarke", "Costa", "Cruz", "Das", "Davies", "Dias",
    "Dubois", "Evans", "Fernández", "Fischer", "Fraser", "García", "Gonzalez", "Green", "Gupta", "Haddad",
    "Hall", "Hansen", "Harris", "Hassan", "Hernández", "Hughes", "Hussain", "Ibrahim", "Iyer", "Jackson",
    "Jensen", "Johansson", "Johnson", "Jones", "Kaur", "Kelly", "Khan", "Kim", "Kowalski", "Kumar",
    "Larsen", "Lee", "Lewis", "Li", "Lindqvist", "López", "MacDonald", "Martin", "Martínez", "Mehta",
    "Mensah", "Meyer", "Moreau", "Morris", "Murphy", "Nakamura", "Nguyen", "Novak", "Nowak", "O'Brien",
    "O'Connor", "Okafor", "Okonkwo", "Olsen", "Owusu", "Park", "Patel", "Pereira", "Petrov", "Popescu",
    "Price", "Quinn", "Rahman", "Reid", "Reyes", "Robinson", "Rossi", "Russo", "Sánchez", "Santos",
    "Schmidt", "Scott", "Shah", "Silva", "Singh", "Smith", "Sokolov", "Suzuki", "Tanaka", "Taylor",
    "Thomas", "Thompson", "Turner", "Wagner", "Walker", "Wang", "Watson", "Weber", "White", "Williams",
    "Wilson", "Wiśniewski", "Wong", "Wright", "Yamamoto", "Yilmaz", "Young", "Zhang"
]
# fmt: on
CONCERNS = ["Dull skin", "Blackheads", "Uneven tone", "Fine lines", "Enlarged pores", "Scarring after acne"]
GOALS = ["Brighter skin", "Smoother texture", "A healthier scalp", "Less build-up on the scalp", "Even tone"]

# (code, chance a client reports it, the sites it may affect)
CONDITIONS = [
    ("eczema", 0.12, ["face", "hands", "neck", "scalp", "body"]),
    ("psoriasis", 0.05, ["scalp", "body", "hands"]),
    ("rosacea", 0.06, ["face"]),
    ("acne", 0.10, ["face", "back", "chest"]),
    ("seborrheic-dermatitis", 0.05, ["scalp", "face"]),
    ("folliculitis", 0.01, ["scalp", "body"]),
    ("skin-infection", 0.01, ["face", "body"]),
    ("herpes-simplex", 0.06, ["face"]),
    ("suspicious-lesion", 0.005, ["face", "back", "scalp"]),
    ("diabetes", 0.05, []),
]
STATUSES = ["active", "recurrence", "relapse", "inactive", "remission", "resolved"]
STATUS_WEIGHTS = [25, 3, 2, 25, 20, 25]
MEDICATIONS = [
    ("isotretinoin", 0.03),
    ("topical-retinoid", 0.08),
    ("aha-bha", 0.08),
    ("anticoagulant", 0.03),
    ("oral-steroid", 0.02),
    ("immunosuppressant", 0.01),
    ("photosensitising", 0.02),
    ("minoxidil", 0.04),
]
PROCEDURES = [
    ("chemical-peel", 0.08, ["face"]),
    ("laser", 0.05, ["face", "body"]),
    ("waxing", 0.10, ["face", "body"]),
    ("injectables", 0.06, ["face"]),
    ("surgery", 0.02, ["body", "face"]),
    ("hair-colouring", 0.12, ["scalp"]),
    ("hair-bleaching", 0.03, ["scalp"]),
    ("perm-relaxer", 0.02, ["scalp"]),
    ("hair-transplant", 0.005, ["scalp"]),
]
SITES = ["face", "scalp", "neck", "chest", "back", "hands", "body"]
# Treatments and the consultation that may come first, with the chance it does.
COURSES = [
    ("microdermabrasion-face", "consultation-face", 0.3),
    ("microdermabrasion-scalp", "consultation-scalp", 0.8),
]


def chance(rng: random.Random, probability: float) -> bool:
    """True with the given probability."""
    return rng.random() < probability


def last_evening(today: datetime.date) -> datetime.datetime:
    """Yesterday at six in the evening: the latest a synthetic event happened, whenever the seed runs."""
    yesterday = today - datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(18)))


def at_time(rng: random.Random, day: datetime.date) -> datetime.datetime:
    """An aware moment in office hours on a day."""
    moment = datetime.datetime.combine(day, datetime.time(rng.randint(9, 16), rng.randrange(0, 60, 5)))
    return timezone.make_aware(moment)


@dataclass(frozen=True)
class PlannedAppointment:
    """An appointment to book: the planner chooses the slot and what happens, screening the rest."""

    start: datetime.datetime
    treatment: str
    practitioner: int
    method: str | None
    intensity: str | None
    outcome: str  # the final status of a past appointment; BOOKED for an upcoming one
    booked_at: datetime.datetime
    override: bool  # a contraindication found is overridden rather than refused
    acknowledge: bool  # a caution found is acknowledged by the practitioner


@dataclass(frozen=True)
class ClientPlan:
    """One synthetic client: personal details, intake versions (when, source, document), appointments."""

    person: dict
    registered: datetime.datetime
    intakes: tuple[tuple[datetime.datetime, str, dict], ...]
    appointments: tuple[PlannedAppointment, ...]
    flags_acknowledged: bool  # cautions flagged on the current intake were acknowledged


class Diary:
    """Free one-hour slots per practitioner and day, handed out so nobody is ever double-booked."""

    def __init__(self, rng: random.Random, hours: dict[int, list[int]], practitioners: int):
        self.rng, self.hours, self.practitioners = rng, hours, practitioners
        self.free: dict[datetime.date, list[tuple[int, int]]] = {}

    def book(self, day: datetime.date, last_day: datetime.date) -> tuple[datetime.datetime, int] | None:
        """A free slot (start, practitioner) on the first open day from `day` to `last_day` that has one."""
        while day <= last_day:
            if day not in self.free:
                slots = [(h, p) for h in self.hours.get(day.weekday(), []) for p in range(self.practitioners)]
                self.rng.shuffle(slots)
                self.free[day] = slots
            if self.free[day]:
                hour, practitioner = self.free[day].pop()
                return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))), practitioner
            day += datetime.timedelta(days=1)
        return None


class Planner:
    """Plans synthetic clients one after the other from one seeded random generator (no database)."""

    def __init__(
        self,
        *,
        seed: int,
        today: datetime.date,
        hours: dict[int, list[int]],
        practitioners: int,
        taken: set[tuple[str, str, datetime.date]] = frozenset(),
    ):
        self.rng, self.today = random.Random(seed), today
        self.diary = Diary(self.rng, hours, practitioners)
        self.taken = set(taken)

    def days_ago(self, low: int, high: int) -> datetime.date:
        """A day between `high` and `low` days before today."""
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    def person(self) -> dict:
        """Personal details; name and date of birth never repeat (the duplicate rule would refuse them)."""
        rng = self.rng
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            born = (
                self.days_ago(16 * 365, 80 * 365) if chance(rng, 0.98) else self.days_ago(13 * 365, 17 * 365)
            )
            key = (first.lower(), last.lower(), born)
            if key not in self.taken:
                self.taken.add(key)
                break
        handle = f"{first}.{last}".lower().replace("'", "")
        return {
            "first_name": first,
            "last_name": last,
            "date_of_birth": born,
            "phone": f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}" if chance(rng, 0.8) else "",
            "email": f"{handle}{rng.randint(1, 999)}@example.{rng.choice(['com', 'org', 'net'])}"
            if chance(rng, 0.6)
            else "",
        }

    def document(self, person: dict, intake_date: datetime.date) -> dict:
        """An intake document as the form would send it, dated `intake_date`."""
        rng = self.rng

        def before(days: int) -> str:
            """An ISO date up to `days` days before the intake date."""
            return (intake_date - datetime.timedelta(days=rng.randint(0, days))).isoformat()

        minor = (intake_date - person["date_of_birth"]).days < 18 * 365
        name = f"{person['first_name']} {person['last_name']}"
        guardian = f"{rng.choice(FIRST_NAMES)} {person['last_name']}" if minor else ""
        return {
            "intake_date": intake_date.isoformat(),
            "client": {
                "date_of_birth": person["date_of_birth"].isoformat(),
                "guardian_consent": minor and chance(rng, 0.9),
                "guardian_name": guardian,
            },
            "skin": {
                "fitzpatrick": rng.choices([1, 2, 3, 4, 5, 6, None], [8, 22, 25, 18, 12, 8, 7])[0],
                "sensitive": chance(rng, 0.15),
                "skin_type": rng.choice(["", "normal", "dry", "oily", "combination"]),
                "concerns": rng.choice(CONCERNS) if chance(rng, 0.3) else "",
                "goals": rng.choice(GOALS) if chance(rng, 0.2) else "",
            },
            "scalp": {
                "scalp_type": rng.choice(["", "normal", "dry", "oily", "combination"]),
                **{key: chance(rng, 0.15) for key in ("dandruff", "itch", "oiliness", "hair_loss")},
            },
            "conditions": [
                {
                    "code": code,
                    "status": rng.choices(STATUSES, STATUS_WEIGHTS)[0],
                    "sites": sorted(rng.sample(sites, rng.randint(1, min(2, len(sites))))) if sites else [],
                }
                for code, probability, sites in CONDITIONS
                if chance(rng, probability)
            ],
            "medications": [
                {"code": code, "current": True, "last_taken": None}
                if chance(rng, 0.5)
                else {"code": code, "current": False, "last_taken": before(400)}
                for code, probability in MEDICATIONS
                if chance(rng, probability)
            ],
            "procedures": [
                {"code": code, "date": before(120), "sites": [rng.choice(sites)]}
                for code, probability, sites in PROCEDURES
                if chance(rng, probability)
            ],
            "answers": {
                "pregnant": chance(rng, 0.02),
                "breastfeeding": chance(rng, 0.015),
                "aluminium_allergy": chance(rng, 0.01),
                "keloid_scarring": chance(rng, 0.015),
                "sunburn_sites": [rng.choice(SITES)] if chance(rng, 0.01) else [],
                "broken_skin_sites": [rng.choice(SITES)] if chance(rng, 0.01) else [],
            },
            "consent": {"given": True, "signed_by": guardian or name},
            "previous_sessions": [
                {"treatment": course[0], "date": before(300)} for course in COURSES if chance(rng, 0.05)
            ],
            "consultations": [
                {"treatment": course[0], "date": before(300)} for course in COURSES if chance(rng, 0.03)
            ],
            "dermatologist_clearance": {"date": before(200)} if chance(rng, 0.03) else None,
        }

    def intakes(self, person: dict) -> list[tuple[datetime.datetime, str, dict]]:
        """None to three intake versions, the newest up to 1000 days old, 60 to 400 days apart."""
        rng = self.rng
        count = rng.choices([0, 1, 2, 3], [5, 60, 25, 10])[0]
        band = rng.choices([(0, 90), (91, 365), (366, 1000)], [25, 30, 45])[0]
        day, days = self.days_ago(*band), []
        for _ in range(count):
            days.insert(0, day)
            day -= datetime.timedelta(days=rng.randint(60, 400))
        sources = [Intake.Source.STAFF, Intake.Source.CLIENT, Intake.Source.IMPORT]
        return [
            (at_time(rng, day), rng.choices(sources, [85, 12, 3])[0], self.document(person, day))
            for day in days
        ]

    def appointment(
        self, treatment: str, day: datetime.date, last_day: datetime.date, outcome: str
    ) -> PlannedAppointment | None:
        """An appointment in the first free slot from `day` on; None if the diary is full until `last_day`."""
        rng = self.rng
        slot = self.diary.book(day, last_day)
        if slot is None:
            return None
        start, practitioner = slot
        consultation = treatment.startswith("consultation")
        booked = start - datetime.timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8))
        return PlannedAppointment(
            start=start,
            treatment=treatment,
            practitioner=practitioner,
            method=None if consultation else rng.choice(["crystal", "diamond-tip"]),
            intensity=None if consultation else rng.choices(["gentle", "standard", "intense"], [3, 6, 1])[0],
            outcome=outcome,
            booked_at=min(booked, last_evening(self.today)),
            override=chance(rng, 0.2),
            acknowledge=chance(rng, 0.4),
        )

    def course(self, intakes: list) -> list[PlannedAppointment]:
        """A past course of one treatment after one of the intakes (perhaps a consultation first), and
        perhaps an upcoming session."""
        rng, yesterday = self.rng, self.today - datetime.timedelta(days=1)
        planned = []
        if intakes and chance(rng, 0.45):
            treatment, consultation, consult_first = rng.choices(COURSES, [7, 3])[0]
            day = rng.choice(intakes)[0].date() + datetime.timedelta(days=rng.randint(0, 30))
            visits = (
                [(consultation, AppointmentStatus.FULFILLED, rng.randint(3, 14))]
                if chance(rng, consult_first)
                else []
            )
            for _ in range(rng.randint(1, 5)):
                outcome = rng.choices(
                    [AppointmentStatus.FULFILLED, AppointmentStatus.NOSHOW, AppointmentStatus.CANCELLED],
                    [88, 5, 7],
                )[0]
                visits.append(
                    (treatment, outcome, rng.randint(10, 13) if chance(rng, 0.05) else rng.randint(21, 42))
                )
            for booked, outcome, gap in visits:
                appointment = self.appointment(
                    booked, day, min(day + datetime.timedelta(days=7), yesterday), outcome
                )
                if appointment is None:
                    break
                planned.append(appointment)
                # From the day it took place: a client never has two appointments on one day.
                day = timezone.localtime(appointment.start).date() + datetime.timedelta(days=gap)
        if intakes and chance(rng, 0.03):
            first = self.today + datetime.timedelta(days=rng.randint(1, 28))
            treatment = rng.choices(COURSES, [7, 3])[0][0]
            planned.append(
                self.appointment(
                    treatment, first, self.today + datetime.timedelta(days=56), AppointmentStatus.BOOKED
                )
            )
        return [appointment for appointment in planned if appointment is not None]

    def client(self) -> ClientPlan:
        """The next synthetic client."""
        person = self.person()
        intakes = self.intakes(person)
        registered = (
            intakes[0][0] - datetime.timedelta(minutes=10)
            if intakes
            else at_time(self.rng, self.days_ago(0, 1000))
        )
        return ClientPlan(
            person=person,
            registered=registered,
            intakes=tuple(intakes),
            appointments=tuple(sorted(self.course(intakes), key=lambda appointment: appointment.start)),
            flags_acknowledged=chance(self.rng, 0.3),
        )


@dataclass
class Rows:
    """The rows of one batch of clients, by model, in the order they are inserted."""

    clients: list = field(default_factory=list)
    intakes: list = field(default_factory=list)
    entries: dict = field(default_factory=lambda: defaultdict(list))  # model: [(row, sites or None)]
    appointments: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    events: list = field(default_factory=list)
    attempts: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    consents: list = field(default_factory=list)


@dataclass(frozen=True)
class Seeder:
    """Turns client plans into rows, screening bookings and intakes by the rules in force, and stores them."""

    today: datetime.date
    by: User
    context: ScreeningContext
    catalogues: Catalogues
    practitioners: list[Practitioner]
    rules: dict[str, Rule]
    methods: dict[str, Method]
    intensities: dict[str, Intensity]
    reasons: list[str]
    consent_texts: dict[int, ConsentText]  # the newest text of each treatment that has one, by its id

    def store(self, plans: list[ClientPlan]) -> Rows:
        """Write the clients of a batch with their histories, in one transaction."""
        rows = Rows()
        for plan in plans:
            self.client_rows(plan, rows)
        with transaction.atomic():
            bulk_create_audited(Client, rows.clients, by=self.by)
            bulk_create_audited(
                Intake,
                [intake for intake, _ in rows.intakes],
                by=self.by,
                m2m={
                    name: [
                        [self.catalogues.sites[code] for code in doc["answers"][name]]
                        for _, doc in rows.intakes
                    ]
                    for name in ("sunburn_sites", "broken_skin_sites")
                },
            )
            for model, entries in rows.entries.items():
                with_sites = entries[0][1] is not None
                m2m = {"sites": [sites for _, sites in entries]} if with_sites else None
                bulk_create_audited(model, [entry for entry, _ in entries], by=self.by, m2m=m2m)
            bulk_create_audited(Appointment, rows.appointments, by=self.by)
            bulk_create_audited(AppointmentFinding, rows.findings, by=self.by)
            AppointmentEvent.objects.bulk_create(rows.events, batch_size=1000)
            bulk_create_audited(BookingAttempt, rows.attempts, by=self.by)
            bulk_create_audited(Flag, rows.flags, by=self.by)
            bulk_create_audited(ConsentSignature, rows.consents, by=self.by)
        return rows

    def client_rows(self, plan: ClientPlan, rows: Rows) -> None:
        """The rows of one client: intake versions and entries, appointments, refused bookings and flags."""
        client = dated(
            Client(**plan.person, created_by=self.by, created_at=plan.registered, updated_at=plan.registered),
            plan.registered,
        )
        rows.clients.append(client)
        versions = []
        for version, (recorded, source, document) in enumerate(plan.intakes, 1):
            checked = source == Intake.Source.CLIENT
            intake = Intake(
                client=client,
                version=version,
                is_current=version == len(plan.intakes),
                source=source,
                created_by=None if checked else self.by,
                created_at=recorded,
                checked_at=recorded + datetime.timedelta(hours=1) if checked else None,
                checked_by=self.by if checked else None,
                **intake_fields(document),
            )
            rows.intakes.append((dated(intake, recorded), document))
            versions.append((intake, {**document, "intake_version": version}))
            for entry, sites in entry_rows(intake, document, self.catalogues):
                rows.entries[type(entry)].append((dated(entry, recorded), sites))
        visits = []  # (kind, treatment code, date) of the appointments fulfilled so far
        first_appointment = len(rows.appointments)
        for planned in plan.appointments:
            self.appointment_rows(client, planned, versions, visits, rows)
        self.consent_rows(client, versions, rows.appointments[first_appointment:], rows)
        self.flag_rows(client, plan, versions, visits, rows)

    def snapshot(self, client: Client, version: tuple | None, visits: list, before: datetime.date):
        """What screening knows on a day: the intake version then in force, and the visits before the day."""
        if version is None:
            return Snapshot(date_of_birth=client.date_of_birth)
        document = version[1]
        reported = [("session", v["treatment"], v["date"]) for v in document["previous_sessions"]]
        reported += [("consultation", v["treatment"], v["date"]) for v in document["consultations"]]
        given = [(kind, code, day.isoformat()) for kind, code, day in visits if day < before]
        return snapshot_from_document(
            {
                **document,
                "previous_sessions": [
                    {"treatment": c, "date": d} for k, c, d in reported + given if k == "session"
                ],
                "consultations": [
                    {"treatment": c, "date": d} for k, c, d in reported + given if k == "consultation"
                ],
            }
        )

    def appointment_rows(
        self, client: Client, planned: PlannedAppointment, versions: list, visits: list, rows: Rows
    ):
        """An appointment screened when booked (or a refused booking instead), its findings and events."""
        treatment = self.catalogues.treatments[planned.treatment]
        day = timezone.localtime(planned.start).date()
        upcoming = planned.outcome == AppointmentStatus.BOOKED
        version = version_on(versions, day)
        result = None
        if not treatment.consultation_for_id:
            result = screen(
                self.snapshot(client, version, visits, day),
                treatment=treatment.code,
                site=treatment.site.code,
                date=day,
                rules=self.context.rules,
                method=planned.method,
                intensity=planned.intensity,
            )
        contraindicated = result is not None and result.worst == Level.CONTRAINDICATED
        booked_at = planned.booked_at
        # A contraindication refuses the booking (logged) unless overridden; an upcoming appointment
        # may also have turned blocked after it was booked, when a newer intake changed the answers.
        if contraindicated and (planned.override or not upcoming):
            rows.attempts.append(
                BookingAttempt(
                    client=client,
                    treatment=treatment,
                    start=planned.start,
                    findings=[finding.as_dict() for finding in result.findings],
                    by=self.by,
                    at=booked_at,
                    overridden=planned.override,
                )
            )
        if contraindicated and not (planned.override or upcoming):
            return
        practitioner = self.practitioners[planned.practitioner]
        reason = (
            self.reasons[planned.start.toordinal() % len(self.reasons)]
            if contraindicated and planned.override
            else ""
        )
        appointment = dated(
            Appointment(
                client=client,
                treatment=treatment,
                site=treatment.site,
                method=self.methods.get(planned.method),
                intensity=self.intensities.get(planned.intensity),
                practitioner=practitioner,
                start=planned.start,
                end=planned.start + datetime.timedelta(minutes=treatment.duration_minutes),
                status=AppointmentStatus.BOOKED,
                worst_level=result.worst.slug if result and result.worst else "",
                screened_intake=version[0] if result and version else None,
                screened_at=booked_at,
                override_reason=reason,
                overridden_by=self.by if reason else None,
                created_by=self.by,
                created_at=booked_at,
            ),
            booked_at,
        )
        findings = [
            finding_row(appointment, finding, overridden=bool(reason))
            for finding in (result.findings if result else ())
        ]
        appointment.needs_intake = wants_intake(findings)
        acknowledged_at = min(booked_at + datetime.timedelta(days=1), planned.start)
        events = [("booked", booked_at, str(appointment))] + (
            [("overridden", booked_at, reason)] if reason else []
        )
        for finding in findings:
            dated(finding, booked_at)
            if finding.level == Level.CAUTION.slug and (planned.acknowledge or not upcoming):
                finding.acknowledged_by, finding.acknowledged_at = practitioner.user, acknowledged_at
                events.append(("acknowledged", acknowledged_at, finding.code))
        appointment.status = status_after_screening(AppointmentStatus.BOOKED, findings)
        if not upcoming:
            appointment.status = planned.outcome
            events.append((planned.outcome, planned.start + datetime.timedelta(hours=1), ""))
        if planned.outcome == AppointmentStatus.FULFILLED:
            kind, code = IntakePriorTreatment.Kind.SESSION, treatment.code
            if treatment.consultation_for:
                kind, code = IntakePriorTreatment.Kind.CONSULTATION, treatment.consultation_for.code
            visits.append((kind, code, day))
        rows.appointments.append(appointment)
        rows.findings += findings
        rows.events += [
            AppointmentEvent(appointment=appointment, by=self.by, action=action, detail=detail, at=moment)
            for action, moment, detail in events
        ]

    def consent_rows(self, client: Client, versions: list, appointments: list[Appointment], rows: Rows):
        """The consent to each treatment the client was given, signed on the day of its first session
        (the newest text; a guardian's name for a minor): a client whose first session of a treatment
        is still to come has not signed for it yet."""
        signed = set()
        for appointment in appointments:
            text = self.consent_texts.get(appointment.treatment_id)
            if appointment.status != AppointmentStatus.FULFILLED or text is None or text.pk in signed:
                continue
            signed.add(text.pk)
            day = timezone.localtime(appointment.start).date()
            version = version_on(versions, day)
            signed_at = appointment.start - datetime.timedelta(minutes=10)
            consent = ConsentSignature(
                client=client,
                consent_text=text,
                signed_at=signed_at,
                signer_name=f"{client.first_name} {client.last_name}",
                guardian_name=version[1]["client"]["guardian_name"] if version else "",
            )
            rows.consents.append(dated(consent, signed_at))

    def flag_rows(self, client: Client, plan: ClientPlan, versions: list, visits: list, rows: Rows):
        """The flags of each intake version: open (or acknowledged) on the current one, else resolved."""
        evening = last_evening(self.today)
        for number, (intake, document) in enumerate(versions):
            current = intake.is_current
            day = self.today if current else intake.intake_date
            snapshot = self.snapshot(client, (intake, document), visits, day + datetime.timedelta(days=1))
            for treatment, result in self.context.screen_treatments(snapshot, on=day):
                for finding in result.findings:
                    flag = dated(
                        flag_row(client, intake, treatment.id, self.rules[finding.code], finding),
                        intake.created_at,
                    )
                    flag.created_at = intake.created_at
                    if not current:
                        flag.status, flag.status_changed_by = FlagStatus.RESOLVED, self.by
                        flag.status_changed_at = versions[number + 1][0].created_at
                    elif plan.flags_acknowledged and finding.level == Level.CAUTION:
                        flag.status, flag.status_changed_by = FlagStatus.ACKNOWLEDGED, self.by
                        flag.status_changed_at = min(intake.created_at + datetime.timedelta(days=1), evening)
                    rows.flags.append(flag)


def version_on(versions: list, day: datetime.date) -> tuple | None:
    """The (intake, document) in force on `day`: the newest version filled in by then, if any."""
    return next((version for version in reversed(versions) if version[0].intake_date <= day), None)


def dated(row: models.Model, moment: datetime.datetime) -> models.Model:
    """Date the row's historical record at `moment`, when the simulated event happened."""
    row._history_date = moment
    return row


DATED_MODELS = [Client, Intake, Appointment, AppointmentEvent, BookingAttempt, Flag]


@contextmanager
def keeping_dates() -> Iterator[None]:
    """Let bulk inserts keep the creation dates set on the rows, which `auto_now_add` (and `auto_now`)
    would otherwise replace with the time of the seed. Only for a one-off command in its own process."""
    stamped = [
        column
        for model in DATED_MODELS
        for column in model._meta.concrete_fields
        if getattr(column, "auto_now_add", False) or getattr(column, "auto_now", False)
    ]
    saved = [(column, column.auto_now, column.auto_now_add) for column in stamped]
    for column in stamped:
        column.auto_now = column.auto_now_add = False
    try:
        yield
    finally:
        for column, auto_now, auto_now_add in saved:
            column.auto_now, column.auto_now_add = auto_now, auto_now_add


def opening_slots() -> dict[int, list[int]]:
    """The hours a one-hour slot may start at, by weekday: the clinic is open and practitioners work."""
    return {
        row.weekday: list(range(row.opens.hour + (1 if row.opens.minute else 0), row.closes.hour))
        for row in OpeningHours.objects.filter(weekday__in=WORKING_DAYS)
    }


WORKING_DAYS = range(6)  # Monday to Saturday


def synthetic_practitioners(count: int, by: User, rng: random.Random) -> list[Practitioner]:
    """`count` practitioners working Monday to Saturday, qualified for every treatment (no sign-in)."""
    users = []
    for number in range(1, count + 1):
        user = User(
            username=f"practitioner-{number:02}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
        )
        user.set_unusable_password()
        users.append(user)
    users = User.objects.bulk_create(users)
    Group.objects.get(name="Aesthetician").user_set.add(*users)
    practitioners = bulk_create_audited(
        Practitioner,
        [Practitioner(user=user) for user in users],
        by=by,
        m2m={"treatments": [list(Treatment.objects.order_by("code"))] * count},
    )
    bulk_create_audited(
        WorkingDay,
        [
            WorkingDay(practitioner=practitioner, weekday=day)
            for practitioner in practitioners
            for day in WORKING_DAYS
        ],
        by=by,
    )
    return practitioners


@dataclass(frozen=True)
class SeedSummary:
    """What a seed wrote."""

    clients: int = 0
    intakes: int = 0
    appointments: int = 0
    upcoming: int = 0
    refused: int = 0
    flags: int = 0
    open_flags: int = 0
    consents: int = 0

    def add(self, rows: Rows) -> "SeedSummary":
        """This summary with a batch's rows added."""
        return SeedSummary(
            clients=self.clients + len(rows.clients),
            intakes=self.intakes + len(rows.intakes),
            appointments=self.appointments + len(rows.appointments),
            upcoming=self.upcoming + sum(a.status in AppointmentStatus.upcoming() for a in rows.appointments),
            refused=self.refused + sum(not attempt.overridden for attempt in rows.attempts),
            flags=self.flags + len(rows.flags),
            open_flags=self.open_flags + sum(flag.status == FlagStatus.OPEN for flag in rows.flags),
            consents=self.consents + len(rows.consents),
        )


def seed_synthetic(
    *,
    clients: int,
    seed: int,
    today: datetime.date,
    batch_size: int = 500,
    advance: Callable[[int], object] = lambda clients: None,
) -> SeedSummary | None:
    """Add `clients` synthetic clients with their histories, `batch_size` per transaction; `advance`
    is told how many clients each batch stored. None (and nothing written) when they were seeded before."""
    by, _created = User.objects.get_or_create(
        username=SEED_USERNAME, defaults={"first_name": "Synthetic", "last_name": "data", "is_active": False}
    )
    if Client.objects.filter(created_by=by).exists():
        return None
    rng = random.Random(seed)
    practitioners = synthetic_practitioners(max(2, -(-clients // CLIENTS_PER_PRACTITIONER)), by, rng)
    taken = {
        (first, last, born)
        for first, last, born in Client.objects.values_list(
            Lower("first_name"), Lower("last_name"), "date_of_birth"
        )
    }
    planner = Planner(
        seed=seed, today=today, hours=opening_slots(), practitioners=len(practitioners), taken=taken
    )
    seeder = Seeder(
        today=today,
        by=by,
        context=screening_context(),
        catalogues=Catalogues.load(),
        practitioners=practitioners,
        rules=Rule.objects.in_bulk(field_name="code"),
        methods=Method.objects.in_bulk(field_name="code"),
        intensities=Intensity.objects.in_bulk(field_name="code"),
        reasons=list(OverrideReason.objects.filter(active=True).values_list("text", flat=True)),
        consent_texts={text.treatment_id: text for text in latest_consent_texts(Treatment.objects.all())},
    )
    summary = SeedSummary()
    # The rows hold no reference cycles; the cyclic garbage collector would only keep scanning
    # the hundreds of thousands of objects each batch makes (a fifth of the run time).
    gc.disable()
    try:
        with keeping_dates():
            for start in range(0, clients, batch_size):
                rows = seeder.store([planner.client() for _ in range(min(batch_size, clients - start))])
                summary = summary.add(rows)
                advance(len(rows.clients))
                reset_queries()  # with DEBUG on, Django keeps every query: megabytes per batch
    finally:
        gc.enable()
    if connection.vendor == "postgresql":
        # Statistics for the planner now, rather than whenever autovacuum gets to the new rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return summary
