"""`manage.py run_scheduler`: run the site's periodic jobs (cms/scheduler.py) until stopped.

`make run` and `make serve` start it next to the web server; a deployment runs it as a service on
one machine or on each (runs of a job are locked, so several schedulers are safe). `--once` runs
each job once and exits, non-zero if one failed (tests, or cron with a single job via `--job`).
"""

from __future__ import annotations

import signal
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cms import scheduler


class Command(BaseCommand):
    help = "Run the periodic jobs (scheduled publishing and expiry, …) until SIGTERM or Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run each job once, then exit.")
        parser.add_argument(
            "--job",
            action="append",
            dest="names",
            metavar="NAME",
            help="Only this job (repeatable). Jobs: " + ", ".join(job.name for job in scheduler.registered_jobs()),
        )

    def handle(self, *args: Any, once: bool = False, names: list[str] | None = None, **options: Any) -> None:
        jobs = scheduler.registered_jobs()
        if names:
            unknown = sorted(set(names) - {job.name for job in jobs})
            if unknown:
                raise CommandError(f"Unknown job(s): {', '.join(unknown)}.")
            jobs = [job for job in jobs if job.name in names]
        runner = scheduler.Scheduler(jobs)

        if once:
            failed = [name for name, outcome in runner.run_once().items() if outcome is scheduler.Outcome.FAILED]
            if failed:
                raise CommandError(f"Failed: {', '.join(failed)} (see the log above).")
            return

        if settings.PAGE_CACHE_ENABLED and isinstance(caches["default"], LocMemCache):
            self.stderr.write(
                "Warning: the cache is local memory, private to this process: the page cache of the "
                "web server will not see what the scheduler publishes or unpublishes. Give both the "
                "same CACHE_URL (make run uses a file cache in var/cache)."
            )
        signal.signal(signal.SIGTERM, runner.stop)
        signal.signal(signal.SIGINT, runner.stop)
        every = ", ".join(f"{job.name} every {job.interval:g} s" for job in jobs)
        self.stdout.write(f"Scheduler running: {every}. Stop with Ctrl-C or SIGTERM.")
        runner.run_forever()
        self.stdout.write("Scheduler stopped.")
