"""A form field as crispy-bootstrap5's `field.html` draws it, drawn in Python.

crispy-forms draws each field with a template of some twenty conditions and three included
templates: on the booking page that was about 430 template variable lookups for nine fields and
three fifths of the page's profile. `FieldsHelper` (intake/forms/helpers.py) has crispy draw its
forms' fields with `includes/field.html`, which calls `drawn_field`: the same markup for a labelled
input, drop-down, text area or tick box, and crispy's own template for anything else (file inputs,
radio buttons, lists of tick boxes, forms without labels or laid out horizontally). A list of tick
boxes in a row (`InlineTickBoxes`) is drawn by `drawn_inline_tick_boxes`.
tests/templatetags/test_form_fields.py compares both with crispy's templates on the staff forms.
"""

from functools import cache

from crispy_forms.templatetags.crispy_forms_filters import optgroups
from django import forms, template
from django.utils.safestring import SafeString

from intake.forms.renderer import attributes
from intake.markup import escaped, format_html, format_html_join

register = template.Library()

CRISPY_FIELD = "bootstrap5/field.html"
CRISPY_INLINE_TICK_BOXES = "bootstrap5/layout/checkboxselectmultiple_inline.html"
# Context values crispy's templates draw differently for (set by a layout object or the helper).
CRISPY_ONLY = (
    "tag", "field_class", "label_class", "wrapper_class", "labelclass", "help_text_inline", "flat_attrs"
)
HANDED_ON = (forms.FileInput, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.MultiWidget)
FIELD = '<div id="div_{}" class="{}">\n{}\n{}\n{}</div>'
TICK_BOX = '<div class="mb-3">\n<div id="div_{}" class="{}">\n{}\n{}\n{}</div>\n</div>'
ASTERISK = '<span class="asteriskField">*</span>'
REQUIRED_LABEL = '<label{} class="{} requiredField">{}' + ASTERISK + "</label>"
ERRORS = '<div id="{}_error" class="invalid-feedback">\n{}\n</div>\n'
ERROR = '<span id="error_{}_{}"><strong>{}</strong></span>'
TICK_BOXES = (
    '<div id="div_{}" class="{}">\n<fieldset{}>\n<legend for="{}" class=" fs-6 form-label{}">{}</legend>\n'
    "<div>{}\n</div>\n{}{}</fieldset>\n</div>"
)
INLINE_TICK_BOX = (
    '\n<div class="form-check form-check-inline">\n'
    '<input type="{}" class="form-check-input{}" name="{}" value="{}"{}>\n'
    '<label for="{}" class="form-check-label">{}</label>\n</div>'
)
TICK_BOX_ERROR = '<p id="error_{}_{}"><strong>{}</strong></p>'


@register.simple_tag(takes_context=True)
def drawn_field(context) -> SafeString:
    """The context's `field` drawn as crispy-bootstrap5 draws it, by crispy itself where unusual."""
    field = context["field"]
    if field.is_hidden:
        return SafeString(str(field))
    if unusual(context) or not context.get("form_show_labels") or not drawn_here(field):
        return drawn_by_crispy(context, CRISPY_FIELD)
    errors = field.errors if context.get("form_show_errors") else ()
    widget = field.field.widget
    tick_box = isinstance(widget, forms.CheckboxInput)
    classes = widget_class(type(widget), widget.attrs.get("class", ""), bool(errors))
    drawn = field.as_widget(attrs={"class": classes})
    notes = field_errors(field, errors, ERROR) + help_text(field)
    wrapper = " ".join(filter(None, ["form-check" if tick_box else "mb-3", field.css_classes()]))
    if tick_box:
        return format_html(TICK_BOX, field.auto_id, wrapper, drawn, label(field, "form-check-label"), notes)
    caption = label(field, "form-label") if field.label else ""
    return format_html(FIELD, field.auto_id, wrapper, caption, drawn, notes)


@register.simple_tag(takes_context=True)
def drawn_inline_tick_boxes(context) -> SafeString:
    """The context's `field`, a list of tick boxes, drawn in a row as crispy-bootstrap5's
    `InlineCheckboxes` draws it (its templates run a dozen lookups for each box, and the intake form
    has some two hundred boxes); by crispy itself where unusual."""
    field = context["field"]
    groups = optgroups(field)
    if field.is_hidden or not field.label or unusual(context) or any(group for group, *_ in groups):
        return drawn_by_crispy(context, CRISPY_INLINE_TICK_BOXES)
    invalid = " is-invalid" if field.errors else ""
    rows = (tick_box(field.html_name, box, invalid) for _, options, _ in groups for box in options)
    boxes = format_html_join("", INLINE_TICK_BOX, rows)
    described_by = field.aria_describedby
    described = format_html(' aria-describedby="{}"', described_by) if described_by else ""
    wrapper = " ".join(filter(None, ["mb-3", field.css_classes()]))
    required = " requiredField" if field.field.required else ""
    caption = format_html("{}{}", field.label, SafeString(ASTERISK if required else ""))
    errors = field_errors(field, field.errors, TICK_BOX_ERROR)
    return format_html(
        TICK_BOXES, field.auto_id, wrapper, described, field.id_for_label, required, caption, boxes, errors,
        help_text(field),
    )


def drawn_by_crispy(context, template_name: str) -> SafeString:
    """The field drawn by crispy-bootstrap5's own template."""
    return context.template.engine.get_template(template_name).render(context)


def unusual(context) -> bool:
    """Whether the helper or the layout object asks for something only crispy's templates draw."""
    horizontal = "form-horizontal" in (context.get("form_class") or "")
    return horizontal or any(context.get(name) for name in CRISPY_ONLY)


def drawn_here(field) -> bool:
    """Whether `drawn_field` draws `field` (file inputs, radio buttons and lists of tick boxes are
    crispy's)."""
    return not (
        field.use_fieldset or field.field.show_hidden_initial or isinstance(field.field.widget, HANDED_ON)
    )


def tick_box(name: str, box: dict, invalid: str) -> tuple:
    """One box's values for `INLINE_TICK_BOX`, from the option Django's widget makes."""
    attrs = box["attrs"]
    return (box["type"], invalid, name, box["value"], attributes(attrs), attrs["id"], box["label"])


@cache
def widget_class(widget_type: type, given: str, invalid: bool) -> str:
    """The widget's class attribute as crispy's `crispy_field` tag writes it: the class `given` it,
    its class name in lower case unless the given class holds it, and Bootstrap's class for its
    kind of control, marked invalid when the field has errors."""
    name = widget_type.__name__.lower()
    classes = f"{given} {name}" if given and name not in given else given or name
    wanted = [control_class(widget_type), "is-invalid"] if invalid else [control_class(widget_type)]
    return " ".join([classes, *(word for word in wanted if word not in classes.split())])


def control_class(widget_type: type) -> str:
    """Bootstrap's class for a kind of control."""
    if issubclass(widget_type, forms.CheckboxInput):
        return "form-check-input"
    return "form-select" if issubclass(widget_type, forms.Select) else "form-control"


def label(field, css: str) -> SafeString:
    """The field's label, marked with crispy's asterisk when the field is required."""
    target = format_html(' for="{}"', field.id_for_label) if field.id_for_label else ""
    if field.field.required:
        return format_html(REQUIRED_LABEL, target, css, field.label)
    return format_html('<label{} class="{}">{}</label>', target, css, field.label)


def field_errors(field, errors, line: str) -> SafeString:
    """The field's errors, each numbered in a `line` (crispy's markup for the kind of field)."""
    if not errors:
        return SafeString("")
    auto_id = escaped(field.auto_id)
    lines = "\n".join(line.format(number, auto_id, escaped(error)) for number, error in enumerate(errors, 1))
    return format_html(ERRORS, errors.field_id, SafeString(lines))


def help_text(field) -> SafeString:
    """The field's help text (markup, as crispy takes it), named by the field's id."""
    if not field.help_text:
        return SafeString("")
    named = format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else ""
    return format_html('<div {}class="form-text">{}</div>', named, SafeString(field.help_text))
