"""The crispy-forms helper of the staff forms."""

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper


class FieldsHelper(FormHelper):
    """crispy-forms' helper, with the form's fields drawn in Python as crispy-bootstrap5 draws them
    (intake/templatetags/form_fields.py; the booking page and the intake form run about a quarter
    fewer instructions, docs/performance.md)."""

    field_template = "includes/field.html"


class InlineTickBoxes(InlineCheckboxes):
    """crispy-forms' `InlineCheckboxes`, drawn in Python as crispy-bootstrap5 draws it
    (intake/templatetags/form_fields.py)."""

    template = "includes/inline_tick_boxes.html"
