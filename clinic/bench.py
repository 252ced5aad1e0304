"""Pieces only the benchmark's settings (clinic.settings.bench, bench/run.py) switch on: the
framework floor, and headers saying how many queries a request ran and which server answered."""

import os

from django.db import connection
from django.http import HttpResponse


def floor(request):
    """The framework floor: every middleware of the stack runs, the view itself does nothing."""
    return HttpResponse(b"ok", content_type="text/plain")


class BenchHeadersMiddleware:
    """Put the number of queries a request ran, middleware included, in an X-Queries header, and the
    id of the server process that answered in X-Served-By."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            """Run a query, counting it."""
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response["X-Queries"] = str(count)
        response["X-Served-By"] = str(os.getpid())
        return response
