"""ASCII page slugs in every language: the admin's slug field transliterates letters with marks.

With `WAGTAIL_ALLOW_UNICODE_SLUGS = False`, Wagtail's slug widget lowers the title to ASCII through
its per-language maps (Cyrillic, Greek, …) and drops every other letter; Vietnamese has no map, so
"Chỉ thị số 15" became "ch-th-s-15". `TRANSLITERATION` adds, for every Latin letter with marks
(Latin-1, Extended-A/B and Extended Additional, where Vietnamese lives), a formatter that replaces it
with its base letters — derived from Unicode decomposition, not a list per language — so the same
title gives "chi-thi-so-15". Registered as the form-field override of every model `SlugField`
(`register`), which the page forms and snippets use.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import SlugInput

# Letters whose mark is not a combining character (a stroke or a ligature): no decomposition exists.
UNDECOMPOSABLE = {"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE"}
LATIN_RANGES = ((0x00C0, 0x024F), (0x1E00, 0x1EFF))


def ascii_letters(character: str) -> str:
    """The ASCII letters a Latin letter with marks stands for ("" when it has none)."""
    if character in UNDECOMPOSABLE:
        return UNDECOMPOSABLE[character]
    base = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
    return base if base.isascii() and base.isalpha() else ""


def transliteration_formatters() -> list[tuple[str, str]]:
    """(character class, replacement) pairs for Wagtail's slug widget, one per base letter."""
    by_replacement: dict[str, list[str]] = defaultdict(list)
    for start, end in LATIN_RANGES:
        for code in range(start, end + 1):
            character = chr(code)
            replacement = ascii_letters(character)
            if replacement and replacement != character:
                by_replacement[replacement].append(character)
    return [(f"[{''.join(sorted(chars))}]", replacement) for replacement, chars in sorted(by_replacement.items())]


TRANSLITERATION = transliteration_formatters()


def transliterate(text: str) -> str:
    """What the slug widget's formatters do to `text` before Wagtail slugifies it (used in tests)."""
    return "".join(ascii_letters(character) or character for character in text)


def register() -> None:
    """Every model SlugField's admin widget transliterates marked Latin letters."""
    register_form_field_override(models.SlugField, override={"widget": SlugInput(formatters=TRANSLITERATION)})
