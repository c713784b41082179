"""Passwords the set-up generates once and keeps in var/ (mode 600, git-ignored) for later runs."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

GENERATED_PASSWORD_BYTES = 18  # 24 URL-safe characters


def stored_password(path: Path) -> str | None:
    """The password an earlier run generated, if any."""
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def store_new_password(path: Path) -> str:
    """Generate a password and keep it in `path`, readable by its owner only."""
    password = secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(password + "\n")
    path.chmod(0o600)  # also when the file existed with other permissions
    return password
