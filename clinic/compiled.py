"""Reads of a fixed shape, built and compiled to SQL once per process.

Building a union of querysets and compiling it costs the app more than the database takes to run
it: screening's read of an intake's entries took 1.7 ms of the app's time to build and compile and
0.8 ms to run. A `CompiledRead` builds its query once for each size of the id lists it is given,
with stand-ins where the ids, moments and texts go, then runs that SQL with them in their place, the
values converted as Django converts them.

PostgreSQL plans every statement it is sent afresh, and planning took it longer than running the
reads: the client page's 2.0 ms against 0.45 ms. On PostgreSQL a compiled read is therefore
prepared once per connection (`PREPARE`, then `EXECUTE`; `PREPARED_READS` turns it off, for a pooler
that shares connections between clients). Its parameters are the values it is given; the query's
own constants are written into the statement, so that a plan made once for all later runs knows
them. PostgreSQL still plans a run afresh where a plan for its values looks much cheaper than one
for any (the schedule's day: forcing the plan for any day made the page slower, 16 to 28 ms).
"""

import datetime
import itertools
import re
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.db.models import DateTimeField, Model, QuerySet, Value
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone


class CompiledRead:
    """The rows of the values queryset `build(*arguments)` returns (`rows`), or the instances of a
    model's queryset (`instances`), built and compiled once for each size of each list of ids (and
    each database and time zone, which the SQL may name).

    An argument is a list of ids, which the query may only test membership of (`__in`), a moment (an
    aware datetime), which it may only compare a `DateTimeField` with, or a text, which it may only
    test a text field's equality with. A list is padded with its last id up to the next power of
    two, so that a process compiles a handful of sizes, not one for every batch. While the query
    compiles, ids stand in as negative numbers, moments as instants of the year 2 and texts as
    numbered control characters, so the query may hold none of those of its own. Each list must hold
    at least one id.
    """

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self.compiled = {}

    def rows(self, *arguments: list[int] | datetime.datetime | str) -> list[tuple]:
        """The rows for these arguments, as `list(build(*arguments))` gives them."""
        return self.run(*arguments)[0]

    def rows_between(
        self, start: int, stop: int, *arguments: list[int] | datetime.datetime | str
    ) -> list[tuple]:
        """Rows `start` to `stop` for these arguments, as `list(build(*arguments)[start:stop])` gives them
        (the window is a parameter of one compiled query, where the ORM writes each into its SQL)."""
        return self.run(*arguments, window=(start, stop))[0]

    def instances(self, *arguments: list[int] | datetime.datetime | str) -> list[Model]:
        """The model instances for these arguments, where `build` returns a queryset of instances (not
        of values), with the related rows it selects (`select_related`; annotations are left out)."""
        rows, instance = self.run(*arguments)
        return [instance(row) for row in rows]

    def run(
        self, *arguments, window: tuple[int, int] | None = None
    ) -> tuple[list[tuple], Callable[[tuple], Model] | None]:
        """The rows for these arguments (those from `start` to `stop` of a `window`), and how a row
        becomes an instance (None for values)."""
        padded = [padded_ids(argument) if isinstance(argument, list) else argument for argument in arguments]
        shape = [len(argument) if isinstance(argument, list) else kind_of(argument) for argument in padded]
        key = (connection.alias, timezone.get_current_timezone_name(), window is not None, *shape)
        if key not in self.compiled:
            self.compiled[key] = self.compile(*shape, window=window is not None)
        sql, params, places, converters, instance, prepared = self.compiled[key]
        given = []
        for argument in padded:
            if isinstance(argument, list):
                given += argument
            else:
                given.append(adapted(argument))
        if window is not None:
            start, stop = window
            given += [max(stop - start, 0), start]
        values = list(params)
        for position, index in places:
            values[position] = given[index]
        with connection.cursor() as cursor:
            if prepared is None:
                cursor.execute(sql, values)
            else:
                prepare, execute, sources = prepared
                prepare_once(prepare)
                cursor.execute(execute, [parameter_value(values, source) for source in sources])
            rows = cursor.fetchall()
        if converters:
            rows = [self.converted(row, converters) for row in rows]
        return rows, instance

    def compile(self, *shape: int | str, window: bool = False):
        """The SQL and parameters of the query for arguments of this shape (the size of each list,
        `MOMENT` or `TEXT`) and with a window's `LIMIT` and `OFFSET` last when asked, where in the
        parameters each given value goes (position, index in the arguments' values joined), each
        column's converters, how a row becomes an instance, and the statements that prepare and run
        it."""
        stand_ins, singles, start = [], {}, 0
        for size in shape:
            if size in (MOMENT, TEXT):
                if size == MOMENT:
                    stand_in = STAND_IN_MOMENT + datetime.timedelta(minutes=start)
                else:
                    stand_in = f"\x00{start}\x00"
                singles[adapted(stand_in)] = start
                stand_ins.append(stand_in)
                start += 1
            else:
                stand_ins.append([-(start + index + 1) for index in range(size)])
                start += size
        queryset = self.build(*stand_ins)
        query = queryset.query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        places = [(position, stand_in_index(value, singles)) for position, value in enumerate(params)]
        places = [(position, index) for position, index in places if index is not None]
        if {index for _, index in places} != set(range(start)):
            raise ValueError("a compiled read must use every id, moment and text it is given")
        if window:
            # Stand-ins of the right type; `run` puts the window's size and start in their places.
            sql += " LIMIT %s OFFSET %s"
            places += [(len(params), start), (len(params) + 1, start + 1)]
            params = [*params, 1, 0]
        columns = [column for column, *_ in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(columns)
        instance = instance_maker(compiler) if queryset._iterable_class is ModelIterable else None
        prepared = prepared_form(sql, params, [position for position, _ in places])
        return sql, params, places, converters, instance, prepared

    @staticmethod
    def converted(row: tuple, converters: dict) -> tuple:
        """The row with its values converted by the database's and the fields' converters."""
        values = list(row)
        for index, (functions, expression) in converters.items():
            for function in functions:
                values[index] = function(values[index], expression, connection)
        return tuple(values)


def instance_maker(compiler: SQLCompiler) -> Callable[[tuple], Model]:
    """How a row of a compiled query of a model's instances becomes its instance, with the related
    instances it selects, as Django's `ModelIterable` makes them."""
    klass_info, select, alias = compiler.klass_info, compiler.select, connection.alias
    model, fields = klass_info["model"], klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column.target.attname for column, _sql, _alias in select[start:end]]
    populators = get_related_populators(klass_info, select, alias)

    def instance(row: tuple) -> Model:
        made = model.from_db(alias, names, row[start:end])
        for populator in populators:
            populator.populate(row, made)
        return made

    return instance


# Stands in for an empty list of ids, as each list a read is given must hold one: ids start at 1.
NO_IDS = [0]
# Fills a union part's moment column where the part has none.
NO_MOMENT = Value(None, output_field=DateTimeField())


def union_of(parts: list[QuerySet]) -> QuerySet:
    """All the rows of these querysets' values, in one read: how a compiled read of several tables
    spares their round trips."""
    return parts[0].union(*parts[1:], all=True)


def padded(values, size: int, pad) -> list:
    """`values`, then `pad` up to `size` of them: every part of a union gives the same columns."""
    return [*values, *[pad] * (size - len(values))]


MOMENT, TEXT = "moment", "text"
STAND_IN_MOMENT = datetime.datetime(2, 1, 1, tzinfo=datetime.UTC)


def kind_of(value: datetime.datetime | str) -> str:
    """`TEXT` for a text, `MOMENT` for a moment."""
    return TEXT if isinstance(value, str) else MOMENT


def adapted(value: datetime.datetime | str):
    """A moment or text as the query's parameters hold it: a moment as a `DateTimeField` stores it."""
    return value if isinstance(value, str) else connection.ops.adapt_datetimefield_value(value)


def padded_ids(ids: list[int]) -> list[int]:
    """The ids, padded with the last of them up to the next power of two."""
    return ids + ids[-1:] * ((1 << (len(ids) - 1).bit_length()) - len(ids))


def stand_in_index(value, singles: dict) -> int | None:
    """Which given value a parameter stands in for (its index in the arguments' values), or None;
    `singles` maps the stand-ins of moments and texts to their index."""
    if type(value) is int:
        return -value - 1 if value < 0 else None
    if isinstance(value, datetime.datetime | str):
        return singles.get(value)
    return None


# The types PostgreSQL is told a prepared read's parameters have (ids and a window's bounds, texts,
# moments), by their Python type.
PARAMETER_TYPES = {int: "bigint", str: "text", datetime.datetime: "timestamptz"}


def parameter_type(value: int | str | datetime.datetime) -> str:
    """The type PostgreSQL is told a parameter has: its Python type's, or its nearest base type's (a
    text may be a model's choice, a `str` subclass)."""
    return next(PARAMETER_TYPES[kind] for kind in type(value).__mro__ if kind in PARAMETER_TYPES)


# Numbers the prepared reads of a process (`next` on a count is safe across threads; on a generator
# it is not).
PREPARED_NUMBERS = itertools.count(1)


# A list of ids tested with `IN`, as Django writes it: "IN (%s, %s, ...)", and how many ids make it
# an array parameter (lists are padded to a power of two).
IN_LIST = r"IN \((?:%s, )*%s\)"
ARRAY_FROM = 64


def prepared_form(sql: str, params: list, given: list[int]) -> tuple[str, str, list] | None:
    """The `PREPARE` and `EXECUTE` statements of a read on PostgreSQL and where each value the
    `EXECUTE` takes comes from (a position in the parameters, or a tuple of positions for an array
    of ids), or None where the read is run as it is: another database, or `PREPARED_READS` off.

    Only the given values (ids, moments, texts, a window) are parameters, and a long list of ids
    (`ARRAY_FROM` or more) is one parameter, an array (`= ANY($1)` where Django writes
    `IN ($1, $2, ...)`): PostgreSQL parsed a schedule's 256 ids as 256 parameters in 1.1 ms where it
    takes their array in 0.4 (and psycopg2 adapted each). A short list stays a parameter an id, as
    the plan PostgreSQL makes once for all runs of `IN ($1)` knows it finds a row or a few, where
    for `= ANY($1)` it plans each run afresh: the client page's reads took 0.7 ms longer so. The
    query's own constants are written into the statement as the
    database adapter writes them into any query, so the planner knows them in a plan made once for
    all runs, and can match them with an index on an expression holding them (the review queue's
    order: a level's rank)."""
    if connection.vendor != "postgresql" or not settings.PREPARED_READS:
        return None
    places, positions, sources, types = set(given), itertools.count(), [], []

    def parameter(source, kind: str) -> str:
        """The next parameter's number, noting where its value comes from and its type."""
        sources.append(source)
        types.append(kind)
        return f"${len(sources)}"

    def written(match: re.Match) -> str:
        """A placeholder as the statement has it: a parameter's number, an array parameter for a
        list of ids, or a constant written out."""
        if match.group() == "%%":
            return "%"
        if match.group() != "%s":
            group = tuple(next(positions) for _ in range(match.group().count("%s")))
            ids = all(position in places and type(params[position]) is int for position in group)
            if ids and len(group) >= ARRAY_FROM:
                return "= ANY(" + parameter(group, "bigint[]") + ")"
            return "IN (" + ", ".join(placeholder(position) for position in group) + ")"
        return placeholder(next(positions))

    def placeholder(position: int) -> str:
        """One value's placeholder: a parameter, or the query's own constant written out."""
        if position in places:
            return parameter(position, parameter_type(params[position]))
        return connection.ops.compose_sql("%s", [params[position]])

    body = re.sub(IN_LIST + r"|%%|%s", written, sql)
    name = f"compiled_read_{next(PREPARED_NUMBERS)}"
    if not sources:
        return f"PREPARE {name} AS {body}", f"EXECUTE {name}", []
    execute = f"EXECUTE {name} ({', '.join(['%s'] * len(sources))})"
    return f"PREPARE {name} ({', '.join(types)}) AS {body}", execute, sources


def parameter_value(values: list, source: int | tuple[int, ...]):
    """The value of a prepared read's parameter: the value at a position, or the ids at a tuple of
    positions as an array's text ("{1,2,3}"), which PostgreSQL reads faster than psycopg2 writes a
    list."""
    if isinstance(source, tuple):
        return "{" + ",".join(str(int(values[position])) for position in source) + "}"
    return values[source]


def prepare_once(prepare: str) -> None:
    """Run a `PREPARE` on the current connection unless it ran there already. Like Django's own set-up
    of a connection, it is sent past the query log: a connection's first page would otherwise count
    it against the page's queries."""
    raw = connection.connection
    known = getattr(connection, "prepared_reads", None)
    if known is None or known[0] is not raw:
        known = connection.prepared_reads = (raw, set())
    if prepare not in known[1]:
        with raw.cursor() as cursor:
            cursor.execute(prepare)
        known[1].add(prepare)
