"""Reads compiled once: the same rows as the queryset they are built from, for whatever ids they are
given, in whatever time zone is active."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.db.models import DurationField, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from clinic.compiled import CompiledRead
from intake.models import Appointment, AppointmentStatus, Client
from tests.factories import ClientFactory, appointment_stored

pytestmark = pytest.mark.django_db


def clients_and_days(client_ids: list[int]):
    """Clients' names, dates of birth, whether they gave a phone number and the day they were
    registered (in the active time zone)."""
    return (
        Client.objects.filter(pk__in=client_ids)
        .annotate(day=TruncDate("created_at"), label=Value("client"))
        .order_by("pk")
        .values_list("pk", "last_name", "date_of_birth", "day", "label")
    )


@pytest.fixture
def clients() -> list[Client]:
    born = [datetime.date(1980, 1, 2), datetime.date(1991, 12, 31), datetime.date(2004, 6, 15)]
    return [ClientFactory(date_of_birth=day) for day in born]


def test_a_compiled_read_gives_the_rows_of_its_queryset_for_any_ids(clients):
    read = CompiledRead(clients_and_days)
    first, second, third = (client.pk for client in clients)

    for ids in ([first], [third], [first, second], [second, third], [first, second, third], [third] * 4):
        assert read.rows(ids) == list(clients_and_days(ids))
    assert read.rows([first])[0][2] == datetime.date(1980, 1, 2)
    assert len(read.compiled) == 3  # one query for 1 id, one for 2, one for 3 or 4


def test_a_window_of_a_compiled_read_is_the_slice_of_its_queryset(clients):
    read = CompiledRead(clients_and_days)
    ids = [client.pk for client in clients]

    for start, stop in [(0, 1), (1, 3), (2, 3), (0, 10), (3, 5), (2, 1)]:
        assert read.rows_between(start, stop, ids) == list(clients_and_days(ids)[start:stop])
    assert len(read.compiled) == 1  # one query, whatever the window


def test_a_compiled_read_follows_the_active_time_zone(clients):
    client = clients[0]
    Client.objects.filter(pk=client.pk).update(
        created_at=datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    )
    read = CompiledRead(clients_and_days)

    with timezone.override("Europe/London"):
        assert read.rows([client.pk])[0][3] == datetime.date(2026, 11, 30)
    with timezone.override("Asia/Tokyo"):
        assert read.rows([client.pk])[0][3] == datetime.date(2026, 12, 1)


def test_a_compiled_read_gives_instances_with_the_related_rows_they_select(
    clients, practitioner, django_assert_num_queries
):
    def appointments_of(client_ids: list[int]):
        chosen = Appointment.objects.filter(client__in=client_ids)
        return chosen.select_related("client", "practitioner__user").order_by("pk")

    start = timezone.now() + datetime.timedelta(days=1)
    stored = [
        appointment_stored(client, practitioner, start + datetime.timedelta(hours=hour))
        for hour, client in enumerate(clients[:2])
    ]
    ids = [client.pk for client in clients]

    with django_assert_num_queries(1):
        read = CompiledRead(appointments_of).instances(ids)
        shown = [(made.start, made.client.last_name, str(made.practitioner)) for made in read]
    assert read == list(appointments_of(ids)) == stored
    assert shown == [(made.start, made.client.last_name, str(practitioner)) for made in stored]
    assert not read[0]._state.adding  # saved rows, as the ORM reads them


def test_a_read_that_leaves_an_id_out_is_refused(clients):
    read = CompiledRead(lambda ids: clients_and_days(ids[:1]))
    with pytest.raises(ValueError, match="every id"):
        read.rows([client.pk for client in clients])


def test_several_lists_of_ids_each_go_in_their_place(clients):
    def named_or_born(client_ids: list[int], years: list[int]):
        return (
            Client.objects.filter(pk__in=client_ids, date_of_birth__year__in=years)
            .order_by("pk")
            .values_list("pk")
        )

    read = CompiledRead(named_or_born)
    first, second, third = (client.pk for client in clients)
    assert read.rows([first, second, third], [1991]) == [(second,)]
    assert read.rows([first, third], [1980, 2004]) == [(first,), (third,)]


def test_a_moment_goes_in_its_place_as_the_field_stores_it(clients):
    def registered_since(client_ids: list[int], since: datetime.datetime):
        registered = Client.objects.filter(pk__in=client_ids, created_at__gte=since)
        return registered.order_by("pk").values_list("pk")

    first, second, third = (client.pk for client in clients)
    for pk, hour in ((first, 9), (second, 12), (third, 15)):
        Client.objects.filter(pk=pk).update(created_at=at_utc(2026, 11, 30, hour))
    read = CompiledRead(registered_since)
    ids = [first, second, third]

    for hour, found in ((8, ids), (12, [second, third]), (13, [third]), (16, [])):
        since = at_utc(2026, 11, 30, hour)
        assert read.rows(ids, since) == [(pk,) for pk in found] == list(registered_since(ids, since))
    london_noon = datetime.datetime(2026, 6, 1, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    Client.objects.filter(pk=first).update(created_at=at_utc(2026, 6, 1, 11, 30))
    assert read.rows([first], london_noon) == [(first,)]  # 11:30 UTC is 12:30 in London in June
    assert len(read.compiled) == 2


def test_a_read_that_leaves_a_moment_out_is_refused(clients):
    read = CompiledRead(lambda ids, since: clients_and_days(ids))
    with pytest.raises(ValueError, match="every id, moment and text"):
        read.rows([clients[0].pk], at_utc(2026, 1, 1))


def at_utc(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=datetime.UTC)


def test_a_text_goes_in_its_place(clients):
    def named(client_ids: list[int], last_name: str):
        return Client.objects.filter(pk__in=client_ids, last_name=last_name).order_by("pk").values_list("pk")

    first, second, third = (client.pk for client in clients)
    Client.objects.filter(pk__in=[first, third]).update(last_name="O'Neil")
    read = CompiledRead(named)
    ids = [first, second, third]

    for name in ("O'Neil", "Nobody", "", "%"):
        assert read.rows(ids, name) == list(named(ids, name))
    assert read.rows(ids, "O'Neil") == [(first,), (third,)]
    assert len(read.compiled) == 1


def test_a_text_the_query_changes_is_refused(clients):
    def containing(ids: list[int], text: str):
        return Client.objects.filter(pk__in=ids, last_name__icontains=text).values_list("pk")

    read = CompiledRead(containing)
    with pytest.raises(ValueError, match="every id, moment and text"):
        read.rows([clients[0].pk], "Had")


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares reads")


@on_postgresql
def test_on_postgresql_a_read_is_prepared_once_per_connection(clients):
    read = CompiledRead(clients_and_days)
    first, second, third = (client.pk for client in clients)
    before = set(prepared_statements())

    assert read.rows([first, second]) == list(clients_and_days([first, second]))
    assert read.rows([third, first]) == list(clients_and_days([third, first]))
    (prepared,) = set(prepared_statements()) - before
    assert "intake_client" in prepared


@on_postgresql
def test_a_read_without_parameters_is_prepared_too(clients):
    def every_client():
        return Client.objects.order_by("pk").values_list("pk", "last_name")

    before = set(prepared_statements())
    assert CompiledRead(every_client).rows() == list(every_client())
    (prepared,) = set(prepared_statements()) - before
    assert "intake_client" in prepared


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_the_read_again(reference_data, clients):
    read = CompiledRead(clients_and_days)
    ids = [client.pk for client in clients]
    assert read.rows(ids) == list(clients_and_days(ids))

    connection.close()
    assert prepared_statements() == []  # a new connection has none
    assert read.rows(ids) == list(clients_and_days(ids))
    assert len(prepared_statements()) == 1


@on_postgresql
def test_a_read_comparing_with_a_models_choice_is_prepared(clients, practitioner):
    def booked(client_ids: list[int]):
        return Appointment.objects.filter(client__in=client_ids, status=AppointmentStatus.BOOKED).values_list(
            "client_id"
        )

    start = timezone.now() + datetime.timedelta(days=1)
    appointment_stored(clients[0], practitioner, start)
    appointment_stored(clients[1], practitioner, start + datetime.timedelta(hours=2), status="cancelled")
    before = set(prepared_statements())
    ids = [client.pk for client in clients]
    assert CompiledRead(booked).rows(ids) == [(clients[0].pk,)]
    (prepared,) = set(prepared_statements()) - before
    assert "intake_appointment" in prepared


@on_postgresql
def test_a_reads_own_constants_are_written_into_its_prepared_statement(clients):
    def with_interval(client_ids: list[int]):
        later = Value(datetime.timedelta(days=1), output_field=DurationField())
        return Client.objects.filter(pk__in=client_ids).annotate(later=later).values_list("pk", "later")

    before = set(prepared_statements())
    read = CompiledRead(with_interval)
    assert read.rows([clients[0].pk]) == [(clients[0].pk, datetime.timedelta(days=1))]
    (prepared,) = set(prepared_statements()) - before
    assert "'1 days 0.000000 seconds'::interval" in prepared
    assert '"intake_client"."id" IN ($1)' in prepared  # the id alone is a parameter


@on_postgresql
def test_on_postgresql_a_long_list_of_ids_is_one_array_parameter(clients, practitioner):
    def others_booked(client_ids: list[int], moved: list[int]):
        """The clients' booked appointments but the moved ones, and the same clients' names: the
        list used twice, beside a list of the query's own constants."""
        appointments = Appointment.objects.filter(
            client__in=client_ids, status__in=[AppointmentStatus.BOOKED, AppointmentStatus.PENDING_REVIEW]
        ).exclude(pk__in=moved)
        names = Client.objects.filter(pk__in=client_ids).values_list("pk", "last_name")
        return appointments.values_list("client_id", "status").union(names, all=True)

    start = timezone.now() + datetime.timedelta(days=1)
    booked = [
        appointment_stored(client, practitioner, start + datetime.timedelta(hours=2 * hour))
        for hour, client in enumerate(clients)
    ]
    before = set(prepared_statements())
    read, ids = CompiledRead(others_booked), [client.pk for client in clients] * 22  # 66 ids
    for moved in ([booked[0].pk], [booked[2].pk]):
        assert sorted(read.rows(ids, moved)) == sorted(others_booked(ids, moved))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, parameter_types::text FROM pg_prepared_statements")
        ((statement, types),) = [row for row in cursor.fetchall() if row[0] not in before]
    assert types == "{bigint[],bigint,bigint[]}"  # the clients twice, each an array; the moved one
    assert "IN ('booked', 'pending')" in statement  # the constants written out


def test_prepared_reads_can_be_turned_off(settings, clients):
    settings.PREPARED_READS = False
    read = CompiledRead(clients_and_days)
    ids = [client.pk for client in clients]
    assert read.rows(ids) == list(clients_and_days(ids))
    assert all(prepared is None for *_rest, prepared in read.compiled.values())
