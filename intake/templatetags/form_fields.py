"""A form field as crispy-bootstrap5's `field.html` draws it, drawn in Python.

crispy-forms draws each field with a template of some twenty conditions and three included
templates: on the booking page that was about 430 template variable lookups for nine fields and
three fifths of the page's instructions (bench/instructions.py). `FieldsHelper`
(intake/forms/helpers.py) has crispy draw its forms' fields with `includes/field.html`, which calls
`drawn_field`: the same markup for a labelled input, drop-down, text area or tick box, and crispy's
own template for anything else (file inputs, radio buttons and tick-box lists, forms without labels
or laid out horizontally). tests/views/test_form_fields.py compares the two on the staff forms.
"""

from functools import cache

from django import forms, template
from django.utils.safestring import SafeString

from intake.markup import escaped, format_html

register = template.Library()

CRISPY_FIELD = "bootstrap5/field.html"
# Context values crispy's template draws differently for (set by a layout object or the helper).
CRISPY_ONLY = ("tag", "field_class", "label_class", "wrapper_class", "labelclass", "help_text_inline")
HANDED_ON = (forms.FileInput, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.MultiWidget)
FIELD = '<div id="div_{}" class="{}">\n{}\n{}\n{}</div>'
TICK_BOX = '<div class="mb-3">\n<div id="div_{}" class="{}">\n{}\n{}\n{}</div>\n</div>'
REQUIRED_LABEL = '<label{} class="{} requiredField">{}<span class="asteriskField">*</span></label>'
ERRORS = '<div id="{}_error" class="invalid-feedback">\n{}\n</div>\n'
ERROR = '<span id="error_{}_{}"><strong>{}</strong></span>'


@register.simple_tag(takes_context=True)
def drawn_field(context) -> SafeString:
    """The context's `field` drawn as crispy-bootstrap5 draws it, by crispy itself where unusual."""
    field = context["field"]
    if field.is_hidden:
        return SafeString(str(field))
    if not drawn_here(field, context):
        return context.template.engine.get_template(CRISPY_FIELD).render(context)
    errors = field.errors if context.get("form_show_errors") else ()
    widget = field.field.widget
    tick_box = isinstance(widget, forms.CheckboxInput)
    classes = widget_class(type(widget), widget.attrs.get("class", ""), bool(errors))
    drawn = field.as_widget(attrs={"class": classes})
    notes = field_errors(field, errors) + help_text(field)
    wrapper = " ".join(filter(None, ["form-check" if tick_box else "mb-3", field.css_classes()]))
    if tick_box:
        return format_html(TICK_BOX, field.auto_id, wrapper, drawn, label(field, "form-check-label"), notes)
    caption = label(field, "form-label") if field.label else ""
    return format_html(FIELD, field.auto_id, wrapper, caption, drawn, notes)


def drawn_here(field, context) -> bool:
    """Whether crispy's template would draw `field` as `drawn_field` does."""
    return bool(
        context.get("form_show_labels")
        and not any(context.get(name) for name in CRISPY_ONLY)
        and "form-horizontal" not in (context.get("form_class") or "")
        and not field.use_fieldset
        and not field.field.show_hidden_initial
        and not isinstance(field.field.widget, HANDED_ON)
    )


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


def field_errors(field, errors) -> SafeString:
    """The field's errors, each in a numbered `<span>`, as crispy writes them inline."""
    if not errors:
        return SafeString("")
    auto_id = escaped(field.auto_id)
    spans = "\n".join(ERROR.format(number, auto_id, escaped(error)) for number, error in enumerate(errors, 1))
    return format_html(ERRORS, errors.field_id, SafeString(spans))


def help_text(field) -> SafeString:
    """The field's help text (markup, as crispy takes it), named by the field's id."""
    if not field.help_text:
        return SafeString("")
    named = format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else ""
    return format_html('<div {}class="form-text">{}</div>', named, SafeString(field.help_text))
