"""`{% asset %}` gives the URL `{% static %}` gives, and follows a change of where static files are served."""

from django.template import Context, Template
from django.test import override_settings


def rendered(source: str) -> str:
    return Template(source).render(Context())


def test_asset_is_static():
    for path in ("css/clinic.css", "vendor/bootstrap/js/bootstrap.bundle.min.js", "favicon.svg"):
        assert rendered(f"{{% load assets %}}{{% asset '{path}' %}}") == rendered(
            f"{{% load static %}}{{% static '{path}' %}}"
        )


def test_asset_follows_the_static_url():
    assert rendered("{% load assets %}{% asset 'css/clinic.css' %}").startswith("/static/")
    with override_settings(STATIC_URL="https://assets.example.org/clinic/"):
        assert rendered("{% load assets %}{% asset 'css/clinic.css' %}").startswith(
            "https://assets.example.org/clinic/css/clinic"
        )
    assert rendered("{% load assets %}{% asset 'css/clinic.css' %}").startswith("/static/")
