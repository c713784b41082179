"""`/healthz` and `manage.py health` (cms/health.py): what each service's loss means for a load balancer."""

import io
import json
import socket

import pytest
from django.core.management import call_command

from cms import health
from search.backends import get_backend


@pytest.fixture
def fresh_backend():
    get_backend.cache_clear()
    yield
    get_backend.cache_clear()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def _body(response) -> dict:
    return json.loads(response.content)


def test_all_services_answering_is_ok_and_never_cached(client, db, fresh_backend):
    health.record_scheduler_heartbeat()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    body = _body(response)
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "search", "scheduler"}
    assert all(check["ok"] for check in body["checks"].values())


def test_a_scheduler_without_a_recent_heartbeat_is_degraded(client, db, fresh_backend, settings):
    settings.HEALTH_SCHEDULER_STALE_SECONDS = 0
    health.record_scheduler_heartbeat()

    body = _body(client.get("/healthz"))

    assert body["status"] == "degraded"
    assert not body["checks"]["scheduler"]["ok"]
    assert "heartbeat" in body["checks"]["scheduler"]["detail"]


def test_a_dead_cache_is_degraded_and_names_no_host(client, db, fresh_backend, settings):
    port = _closed_port()
    settings.CACHES = {"default": {"BACKEND": "cms.redis_cache.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}}

    response = client.get("/healthz")

    assert response.status_code == 200
    body = _body(response)
    assert body["status"] == "degraded"
    assert not body["checks"]["cache"]["ok"]
    assert str(port) not in response.content.decode() and "127.0.0.1" not in response.content.decode()


def test_an_unusable_search_index_is_degraded(client, db, fresh_backend, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    settings.SEARCH_INDEX_DIR = blocker / "index"
    health.record_scheduler_heartbeat()

    body = _body(client.get("/healthz"))

    assert body["status"] == "degraded"
    assert not body["checks"]["search"]["ok"]
    assert body["checks"]["database"]["ok"]


def test_without_the_database_the_server_is_down():
    checks = [health.Check("database", False, 1.0, "OperationalError", critical=True), health.Check("cache", True, 1.0)]

    assert health.overall(checks) == health.DOWN


def test_the_command_prints_every_check(db, fresh_backend):
    health.record_scheduler_heartbeat()
    out = io.StringIO()

    call_command("health", stdout=out)

    text = out.getvalue()
    assert all(name in text for name in ("database", "cache", "search", "scheduler"))
    assert "status: ok" in text
