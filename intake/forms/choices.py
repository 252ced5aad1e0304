"""Choice fields over short lists (catalogues, practitioners), their rows read with one plain query."""

from collections import defaultdict
from collections.abc import Callable
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet, Value, Window
from django.db.models.functions import RowNumber
from django.forms.models import ModelChoiceIterator
from django.utils.safestring import mark_safe

from clinic.compiled import CompiledRead, padded, union_of

from ..models import Practitioner
from .renderer import select_markup

SELECTED = {"selected": True}


class QuickSelect(forms.Select):
    """A drop-down drawn in Python. Django builds a dictionary for each option (`optgroups`) and
    draws it with two templates (the option's and its attributes'): with the review queue's filters,
    34 options with 21 practitioners, the templates cost its page 0.8 ms and the dictionaries 1.3
    million instructions. The option selected is the one Django selects: the first whose value, as
    text, is the widget's; the markup is the renderer's (`renderer.select_markup`). A list with
    groups, or of several choices, is drawn by Django."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(iter(self.choices))  # `list` alone asks a model field's choices their length: a COUNT
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted, selected = self.format_value(value), None
        for index, (option, _label) in enumerate(choices):
            if str("" if option is None else option) in wanted:
                selected = index
                break
        options = [
            ("" if option is None else option, SELECTED if index == selected else {}, label)
            for index, (option, label) in enumerate(choices)
        ]
        return mark_safe(select_markup(name, self.build_attrs(self.attrs, attrs), [(None, options)]))


class ReadChoices(ModelChoiceIterator):
    """The field's choices from one query. Django's own iterator streams them through
    `QuerySet.iterator()`, which on PostgreSQL declares a server-side cursor, fetches from it and
    closes it: three round trips, for every drop-down of every form shown, where one does for a
    list of a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        options = getattr(self.field, "options", None)
        if options is None:
            for obj in self.queryset.all():
                yield self.choice(obj)
            return
        label = self.field.labels[1]
        lists = getattr(self.field, "lists", None)  # `ShortListsForm`
        rows = options.rows() if lists is None else lists.rows(self.field)
        for value, *values in rows:
            yield (value, label(*values))


class ShortListChoiceField(forms.ModelChoiceField):
    """A drop-down of a short list of rows. Given `labels=(columns, function)`, the options are read as
    those columns and labelled by the function rather than read as model instances and labelled by
    `str` (the review queue's 21 practitioners, each built with its user, took about 0.2 ms more
    that way), by a read of the queryset given compiled once per process (building and compiling it
    took longer than the database took to run it); a chosen row is cleaned to its instance by another
    such read. A queryset set later is read by the ORM, as Django's field reads it."""

    iterator = ReadChoices
    widget = QuickSelect

    def __init__(self, *args, labels: tuple[tuple[str, ...], Callable[..., str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = labels
        if labels is not None:
            self.options = CompiledRead(partial(option_rows, self.queryset, self.to_field_name, labels[0]))
            if self.to_field_name is None and isinstance(self.queryset.model._meta.pk, models.IntegerField):
                self.chosen = CompiledRead(partial(chosen_rows, self.queryset))

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.options = self.chosen = None

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo):
        """A copy for a form, reading its options and its chosen row as the field it is copied from."""
        result = super().__deepcopy__(memo)
        result.options, result.chosen = self.options, self.chosen
        return result

    def to_python(self, value):
        """The chosen row's instance, read by a compiled read where the field has one."""
        if self.chosen is None or value in self.empty_values:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        if isinstance(value, self.queryset.model):
            value = value.pk
        key_field = self.queryset.model._meta.pk
        try:
            key = key_field.to_python(value)
            key_field.run_validators(key)  # within the column's range: a larger number cannot be looked up
            (row,) = self.chosen.instances([key])
        except (ValidationError, ValueError, TypeError):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None
        return row


class ShortListsForm(forms.Form):
    """A form whose short lists are read together, in one query, the first time one of them is
    drawn: a read each was a round trip each (the booking form has five). The lists read together
    are those `read_together` names; which they are, and their query, are settled once per process
    for each form class."""

    option_reads: dict[type, tuple[list[str], CompiledRead | None]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = type(self)
        if kind not in self.option_reads:
            names = [name for name, field in self.base_fields.items() if read_together(field)]
            fields = [self.base_fields[name] for name in names]
            read = CompiledRead(partial(options_together, fields)) if len(fields) > 1 else None
            self.option_reads[kind] = (names if read else [], read)
        names, read = self.option_reads[kind]
        lists = ShortLists(read)
        for number, name in enumerate(names):
            self.fields[name].lists, self.fields[name].list_number = lists, number


class ShortLists:
    """The options of a form's short lists, read once for the form (`options_together`)."""

    def __init__(self, read: CompiledRead):
        self.read, self.by_list = read, None

    def rows(self, field: ShortListChoiceField) -> list[tuple]:
        """The field's options (its key, then its `labels` columns), as its own read gives them."""
        if self.by_list is None:
            self.by_list = defaultdict(list)
            for number, _position, *row in self.read.rows():
                self.by_list[number].append(row)
        width = 1 + len(field.labels[0])
        return [tuple(row[:width]) for row in self.by_list[field.list_number]]


def read_together(field: forms.Field) -> bool:
    """Whether the field is a short list that can be read with others (`ShortListsForm`): one given
    `labels` and keyed by an integer primary key, which is what gives it a compiled read of its
    chosen row."""
    return isinstance(field, ShortListChoiceField) and field.chosen is not None


def options_together(fields: list[ShortListChoiceField]) -> QuerySet:
    """(list number, position, key and three label columns, blank where fewer) of every option of
    these lists, in one union, each list in its queryset's order."""
    parts = []
    for number, field in enumerate(fields):
        queryset, columns = field.queryset, field.labels[0]
        order = [*(queryset.query.order_by or queryset.model._meta.ordering), "pk"]
        parts.append(
            queryset.order_by()
            .annotate(list_number=Value(number), position=Window(RowNumber(), order_by=order))
            .values_list("list_number", "position", "pk", *padded(columns, 3, Value("")))
        )
    return union_of(parts).order_by("list_number", "position")


def chosen_rows(queryset: QuerySet, keys: list[int]) -> QuerySet:
    """The row of `queryset` whose key is among `keys`."""
    return queryset.filter(pk__in=keys)


def option_rows(queryset: QuerySet, key: str | None, columns: tuple[str, ...]) -> QuerySet:
    """The rows' keys and `columns`."""
    return queryset.values_list(key or "pk", *columns)


# `labels` of the lists whose options are named by a column, and of practitioners.
BY_NAME = (("name",), str)
PRACTITIONER_NAMES = (Practitioner.NAME_COLUMNS, Practitioner.name_from)


class ShortListMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Tick boxes (or a list) of a short list of rows."""

    iterator = ReadChoices
