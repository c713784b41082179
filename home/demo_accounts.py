"""Demo accounts for trying the translation workflow: a translator and a reviewer per target language,
and a translation manager.

Usernames are `translator-<code>`, `reviewer-<code>` for each target language (`locales.permissions.
target_languages()`) and `translation-manager`; each joins its locale team's group (or the managers'
group), so the queue, the editor and the review workflow work for them as for real staff. Each
translator's and reviewer's admin opens in their target language. They share one password:
DEMO_PASSWORD when set, else one generated on the first run and kept in var/demo_password
(mode 600), reused by every later run — like the administrator's. Existing
accounts keep their password unless DEMO_PASSWORD is given. Never superusers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.users.models import UserProfile

from home.credentials import store_new_password, stored_password
from locales.models import LocaleTeam
from locales.permissions import ensure_locale_teams, managers_group, target_languages

MANAGER_USERNAME = "translation-manager"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    group: Group
    admin_language: str  # "" follows the browser


def planned_accounts() -> list[DemoAccount]:
    """The accounts the demo needs, with their groups (creating the teams when missing)."""
    ensure_locale_teams()
    teams = {(team.language_code, team.role): team.group for team in LocaleTeam.objects.select_related("group")}
    accounts = [
        DemoAccount(f"{role}-{code}", teams[(code, role)], code)
        for code in target_languages()
        for role in (LocaleTeam.Role.TRANSLATOR.value, LocaleTeam.Role.REVIEWER.value)
        if (code, role) in teams
    ]
    accounts.append(DemoAccount(MANAGER_USERNAME, managers_group(), ""))
    return accounts


def demo_password() -> tuple[str, str]:
    """The shared password and how to show it (the variable's name, or the password and its file)."""
    chosen = os.environ.get("DEMO_PASSWORD")
    if chosen:
        return chosen, "the value of DEMO_PASSWORD"
    path = Path(settings.DEMO_PASSWORD_FILE)
    password = stored_password(path) or store_new_password(path)
    shown = path.relative_to(settings.BASE_DIR) if path.is_relative_to(settings.BASE_DIR) else path
    return password, f"'{password}' (kept in {shown})"


@transaction.atomic
def ensure_demo_accounts() -> tuple[list[DemoAccount], str, str]:
    """Create the missing demo accounts (idempotent). Returns the accounts, the password and how to show it."""
    password, origin = demo_password()
    reset = bool(os.environ.get("DEMO_PASSWORD"))
    user_model = get_user_model()
    accounts = planned_accounts()
    for account in accounts:
        user, created = user_model._default_manager.get_or_create(
            username=account.username,
            defaults={"email": f"{account.username}@example.com", "is_staff": False, "is_superuser": False},
        )
        if created or reset:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(account.group)
        if created and account.admin_language:
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = account.admin_language
            profile.save(update_fields=["preferred_language"])
    return accounts, password, origin
