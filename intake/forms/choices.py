"""Choice fields over short lists (catalogues, practitioners), their rows read with one plain query."""

from django import forms
from django.forms.models import ModelChoiceIterator


class ReadChoices(ModelChoiceIterator):
    """The field's choices from one query. Django's own iterator streams them through
    `QuerySet.iterator()`, which on PostgreSQL declares a server-side cursor, fetches from it and
    closes it: three round trips, for every drop-down of every form shown, where one does for a
    list of a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ShortListChoiceField(forms.ModelChoiceField):
    """A drop-down of a short list of rows."""

    iterator = ReadChoices


class ShortListMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Tick boxes (or a list) of a short list of rows."""

    iterator = ReadChoices
