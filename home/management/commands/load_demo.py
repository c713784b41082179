"""`manage.py load_demo`: build the demo site (idempotent; `make setup` runs it)."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from home import demo


class Command(BaseCommand):
    help = "Create the demo content in Vietnamese with English and Ukrainian translations (idempotent), then index it."

    def handle(self, *args, **options) -> None:
        # Only a rebuild makes the search index: make it first (from what exists), so the demo's
        # publishes update a live index instead of failing on a missing one.
        call_command("search_index", "rebuild", stdout=self.stdout, stderr=self.stderr)
        user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        demo.load(user=user)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        # Derived state follows the content: the translation queue and the public search index.
        call_command("locales_queue", "sync", stdout=self.stdout, stderr=self.stderr)
        call_command("search_index", "rebuild", stdout=self.stdout, stderr=self.stderr)
