"""Path converters of the project's URLs."""

from django.urls.converters import IntConverter

# The largest id the database holds (a signed 64-bit integer): a larger one cannot even be looked up.
MAX_ID = 2**63 - 1


class IdConverter(IntConverter):
    """A row's id or a version number: digits, at most `MAX_ID`, so that a larger number in a URL is a
    plain 404 instead of a query the database cannot run."""

    def to_python(self, value):
        number = super().to_python(value)
        if number > MAX_ID:
            raise ValueError(f"{value} is larger than any id")
        return number
