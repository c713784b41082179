"""`manage.py ensure_admin`: create the first administrator if there is none, and print how to sign in.

Credentials come from ADMIN_USERNAME / ADMIN_PASSWORD / ADMIN_EMAIL (defaults: admin / admin);
an existing account is never changed, so running it again is harmless.
"""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the administrator account from ADMIN_USERNAME/ADMIN_PASSWORD/ADMIN_EMAIL if missing."

    def handle(self, *args, **options) -> None:
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD", "admin")
        email = os.environ.get("ADMIN_EMAIL", "admin@example.com")
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(f"Administrator '{username}' already exists (password unchanged).")
            return
        user_model.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS(f"Administrator created: username '{username}', password '{password}'."))
