"""`manage.py health`: the checks of `/healthz` (cms/health.py) as a table; exit status 1 when down."""

from django.core.management.base import BaseCommand, CommandError

from cms.health import DOWN, overall, run_checks


class Command(BaseCommand):
    help = "Check the database, cache, search index and scheduler heartbeat of this server."

    def handle(self, *args, **options) -> None:
        checks = run_checks()
        for check in checks:
            state = self.style.SUCCESS("ok") if check.ok else self.style.ERROR("FAIL")
            self.stdout.write(f"{check.name:<10} {state:<4} {check.milliseconds:>8.1f} ms  {check.detail}")
        status = overall(checks)
        if status == DOWN:
            raise CommandError("down: a service this server cannot work without does not answer")
        self.stdout.write(f"status: {status}")
