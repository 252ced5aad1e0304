"""The registry of rule kinds: stable names, parameter schemas, and no silent unknowns."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from intake.rules import registry


def test_every_kind_has_a_name_a_description_and_an_object_schema():
    kinds = registry.kinds()

    assert [kind.name for kind in kinds] == sorted(kind.name for kind in kinds)
    for kind in kinds:
        assert kind.description, kind.name
        assert kind.schema["type"] == "object" and kind.schema["additionalProperties"] is False


def test_a_name_is_registered_once():
    with pytest.raises(ImproperlyConfigured, match="condition"):
        registry.register("condition", schema=registry.params_schema({}))(lambda params, ctx, site: ())


def test_an_unknown_kind_is_an_error():
    with pytest.raises(registry.UnknownKind):
        registry.get("horoscope")


def test_a_kind_names_the_parameters_that_hold_catalogue_codes():
    assert registry.get("condition").catalogue_params() == {"conditions": "conditions"}
    assert registry.get("answer").catalogue_params() == {"methods": "methods"}
    assert registry.get("always").catalogue_params() == {}


@pytest.mark.parametrize(
    ("kind", "params", "field"),
    [
        ("procedure", {"procedures": ["laser"], "within_days": -3}, "within_days"),
        ("procedure", {"procedures": [], "within_days": 3}, "procedures"),
        ("medication", {"medications": ["isotretinoin"], "within_days": "six months"}, "within_days"),
        ("condition", {"conditions": ["eczema"], "statuses": ["flaring"]}, "statuses[0]"),
        ("always", {"extra": 1}, ""),
        ("minor_without_consent", {}, "age"),
    ],
)
def test_parameters_that_break_the_schema_are_refused_naming_the_parameter(kind, params, field):
    with pytest.raises(registry.InvalidParams) as error:
        registry.get(kind).validate(params)

    assert error.value.field == field
