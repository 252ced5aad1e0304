"""The registry of rule kinds: the code behind the rules, each with a stable name and a parameter schema.

A kind is a pure function `check(params, context, site) -> tuple[Evidence, ...]`: it reads the
client's snapshot and the booking in `context` and returns the evidence for every entry that
matches (an empty tuple when the rule does not apply). `site` is the booked site for rules scoped
to the treatment's site, None for rules that look at every site. Levels, messages and numbers are
not the kind's business: they are the rule's data (see `intake.models.Rule`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

__all__ = [
    "InvalidParams",
    "Kind",
    "UnknownKind",
    "catalogue_codes",
    "days",
    "get",
    "kinds",
    "one_or_more_of",
    "params_schema",
    "register",
]

# The catalogue a parameter's codes must come from, e.g. {"catalogue": "conditions"}: JSON Schema
# ignores keywords it does not know, and the rule form checks these codes against the database.
CATALOGUE_KEYWORD = "catalogue"


class InvalidParams(ValueError):
    """Parameters that break their kind's schema; `field` names the parameter, e.g. "within_days"."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


@dataclass(frozen=True, eq=False)
class Kind:
    """A registered rule kind: its name, its check function and the JSON Schema of its parameters."""

    name: str
    check: Callable
    schema: dict
    reads_cap: bool = False
    description: str = field(default="")

    @cached_property
    def validator(self) -> Draft202012Validator:
        """The compiled validator of this kind's parameter schema."""
        return Draft202012Validator(self.schema)

    def validate(self, params) -> None:
        """Raise InvalidParams naming the first parameter that breaks the schema."""
        # Imported here: the document module needs the models, which need this package's levels.
        from ..documents import error_field

        error = best_match(self.validator.iter_errors(params))
        if error is not None:
            raise InvalidParams(error_field(error), error.message)

    def catalogue_params(self) -> dict[str, str]:
        """Parameter name → catalogue, for every parameter that holds catalogue codes."""
        return {
            name: spec[CATALOGUE_KEYWORD]
            for name, spec in self.schema.get("properties", {}).items()
            if CATALOGUE_KEYWORD in spec
        }


class UnknownKind(KeyError):
    """A rule names a kind no code registers; screening with it must fail, never pass silently."""


_kinds: dict[str, Kind] = {}


def register(name: str, *, schema: dict, reads_cap: bool = False):
    """Register the decorated function as the rule kind `name`, with its parameter schema.

    `reads_cap` kinds run after every other rule, with the strictest intensity cap in the context.
    """

    def decorator(check: Callable) -> Callable:
        if name in _kinds:
            raise ImproperlyConfigured(f"rule kind {name!r} is registered twice")
        description = (check.__doc__ or "").strip().split("\n")[0]
        _kinds[name] = Kind(name, check, schema, reads_cap=reads_cap, description=description)
        return check

    return decorator


def get(name: str) -> Kind:
    """The registered kind called `name` (UnknownKind when there is none)."""
    try:
        return _kinds[name]
    except KeyError:
        raise UnknownKind(name) from None


def kinds() -> list[Kind]:
    """Every registered kind, by name."""
    return sorted(_kinds.values(), key=lambda kind: kind.name)


def one_or_more(items: dict) -> dict:
    """Schema of a parameter holding a list of one or more different items."""
    return {"type": "array", "items": items, "minItems": 1, "uniqueItems": True}


def one_or_more_of(values: list[str]) -> dict:
    """Schema of a parameter holding one or more of the given values."""
    return one_or_more({"enum": values})


def catalogue_codes(catalogue: str) -> dict:
    """Schema of a parameter holding one or more codes of a catalogue (checked against the database)."""
    return {**one_or_more({"type": "string", "minLength": 1}), CATALOGUE_KEYWORD: catalogue}


def days(description: str) -> dict:
    """Schema of a number of days: a whole number from 0 to ten years."""
    return {"type": "integer", "minimum": 0, "maximum": 3660, "description": description}


def params_schema(properties: dict, *, required: tuple[str, ...] = ()) -> dict:
    """Schema of a kind's parameter object: only the listed parameters, the required ones present."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }
