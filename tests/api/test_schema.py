"""The OpenAPI schema and the docs page: served from the app itself, under the site's CSP."""

import json
import re

import pytest
import yaml

from api.schema import intake_document_components
from intake.documents import SCHEMA_PATH

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_1_and_carries_the_intake_document(api):
    answer = api().get("/api/schema/")
    assert answer.status_code == 200
    schema = yaml.safe_load(answer.content)
    assert schema["openapi"] == "3.1.0"
    components = schema["components"]["schemas"]
    assert components["IntakeDocument"] == intake_document_components()["IntakeDocument"]
    contract = json.loads(SCHEMA_PATH.read_text())
    assert set(components["IntakeDocument"]["properties"]) == set(contract["properties"])
    assert "#/$defs/" not in answer.content.decode()
    intake_post = schema["paths"]["/api/v1/clients/{id}/intakes/"]["post"]
    assert intake_post["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/IntakeDocument"
    }


def test_every_operation_documents_its_error_answers(api):
    schema = yaml.safe_load(api().get("/api/schema/").content)
    booking = schema["paths"]["/api/v1/appointments/"]["post"]["responses"]
    assert set(booking) == {"201", "400", "401", "403", "409", "422"}
    detail = schema["paths"]["/api/v1/flags/{id}/"]["get"]["responses"]
    assert set(detail) == {"200", "401", "403", "404"}
    assert {"/fhir/Patient/{id}/$everything", "/cds-services", "/cds-services/{service_id}/feedback"} <= set(
        schema["paths"]
    )


def test_the_docs_page_loads_nothing_inline_and_nothing_from_elsewhere(client):
    page = client.get("/api/docs/").content.decode()
    assert "<style" not in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts and all("src=" in attributes for attributes in scripts)
    assert re.findall(r'(?:src|href)="(https?:)?//', page) == []
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
