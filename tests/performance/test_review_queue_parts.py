"""The review queue read a part at a time: the same rows in the same order as one sorted list,
whatever the page, and counts kept for a minute only when the queue is large."""

import datetime
from dataclasses import replace

import pytest
from django.core.cache import cache
from django.utils import timezone

from intake import selectors_review
from intake.models import Appointment, Flag, FlagStatus, Practitioner, Treatment
from intake.selectors_review import QueueCounts, QueueFilters, held_part, held_rows, review_queue
from intake.synthetic import seed_synthetic
from tests.factories import ClientFactory, UserFactory
from tests.performance.test_search_indexes import plan, postgresql_only
from tests.views.test_review_queue import make_appointment

pytestmark = pytest.mark.django_db
LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


@pytest.fixture
def seeded():
    """Synthetic clients: held appointments, flags with an appointment coming and many without.

    The day's draw may book no flagged client for the flag's treatment, so one open caution flag's
    client is booked for it (at dawn, when no practitioner is busy).
    """
    seed_synthetic(clients=60, seed=4, today=timezone.localdate())
    flag = Flag.objects.filter(status=FlagStatus.OPEN, level="caution").order_by("pk").first()
    dawn = timezone.now().replace(hour=5, minute=0, second=0, microsecond=0) + datetime.timedelta(days=100)
    make_appointment(
        flag.client, Practitioner.objects.first(), dawn, status="booked", treatment=flag.treatment.code
    )
    cache.clear()


@pytest.fixture
def held(practitioner):
    """Eight held appointments of two practitioners, two at each hour: pending cautions and blocked
    contraindications, of both treatments."""
    other = Practitioner.objects.create(user=UserFactory(role="Aesthetician"))
    day = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=3)
    kinds = [
        ("pending", "caution", "microdermabrasion-face"),
        ("blocked", "contraindicated", "microdermabrasion-scalp"),
    ]
    for hour in range(4):
        turn = kinds[hour % 2 :] + kinds[: hour % 2]
        for who, (status, level, treatment) in zip((practitioner, other), turn, strict=True):
            start = day + datetime.timedelta(hours=hour)
            make_appointment(ClientFactory(), who, start, status=status, level=level, treatment=treatment)


def sort_key(row: tuple) -> tuple:
    """The queue's order: priority, appointment time (none last), most severe, appointment, flag."""
    appointment, flag, priority, moment, rank = row
    return (priority, moment or LATEST, -rank, appointment or 0, flag or 0)


@pytest.mark.parametrize(
    "filters", [QueueFilters(), QueueFilters(level="caution"), QueueFilters(status="flag")], ids=repr
)
def test_every_page_is_a_window_of_one_sorted_list(seeded, filters):
    rows = review_queue(filters)
    everything = rows[0 : rows.count()]
    assert len(everything) == rows.count() > 50
    assert everything == sorted(everything, key=sort_key)
    assert {row[2] for row in everything} >= {1, 2}
    for size in (7, 25):
        pages = [review_queue(filters)[start : start + size] for start in range(0, len(everything), size)]
        assert [row for page in pages for row in page] == everything


@pytest.mark.parametrize(
    "narrowed",
    [
        {},
        {"level": "caution"},
        {"status": "blocked"},
        {"treatment": True, "practitioner": True},
        {"level": "contraindicated", "treatment": True},
        {"date_from": True},
    ],
    ids=repr,
)
def test_held_appointments_read_by_a_compiled_query_are_the_orms_for_any_filter_and_page(held, narrowed):
    first = Appointment.objects.get(pk=held_part(QueueFilters())[0][0])
    chosen = {"treatment": first.treatment, "practitioner": first.practitioner}
    chosen["date_from"] = first.start.date()
    filters = QueueFilters(**{name: chosen.get(name, value) for name, value in narrowed.items()})
    expected = list(held_part(filters))
    assert len(expected) >= 2

    for start, stop in [(0, 1), (0, 25), (1, 3), (len(expected) - 1, len(expected) + 5), (len(expected), 50)]:
        assert held_rows(filters, start, stop) == expected[start:stop]


def test_the_counts_agree_with_the_rows(seeded):
    rows = review_queue(QueueFilters())
    assert sum(QueueCounts(QueueFilters()).per_level().values()) == len(rows[0 : rows.count()])


def test_a_small_queue_is_counted_exactly_every_time(seeded):
    before = QueueCounts(QueueFilters()).per_level()
    Flag.objects.filter(status=FlagStatus.OPEN, level="caution")[:1].get().delete()
    assert QueueCounts(QueueFilters()).per_level()["caution"] == before["caution"] - 1


def test_a_large_queue_keeps_its_counts_for_a_minute(seeded, monkeypatch):
    monkeypatch.setattr(selectors_review, "LARGE_QUEUE", 10)
    before = QueueCounts(QueueFilters()).per_level()
    Flag.objects.filter(status=FlagStatus.OPEN, level="caution")[:1].get().delete()
    assert QueueCounts(QueueFilters()).per_level() == before
    cache.clear()
    assert QueueCounts(QueueFilters()).per_level()["caution"] == before["caution"] - 1


@postgresql_only
@pytest.mark.parametrize(
    "filters",
    [
        QueueFilters(),
        QueueFilters(level="caution"),
        QueueFilters(treatment=True),
        QueueFilters(practitioner=True),
    ],
    ids=["all", "caution", "treatment", "practitioner"],
)
@pytest.mark.parametrize("start", [0, 25, 500])
def test_any_page_of_held_appointments_is_read_in_order_from_their_own_index(seeded, filters, start):
    filters = replace(
        filters,
        treatment=Treatment.objects.first() if filters.treatment else None,
        practitioner=Practitioner.objects.first() if filters.practitioner else None,
    )
    steps = plan(held_part(filters)[start : start + 25])
    assert "Index Only Scan using appointment_held_order_idx" in steps
    assert "Sort" not in steps


def test_a_page_builds_only_the_parts_it_reads(seeded):
    rows = review_queue(QueueFilters())
    built = []

    def recorded(index: int, part):
        return lambda start, stop: built.append(index) or part(start, stop)

    rows.parts = [recorded(index, part) for index, part in enumerate(rows.parts)]
    first = next(index for index, size in enumerate(rows.sizes) if size)
    rows[0:1]
    assert built == [first]
    built.clear()
    rows[0 : rows.count()]
    assert built == [index for index, size in enumerate(rows.sizes) if size]
