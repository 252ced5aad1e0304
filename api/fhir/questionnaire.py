"""The intake as FHIR: a Questionnaire derived from the intake document's JSON Schema, and each intake
version as a QuestionnaireResponse to it, so the two can never disagree on a question."""

import json
from functools import cache

from intake.documents import SCHEMA_PATH

from .systems import QUESTIONNAIRE_URL

__all__ = ["questionnaire", "questionnaire_response_items"]

FREE_TEXT_LENGTH = 2000  # a string this long is free text ("text"), shorter ones are "string"


def resolved(node: dict, definitions: dict) -> dict:
    """A schema node with its $ref followed, and "null or X" taken as X (an unanswered X)."""
    if "$ref" in node:
        node = definitions[node["$ref"].removeprefix("#/$defs/")]
    alternatives = [option for option in node.get("anyOf", []) if option.get("type") != "null"]
    return resolved(alternatives[0], definitions) if alternatives else node


def answer_type(node: dict) -> str:
    """The Questionnaire item type of a scalar schema node."""
    types = node.get("type", "string")
    types = [types] if isinstance(types, str) else types
    if "enum" in node:
        return "choice"
    if "boolean" in types:
        return "boolean"
    if "integer" in types:
        return "integer"
    if node.get("format") == "date":
        return "date"
    return "text" if node.get("maxLength", 0) >= FREE_TEXT_LENGTH else "string"


def question(key: str, node: dict, path: str, required: bool, definitions: dict) -> dict:
    """The Questionnaire item asking for one property of the document (a group for an object)."""
    item = {"linkId": f"{path}.{key}" if path else key, "text": key.replace("_", " ").capitalize()}
    if node.get("type") == "array":
        item["repeats"] = True
        node = resolved(node["items"], definitions)
    if node.get("type") == "object":
        item["type"] = "group"
        item["item"] = questions(node, item["linkId"], definitions)
    else:
        item["type"] = answer_type(node)
        if item["type"] == "choice":
            item["answerOption"] = [{"valueCoding": {"code": code}} for code in node["enum"] if code]
    if required:
        item["required"] = True
    return item


def questions(node: dict, path: str, definitions: dict) -> list[dict]:
    """The items asking for every property of an object node."""
    required = set(node.get("required", []))
    return [
        question(key, resolved(child, definitions), path, key in required, definitions)
        for key, child in node["properties"].items()
    ]


@cache
def questionnaire() -> dict:
    """The intake Questionnaire: one item per field of the intake document, as its JSON Schema has it."""
    schema = json.loads(SCHEMA_PATH.read_text())
    return {
        "resourceType": "Questionnaire",
        "id": "intake-document",
        "url": QUESTIONNAIRE_URL,
        "name": "IntakeDocument",
        "title": schema["title"],
        "status": "active",
        "subjectType": ["Patient"],
        "description": schema["description"],
        "item": questions(schema, "", schema["$defs"]),
    }


def answer(item_type: str, value) -> dict:
    """One answer in the value[x] the item type takes."""
    if item_type == "choice":
        return {"valueCoding": {"code": value}}
    key = {"boolean": "valueBoolean", "integer": "valueInteger", "date": "valueDate"}.get(
        item_type, "valueString"
    )
    return {key: value}


def questionnaire_response_items(document: dict, items: list[dict] | None = None) -> list[dict]:
    """The QuestionnaireResponse items answering the Questionnaire from an intake document.

    Fields the document leaves out or empty are unanswered; a "no" is an answer.
    """
    answered = []
    for item in questionnaire()["item"] if items is None else items:
        value = document.get(item["linkId"].rsplit(".", 1)[-1])
        if value is None or value in ("", [], {}):
            continue
        values = value if item.get("repeats") else [value]
        if item["type"] == "group":
            groups = [questionnaire_response_items(element, item["item"]) for element in values]
            answered += [{"linkId": item["linkId"], "item": group} for group in groups if group]
        else:
            answered.append({"linkId": item["linkId"], "answer": [answer(item["type"], v) for v in values]})
    return answered
