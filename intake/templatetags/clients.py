"""The client search's table rows, drawn here rather than in the template, as the schedule's are:
each row's link reversed once a page, its date written without the `date` filter's lookups."""

from django import template

from intake.links import pk_link
from intake.markup import date_writer, format_html_join

register = template.Library()

ROW = '<tr><td><a href="{}">{}, {}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>'


@register.simple_tag
def client_rows_html(rows) -> str:
    """The `<tr>`s of the clients found (`selectors.client_search_rows`): name linked to the record,
    date of birth, phone and e-mail, each escaped."""
    link, dates = pk_link("intake:client_detail"), date_writer()
    return format_html_join(
        "\n",
        ROW,
        (
            (link(row.pk), row.last_name, row.first_name, dates.day(row.date_of_birth), row.phone, row.email)
            for row in rows
        ),
    )
