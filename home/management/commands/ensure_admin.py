"""`manage.py ensure_admin`: create the first administrator if there is none, and print how to sign in.

The account is ADMIN_USERNAME (default `admin`, e-mail ADMIN_EMAIL). Its password is ADMIN_PASSWORD
when that is set; otherwise one generated on the first run, kept in var/admin_password (mode 600,
git-ignored; ADMIN_PASSWORD_FILE) and reused by every later run, so a rebuilt database gets the same
one. An existing account is left alone, unless it can sign in with a default or blank password (as
`admin`/`admin` from earlier versions could, cms/superuser_passwords.py): production refuses to
start with one, so that password is replaced as if the account were new. Running it again is harmless.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from cms.superuser_passwords import weak_password_reason
from home.credentials import store_new_password, stored_password


class Command(BaseCommand):
    help = (
        "Create the administrator ADMIN_USERNAME if missing, with ADMIN_PASSWORD or a generated password "
        "kept in var/admin_password; replace a default or blank password on that account."
    )

    def handle(self, *args, **options) -> None:
        username = os.environ.get("ADMIN_USERNAME", "admin")
        email = os.environ.get("ADMIN_EMAIL", "admin@example.com")
        chosen = os.environ.get("ADMIN_PASSWORD") or None
        path = Path(settings.ADMIN_PASSWORD_FILE)
        shown_path = path.relative_to(settings.BASE_DIR) if path.is_relative_to(settings.BASE_DIR) else path
        user_model = get_user_model()
        user = user_model._default_manager.filter(username=username).first()

        weakness = weak_password_reason(user) if user is not None else None
        if user is not None and weakness is None:
            kept = stored_password(path)
            if chosen is None and kept and user.check_password(kept):
                self.stdout.write(f"Administrator '{username}': password '{kept}' (kept in {shown_path}).")
            else:
                self.stdout.write(f"Administrator '{username}' already exists (password unchanged).")
            return

        password = chosen or stored_password(path) or store_new_password(path)
        if chosen:
            self._warn_if_weak(chosen, user or user_model(username=username, email=email))
        if user is None:
            user_model._default_manager.create_superuser(username=username, email=email, password=password)
            done = f"Administrator '{username}' created"
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
            done = f"Administrator '{username}' had {weakness} (production refuses it); password replaced"
        shown = "the value of ADMIN_PASSWORD" if chosen else f"'{password}' (kept in {shown_path})"
        self.stdout.write(self.style.SUCCESS(f"{done}: password {shown}."))

    def _warn_if_weak(self, password: str, user: object) -> None:
        """ADMIN_PASSWORD is used as given, but the password validators' objections are shown."""
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            self.stderr.write(
                self.style.WARNING("ADMIN_PASSWORD is weak: " + " ".join(error.messages) + " Production may refuse it.")
            )
