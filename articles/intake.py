"""Intake from the official document: the fields of a directive read from its text or its PDF.

This module owns reading the text of a Vietnamese Party or State document — header with the issuing
body, "Số …", place and date, type, "V/v …", "Kính gửi", body, "Nơi nhận", signer — into an
`IntakeResult` of proposed values, each with the text it came from and a sure/unsure mark, plus every
directive the text cites with its relation read from the verb before it ("Thực hiện" → implements,
"căn cứ" → based on, …). `draft_page` turns an accepted result into an unsaved draft `DirectivePage`;
nothing here saves anything. Numbers are read only through `articles.directive_numbers`.

`read_pdf` takes the text layer with pypdf; a PDF without one goes through Tesseract's Vietnamese
data (Debian `tesseract-ocr`, `tesseract-ocr-vie`), its pages rendered by poppler's `pdftoppm` when
present (Debian `poppler-utils`), else taken as the images the scan embedded. Work is bounded: file
size, pages, text length and a timeout on every subprocess.

It knows nothing of views, forms or commands (articles.intake_views and the `import_directive`
command use it). Queries: one each for issuing bodies, document types and the cited directives.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page

from articles.directive_numbers import DirectiveNumber, FoundNumber, locate_directive_numbers
from articles.models import DirectivePage, DirectiveRelation, DocumentType, IssuingBody
from search.analysis import fold

MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 100
MAX_OCR_PAGES = 20
MAX_TEXT_CHARS = 400_000
OCR_DPI = 300
SUBPROCESS_TIMEOUT = 120  # seconds, for each page rendered or read by OCR
OCR_LANGUAGE = "vie"  # Tesseract's code for its Vietnamese data (the documents' language, not the UI's)
OCR_PACKAGES = "tesseract-ocr tesseract-ocr-vie"
HEADER_LINES = 40  # the header (issuer, number, date, subject, addressees) is within the first lines

Relation = DirectiveRelation.Type


class IntakeError(Exception):
    """A file or text that cannot be read; `str()` gives the message in the active language."""

    def __init__(self, message: Any, **params: Any) -> None:
        self.template = message
        self.params = params
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.template) % self.params if self.params else str(self.template)


@dataclass
class Proposed:
    """One proposed value, the text it was read from, and whether the reading is sure."""

    value: Any
    source: str
    sure: bool = True

    @property
    def display(self) -> str:
        if isinstance(self.value, list | tuple):
            return "\n".join(str(item) for item in self.value)
        if isinstance(self.value, datetime.date):
            return self.value.isoformat()
        return "" if self.value is None else str(self.value)


@dataclass
class Citation:
    """A directive the text cites: its number, the relation read from the verb before it, the date
    printed after it, and the page of that directive on the site (None: kept as a bare number)."""

    number: DirectiveNumber
    relation: str
    source: str
    sure: bool = True
    date: datetime.date | None = None
    page: DirectivePage | None = None

    @property
    def relation_label(self) -> str:
        return str(Relation(self.relation).label)


FIELD_LABELS = {
    "issuing_body": pgettext_lazy("directive intake", "issuing body"),
    "number": pgettext_lazy("directive intake", "number"),
    "document_type": pgettext_lazy("directive intake", "document type"),
    "place": pgettext_lazy("directive intake", "place of issue"),
    "issue_date": pgettext_lazy("directive intake", "issue date"),
    "subject": pgettext_lazy("directive intake", "subject"),
    "addressees": pgettext_lazy("directive intake", "addressees (Kính gửi)"),
    "recipients": pgettext_lazy("directive intake", "distribution (Nơi nhận)"),
    "signer_name": pgettext_lazy("directive intake", "signer"),
    "signer_title": pgettext_lazy("directive intake", "signer's title"),
    "body": pgettext_lazy("directive intake", "text"),
}
"""Every field the intake proposes, in the order of the document, with its label."""


@dataclass
class IntakeResult:
    """What the intake read. A field it did not find is None; `problems` says what is missing or unsure."""

    issuing_body: Proposed | None = None
    number: Proposed | None = None
    document_type: Proposed | None = None
    place: Proposed | None = None
    issue_date: Proposed | None = None
    subject: Proposed | None = None
    addressees: Proposed | None = None
    recipients: Proposed | None = None
    signer_name: Proposed | None = None
    signer_title: Proposed | None = None
    body: Proposed | None = None
    citations: list[Citation] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)

    @property
    def can_draft(self) -> bool:
        """A draft needs at least the number and the issue date (the page's required fields)."""
        return self.number is not None and self.issue_date is not None

    def fields(self) -> list[tuple[str, str, Proposed | None]]:
        """(name, label, proposed value) for every field, in the order of the document."""
        return [(name, str(label), getattr(self, name)) for name, label in FIELD_LABELS.items()]

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready summary, for the command line and scripts."""

        def value(name: str, proposed: Proposed | None) -> Any:
            if proposed is None:
                return None
            item: Any = proposed.value
            if name == "issuing_body" and item is not None:
                item = {"id": item.pk, "name": item.name, "abbreviation": item.abbreviation}
            elif name == "document_type" and item is not None:
                item = {"id": item.pk, "code": item.code, "name": item.name}
            elif isinstance(item, datetime.date):
                item = item.isoformat()
            elif isinstance(item, DirectiveNumber):
                item = {"printed": item.printed, "key": item.key}
            return {"value": item, "source": proposed.source, "sure": proposed.sure}

        return {
            "can_draft": self.can_draft,
            "fields": {name: value(name, proposed) for name, _label, proposed in self.fields()},
            "citations": [
                {
                    "number": citation.number.printed,
                    "key": citation.number.key,
                    "relation": citation.relation,
                    "date": citation.date.isoformat() if citation.date else None,
                    "page_id": citation.page.pk if citation.page else None,
                    "source": citation.source,
                    "sure": citation.sure,
                }
                for citation in self.citations
            ],
            "problems": [str(problem) for problem in self.problems],
        }


# --- Text clean-up ------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_OCR_LETTERS = {ord("\u00d0"): "Đ", ord("\u00f0"): "đ", ord("\u0110"): "Đ", ord("\u0111"): "đ"}
_EMPHASIS = re.compile(r"^(?:\*\*+|__+)\s*|\s*(?:\*\*+|__+)$")  # bold marks left by text converters
_BULLET = re.compile(r"^(?:[-+•–—*]\s+|[-–—]\S)")  # "- item", "+ item", "• item", "-item"
_HEADING = re.compile(r"^(?P<number>[0-9]{1,2}(?:\.[0-9]{1,2})*|[IVX]{1,5})\.\s+\S")  # "1. …", "2.1. …", "II. …"
_LETTER_ITEM = re.compile(r"^[a-zđ]\)\s+\S")  # "a) …"
_END_OF_SENTENCE = re.compile(r"[.:;!?…]$")
_DECORATION = re.compile(r"^[\W_]*$")  # "*", "-----", "___": no letter or digit


def normalise_text(text: str) -> str:
    """NFC, OCR's Ð for Đ, no invisible characters, one kind of line break, no page feeds."""
    text = unicodedata.normalize("NFC", text or "").translate(_INVISIBLE).translate(_OCR_LETTERS)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


def _clean_line(line: str) -> str:
    line = " ".join(line.split())
    return _EMPHASIS.sub("", line).strip() if line not in ("*", "**") else line


def _key(text: str) -> str:
    """Folded, lower case, letters and digits only: ``ĐẢNG ỦY CHÍNH PHỦ`` → ``dang uy chinh phu``."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", _folded(text)).split())


def _folded(text: str) -> str:
    """Lower case without marks, one character for one (so positions carry over to the original)."""
    return "".join(folded if len(folded := fold(char).lower()) == 1 else char.lower() for char in text)


def _starts_lower(line: str) -> bool:
    return bool(line) and line[0].isalpha() and line[0].islower()


def _is_upper(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _is_list_start(line: str) -> bool:
    return bool(_BULLET.match(line) or _HEADING.match(line) or _LETTER_ITEM.match(line))


# --- Header ------------------------------------------------------------------------------------------

_MOTTOS = [
    re.compile(r"dang\W+cong\W+san\W+viet\W+nam"),
    re.compile(r"cong\W+hoa\W+xa\W+hoi\W+chu\W+nghia\W+viet\W+nam"),
    re.compile(r"doc\W+lap\W+tu\W+do\W+hanh\W+phuc"),
]
_NUMBER_PREFIX = re.compile(r"(?:^|\s)(?:so|no\.?|№)\s*[:.]?\s*(?=[0-9])")
_DATE_WORDS = re.compile(r"ngay\s*([0-9]{1,2})\s*thang\s*([0-9]{1,2})\s*nam\s*([0-9]{4})")
_DATE_DIGITS = re.compile(r"ngay\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})")
_SUBJECT = re.compile(r"^(?:v\s*/\s*v|ve\s+viec)\b\s*[:.]?")
_ABOUT = re.compile(r"^ve\s")
_ADDRESSEES = re.compile(r"^kinh\s*gui\s*[:.]?")
_RECIPIENTS = re.compile(r"^noi\s*nhan\s*[:.]?")
_CAPACITY = re.compile(r"^(?:t\s*/\s*m|k\s*/\s*t|t\s*/\s*l|tm\.|kt\.|tl\.|tuq\.?|q\.|thay\s+mat|ky\s+thay)(?:\s|$)")
_SIGNED = re.compile(r"^\((?:da\s+)?ky[^)]*\)$|^\(da\s+ky\s+va\s+dong\s+dau\)$")


def _without_mottos(line: str) -> str:
    """The line without "ĐẢNG CỘNG SẢN VIỆT NAM" and the State motto (OCR may run columns together)."""
    folded = _folded(line)
    for motto in _MOTTOS:
        while match := motto.search(folded):
            line = line[: match.start()] + " " * (match.end() - match.start()) + line[match.end() :]
            folded = folded[: match.start()] + " " * (match.end() - match.start()) + folded[match.end() :]
    return " ".join(line.split()).strip(" -–,")


def _date_in(line: str) -> tuple[re.Match[str], datetime.date | None] | None:
    folded = _folded(line)
    match = _DATE_WORDS.search(folded) or _DATE_DIGITS.search(folded)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return match, datetime.date(year, month, day)
    except ValueError:
        return match, None


@dataclass
class _Header:
    number_line: int | None = None
    date_line: int | None = None
    end: int = -1  # index of the header's last line


def _take_continuation(lines: list[str], start: int) -> tuple[list[str], int]:
    """Lines after `start` that go on the sentence of line `start` (they begin in lower case)."""
    taken, index = [], start + 1
    while index < len(lines) and _starts_lower(lines[index]):
        taken.append(lines[index])
        index += 1
    return taken, index - 1


# --- Reading --------------------------------------------------------------------------------------


def read_directive(text: str, locale: Locale | None = None) -> IntakeResult:
    """Every field of a directive that `text` (the document's text) shows, proposed for review.

    `locale` is where the draft would go: cited directives are looked up there (default: every locale).
    Text without a number, a date and an issuing body is not a directive: the result then holds only
    a problem saying so, and `can_draft` is false."""
    result = IntakeResult()
    text = normalise_text(text)
    if len(text) > MAX_TEXT_CHARS:
        result.problems.append(
            IntakeError(_("The text is too long to read (at most %(limit)d characters)."), limit=MAX_TEXT_CHARS)
        )
        return result
    raw = [_clean_line(line) for line in text.split("\n")]
    lines = [line for line in raw if line]
    if not lines:
        result.problems.append(_("The text is empty."))
        return result
    document_types = list(DocumentType.objects.all())
    header = _read_header(lines, document_types, result)
    if result.number is None and result.issue_date is None and result.issuing_body is None:
        return IntakeResult(
            problems=[
                _(
                    "This does not look like an official document: no number (“Số …”), no date "
                    "(“…, ngày … tháng … năm …”) and no issuing body were found. Nothing was filled in."
                )
            ]
        )
    body_end = _read_tail(lines, header.end + 1, result)
    _read_body(lines, header.end + 1, body_end, _blank_before(raw), result)
    _read_citations(result, document_types, locale)
    _check(result, header, document_types)
    return result


def _blank_before(raw: list[str]) -> list[bool]:
    """For each non-empty line, whether an empty line comes before it."""
    flags, blank = [], False
    for line in raw:
        if not line:
            blank = True
            continue
        flags.append(blank)
        blank = False
    return flags


def _header_date(line: str) -> tuple[re.Match[str], datetime.date | None] | None:
    """The date of a "<place>, ngày … tháng … năm …" line: nothing but the place may stand before it
    (a number and the mottos aside, when OCR ran the columns together) and nothing after it."""
    dated = _date_in(line)
    if dated is None:
        return None
    match = dated[0]
    if re.search(r"\w", _without_mottos(line[match.end() :])):
        return None
    return dated


def _read_header(lines: list[str], document_types: list[DocumentType], result: IntakeResult) -> _Header:
    header = _Header()
    region = lines[:HEADER_LINES]
    folded = [_folded(line) for line in region]
    addressees_at = next((i for i, line in enumerate(folded) if _ADDRESSEES.match(line)), None)
    if addressees_at is not None:
        region = region[: addressees_at + 1]

    # Number: the "Số …" line, else the first number of the header's first lines (unsure).
    issuer_prefix = ""
    for index, line in enumerate(region):
        prefix = _NUMBER_PREFIX.search(folded[index])
        found = [number for number in locate_directive_numbers(line) if prefix and number.start >= prefix.start()]
        if found:
            header.number_line = index
            issuer_prefix = line[: prefix.start()].strip()  # "ĐẢNG ỦY CHÍNH PHỦ Số 380-CV/ĐU" read as one line
            result.number = Proposed(found[0].number, line)
            break
    if result.number is None:
        for index, line in enumerate(region[:15]):
            if found := locate_directive_numbers(line):
                header.number_line = index
                result.number = Proposed(found[0].number, line, sure=False)
                break
    ends = [header.number_line if header.number_line is not None else -1]

    # Place and date: the first "<place>, ngày … tháng … năm …" line of the header.
    for index, line in enumerate(region):
        if dated := _header_date(line):
            match, date = dated
            header.date_line = index
            ends.append(index)
            if date is None:
                result.problems.append(
                    IntakeError(_("“%(text)s” is not a real date; enter the issue date by hand."), text=line)
                )
                break
            result.issue_date = Proposed(date, line)
            place = _without_mottos(line[: match.start()]).rstrip(" ,")
            if numbers := locate_directive_numbers(place):  # "Số 380-CV/ĐU   Hà Nội, ngày …" on one line
                place = place[numbers[-1].end :].strip(" ,")
            if place and len(place) <= 60 and not re.search("[0-9]", place):
                result.place = Proposed(place, line)
            break

    # Type: a line that is a type's name ("NGHỊ QUYẾT"); subject: "V/v …", "Về việc …", or "về …" under it.
    type_names = {_key(name): item for item in document_types for name in _names(item)}
    type_line = None
    for index, line in enumerate(region):
        if index != header.number_line and _is_upper(line) and _key(line) in type_names:
            type_line = index
            ends.append(index)
            result.document_type = Proposed(type_names[_key(line)], line)
            break
    for index, line in enumerate(region):
        marked = bool(_SUBJECT.match(folded[index]))
        if marked or (type_line is not None and index == type_line + 1 and _ABOUT.match(folded[index])):
            rest, last = _take_continuation(lines, index)
            ends.append(last)
            result.subject = Proposed(" ".join([line, *rest]), "\n".join([line, *rest]), sure=marked)
            break

    # Addressees: "Kính gửi: …" and the bullet lines after it.
    if addressees_at is not None:
        line = lines[addressees_at]
        first = _strip_bullet(line[_ADDRESSEES.match(folded[addressees_at]).end() :])
        names, index = ([first] if first else []), addressees_at + 1
        while index < len(lines) and (_BULLET.match(lines[index]) or (not names and index == addressees_at + 1)):
            names.append(_strip_bullet(lines[index]))
            index += 1
        ends.append(index - 1)
        result.addressees = Proposed([name for name in names if name], "\n".join(lines[addressees_at:index]))

    # Mottos and decorations ("*", "-----") between or right after those belong to the header too.
    header.end = max(ends)
    while header.end + 1 < len(region) and (
        _DECORATION.match(region[header.end + 1]) or any(m.search(folded[header.end + 1]) for m in _MOTTOS)
    ):
        header.end += 1
    above = region[: header.number_line] if header.number_line is not None else []
    _read_issuer([*above, issuer_prefix] if issuer_prefix else above, result)
    return header


def _strip_bullet(text: str) -> str:
    text = text.strip()
    text = re.sub(r"^[-+•–—*]\s*", "", text)
    return text.rstrip(" ,;.-–").strip()


def _names(instance: IssuingBody | DocumentType) -> set[str]:
    """The object's name in every language of the site (django-modeltranslation's columns)."""
    names = {instance.name}
    for code, _label in settings.LANGUAGES:
        if value := getattr(instance, f"name_{code}", ""):
            names.add(value)
    return {name for name in names if name}


def _read_issuer(lines: list[str], result: IntakeResult) -> None:
    """The issuing body: the header lines above "Số", matched to `IssuingBody` by name or code."""
    candidates = [line for line in (_without_mottos(line) for line in lines) if line and not _DECORATION.match(line)]
    candidates = [line for line in candidates if not _date_in(line)][-3:]
    if not candidates:
        return
    source = "\n".join(candidates)
    code = result.number.value.issuer_code if result.number else None
    bodies = list(IssuingBody.objects.all())

    # Try the last line, the last two, all: the issuer is under its superior body ("ĐẢNG BỘ …" / "BAN …").
    tried = [candidates[-1], " ".join(candidates[-2:]), " ".join(candidates), *candidates]
    for text in tried:
        exact = [body for body in bodies if _key(text) in {_key(name) for name in _names(body)}]
        if code and len(exact) > 1:
            exact = [body for body in exact if _key(body.abbreviation) == _key(code)] or exact
        if exact:
            result.issuing_body = Proposed(exact[0], source, sure=len(exact) == 1)
            return
    # A body whose code is the number's issuer code and whose name the header contains: unsure.
    header_key = _key(" ".join(candidates))
    partial = [
        body
        for body in bodies
        if code and _key(body.abbreviation) == _key(code) and any(_key(name) in header_key for name in _names(body))
    ]
    if partial:
        best = max(partial, key=lambda body: max(len(_key(name)) for name in _names(body)))
        result.issuing_body = Proposed(best, source, sure=False)
        result.problems.append(
            IntakeError(
                _("No issuing body is named exactly “%(text)s”; “%(body)s” is proposed. Check it."),
                text=candidates[-1],
                body=str(best),
            )
        )
        return
    result.issuing_body = Proposed(None, source, sure=False)
    result.problems.append(
        IntakeError(
            _("No issuing body on the site is named “%(text)s”. Add it under Reference data, then choose it."),
            text=candidates[-1],
        )
    )


# --- Tail: distribution list and signature ----------------------------------------------------------


def _read_tail(lines: list[str], body_start: int, result: IntakeResult) -> int:
    """Read "Nơi nhận" and the signature after the body; return where the body ends."""
    folded = [_folded(line) for line in lines]
    recipients_at = next((i for i in range(body_start, len(lines)) if _RECIPIENTS.match(folded[i])), None)
    capacity_at = next(
        (i for i in range(body_start, len(lines)) if _CAPACITY.match(folded[i]) and _is_upper(lines[i])), None
    )
    starts = [index for index in (recipients_at, capacity_at) if index is not None]
    if not starts:
        result.problems.append(_("No “Nơi nhận” list and no signature block were found: check where the text ends."))
        return len(lines)
    body_end = min(starts)

    used: set[int] = set()
    if recipients_at is not None:
        items: list[str] = []
        index = recipients_at + 1
        used.add(recipients_at)
        while index < len(lines):
            line = lines[index]
            if _BULLET.match(line):
                items.append(_strip_bullet(line))
            elif items and _starts_lower(line):
                items[-1] = _strip_bullet(f"{items[-1]} {line}")
            else:
                break
            used.add(index)
            index += 1
        result.recipients = Proposed([item for item in items if item], "\n".join(lines[recipients_at:index]))

    tail = [(index, line) for index, line in enumerate(lines) if index >= body_end and index not in used]
    titles = [
        (index, line)
        for index, line in tail
        if _is_upper(line) and not _RECIPIENTS.match(folded[index]) and not _SIGNED.match(folded[index])
    ]
    names = [(index, line) for index, line in tail if _looks_like_name(line)]
    if titles:
        result.signer_title = Proposed(
            ", ".join(line for _index, line in titles), "\n".join(line for _i, line in titles)
        )
    if names:
        index, name = names[-1]
        result.signer_name = Proposed(name, name, sure=not titles or index > titles[-1][0])
    if not names or not titles:
        result.problems.append(_("The signer’s name or title was not found: fill it in by hand."))
    return body_end


def _looks_like_name(line: str) -> bool:
    """A person's name: two to six words, each capitalised ("Nguyễn Đức Phong")."""
    words = line.split()
    return 2 <= len(words) <= 6 and all(
        word[0].isupper() and (len(word) == 1 or word[1:].islower()) and word.isalpha() for word in words
    )


# --- Body -----------------------------------------------------------------------------------------------


def _read_body(lines: list[str], start: int, end: int, blank_before: list[bool], result: IntakeResult) -> None:
    """The body as paragraphs: lines wrapped inside a sentence (or across a page) are joined again."""
    if start >= end:
        result.problems.append(_("No text was found between the header and the signature."))
        return
    wrapped = sorted(len(lines[i]) for i in range(start, end - 1) if _starts_lower(lines[i + 1]))
    width = wrapped[len(wrapped) // 2] if wrapped else 0  # the usual length of a full printed line
    paragraphs: list[str] = []
    last_line = ""
    for index in range(start, end):
        line = lines[index]
        if paragraphs and not _breaks(paragraphs[-1], last_line, line, blank_before[index], width):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        last_line = line
    result.body = Proposed(paragraphs, "\n".join(lines[start:end]), sure=result.signer_name is not None)


def _breaks(paragraph: str, last_line: str, line: str, blank: bool, width: int) -> bool:
    """Whether `line` starts a new paragraph after `paragraph`, whose last printed line is `last_line`."""
    if _is_list_start(line):
        return True
    if _starts_lower(line):  # the sentence goes on, across a page break too
        return False
    if blank:
        return True
    full = bool(width) and 0.85 * width <= len(last_line) <= 1.15 * width  # a line wrapped at the margin
    if _END_OF_SENTENCE.search(paragraph):
        return not full  # a sentence ending at the margin may go on in the same paragraph
    # A short line before a capital ends a heading or a paragraph; a wrapped line is about full.
    return bool(width) and len(last_line) < 0.7 * width


def body_stream(paragraphs: Iterable[str]) -> list[dict[str, Any]]:
    """The body's StreamField data: numbered headings ("1. …") open sections, "2.1. …" sub-headings
    and plain paragraphs go into them, "- …" items become lists; text before any heading is paragraphs."""
    stream: list[dict[str, Any]] = []
    section: dict[str, Any] | None = None
    parts: list[str] = []
    items: list[str] = []

    def flush_items() -> None:
        if items:
            parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")
            items.clear()

    def flush() -> None:
        flush_items()
        if section is not None:
            section["value"]["body"] = "".join(parts) or "<p></p>"
            stream.append(section)
        else:
            stream.extend({"type": "paragraph", "value": part, "id": str(uuid.uuid4())} for part in parts)
        parts.clear()

    for paragraph in paragraphs:
        heading = _HEADING.match(paragraph)
        if heading and "." not in heading["number"] and len(paragraph) <= 255:
            flush()
            section = {"type": "section", "value": {"heading": paragraph, "body": ""}, "id": str(uuid.uuid4())}
        elif _BULLET.match(paragraph):
            items.append(re.sub(r"^[-+•–—*]\s*", "", paragraph))
        else:
            flush_items()
            text = f"<b>{escape(paragraph)}</b>" if heading else escape(paragraph)
            parts.append(f"<p>{text}</p>")
    flush()
    return stream


# --- Cited directives ---------------------------------------------------------------------------------

_VERBS = [
    (re.compile(r"\bsua\s+doi\s*,?\s*(?:va\s+)?bo\s+sung\b"), Relation.AMENDS),
    (re.compile(r"\bthuc\s+hien\b"), Relation.IMPLEMENTS),
    (re.compile(r"\bcan\s+cu\b"), Relation.BASED_ON),
    (re.compile(r"\btrien\s+khai\b"), Relation.DEPLOYS),
    (re.compile(r"\bhuong\s+dan\b"), Relation.GUIDES),
    (re.compile(r"\bsua\s+doi\b"), Relation.AMENDS),
    (re.compile(r"\bbo\s+sung\b"), Relation.SUPPLEMENTS),
    (re.compile(r"\bthay\s+the\b"), Relation.REPLACES),
    (re.compile(r"\bbai\s+bo\b"), Relation.REPEALS),
    (re.compile(r"\bdinh\s+chinh\b"), Relation.CORRECTS),
]
"""Verbs before a cited number (folded) → the relation they give; the last one before the number counts."""
_CLAUSE_END = re.compile(r"[;!?]|\.(?=\s)|\n")
_CITED_DATE = re.compile(
    r"^\s*[,(]?\s*(?:ban\s+hanh\s+)?ngay\s*([0-9]{1,2})\s*(?:[/.-]|\s*thang\s*)\s*([0-9]{1,2})"
    r"\s*(?:[/.-]|\s*nam\s*)\s*([0-9]{4})"
)


def _read_citations(result: IntakeResult, document_types: list[DocumentType], locale: Locale | None) -> None:
    parts = [result.subject.value if result.subject else "", *(result.body.value if result.body else [])]
    text = "\n".join(parts)
    folded = _folded(text)
    own = result.number.value.key if result.number else None
    type_names = {item.code: {_key(name) for name in _names(item)} for item in document_types}
    citations: dict[str, Citation] = {}
    previous_end = 0
    for found in locate_directive_numbers(text):
        window_start = previous_end
        for clause_end in _CLAUSE_END.finditer(text, previous_end, found.start):
            window_start = clause_end.end()
        previous_end = found.end
        if found.key == own:
            continue
        relation, verb_start = _relation_before(folded[window_start : found.start], found, type_names)
        date = _cited_date(folded[found.end : found.end + 60])
        snippet_start = window_start + verb_start if verb_start is not None else window_start
        snippet = " ".join(text[snippet_start : found.end + 30].split())
        citation = Citation(found.number, relation, snippet, sure=verb_start is not None, date=date)
        known = citations.get(found.key)
        if known is None:
            citations[found.key] = citation
        elif not known.sure and citation.sure:  # a later citation with a verb says more
            known.relation, known.source, known.sure = citation.relation, citation.source, True
            known.date = known.date or citation.date
    _link_pages(list(citations.values()), locale)
    result.citations = list(citations.values())


def _relation_before(window: str, found: FoundNumber, type_names: dict[str, set[str]]) -> tuple[str, int | None]:
    """The relation given by the last verb of `window` (the clause before the number), and where it starts.

    A verb that is the cited document's own type ("căn cứ Hướng dẫn số 12-HD/TW") does not count."""
    own_type = type_names.get(found.number.type_code, set())
    best: tuple[int, int, str] | None = None  # (end, -start, relation)
    for pattern, relation in _VERBS:
        for match in pattern.finditer(window):
            if _key(match.group()) in own_type and re.fullmatch(r"[\s\w]{0,40}", window[match.end() :]):
                continue
            candidate = (match.end(), -match.start(), relation.value)
            if best is None or candidate > best:
                best = candidate
    if best is None:
        return Relation.RELATED.value, None
    return best[2], -best[1]


def _cited_date(after: str) -> datetime.date | None:
    if match := _CITED_DATE.match(after):
        day, month, year = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    return None


def _link_pages(citations: list[Citation], locale: Locale | None) -> None:
    """Each citation's directive on the site, by number key (and by date when several share it)."""
    if not citations:
        return
    pages = DirectivePage.objects.filter(number_key__in={citation.number.key for citation in citations})
    if locale is not None:
        pages = pages.filter(locale=locale)
    by_key: dict[str, list[DirectivePage]] = {}
    for page in pages.order_by("-live", "pk").only("pk", "title", "number", "number_key", "issue_date", "live"):
        by_key.setdefault(page.number_key, []).append(page)
    for citation in citations:
        candidates = by_key.get(citation.number.key, [])
        if citation.date:
            candidates = [page for page in candidates if page.issue_date == citation.date] or candidates
        if len(candidates) > 1:
            citation.sure = False
        citation.page = candidates[0] if candidates else None


def _check(result: IntakeResult, header: _Header, document_types: list[DocumentType]) -> None:
    """Fill the type from the number's code when no type line says it; list what is missing or unsure."""
    if result.number is None:
        result.problems.append(_("No directive number (“Số …”) was found: a draft needs one."))
    elif not result.number.sure:
        result.problems.append(_("The number was not on a “Số …” line: check it."))
    if header.date_line is None:
        result.problems.append(_("No issue date (“…, ngày … tháng … năm …”) was found: a draft needs one."))
    if result.number is not None:
        code = result.number.value.type_code
        from_number = next((item for item in document_types if item.code == code), None)
        shown = result.document_type.value if result.document_type else None
        if shown is None and from_number is not None:
            result.document_type = Proposed(from_number, result.number.source)
        elif shown is not None and from_number is not None and shown != from_number:
            result.document_type = Proposed(from_number, result.number.source, sure=False)
            result.problems.append(
                IntakeError(
                    _("The type line says “%(shown)s” but the number says %(code)s: check the type."),
                    shown=shown.name,
                    code=code,
                )
            )
        elif shown is None:
            result.problems.append(
                IntakeError(_("No document type on the site has the code %(code)s: choose the type."), code=code)
            )
    if result.subject is None:
        result.problems.append(_("No subject line (“V/v …”) was found."))


# --- PDF ------------------------------------------------------------------------------------------------


def read_pdf(data: bytes) -> str:
    """The text of a PDF: its text layer, or for a scan without one, Tesseract's reading of its pages.

    Raises `IntakeError` with a message for the editor: too large, not a PDF, too many pages, or a scan
    on a machine without Tesseract's Vietnamese data (naming the Debian packages to install)."""
    if len(data) > MAX_PDF_BYTES:
        raise IntakeError(_("The PDF is larger than %(size)d MB."), size=MAX_PDF_BYTES // (1024 * 1024))
    if not data.lstrip()[:5] == b"%PDF-":
        raise IntakeError(_("This file is not a PDF."))
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IntakeError(_("The PDF is protected by a password; upload a copy without one."))
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise IntakeError(_("The PDF has more than %(count)d pages."), count=MAX_PDF_PAGES)
        texts = [page.extract_text() or "" for page in pages]
    except IntakeError:
        raise
    except Exception as error:  # pypdf raises many kinds on broken files
        raise IntakeError(_("The PDF could not be read: %(error)s"), error=str(error)[:200]) from error
    text = "\n".join(texts)
    if sum(char.isalpha() for char in text) >= 10 * len(texts):  # a text layer, not a scan's stray marks
        return text
    return _ocr(data, reader)


def ocr_available() -> str | None:
    """None when Tesseract with its Vietnamese data is installed; else the message saying what to install."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return str(
            IntakeError(
                _(
                    "This PDF has no text layer, and reading scans needs Tesseract with its Vietnamese data. "
                    "Install the Debian packages %(packages)s (make system-deps), or paste the text instead."
                ),
                packages=OCR_PACKAGES,
            )
        )
    try:
        listed = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        listed = None
    if listed is None or OCR_LANGUAGE not in (listed.stdout + listed.stderr).split():
        return str(
            IntakeError(
                _(
                    "This PDF has no text layer, and Tesseract lacks its Vietnamese data. Install the Debian "
                    "package tesseract-ocr-vie (make system-deps), or paste the text instead."
                )
            )
        )
    return None


def _ocr(data: bytes, reader: Any) -> str:
    if missing := ocr_available():
        raise IntakeError(missing)
    if len(reader.pages) > MAX_OCR_PAGES:
        raise IntakeError(
            _("This scanned PDF has more than %(count)d pages; split it or paste the text."), count=MAX_OCR_PAGES
        )
    images = _page_images(data, reader)
    texts = []
    for image in images:
        try:
            done = subprocess.run(
                [shutil.which("tesseract") or "tesseract", "-", "-", "-l", OCR_LANGUAGE],
                input=image,
                capture_output=True,
                timeout=SUBPROCESS_TIMEOUT,
                check=False,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},  # one core: the server's workers share the rest
            )
        except subprocess.TimeoutExpired as error:
            raise IntakeError(_("Reading the scan took too long; paste the text instead.")) from error
        if done.returncode != 0:
            raise IntakeError(_("Tesseract could not read the scan: %(error)s"), error=done.stderr.decode()[-200:])
        texts.append(done.stdout.decode("utf-8", "replace"))
    text = "\n".join(texts)
    if not text.strip():
        raise IntakeError(_("No text was found in this PDF, not even by reading it as a scan."))
    return text


def _page_images(data: bytes, reader: Any) -> list[bytes]:
    """A PNG image of each page: the picture the scanner embedded (read at its own resolution, the
    quickest for Tesseract), else the page rendered by pdftoppm when it is installed."""
    images = []
    with tempfile.TemporaryDirectory(prefix="intake-") as folder:
        for number, page in enumerate(reader.pages, 1):
            image = _embedded_image(page)
            if image is None:
                image = _rendered_page(data, number, Path(folder))
            if image is not None:
                images.append(image)
    return images


def _embedded_image(page: Any) -> bytes | None:
    try:
        embedded = list(page.images)
        if not embedded:
            return None
        picture = max(embedded, key=lambda image: image.image.width * image.image.height).image
        if page.rotation % 360:
            picture = picture.rotate(-page.rotation, expand=True)
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
    except Exception:  # an image format pypdf or Pillow cannot decode: render the page instead
        return None
    return buffer.getvalue()


def _rendered_page(data: bytes, number: int, folder: Path) -> bytes | None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return None
    source = folder / "in.pdf"
    if not source.exists():
        source.write_bytes(data)
    target = folder / f"page-{number}"
    pages = ["-f", str(number), "-l", str(number)]
    try:
        subprocess.run(
            [pdftoppm, "-r", str(OCR_DPI), "-gray", "-png", "-singlefile", *pages, str(source), str(target)],
            capture_output=True,
            timeout=SUBPROCESS_TIMEOUT,
            check=True,
        )
    except (subprocess.SubprocessError, OSError) as error:
        raise IntakeError(_("The scanned pages could not be rendered for reading.")) from error
    return target.with_suffix(".png").read_bytes()


# --- Draft ------------------------------------------------------------------------------------------------


def draft_page(result: IntakeResult, parent: Page) -> DirectivePage:
    """An unsaved, unpublished DirectivePage with the result's fields and relations, for `parent`."""
    if not result.can_draft:
        raise IntakeError(_("A draft needs at least a number and an issue date."))
    number: DirectiveNumber = result.number.value
    document_type = result.document_type.value if result.document_type else None
    language = parent.locale.language_code
    type_name = (getattr(document_type, f"name_{language}", "") or document_type.name) if document_type else ""
    page = DirectivePage(
        title=propose_title(type_name, number.printed, result.subject.value if result.subject else ""),
        slug=find_available_slug(parent, slugify(fold(f"{type_name} {number.printed}")) or "directive"),
        number=number.printed,
        document_type=document_type,
        issuing_body=result.issuing_body.value if result.issuing_body else None,
        issue_date=result.issue_date.value,
        place=(result.place.value if result.place else "")[:100],
        subject=(result.subject.value if result.subject else "")[:500],
        recipients="\n".join(_recipients(result)),
        signer_name=(result.signer_name.value if result.signer_name else "")[:120],
        signer_title=(result.signer_title.value if result.signer_title else "")[:200],
        body=body_stream(result.body.value) if result.body else [],
        live=False,
    )
    page.relations = [
        DirectiveRelation(
            relation_type=citation.relation,
            target_page=citation.page,
            target_number="" if citation.page else citation.number.printed,
        )
        for citation in result.citations
    ]
    return page


def _recipients(result: IntakeResult) -> list[str]:
    """The addressees, then the distribution list, its "Như kính gửi" (as addressed above) left out."""
    addressees = list(result.addressees.value) if result.addressees else []
    listed = list(result.recipients.value) if result.recipients else []
    lines = [*addressees, *(item for item in listed if not re.match(r"nh[uư]\s+(kinh\s+gui|tren)", _folded(item)))]
    return list(dict.fromkeys(lines))


def propose_title(type_name: str, number: str, subject: str) -> str:
    """The title “Công văn 380-CV/ĐU về …”: the type, the number, and the subject without its “V/v”."""
    marked = _SUBJECT.match(_folded(subject))
    about = subject[marked.end() :].strip() if marked else subject.strip()
    if marked and about:
        about = f"về {about}"  # the document's own language: "V/v" stands for "về việc"
    title = " ".join(part for part in (type_name, number, about) if part)
    if len(title) > 255:
        title = title[:254].rsplit(" ", 1)[0] + "…"
    return title
