"""No superuser may sign in with a default or blank password where the production stack runs.

`weak_password_reason(user)` tries the passwords an attacker tries first against the stored hash:
blank, the account's own attributes (username, names, e-mail address: the ones Django's
UserAttributeSimilarityValidator compares with), and a few installer defaults (`admin`,
`password`, `changeme`, …). A hash reveals nothing cheaper than trying each candidate, and each
try costs what a sign-in costs (PBKDF2, ~0.9 s here), so the list is short and tried on every core
at once. Unusable passwords (accounts that cannot sign in with one) are fine.

The deploy check `cms.E001` (`manage.py check --deploy`) reports each active superuser with such
a password and how to fix it; the gunicorn configuration (`cms/gunicorn.conf.py`) runs that check
before it starts and refuses to serve while it fails. `manage.py ensure_admin` (`make setup`)
uses the same test to replace a default password it finds on the account it manages.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import check_password, is_password_usable
from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.core.checks import CheckMessage, Error, Tags, register
from django.db import DatabaseError, connection

# `manage.py check --deploy --tag superuser_passwords` runs this check alone (cms/gunicorn.conf.py).
CHECK_TAG = "superuser_passwords"

# Passwords installers and tutorials hand out, and the first ones an attacker tries.
DEFAULT_PASSWORDS = ("admin", "password", "changeme", "123456", "12345678", "wagtail")

HINT = (
    "Give '{username}' a new password: `.venv/bin/python manage.py changepassword {username}`. "
    "Or, for the account `make setup` manages, rerun `make setup` with ADMIN_USERNAME={username}: "
    "it replaces a default or blank password with ADMIN_PASSWORD, or without it with a generated "
    "one that it prints and keeps in var/admin_password."
)


def _candidates(user: AbstractBaseUser) -> list[tuple[str, str]]:
    """(password to try, why it is weak), without repeats: blank, the user's attributes, the defaults."""
    candidates = {"": "a blank password"}
    for attribute in UserAttributeSimilarityValidator.DEFAULT_USER_ATTRIBUTES:
        value = getattr(user, attribute, None)
        if isinstance(value, str) and value:
            candidates.setdefault(value, f"a password equal to its {attribute.replace('_', ' ')}")
    for password in DEFAULT_PASSWORDS:
        candidates.setdefault(password, "a well-known default password")
    return list(candidates.items())


def weak_password_reason(user: AbstractBaseUser) -> str | None:
    """Why `user`'s password is unfit for a public site ("a blank password", …), or None if it is not."""
    if not is_password_usable(user.password):
        return None
    candidates = _candidates(user)
    with ThreadPoolExecutor(max_workers=len(candidates)) as pool:  # hashlib releases the GIL
        matches = list(pool.map(lambda candidate: check_password(candidate[0], user.password), candidates))
    return next((why for (_password, why), match in zip(candidates, matches, strict=True) if match), None)


def weak_superusers() -> Iterator[tuple[str, str]]:
    """(username, reason) of each active superuser with a default or blank password."""
    user_model = get_user_model()
    if user_model._meta.db_table not in connection.introspection.table_names():
        return  # a database not migrated yet has no superuser
    for user in user_model._default_manager.filter(is_superuser=True, is_active=True).order_by("pk"):
        reason = weak_password_reason(user)
        if reason:
            yield user.get_username(), reason


@register(Tags.security, CHECK_TAG, deploy=True)
def check_superuser_passwords(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """cms.E001: an active superuser can sign in with a default or blank password."""
    try:
        weak = list(weak_superusers())
    except DatabaseError as error:
        return [
            Error(
                f"Superuser passwords could not be checked: the database answered {error!r}.",
                hint="Production refuses to start until it can check them: make DATABASE_URL reachable and migrated.",
                id="cms.E002",
            )
        ]
    return [
        Error(
            f"Superuser '{username}' can sign in with {reason}: production refuses to start.",
            hint=HINT.format(username=username),
            id="cms.E001",
        )
        for username, reason in weak
    ]
