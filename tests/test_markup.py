"""`intake.markup` escapes exactly as Django's `format_html` and `format_html_join` do, and writes dates
as the `date` filter does."""

import datetime

import pytest
from django.template import defaultfilters
from django.utils import html as django_html
from django.utils import translation
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from intake import markup

VALUES = [
    "<script>alert('x')</script> & \"quoted\"",
    mark_safe("<b>already safe</b>"),
    gettext_lazy("Timeline"),
    lazy(lambda: mark_safe("<i>lazy and safe</i>"), SafeString)(),
    lazy(lambda: "<i>lazy</i>", str)(),
    42,
    None,
    datetime.date(2026, 11, 30),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_format_html_escapes_as_djangos_does(value):
    ours = markup.format_html('<a title="{}">{}</a>{name}', value, value, name=value)
    theirs = django_html.format_html('<a title="{}">{}</a>{name}', value, value, name=value)
    assert ours == theirs and isinstance(ours, SafeString)


def test_format_html_join_escapes_as_djangos_does():
    rows = [(value, index) for index, value in enumerate(VALUES)]
    ours = markup.format_html_join("\n", "<li>{} {}</li>", rows)
    assert ours == django_html.format_html_join("\n", "<li>{} {}</li>", rows)
    assert "&lt;script&gt;" in ours and "<b>already safe</b>" in ours



@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(1985, 7, 2, 9, 5),
        datetime.datetime(2026, 12, 31, 23, 59),
        datetime.datetime(999, 1, 9, 0, 0),
    ],
    ids=str,
)
@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_date_writer_writes_as_the_date_filter_does(moment, language):
    with translation.override(language):
        dates = markup.date_writer()
        assert dates.day(moment.date()) == defaultfilters.date(moment.date(), "j M Y")
        assert dates.weekday_time(moment) == defaultfilters.date(moment, "D j M Y, H:i")
        assert dates.day_time(moment) == defaultfilters.date(moment, "j M Y H:i")
