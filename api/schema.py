"""The OpenAPI schema: every operation documents its error answers; the intake document is a component
built from its own JSON Schema, so the API and the document contract cannot drift apart."""

import json

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import AllowAny

from intake.documents import SCHEMA_PATH

__all__ = ["INTAKE_DOCUMENT", "AutoSchema", "add_components", "intake_document_components"]

INTAKE_DOCUMENT = {"$ref": "#/components/schemas/IntakeDocument"}
ERROR = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` says why a request was refused; a request with invalid input gets each "
    "invalid field (its path in the body, e.g. `conditions[0].code`) with its messages instead.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
ERROR_ANSWERS = {
    "400": "Invalid input: the body names each invalid field.",
    "401": "No valid credentials: send `Authorization: Token <key>` (or `Bearer <key>`).",
    "403": "Your role may not do this (or a session request lacks its CSRF token).",
    "404": "No such record (or page).",
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema of a view, with the error answers the view can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        content = {media_type: {"schema": ERROR} for media_type in self.map_renderers("media_type")}
        for code in self.error_codes():
            responses.setdefault(code, {"description": ERROR_ANSWERS[code], "content": content})
        return responses

    def error_codes(self) -> list[str]:
        """The error answers of this operation: bad input, no or too few rights, no such record."""
        codes = []
        if self.method in ("POST", "PUT", "PATCH") or self._is_list_view():
            codes.append("400")
        if not any(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            codes += ["401", "403"]
        if "{" in self.path or self._is_list_view():
            codes.append("404")
        return codes


class IntakeDocumentFieldExtension(OpenApiSerializerFieldExtension):
    """An intake document in a request or response: the IntakeDocument component."""

    target_class = "api.serializers.IntakeDocumentField"

    def map_serializer_field(self, auto_schema, direction):
        """The reference to the component."""
        return INTAKE_DOCUMENT


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The API token sent as a bearer token."""

    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        """HTTP bearer authentication."""
        return {"type": "http", "scheme": "bearer", "description": "The API token, as `Bearer <key>`."}


def intake_document_components() -> dict:
    """The intake document's JSON Schema as OpenAPI components: the document and each of its $defs."""
    schema = json.loads(SCHEMA_PATH.read_text())
    definitions = schema.pop("$defs", {})
    schema.pop("$schema", None)
    schema.pop("$id", None)
    names = {name: "IntakeDocument" + name.title().replace("_", "") for name in definitions}

    def rewrite(node):
        if isinstance(node, dict):
            reference = node.get("$ref", "")
            if reference.startswith("#/$defs/"):
                return {**node, "$ref": f"#/components/schemas/{names[reference.removeprefix('#/$defs/')]}"}
            return {key: rewrite(value) for key, value in node.items()}
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    return {"IntakeDocument": rewrite(schema)} | {names[name]: rewrite(d) for name, d in definitions.items()}


def add_components(result, generator, request, public):
    """Postprocessing hook: add the intake document and the error answer to the components, and put
    back the `$` of FHIR operation names, which path simplification drops from routes."""
    result["paths"] = {
        path.replace("/Patient/{id}/everything", "/Patient/{id}/$everything"): operations
        for path, operations in result["paths"].items()
    }
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(intake_document_components())
    schemas["Error"] = ERROR_SCHEMA
    return result
