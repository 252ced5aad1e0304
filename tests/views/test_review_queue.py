"""The review queue: exactly the right rows in the right order for each filter, counts per level,
actions for practitioners only, and a query count that does not grow with the rows."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from intake.models import (
    Appointment,
    AppointmentFinding,
    AppointmentStatus,
    Client,
    Flag,
    FlagStatus,
    Intake,
    Practitioner,
    ReviewAction,
    Rule,
    Treatment,
)
from tests.factories import ClientFactory, UserFactory, appointment_stored

pytestmark = pytest.mark.django_db

QUEUE = reverse("intake:review_queue")
# Session (read, and its activity time saved), user, two-factor device, permissions, the page of
# rows (a query for each part of the queue it overlaps, four at most) and the counts per level,
# read once for the page's size and the level buttons (kept in the cache for a large queue), the
# flags, appointments, findings and review history behind it, the filter choices, the user's roles
# in the navigation: the same for any number of rows.
MAX_QUERIES = 16


def make_flag(
    client, *, level="caution", treatment="microdermabrasion-face", rule="ECZ-CONTROLLED", **fields
):
    """An open flag on the client's intake, as screening would leave it."""
    intake = client.intakes.first() or Intake.objects.create(
        client=client, version=1, intake_date=timezone.localdate()
    )
    return Flag.objects.create(
        client=client,
        intake=intake,
        treatment=Treatment.objects.get(code=treatment),
        rule=Rule.objects.get(code=rule),
        level=level,
        message=f"{rule} message",
        evidence="evidence",
        **fields,
    )


def make_appointment(
    client, practitioner, start, *, status="pending", level="caution", treatment="microdermabrasion-face"
):
    """An appointment as booking and screening would leave it."""
    return appointment_stored(
        client, practitioner, start, treatment=treatment, status=status, worst_level=level
    )


@pytest.fixture
def queue(practitioner, at, booking_day):
    """A known queue: held appointments first, then flags by their next appointment, then flags with none."""
    other = Practitioner.objects.create(user=UserFactory(role="Aesthetician"))
    ada, ben, cy, dee, eve = (ClientFactory(first_name=name) for name in ("Ada", "Ben", "Cy", "Dee", "Eve"))
    next_day = booking_day + datetime.timedelta(days=1)
    rows = {
        "a1": make_appointment(ada, practitioner, at(10)),
        "a2": make_appointment(
            ben,
            other,
            at(11, day=next_day),
            status="blocked",
            level="contraindicated",
            treatment="microdermabrasion-scalp",
        ),
        "f1": make_flag(ada),
        "f2": make_flag(cy, level="contraindicated", rule="ECZ-ACTIVE"),
        "f3": make_flag(eve, treatment="microdermabrasion-scalp"),
        "f6": make_flag(ada, level="contraindicated", rule="ISO-WINDOW"),
    }
    # Not in the queue: a confirmed appointment (f2's next one), a past one, advice, an acknowledged flag.
    rows["a3"] = make_appointment(cy, practitioner, at(9), status="booked", level="contraindicated")
    make_appointment(dee, practitioner, at(10, day=timezone.localdate() - datetime.timedelta(days=1)))
    make_flag(eve, level="advice", rule="ADVICE-FACE")
    make_flag(ben, treatment="microdermabrasion-scalp", status=FlagStatus.ACKNOWLEDGED)
    rows.update(P1=practitioner, P2=other, day=booking_day, next_day=next_day)
    return rows


def row_ids(response, queue) -> list[str]:
    """The queue's rows as the names the `queue` fixture gives them."""
    names = {}
    for name, value in queue.items():
        if isinstance(value, Appointment):
            names[f"appointment-{value.pk}"] = name
        elif isinstance(value, Flag):
            names[f"flag-{value.pk}"] = name
    return [names.get(row.dom_id, row.dom_id) for row in response.context["rows"]]


def test_held_appointments_come_first_then_flags_by_appointment_time_and_severity(
    as_user, aesthetician, queue
):
    response = as_user(aesthetician).get(QUEUE)
    assert response.status_code == 200
    assert row_ids(response, queue) == ["a1", "a2", "f2", "f6", "f1", "f3"]
    assert response.context["counts"] == [
        ("contraindicated", "contraindicated", 3),
        ("caution", "caution", 3),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "contraindicated"}, ["a2", "f2", "f6"]),
        ({"level": "caution"}, ["a1", "f1", "f3"]),
        ({"treatment": "scalp"}, ["a2", "f3"]),
        ({"treatment": "face"}, ["a1", "f2", "f6", "f1"]),
        ({"practitioner": "P1"}, ["a1", "f2", "f6", "f1"]),
        ({"practitioner": "P2"}, ["a2"]),
        ({"date_from": "next_day"}, ["a2"]),
        ({"date_from": "day", "date_to": "day"}, ["a1", "f2", "f6", "f1"]),
        ({"date_to": "day"}, ["a1", "f2", "f6", "f1"]),
        ({"status": "pending"}, ["a1"]),
        ({"status": "blocked"}, ["a2"]),
        ({"status": "flag"}, ["f2", "f6", "f1", "f3"]),
        ({"level": "caution", "practitioner": "P1"}, ["a1", "f1"]),
        ({"level": "nonsense", "date_from": "not a date"}, ["a1", "a2", "f2", "f6", "f1", "f3"]),
    ],
)
def test_each_filter_shows_exactly_its_rows(as_user, aesthetician, queue, params, expected):
    treatments = {"face": "microdermabrasion-face", "scalp": "microdermabrasion-scalp"}
    query = {}
    for name, value in params.items():
        if name == "treatment":
            value = Treatment.objects.get(code=treatments[value]).pk
        elif name == "practitioner":
            value = queue[value].pk
        elif value in ("day", "next_day"):
            value = queue[value].isoformat()
        query[name] = value
    response = as_user(aesthetician).get(QUEUE, query)
    assert row_ids(response, queue) == expected


def test_counts_per_level_follow_every_filter_but_the_level(as_user, aesthetician, queue):
    response = as_user(aesthetician).get(QUEUE, {"level": "caution", "practitioner": queue["P1"].pk})
    assert response.context["counts"] == [
        ("contraindicated", "contraindicated", 2),
        ("caution", "caution", 2),
    ]


def test_the_queue_is_paginated_and_keeps_its_filters(as_user, aesthetician, practitioner):
    for _number in range(30):
        make_flag(ClientFactory())
    http = as_user(aesthetician)
    first = http.get(QUEUE, {"status": "flag"})
    assert len(first.context["rows"]) == 25
    assert "?status=flag&amp;page=2" in first.content.decode()
    second = http.get(QUEUE, {"status": "flag", "page": 2})
    assert len(second.context["rows"]) == 5
    seen = {row.dom_id for row in first.context["rows"]} | {row.dom_id for row in second.context["rows"]}
    assert len(seen) == 30


def test_the_front_desk_sees_the_queue_without_actions(as_user, front_desk, queue):
    response = as_user(front_desk).get(QUEUE)
    page = response.content.decode()
    assert row_ids(response, queue) == ["a1", "a2", "f2", "f6", "f1", "f3"]
    assert "Refer to a dermatologist" not in page
    assert "Acknowledge" not in page


def test_each_row_links_to_its_clients_record_and_timeline_and_to_its_appointment(as_user, front_desk, queue):
    page = as_user(front_desk).get(QUEUE).content.decode()

    for name in ("a1", "a2", "f2", "f6", "f1", "f3"):
        client = queue[name].client
        assert f'href="{reverse("intake:client_detail", args=[client.pk])}"' in page
        assert f'href="{reverse("intake:client_timeline", args=[client.pk])}"' in page
    for name in ("a1", "a2"):
        assert f'href="{reverse("intake:appointment_detail", args=[queue[name].pk])}"' in page


def test_each_rows_actions_post_to_its_own_flag_or_appointment(as_user, aesthetician, queue):
    page = as_user(aesthetician).get(QUEUE).content.decode()

    for name in ("f2", "f6", "f1", "f3"):
        flag = queue[name]
        assert f'action="{reverse("intake:review_flag", args=[flag.pk, "refer"])}"' in page
        assert f'formaction="{reverse("intake:review_flag", args=[flag.pk, "resolve"])}"' in page
        assert f'formaction="{reverse("intake:intake_request", args=[flag.client.pk])}"' in page
        assert f'href="{reverse("intake:clearance_create", args=[flag.client.pk])}?next=' in page
    for name in ("a1", "a2"):
        refer = reverse("intake:review_appointment", args=[queue[name].pk, "refer"])
        assert f'action="{refer}"' in page
    cautions = [name for name in ("f2", "f6", "f1", "f3") if queue[name].level == "caution"]
    assert cautions
    for name in cautions:
        acknowledge = reverse("intake:review_flag", args=[queue[name].pk, "acknowledge"])
        assert f'formaction="{acknowledge}"' in page


def test_the_front_desk_cannot_post_actions(as_user, front_desk, queue):
    http = as_user(front_desk)
    flag, appointment, client = queue["f1"], queue["a1"], queue["f1"].client
    finding = {"finding": "1", "note": "x"}
    for url in (
        reverse("intake:review_flag", args=[flag.pk, "acknowledge"]),
        reverse("intake:review_flag", args=[flag.pk, "resolve"]),
        reverse("intake:review_flag", args=[flag.pk, "refer"]),
        reverse("intake:review_appointment", args=[appointment.pk, "acknowledge"]),
        reverse("intake:review_appointment", args=[appointment.pk, "refer"]),
        reverse("intake:intake_request", args=[client.pk]),
        reverse("intake:clearance_create", args=[client.pk]),
    ):
        assert http.post(url, finding).status_code == 403, url
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    assert not ReviewAction.objects.exists()


def test_an_aesthetician_acknowledges_a_flag_and_it_leaves_the_queue(as_user, aesthetician, queue):
    http = as_user(aesthetician)
    url = reverse("intake:review_flag", args=[queue["f1"].pk, "acknowledge"])
    response = http.post(url, {"note": "Talked it through", "next": f"{QUEUE}?status=flag"})
    assert response.status_code == 302
    assert response.url == f"{QUEUE}?status=flag"
    assert row_ids(http.get(QUEUE), queue) == ["a1", "a2", "f2", "f6", "f3"]
    assert ReviewAction.objects.get().note == "Talked it through"


def test_a_foreign_next_address_is_not_followed(as_user, aesthetician, queue):
    url = reverse("intake:review_flag", args=[queue["f1"].pk, "refer"])
    response = as_user(aesthetician).post(url, {"next": "https://evil.example/"})
    assert response.url == QUEUE


def test_an_unknown_action_is_404(as_user, aesthetician, queue):
    url = reverse("intake:review_flag", args=[queue["f1"].pk, "delete"])
    assert as_user(aesthetician).post(url).status_code == 404


def test_resolving_without_a_note_is_refused_with_a_message(as_user, aesthetician, queue):
    http = as_user(aesthetician)
    response = http.post(reverse("intake:review_flag", args=[queue["f2"].pk, "resolve"]), follow=True)
    assert "Say why the flag is resolved." in response.content.decode()
    queue["f2"].refresh_from_db()
    assert queue["f2"].status == FlagStatus.OPEN


def test_the_row_shows_its_review_history(as_user, aesthetician, queue):
    http = as_user(aesthetician)
    http.post(reverse("intake:review_flag", args=[queue["f2"].pk, "refer"]), {"note": "Letter sent"})
    http.post(reverse("intake:intake_request", args=[queue["f2"].client.pk]), {"note": "Medication?"})
    rows = {row.dom_id: row for row in http.get(QUEUE).context["rows"]}
    actions = rows[f"flag-{queue['f2'].pk}"].actions
    assert [(action.action, action.note) for action in actions] == [
        ("refer", "Letter sent"),
        ("intake_request", "Medication?"),
    ]


def row_text(page: str, dom_id: str) -> str:
    """What the queue row with this id says, as text (entities left as they are)."""
    row = re.search(
        rf'<li class="list-group-item[^>]* id="{dom_id}".*?(?=<li class="list-group-item|</ol>)', page, re.S
    )
    return " ".join(strip_tags(row.group()).split())


def test_each_row_says_what_it_is_about_and_what_was_done(as_user, aesthetician, front_desk, queue):
    http = as_user(aesthetician)
    refer = reverse("intake:review_flag", args=[queue["f2"].pk, "refer"])
    http.post(refer, {"note": "Letter <b>sent</b>"})
    referred = ReviewAction.objects.get()
    when = timezone.localtime(referred.at)
    next_start, held = timezone.localtime(queue["a3"].start), queue["a1"]
    held_start = timezone.localtime(held.start)

    flag_row = row_text(http.get(QUEUE).content.decode(), f"flag-{queue['f2'].pk}")
    assert flag_row == (
        f"contraindicated {queue['f2'].client} Timeline Flag ECZ-ACTIVE · {queue['f2'].treatment} "
        f"Next appointment {next_start:%a} {next_start.day} {next_start:%b %Y, %H:%M} with {queue['P1']} "
        "ECZ-ACTIVE message (evidence). "
        f"Referred to a dermatologist by {aesthetician.username}, {when.day} {when:%b %Y %H:%M}: "
        "“Letter &lt;b&gt;sent&lt;/b&gt;” "
        "Note Refer to a dermatologist Resolve Request updated intake Record clearance"
    )
    held_row = row_text(as_user(front_desk).get(QUEUE).content.decode(), f"appointment-{held.pk}")
    assert held_row == (
        f"Pending review {held.client} Timeline {held.treatment} "
        f"{held_start:%a} {held_start.day} {held_start:%b %Y, %H:%M} · {queue['P1']}"
    )


def bulk_queue(size: int, practitioner, start: datetime.datetime) -> None:
    """`size` queue rows, half held appointments and half open flags, written in bulk."""
    clients = Client.objects.bulk_create(
        Client(first_name="Bulk", last_name=f"Client{n}", date_of_birth=datetime.date(1990, 1, 1))
        for n in range(size)
    )
    intakes = Intake.objects.bulk_create(
        Intake(client=client, version=1, intake_date=timezone.localdate()) for client in clients
    )
    face = Treatment.objects.get(code="microdermabrasion-face")
    rule = Rule.objects.get(code="ECZ-CONTROLLED")
    held = clients[: size // 2 + size % 2]
    Appointment.objects.bulk_create(
        Appointment(
            client=client,
            treatment=face,
            site=face.site,
            practitioner=practitioner,
            start=start + datetime.timedelta(hours=n),
            end=start + datetime.timedelta(hours=n, minutes=50),
            status=AppointmentStatus.PENDING_REVIEW if n % 2 else AppointmentStatus.BLOCKED,
            worst_level="caution" if n % 2 else "contraindicated",
        )
        for n, client in enumerate(held)
    )
    Flag.objects.bulk_create(
        Flag(
            client=client,
            intake=intake,
            treatment=face,
            rule=rule,
            level="caution",
            message="m",
            evidence="e",
        )
        for client, intake in zip(clients[len(held) :], intakes[len(held) :], strict=True)
    )


def test_an_appointment_row_lists_only_the_findings_that_hold_it(as_user, aesthetician, queue):
    held = queue["a1"]
    findings = {
        "ZZ-WAITING": ("caution", {}),
        "AA-ACKNOWLEDGED": ("caution", {"acknowledged_at": timezone.now()}),
        "BB-OVERRIDDEN": ("contraindicated", {"overridden": True}),
        "CC-BLOCKING": ("contraindicated", {}),
        "DD-ADVICE": ("advice", {}),
    }
    for code, (level, fields) in findings.items():
        AppointmentFinding.objects.create(appointment=held, code=code, level=level, message=code, **fields)

    response = as_user(aesthetician).get(QUEUE)

    row = next(row for row in response.context["rows"] if row.dom_id == f"appointment-{held.pk}")
    assert [finding.code for finding in row.open_findings] == ["CC-BLOCKING", "ZZ-WAITING"]
    page = response.content.decode()
    assert "Acknowledge ZZ-WAITING" in page
    assert "AA-ACKNOWLEDGED" not in page and "BB-OVERRIDDEN" not in page and "DD-ADVICE" not in page



def test_words_repeated_from_row_to_row_are_shown_escaped_on_every_row(as_user, aesthetician, queue):
    # The painter draws a finding's or a flag's words once a page: each row must still show them,
    # escaped, with its own acknowledge button.
    words = {"message": "<b>Dry</b> skin", "evidence": "cap & 'low'"}
    held = [queue["a1"], queue["a2"]]
    findings = [
        AppointmentFinding.objects.create(appointment=appointment, code="SAME", level="caution", **words)
        for appointment in held
    ]
    Flag.objects.filter(pk__in=[queue["f1"].pk, queue["f3"].pk]).update(hint="<i>gentle</i>", **words)

    page = as_user(aesthetician).get(QUEUE).content.decode()

    for appointment, finding in zip(held, findings, strict=True):
        row = row_text(page, f"appointment-{appointment.pk}")
        assert "caution SAME &lt;b&gt;Dry&lt;/b&gt; skin (cap &amp; &#x27;low&#x27;)" in row
        assert f'name="finding" value="{finding.pk}"' in page
    for flag in (queue["f1"], queue["f3"]):
        row = row_text(page, f"flag-{flag.pk}")
        assert "&lt;b&gt;Dry&lt;/b&gt; skin (cap &amp; &#x27;low&#x27;). &lt;i&gt;gentle&lt;/i&gt;" in row

@pytest.mark.parametrize("size", [5, 500])
@pytest.mark.parametrize("query", [{}, {"status": "flag"}], ids=["appointments first", "flags"])
def test_the_queue_runs_a_constant_number_of_queries(
    as_user, aesthetician, practitioner, at, size, query, django_assert_max_num_queries
):
    bulk_queue(size, practitioner, at(9))
    http = as_user(aesthetician)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = http.get(QUEUE, query)
    assert response.context["paginator"].count == (size if not query else size // 2)
    assert len(response.context["rows"]) == min(response.context["paginator"].count, 25)
