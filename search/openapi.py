"""The OpenAPI 3.1 description of the public search API, served at /api/search/openapi.json.

Parameters are listed from `SearchForm`, so the description cannot drift from what the API accepts.
"""

from django import forms

from search.backends.base import FACETS
from search.query import SearchForm

_TYPES = {forms.IntegerField: "integer", forms.DateField: "string", forms.MultipleChoiceField: "array"}


def _parameter(name: str, field: forms.Field) -> dict:
    schema: dict = {"type": next((t for cls, t in _TYPES.items() if isinstance(field, cls)), "string")}
    if isinstance(field, forms.DateField):
        schema["format"] = "date"
    if isinstance(field, forms.ChoiceField):
        choices = [str(value) for value, _label in field.choices]
        schema = (
            {"type": "array", "items": {"type": "string", "enum": choices}}
            if schema["type"] == "array"
            else {
                "type": "string",
                "enum": choices,
            }
        )
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": str(field.label or name)}


def _result_schema() -> dict:
    string = {"type": "string"}
    return {
        "type": "object",
        "properties": {
            "title": string,
            "url": string,
            "kind": string,
            "locale": string,
            "snippet": {"type": "string", "description": "HTML: matched words in <mark>, everything else escaped"},
            "directive_number": string,
            "directive_numbers": {"type": "array", "items": string},
            "themes": {"type": "array", "items": {"type": "object", "properties": {"slug": string, "label": string}}},
            "status": {"type": ["string", "null"], "description": "A directive's legal status (code)"},
            "date": {"type": ["string", "null"], "format": "date"},
        },
    }


def openapi_description() -> dict:
    fields = SearchForm.base_fields
    parameters = [_parameter(name, field) for name, field in fields.items()]
    parameters += [
        {"name": name, "in": "query", "required": False, "schema": {"type": "array", "items": {"type": "string"}}}
        for name in ("theme", "status")
    ]
    facet_value = {
        "type": "object",
        "properties": {"value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer"}},
    }
    response = {
        "type": "object",
        "properties": {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}},
            "facets": {
                "type": "object",
                "properties": {name: {"type": "array", "items": facet_value} for name in FACETS},
            },
            "exact": {"oneOf": [{"$ref": "#/components/schemas/Result"}, {"type": "null"}]},
            "suggestion": {
                "type": ["string", "null"],
                "description": "The query with likely typos corrected (did you mean), or null",
            },
            "corrected": {
                "type": "boolean",
                "description": "The words found nothing: results are for words one letter away (typo fallback)",
            },
            "errors": {"type": "array", "items": {"type": "string"}},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Directives search API",
            "version": "1",
            "description": "Published, public items in Vietnamese, English and Ukrainian, by words, theme and "
            "directive number. Invalid parameters are reported in `errors` and ignored.",
        },
        "paths": {
            "/api/search/": {
                "get": {
                    "summary": "Search",
                    "parameters": parameters,
                    "responses": {
                        "200": {"description": "Results", "content": {"application/json": {"schema": response}}},
                        "503": {"description": "The search engine is unavailable"},
                    },
                }
            },
            "/api/search/suggest/": {
                "get": {
                    "summary": "Titles completing what is typed",
                    "parameters": [
                        {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}},
                        {"name": "locale", "in": "query", "required": False, "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "Suggestions",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"suggestions": {"type": "array", "items": {"type": "string"}}},
                                    }
                                }
                            },
                        }
                    },
                }
            },
        },
        "components": {"schemas": {"Result": _result_schema()}},
    }
