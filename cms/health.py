"""Health of one application server, for load balancers and operators: `/healthz` and `manage.py health`.

Each check says whether a service this server needs answers, how long it took and, when it does not,
the kind of failure (an exception's class, never its message: no host names, keys or paths leak):

- `database` — `SELECT 1` on the default database. Without it nothing can be served: the status is
  **down** and `/healthz` answers 503, so a load balancer takes the server out.
- `cache` — a write and a read of a probe key. The cache fails open (cms/redis_cache.py), so its
  loss is **degraded**: pages are served uncached.
- `search` — the index answers a count. Its loss is **degraded** too: pages, feeds and the API
  keep working; the search page says search is unavailable.
- `scheduler` — the scheduler's heartbeat (`record_scheduler_heartbeat`, written by each pass of
  `manage.py run_scheduler`) is younger than `HEALTH_SCHEDULER_STALE_SECONDS`. Missing or stale is
  **degraded**: scheduled publishing and expiry, reminders wait.

`/healthz` is never cached (not a Wagtail page, `Cache-Control: no-store`) and needs no session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

OK, DEGRADED, DOWN = "ok", "degraded", "down"
HEARTBEAT_KEY = "health:scheduler-heartbeat"
PROBE_KEY = "health:probe"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    milliseconds: float
    detail: str = ""
    critical: bool = False


def _timed(name: str, probe: Callable[[], str], *, critical: bool = False) -> Check:
    started = time.perf_counter()
    try:
        detail = probe()
    except Exception as error:  # any failure of the probe is the answer, never a 500
        return Check(name, False, _since(started), type(error).__name__, critical)
    return Check(name, not detail, _since(started), detail, critical)


def _since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return ""


def _cache() -> str:
    value = str(time.time())
    cache.set(PROBE_KEY, value, timeout=60)
    return "" if cache.get(PROBE_KEY) == value else "no answer"


def _search() -> str:
    from search.backends import get_backend

    get_backend().count()
    return ""


def _scheduler() -> str:
    beat = cache.get(HEARTBEAT_KEY)
    if beat is None:
        return "no heartbeat"
    age = time.time() - float(beat)
    return "" if age <= settings.HEALTH_SCHEDULER_STALE_SECONDS else f"last heartbeat {int(age)} s ago"


def record_scheduler_heartbeat() -> None:
    """Called by the scheduler on each pass of its loop."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


def run_checks() -> list[Check]:
    return [
        _timed("database", _database, critical=True),
        _timed("cache", _cache),
        _timed("search", _search),
        _timed("scheduler", _scheduler),
    ]


def overall(checks: list[Check]) -> str:
    if any(not check.ok and check.critical for check in checks):
        return DOWN
    return OK if all(check.ok for check in checks) else DEGRADED


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    status = overall(checks)
    body = {"status": status, "checks": {check.name: asdict(check) for check in checks}}
    for check in body["checks"].values():
        del check["name"]
    return JsonResponse(body, status=503 if status == DOWN else 200)
