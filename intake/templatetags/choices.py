"""The `label` filter: a choice field's label, as `get_FOO_display` gives it, at a fraction of the cost.

`get_FOO_display` translates every choice of the field on each call (it hashes the lazy labels), so a
list of 180 appointments showing status and level translated some 2,500 labels. `label` translates a
field's choices once per process and language.
"""

from functools import cache

from django import template
from django.db import models
from django.utils.translation import get_language

register = template.Library()


@cache
def choice_labels(model: type[models.Model], field_name: str, language: str | None) -> dict:
    """A choice field's labels by value, in `language` (the active one when first asked)."""
    field = model._meta.get_field(field_name)
    return {value: str(text) for value, text in field.flatchoices}


@register.filter
def label(instance: models.Model, field_name: str):
    """The label of `instance`'s choice in `field_name`; the value itself when it is not a choice."""
    value = getattr(instance, field_name)
    return choice_labels(type(instance), field_name, get_language()).get(value, value)
