"""`manage.py locales_queue sync`: queue items for every live source page and translatable snippet.

Idempotent: existing items are refreshed (numbers, outdated state), missing ones created. The
demo loader and deployments run it after loading content that bypassed the publish signals.
"""

from django.core.management.base import BaseCommand

from locales import conf
from locales.queue import sync_all


class Command(BaseCommand):
    help = "Maintain the localization queue."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser(
            "sync",
            help="Create or refresh queue items for every live source page and translatable snippet.",
        )

    def handle(self, *args, action: str, **options) -> None:
        if action == "sync":
            report = sync_all()
            self.stdout.write(
                f"Localization queue ({conf.sync_mode()} mode): {report.sources} sources checked, "
                f"{report.created} items created, {report.reopened} reopened."
            )
