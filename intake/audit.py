"""The tamper-evident audit trail: append entries to the hash chain, check the chain.

Changes to clinical data reach the trail from django-simple-history: every historical record it
writes (create, update, delete, many-to-many change) is turned into an audit entry with the old
and new values. Bulk writes go through `bulk_create_audited` and `update_audited`. Views of a
client's record are appended by the views themselves (`audit_view`). A service's transaction is an
`audit_batch`: the entries of everything it writes are appended together when it ends.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, wraps
from types import SimpleNamespace

from django.db import connection, models, transaction
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record
from simple_history.utils import get_history_manager_for_model

from clinic.compiled import CompiledRead

from .history_inserts import create_with_history
from .models import AuditAction, AuditChainHead, AuditEntry, Client

GENESIS = "0" * 64
HISTORY_ACTIONS = {"+": AuditAction.CREATE, "~": AuditAction.UPDATE, "-": AuditAction.DELETE}
HASHED_FIELDS = [
    "seq",
    "at",
    "user_id",
    "username",
    "action",
    "model",
    "object_id",
    "client_id",
    "content_digest",
    "previous_hash",
]


def content_digest(entry: AuditEntry) -> str:
    """The SHA-256 of what an entry says about the record: its name, the page, the changes."""
    content = {"object_repr": entry.object_repr, "page": entry.page, "changes": entry.changes}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def entry_hash(entry: AuditEntry) -> str:
    """The SHA-256 of an entry's content and the hash of the entry before it."""
    values = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["at"] = values["at"].astimezone(datetime.UTC).isoformat(timespec="microseconds")
    text = json.dumps(values, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Event:
    """What happened, before it is numbered and chained."""

    action: str
    model: str
    object_id: str = ""
    object_repr: str = ""
    client_id: int | None = None
    user: object = None
    page: str = ""
    changes: dict | None = None


# The chain head's number and hash, read and locked until the transaction ends: compiled once per
# process, as the ORM took longer to build the query than PostgreSQL took to run it.
LOCKED_HEAD = CompiledRead(
    lambda ids: AuditChainHead.objects.select_for_update().filter(pk__in=ids).values_list("seq", "hash")
)

# The events of the `audit_batch` being run, appended when it ends; None outside one.
BATCHED: ContextVar[list[Event] | None] = ContextVar("audit_batched_events", default=None)


def audit_append(events: Iterable[Event]) -> list[AuditEntry]:
    """Number, chain and store events, holding the chain head's lock so writers form a line.

    Inside a caller's transaction no savepoint is made: the entries stand or fall with the
    change they record, and a failure here leaves that transaction to roll back. Inside an
    `audit_batch` the events wait for the batch's end, and none is returned."""
    batched = BATCHED.get()
    if batched is not None:
        batched.extend(events)
        return []
    with transaction.atomic(savepoint=False):
        [(seq, previous_hash)] = LOCKED_HEAD.rows([1])
        entries = []
        for event in events:
            user = event.user if getattr(event.user, "is_authenticated", False) else None
            entry = AuditEntry(
                seq=seq + 1,
                at=timezone.now(),
                user_id=user.pk if user else None,
                username=user.get_username() if user else "",
                action=event.action,
                model=event.model,
                object_id=str(event.object_id),
                object_repr=event.object_repr[:200],
                client_id=event.client_id,
                page=event.page[:300],
                changes=json.loads(json.dumps(event.changes or {}, default=str)),
                previous_hash=previous_hash,
            )
            entry.content_digest = content_digest(entry)
            entry.hash = entry_hash(entry)
            entries.append(entry)
            seq, previous_hash = entry.seq, entry.hash
        entries_store(entries, seq, previous_hash)
    return entries


def entries_store(entries: list[AuditEntry], seq: int, last_hash: str) -> None:
    """Insert the entries, many to a statement as `bulk_create` does, and move the chain head to the
    last of them (`seq`, `last_hash`), in SQL written without the ORM: built by it (`bulk_create`,
    `update()`) on every request, the two statements took 1.7 of the client page's 29 million
    instructions. On PostgreSQL the head moves in the last insert's statement (a `WITH` that
    updates), a round trip fewer."""
    if not entries:
        return
    statements = store_statements(connection.vendor)
    rows = [
        [field.get_db_prep_save(getattr(entry, field.attname), connection) for field in STORED]
        for entry in entries
    ]
    size = connection.ops.bulk_batch_size(STORED, entries) or 1
    *batches, last = [rows[start : start + size] for start in range(0, len(rows), size)]
    head = [seq, last_hash]
    with connection.cursor() as cursor:
        for batch in batches:
            cursor.execute(*statements.insert(batch))
        sql, values = statements.insert(last)
        if statements.head_with_insert:
            cursor.execute(f"WITH moved AS ({statements.move_head}) {sql}", head + values)
        else:
            cursor.execute(sql, values)
            cursor.execute(statements.move_head, head)


# The columns an entry is stored with: all but its id, which the database numbers.
STORED = [field for field in AuditEntry._meta.concrete_fields if not field.primary_key]


@dataclass(frozen=True)
class StoreStatements:
    """The SQL of `entries_store` for one database: the insert up to its rows, one row's
    placeholders, the chain head's update (its number and hash), and whether the database can run
    that update in the insert's statement."""

    insert_into: str
    row_places: str
    move_head: str
    head_with_insert: bool

    def insert(self, rows: list[list]) -> tuple[str, list]:
        """The statement inserting `rows` and its parameters."""
        sql = self.insert_into + ", ".join([self.row_places] * len(rows))
        return sql, [value for row in rows for value in row]


@cache
def store_statements(vendor: str) -> StoreStatements:
    """`entries_store`'s statements for the database `vendor` names (its quoting, and whether a `WITH`
    may write: PostgreSQL's may, SQLite's may not)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in STORED)
    head = AuditChainHead._meta
    return StoreStatements(
        insert_into=f"INSERT INTO {quote(AuditEntry._meta.db_table)} ({columns}) VALUES ",
        row_places=f"({', '.join(['%s'] * len(STORED))})",
        move_head=(
            f"UPDATE {quote(head.db_table)} SET {quote(head.get_field('seq').column)} = %s, "
            f"{quote(head.get_field('hash').column)} = %s WHERE {quote(head.pk.column)} = 1"
        ),
        head_with_insert=vendor == "postgresql",
    )


@contextmanager
def audit_batch():
    """`transaction.atomic`, whose audit entries are appended together when it ends, under one lock
    of the chain head: three queries, where a service that writes several audited changes (a
    booking: the appointment, then its findings) took three for each, and the lock is held for less
    of the transaction. A batch inside another hands its entries to the outer one when it ends, and
    drops them when it rolls back. A change rolled back to a savepoint of plain `atomic` inside,
    whose exception is caught there, would keep its entry: batch code that lets exceptions out, as
    the services do."""
    with transaction.atomic():
        token = BATCHED.set([])
        try:
            yield
            events = BATCHED.get()
        finally:
            BATCHED.reset(token)
        if events:
            audit_append(events)


@contextmanager
def acting_as(user):
    """Attribute the historical records written inside to `user` (a service's `by`), unless a
    request by the same user is already being served."""
    context = HistoricalRecords.context
    request = getattr(context, "request", None)
    if user is None or getattr(request, "user", None) == user:
        yield
        return
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if request is None:
            del context.request
        else:
            context.request = request


def acted_by(service):
    """Decorate a service taking `by=`: what it writes is attributed to that user in the trail."""

    @wraps(service)
    def wrapper(*args, **kwargs):
        with acting_as(kwargs.get("by")):
            return service(*args, **kwargs)

    return wrapper


def audit_view(request, client: Client, page: str = "") -> None:
    """Record that the signed-in user viewed a client's record (which page)."""
    audit_append(
        [
            Event(
                action=AuditAction.VIEW,
                model="intake.client",
                object_id=str(client.pk),
                object_repr=str(client),
                client_id=client.pk,
                user=request.user,
                page=page or request.get_full_path(),
            )
        ]
    )


def client_id_of(instance) -> int | None:
    """The client a record belongs to, for searching the trail by client."""
    if isinstance(instance, Client):
        return instance.pk
    for path in ("client_id", "intake.client_id", "appointment.client_id"):
        value = instance
        for part in path.split("."):
            value = getattr(value, part, None)
        if value is not None:
            return value
    return None


def field_changes(history) -> dict:
    """Old and new values of what a historical record changed ({field: [old, new]})."""
    previous = history.prev_record if history.history_type == "~" else None
    if previous is not None:
        delta = history.diff_against(previous)
        return {change.field: [change.old, change.new] for change in delta.changes}
    values = created_values(history, history.tracked_fields)
    if history.history_type == "+":
        return values
    return {name: [value, None] for name, [_, value] in values.items()}


def created_values(row, fields) -> dict:
    """A new row's values of `fields` (those its history keeps) as its audit entry lists them
    ({field: [None, value]}); `row` may be the row or its historical record."""
    return {field.attname: [None, getattr(row, field.attname)] for field in fields}


@receiver(post_create_historical_record)
def audit_history(sender, instance, history_instance, history_user, **kwargs):
    """Turn each historical record into an audit entry with its old and new values."""
    audit_append([history_event(instance, history_instance, history_user)])


def history_event(instance, history, user) -> Event:
    """The audit event of one historical record."""
    return Event(
        action=HISTORY_ACTIONS[history.history_type],
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance),
        client_id=client_id_of(instance),
        user=user,
        changes=field_changes(history),
    )


def bulk_create_audited(
    model: type[models.Model],
    objects: list,
    *,
    by=None,
    batch_size: int = 1000,
    m2m: dict[str, list[list]] | None = None,
    values: bool = False,
) -> list:
    """bulk_create with a historical record and an audit entry for every row, all or nothing (inside a
    caller's transaction, with it: no savepoint, as in `audit_append`).

    `m2m` sets many-to-many fields of the new rows, {field name: [the related objects of each row]},
    and keeps them in each row's historical record, as saving rows one by one does. An entry says
    the rows were bulk-created, or with `values` lists each row's values, as saving it does.
    """
    m2m = m2m or {}
    kept = get_history_manager_for_model(model).model.tracked_fields
    with transaction.atomic(savepoint=False):
        created = create_with_history(model, objects, by=by, batch_size=batch_size)
        for name, related in m2m.items():
            bulk_set_m2m(model, name, list(zip(created, related, strict=True)), batch_size=batch_size)
        audit_append(
            Event(
                action=AuditAction.CREATE,
                model=model._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=str(obj),
                client_id=client_id_of(obj),
                user=by,
                changes={
                    **(created_values(obj, kept) if values else {"bulk": [None, True]}),
                    **{name: [None, [x.pk for x in m2m[name][n]]] for name in m2m},
                },
            )
            for n, obj in enumerate(created)
        )
    return created


def create_audited(obj: models.Model, *, by=None) -> models.Model:
    """Store one new row with its historical record and an audit entry listing its values, as saving
    it does, in one statement on PostgreSQL (`bulk_create_audited`); the row, its key set."""
    [created] = bulk_create_audited(type(obj), [obj], by=by, values=True)
    return created


def update_audited(
    model: type[models.Model], objects: list, values: dict, *, by=None, batch_size: int = 1000
) -> None:
    """Set the same `values` on many rows in one update, with a historical record and an audit entry
    for every row, as saving them one by one does: each entry lists the fields that changed, [old, new]."""
    columns = {name: model._meta.get_field(name).attname for name in values}
    rows = model._default_manager.filter(pk__in=[obj.pk for obj in objects])
    with transaction.atomic():
        before = {row["pk"]: row for row in rows.select_for_update().values("pk", *columns.values())}
        rows.update(**values)
        for obj in objects:
            for name, value in values.items():
                setattr(obj, name, value)
        get_history_manager_for_model(model).bulk_history_create(
            objects, update=True, default_user=by, batch_size=batch_size
        )
        audit_append(
            Event(
                action=AuditAction.UPDATE,
                model=model._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=str(obj),
                client_id=client_id_of(obj),
                user=by,
                changes={
                    name: [before[obj.pk][column], getattr(obj, column)]
                    for name, column in columns.items()
                    if before[obj.pk][column] != getattr(obj, column)
                },
            )
            for obj in objects
        )


def bulk_set_m2m(model: type[models.Model], name: str, rows: list[tuple], *, batch_size: int) -> None:
    """Link each new row to its related objects, (row, [related]), in the many-to-many field `name`,
    and copy the links into the row's first historical record, as simple-history does on a change."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    links = through.objects.bulk_create(
        [through(**{source: row.pk, target: item.pk}) for row, related in rows for item in related],
        batch_size=batch_size,
    )
    history = model.history.model
    history_ids = {}
    for start in range(0, len(rows), batch_size):
        created = history.objects.filter(id__in=[row.pk for row, _ in rows[start : start + batch_size]])
        history_ids.update(created.filter(history_type="+").values_list("id", "history_id"))
    columns = [column.attname for column in through._meta.concrete_fields]
    m2m_history = getattr(history, name).model
    m2m_history.objects.bulk_create(
        [
            m2m_history(
                history_id=history_ids[getattr(link, source)], **{c: getattr(link, c) for c in columns}
            )
            for link in links
        ],
        batch_size=batch_size,
    )


@dataclass(frozen=True)
class ChainProblem:
    """Where the chain breaks and how."""

    seq: int
    problem: str


def audit_verify(batch_size: int = 5000) -> Iterator[ChainProblem]:
    """Walk the chain in order; report changed entries, and entries inserted or removed.

    An erased entry's content is gone by design; it must be named by a later erasure entry.
    """
    expected_seq, previous, erased, named = 1, GENESIS, set(), set()
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size):
        if entry.seq != expected_seq:
            kind = "removed" if entry.seq > expected_seq else "inserted"
            yield ChainProblem(entry.seq, f"entries {kind} before #{entry.seq} (expected #{expected_seq})")
        if entry.previous_hash != previous:
            yield ChainProblem(entry.seq, "does not link to the entry before it (inserted or removed entry)")
        if entry_hash(entry) != entry.hash or (
            entry.erased_at is None and content_digest(entry) != entry.content_digest
        ):
            yield ChainProblem(entry.seq, "content changed after it was written")
        if entry.erased_at is not None:
            erased.add(entry.seq)
        if entry.action == AuditAction.ERASE:
            named.update(entry.changes.get("erased_entries", [[], []])[1])
        expected_seq, previous = entry.seq + 1, entry.hash
    for seq in sorted(erased - named):
        yield ChainProblem(seq, "content erased without a recorded erasure")
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and (head.seq, head.hash) != (expected_seq - 1, previous):
        yield ChainProblem(head.seq, "the newest entries were removed")


def audit_erase_client(*, client_id: int, by=None, reason: str) -> int:
    """Erase the personal content of a client's audit entries, keeping the chain; returns how many.

    The erasure is itself appended to the trail, naming every entry it erased.
    """
    with transaction.atomic():
        entries = list(
            AuditEntry.objects.select_for_update().filter(client_id=client_id, erased_at__isnull=True)
        )
        now = timezone.now()
        for entry in entries:
            entry.object_repr, entry.page, entry.changes, entry.erased_at = "", "", {}, now
        AuditEntry.objects.bulk_update(entries, ["object_repr", "page", "changes", "erased_at"])
        audit_append(
            [
                Event(
                    action=AuditAction.ERASE,
                    model="intake.client",
                    object_id=str(client_id),
                    client_id=client_id,
                    user=by,
                    changes={
                        "erased_entries": [[], sorted(entry.seq for entry in entries)],
                        "reason": [None, reason],
                    },
                )
            ]
        )
    return len(entries)
