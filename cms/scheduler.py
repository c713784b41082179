"""Periodic jobs of the site and the scheduler that runs them (`manage.py run_scheduler`).

A job is a name, an interval and a callable without arguments, kept in a registry: `register()`
adds one (an app calls it from its `AppConfig.ready`). The first job is Wagtail's
`publish_scheduled` (pages and snippets whose `go_live_at` or `expire_at` has passed), every
`SCHEDULED_PUBLISHING_INTERVAL` seconds; it goes through Wagtail's own publish and unpublish
actions, so the page cache, the search index and every listing follow through the usual signals.

**Several schedulers at once** (one per machine, or a spare) are safe: each run of a job takes a
lock on the *database* the job works on, since that is what every scheduler of one site shares
by definition, and a run that finds the lock taken is skipped (the holder is doing the work).

- PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) keyed by the job's name. The
  server releases it when the connection ends, so a killed scheduler never leaves it behind. It
  needs a session of its own (no PgBouncer in transaction-pooling mode in front of the scheduler).
- SQLite: an exclusive `flock` on a file next to the database file. Processes that share a SQLite
  database are on one machine by necessity, so the file is exactly as shared as the database; the
  kernel releases the lock when the process ends. An in-memory database (the tests') is private to
  its process, so a lock inside the process is enough.

A cache lock (`cache.add` with a timeout) was not chosen: the development cache is per process,
and a lock that expires while a slow run is still going lets a second run in.

The lock keeps runs of one job from overlapping; it does not make each scheduler skip a run
another one has just finished. Jobs are therefore idempotent (publishing what is due twice does
nothing the second time); a job that must run once per period across the cluster (a nightly
verification) records its last run itself.

Each failure is logged as one line (no traceback) and the scheduler goes on; SIGTERM or SIGINT
lets the current job finish, then stops it.
"""

from __future__ import annotations

import enum
import fcntl
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from cms.health import record_scheduler_heartbeat
from locales.reminders import REMINDER_INTERVAL, send_due_reminders

logger = logging.getLogger(__name__)

DIRECTIVE_STATUS_INTERVAL = 60 * 60
"""Seconds between two looks for directives whose status turned with the date (idempotent)."""
SLEEP_STEP = 0.5
"""Longest uninterrupted sleep between runs: how soon a stop request is noticed."""


@dataclass(frozen=True)
class Job:
    """A periodic job: `func` is called every `interval` seconds (from the start of one run to the
    start of the next; a run that overruns is followed by the next at once)."""

    name: str
    interval: float
    func: Callable[[], object]


class Outcome(enum.Enum):
    RAN = "ran"
    SKIPPED = "skipped"  # another scheduler holds the job's lock
    FAILED = "failed"


_registry: dict[str, Job] = {}


def register(name: str, interval: float, func: Callable[[], object]) -> Job:
    """Add a periodic job (or replace the one of that name) and return it."""
    if interval <= 0:
        raise ValueError(f"The interval of job {name!r} must be positive, not {interval!r}.")
    job = Job(name=name, interval=float(interval), func=func)
    _registry[name] = job
    return job


def registered_jobs() -> list[Job]:
    """Every registered job, in the order they were first registered."""
    return list(_registry.values())


# --- Locks ---------------------------------------------------------------------------------------

_in_process_locks: dict[str, threading.Lock] = {}
_in_process_locks_guard = threading.Lock()


def _advisory_key(name: str) -> int:
    """A stable signed 64-bit key for `pg_try_advisory_lock` (the same in every process)."""
    digest = hashlib.blake2b(f"cms.scheduler:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def _advisory_lock(alias: str, name: str) -> Iterator[bool]:
    connection = connections[alias]
    key = _advisory_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            except DatabaseError:
                connection.close()  # the session ends, and the server drops its locks with it


@contextmanager
def file_lock(path: Path) -> Iterator[bool]:
    """An exclusive, non-blocking `flock` on `path` (created if missing); yields whether it was taken.

    Each call opens the file anew, so two holders in one process exclude each other as well.
    """
    with path.open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def _in_process_lock(name: str) -> Iterator[bool]:
    with _in_process_locks_guard:
        lock = _in_process_locks.setdefault(name, threading.Lock())
    acquired = lock.acquire(blocking=False)
    try:
        yield acquired
    finally:
        if acquired:
            lock.release()


def lock_file_path(database: str, name: str) -> Path:
    """The lock file of job `name` for the SQLite database file `database`: next to it."""
    safe_name = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    return Path(f"{database}.{safe_name}.lock")


@contextmanager
def job_lock(name: str, using: str = DEFAULT_DB_ALIAS) -> Iterator[bool]:
    """Hold the lock of job `name` on database `using` while the block runs, if nobody else does.

    Yields True when this process holds it, False when another run of the job holds it (then the
    block must not do the job's work). Never waits.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with _advisory_lock(using, name) as acquired:
            yield acquired
    elif connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            with _in_process_lock(f"{using}:{name}") as acquired:
                yield acquired
        else:
            with file_lock(lock_file_path(connection.settings_dict["NAME"], name)) as acquired:
                yield acquired
    else:
        raise ImproperlyConfigured(
            f"The scheduler has no lock for the {connection.vendor} database: use PostgreSQL or SQLite."
        )


# --- Running -------------------------------------------------------------------------------------


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _drop_stale_connections() -> None:
    """Close connections that broke or outlived CONN_MAX_AGE (Django does it around each request;
    a long-running process must do it itself), but never one inside a transaction it did not open."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def run_job(job: Job) -> Outcome:
    """Run `job` once under its lock: RAN, SKIPPED when another run holds the lock, or FAILED (one
    log line, no traceback: the same failure would otherwise fill the log every few seconds)."""
    try:
        with job_lock(job.name) as acquired:
            if not acquired:
                logger.info("Scheduled job %s skipped: another scheduler is running it.", job.name)
                return Outcome.SKIPPED
            job.func()
    except Exception as exc:
        logger.error("Scheduled job %s failed: %s", job.name, _one_line(exc))
        return Outcome.FAILED
    return Outcome.RAN


class Scheduler:
    """Runs `jobs` at their intervals until `stop()` (every job is due when it starts)."""

    def __init__(self, jobs: Sequence[Job]) -> None:
        self.jobs = list(jobs)
        self.stopping = False

    def stop(self, *_signal_args: object) -> None:
        """Stop after the job running now (usable as a signal handler)."""
        self.stopping = True

    def run_once(self) -> dict[str, Outcome]:
        """Run every job once, in order; the outcome of each by name."""
        return {job.name: run_job(job) for job in self.jobs}

    def run_forever(self) -> None:
        due = {job.name: time.monotonic() for job in self.jobs}
        while not self.stopping:
            record_scheduler_heartbeat()  # /healthz: the scheduler is alive (cms/health.py)
            for job in self.jobs:
                if self.stopping:
                    break
                started = time.monotonic()
                if due[job.name] > started:
                    continue
                _drop_stale_connections()  # a database restart must not break every later run
                run_job(job)
                _drop_stale_connections()
                due[job.name] = max(started + job.interval, time.monotonic())
            while not self.stopping and time.monotonic() < min(due.values(), default=0.0):
                time.sleep(min(SLEEP_STEP, max(0.0, min(due.values()) - time.monotonic())))
            if not self.jobs:
                break


# --- The jobs --------------------------------------------------------------------------------------


def publish_scheduled() -> None:
    """Wagtail's `publish_scheduled`: unpublish what has expired, publish what is due to go live."""
    call_command("publish_scheduled")


def directive_statuses() -> None:
    """Directives whose legal status turned with the date: re-indexed, and dropped from the page cache
    with every page that shows them (their own, chains, the register)."""
    from articles.directive_status import statuses_turning
    from cms import page_cache
    from search.signals import schedule_update

    rows = list(statuses_turning().values_list("pk", "number_key", "translation_key"))
    page_cache.touch({f"directive:{key}" for _pk, key, _tk in rows} | {f"page:{tk}" for _pk, _key, tk in rows})
    schedule_update(pk for pk, _key, _tk in rows)


def search_index_repair() -> None:
    """Bring the search index back in line with the database (search.indexing.repair)."""
    from search.indexing import repair

    found = repair()
    if found:
        counts = len(found.missing), len(found.stale), len(found.extra)
        logger.warning("Search index repaired: %d missing, %d stale, %d extra.", *counts)


register("publish_scheduled", settings.SCHEDULED_PUBLISHING_INTERVAL, publish_scheduled)
register("translation_reminders", REMINDER_INTERVAL, send_due_reminders)  # overdue queue items (locales.reminders)
register("directive_statuses", DIRECTIVE_STATUS_INTERVAL, directive_statuses)
register("search_index_repair", settings.SEARCH_REPAIR_INTERVAL, search_index_repair)
