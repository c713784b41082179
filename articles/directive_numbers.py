"""Directive numbers as printed on Vietnamese Party and State documents.

This module owns the one grammar for such numbers: Party style ``57-NQ/TW`` (number, type code,
issuer code) and State style ``03/CTr-ĐU`` or ``30/2020/NĐ-CP`` (number, optional year, type
code, issuer code). It parses what people type or paste into a `DirectiveNumber`, renders the
canonical printed form that visitors see, derives the match key that search, uniqueness checks and
translation QA compare (``57-nq-tw``), and finds numbers in running text.

Accepted variants (see ``shared/domain/directives.md``): a "Số"/"No."/"№" prefix, stray spaces
around separators, a missing hyphen (``57NQ-TW``), a hyphen instead of the slash, either order, Đ
written as D, any case, other dashes and slashes, and Cyrillic letters that look like Latin ones.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

Style = Literal["party", "state"]

MAX_LENGTH = 100

KNOWN_TYPE_CODES: dict[str, str] = {
    "NQ": pgettext_lazy("directive type", "Resolution"),
    "QĐ": pgettext_lazy("directive type", "Decision"),
    "CT": pgettext_lazy("directive type", "Directive"),
    "KL": pgettext_lazy("directive type", "Conclusion"),
    "QC": pgettext_lazy("directive type", "Working rules"),
    "QyĐ": pgettext_lazy("directive type", "Regulations"),
    "HD": pgettext_lazy("directive type", "Guidance"),
    "KH": pgettext_lazy("directive type", "Plan"),
    "CTr": pgettext_lazy("directive type", "Programme"),
    "CV": pgettext_lazy("directive type", "Official dispatch"),
    "TB": pgettext_lazy("directive type", "Notice"),
    "TC": pgettext_lazy("directive type", "Communiqué"),
    "BC": pgettext_lazy("directive type", "Report"),
    "TTr": pgettext_lazy("directive type", "Submission"),
    "ĐA": pgettext_lazy("directive type", "Scheme"),
    "CĐ": pgettext_lazy("directive type", "Official telegram"),
    "NĐ": pgettext_lazy("directive type", "Decree"),
    "TT": pgettext_lazy("directive type", "Circular"),
}

KNOWN_ISSUER_CODES: dict[str, str] = {
    "TW": pgettext_lazy("issuing body", "Central Committee"),
    "ĐU": pgettext_lazy("issuing body", "Party committee"),
    "ĐUK": pgettext_lazy("issuing body", "Bloc Party committee"),
    "BCĐTW": pgettext_lazy("issuing body", "Central Steering Committee"),
    "CP": pgettext_lazy("issuing body", "Government"),
}

# --- Normalisation shared by parsing and scanning -------------------------------------------------

_CYRILLIC = "\u0421\u0422\u0412\u041d\u041a\u041e\u0420\u0410\u0415\u041c\u0425\u0406"  # С Т В Н К О Р А Е М Х І
_LATIN = "CTBHKOPAEMXI"
CYRILLIC_LOOK_ALIKES = dict(zip(_CYRILLIC + _CYRILLIC.lower(), _LATIN + _LATIN.lower(), strict=True))
"""Cyrillic letters that look like Latin ones → those Latin letters (the loose parser in number_queries too)."""
_TRANSLATION = str.maketrans(
    {
        **CYRILLIC_LOOK_ALIKES,
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),  # dashes, minus
        **dict.fromkeys("\u2044\u2215\uff0f", "/"),  # fraction, division and full-width slashes
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff"),  # soft hyphen, zero-width characters
        "\u00d0": "Đ",  # Icelandic eth, left behind by old Vietnamese encodings
        "\u00f0": "đ",
    }
)


def _normalise(text: str) -> str:
    """NFC, then one spelling for dashes, slashes, Đ and Cyrillic look-alikes; invisible characters dropped."""
    return unicodedata.normalize("NFC", text).translate(_TRANSLATION)


def _fold(code: str) -> str:
    """Lower case ASCII: Đ is a letter of its own, so it is mapped to d explicitly."""
    return code.lower().replace("đ", "d")


_TYPE_SPELLINGS = {_fold(code): code for code in KNOWN_TYPE_CODES}
_ISSUER_SPELLINGS = {_fold(code): code for code in KNOWN_ISSUER_CODES}


def _canonical(code: str, spellings: dict[str, str]) -> str:
    code = _normalise(code).strip()
    return spellings.get(_fold(code), code.upper())


# --- Grammar ----------------------------------------------------------------------------------------

_LETTER = "A-Za-zĐđ"
_SPACE = r"\s{0,3}"


def _grammar(type_code: str, issuer: str) -> str:
    """Number, then "/" [year "/"] (State style), "-" or nothing (Party style), then type, separator, issuer."""
    return (
        rf"(?P<number>[0-9]{{1,6}})"
        rf"(?:(?P<state>{_SPACE}/{_SPACE}(?:(?P<year>[0-9]{{4}}){_SPACE}/{_SPACE})?)|{_SPACE}-{_SPACE})?"
        rf"(?P<type>{type_code}){_SPACE}[/-]{_SPACE}(?P<issuer>{issuer})"
    )


_STRICT = re.compile(_grammar(f"[{_LETTER}]{{1,6}}", f"[{_LETTER}]{{1,12}}"))
_PREFIX = re.compile(r"(?:s[ốo]|no\.?|№)\s*:?\s*", re.IGNORECASE)

# In running text only known type codes, in their canonical or upper-case spelling, and an issuer that
# starts with a capital count, so that "60-km/h" or "2TB/s" are not taken for numbers.
_KNOWN_TYPES = "|".join(
    sorted(
        {re.escape(spelling).replace("Đ", "[ĐD]") for code in KNOWN_TYPE_CODES for spelling in (code, code.upper())},
        key=len,
        reverse=True,
    )
)
_SCAN = re.compile(rf"(?<![\w./-]){_grammar(f'(?:{_KNOWN_TYPES})', f'[A-ZĐ][{_LETTER}]{{0,11}}')}(?!\w)")

# --- Values -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectiveNumber:
    """A directive number: digits as printed, canonical type and issuer codes, optional year, order style."""

    number: str
    type_code: str
    issuer_code: str
    year: int | None = None
    style: Style = "party"

    def __post_init__(self) -> None:
        if self.style not in ("party", "state"):
            raise ValueError(f"style must be 'party' or 'state', not {self.style!r}")
        if self.style == "party" and self.year is not None:
            raise ValueError("Party-style numbers carry no year; use style='state'")
        object.__setattr__(self, "type_code", _canonical(self.type_code, _TYPE_SPELLINGS))
        object.__setattr__(self, "issuer_code", _canonical(self.issuer_code, _ISSUER_SPELLINGS))

    @property
    def key(self) -> str:
        """Match key, e.g. ``57-nq-tw`` or ``30-nd-cp-2020``: no style, leading zeros, case or Đ/D difference."""
        key = f"{self.number.lstrip('0') or '0'}-{_fold(self.type_code)}-{_fold(self.issuer_code)}"
        return f"{key}-{self.year}" if self.year is not None else key

    @property
    def printed(self) -> str:
        """Canonical printed form: ``57-NQ/TW``, ``03/CTr-ĐU``, ``30/2020/NĐ-CP``."""
        if self.style == "party":
            return f"{self.number}-{self.type_code}/{self.issuer_code}"
        year = f"{self.year}/" if self.year is not None else ""
        return f"{self.number}/{year}{self.type_code}-{self.issuer_code}"

    def __str__(self) -> str:
        return self.printed


class InvalidDirectiveNumber(ValueError):
    """Text that is not one directive number. `str()` gives the message in the active language."""

    def __init__(self, template: str, value: str = "", reason: str = "invalid") -> None:
        self.template = template
        self.params = {"value": value, "limit": MAX_LENGTH}
        self.reason = reason
        super().__init__(template, value)

    @property
    def message(self) -> str:
        return str(self.template) % self.params

    def __str__(self) -> str:
        return self.message


_EMPTY = _("Enter a directive number as printed, for example 57-NQ/TW or 03/CTr-ĐU.")
_TOO_LONG = _(
    "This is too long for a directive number (at most %(limit)d characters). "
    "Write it as printed, for example 57-NQ/TW or 03/CTr-ĐU."
)
_NO_NUMBER = _("“%(value)s” has no number. A directive number starts with digits, for example 57-NQ/TW or 03/CTr-ĐU.")
_NO_TYPE = _(
    "“%(value)s” has no document type code such as NQ or CV. Write it as printed, for example 57-NQ/TW or 03/CTr-ĐU."
)
_INVALID = _("“%(value)s” is not a directive number. Write it as printed, for example 57-NQ/TW or 03/CTr-ĐU.")


def _from_match(match: re.Match[str]) -> DirectiveNumber:
    return DirectiveNumber(
        number=match["number"],
        type_code=match["type"],
        issuer_code=match["issuer"],
        year=int(match["year"]) if match["year"] else None,
        style="state" if match["state"] is not None else "party",
    )


def parse_directive_number(text: str) -> DirectiveNumber:
    """The one directive number that `text` is, or `InvalidDirectiveNumber` saying what is wrong."""
    value = (text or "").strip()
    if not value:
        raise InvalidDirectiveNumber(_EMPTY, reason="empty")
    if len(value) > MAX_LENGTH:
        raise InvalidDirectiveNumber(_TOO_LONG, reason="too_long")
    body = _normalise(value).strip()
    prefix = _PREFIX.match(body)
    if prefix:
        body = body[prefix.end() :]
    if match := _STRICT.fullmatch(body):
        return _from_match(match)
    if not re.search("[0-9]", body):
        raise InvalidDirectiveNumber(_NO_NUMBER, value, reason="no_number")
    if not re.search(f"[{_LETTER}]", body):
        raise InvalidDirectiveNumber(_NO_TYPE, value, reason="no_type")
    raise InvalidDirectiveNumber(_INVALID, value)


@dataclass(frozen=True)
class FoundNumber:
    """One directive number in a text: where it is (in the NFC form of the text), its key and printed form."""

    start: int
    end: int
    number: DirectiveNumber

    @property
    def key(self) -> str:
        return self.number.key

    @property
    def printed(self) -> str:
        return self.number.printed


def locate_directive_numbers(text: str) -> list[FoundNumber]:
    """Every directive number in running text, in order, with its position in the text's NFC form.

    Translation QA and the translation memory (LOCALES_NUMBER_FINDER) use the positions to leave a
    number's digits out of the figures check and to put one number in place of another."""
    text = unicodedata.normalize("NFC", text or "")
    # Normalisation maps characters one to one or drops invisible ones: remember, for every character
    # of the normalised text, its position in the NFC text.
    kept: list[str] = []
    positions: list[int] = []
    for position, char in enumerate(text):
        if replaced := char.translate(_TRANSLATION):
            kept.append(replaced)
            positions.append(position)
    return [
        FoundNumber(positions[match.start()], positions[match.end() - 1] + 1, _from_match(match))
        for match in _SCAN.finditer("".join(kept))
    ]


def find_directive_numbers(text: str) -> list[DirectiveNumber]:
    """Every directive number in running text, in order, duplicates kept (dedupe by `key`)."""
    return [_from_match(match) for match in _SCAN.finditer(_normalise(text or ""))]


def validate_directive_number(value: str) -> None:
    """Django validator: the value must parse as one directive number."""
    try:
        parse_directive_number(value)
    except InvalidDirectiveNumber as error:
        raise ValidationError(error.template, code="invalid_directive_number", params=error.params) from error
