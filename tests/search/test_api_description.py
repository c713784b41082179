"""The API describes itself (OpenAPI), and an engine outage gives a clear answer, not a stack trace."""

import logging

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from search.backends import get_backend
from search.query import SearchForm


def test_openapi_lists_every_accepted_parameter(client, db):
    description = client.get("/api/search/openapi.json").json()

    assert description["openapi"].startswith("3.")
    operation = description["paths"]["/api/search/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names >= set(SearchForm.base_fields) | {"theme", "status"}
    facets = operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["facets"]
    assert set(facets["properties"]) == {"theme", "kind", "year", "issuer", "type", "status", "locale"}


@pytest.fixture
def unreachable_elasticsearch():
    with override_settings(SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_URL="http://127.0.0.1:9"):
        get_backend.cache_clear()
        yield
    get_backend.cache_clear()


def test_engine_outage_gives_a_clear_page_and_a_logged_event(client, db, home_pages, unreachable_elasticsearch, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get("/search/", {"q": "chuyển đổi số"})

    assert response.status_code == 503
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Tìm kiếm tạm thời không hoạt động"
    assert "Traceback" not in response.content.decode()
    assert any("search unavailable" in record.getMessage() for record in caplog.records)


def test_engine_outage_in_the_api_is_a_503_with_a_message(client, db, unreachable_elasticsearch):
    response = client.get("/api/search/", {"q": "x"})

    assert response.status_code == 503
    assert response.json()["error"]
