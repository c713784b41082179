"""Locale teams: which auth group translates or reviews which language.

A `LocaleTeam` marks an auth `Group` as the translators or the reviewers of one target language.
The language is stored as a code rather than a foreign key to Wagtail's `Locale`, so the
migration that creates the teams does not depend on when the locales are created. Who may do
what with that membership is decided in `locales.permissions`; this module only holds the record.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class LocaleTeam(models.Model):
    """An auth group working on one target language, as its translators or its reviewers."""

    class Role(models.TextChoices):
        TRANSLATOR = "translator", _("Translator")
        REVIEWER = "reviewer", _("Reviewer")

    group = models.OneToOneField(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="locale_team",
        help_text=_("Members of this group work on the language below, in the role below."),
    )
    language_code = models.CharField(
        _("language"),
        max_length=20,
        help_text=_("Code of the target language, as in WAGTAIL_CONTENT_LANGUAGES (e.g. “en”)."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("locale team")
        verbose_name_plural = _("locale teams")
        ordering = ["language_code", "role"]

    def __str__(self) -> str:
        return f"{self.group.name} ({self.language_code}, {self.role})"
