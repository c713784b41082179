"""`manage.py load_demo`: build the demo site (idempotent; `make setup` runs it)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from home import demo


class Command(BaseCommand):
    help = "Create the demo content in Vietnamese with English and Ukrainian translations (idempotent)."

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        demo.load(user=user)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
