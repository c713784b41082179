"""Open Graph cards: a 1200×630 PNG per page and language for link previews of pages without a picture.

A card shows the publisher's name, the kind of item (with the directive number it carries or cites)
and the title, wrapped on at most `MAX_TITLE_LINES` lines, in Noto Sans (OFL, subset to Latin,
Vietnamese and Cyrillic: `articles/fonts/`, with its licence), so every tone mark and Cyrillic
letter is drawn, never a box.

Cards are files in the default storage, ``og/<page id>-<language>-<digest>.png``. The digest is a
keyed hash (``salted_hmac``) of everything drawn, so a changed title or number gives a new file and
a card's address cannot be guessed from a page id: a card made while a page was public does not
become findable once the page is restricted. They are made lazily, the first time `articles.seo`
describes a public page that has no image of its own, and older cards of the same page and
language are removed then. `articles.seo` decides *whether* a page may have a card (never a
private, restricted, unpublished page nor a preview); this module only draws and stores.
"""

from __future__ import annotations

import io
import json
import logging
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.crypto import salted_hmac
from PIL import Image, ImageDraw, ImageFont

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
DIRECTORY = "og"
DESIGN_VERSION = "1"
"""Part of every digest: change it when the drawing changes, and every card is drawn again."""

FONTS = Path(__file__).resolve().parent / "fonts"
BOLD = FONTS / "NotoSans-Bold.ttf"
REGULAR = FONTS / "NotoSans-Regular.ttf"

MAX_TITLE_LINES = 4
MARGIN = 80
BAND = 24
TITLE_SIZES = (64, 56, 48)
"""The title is drawn in the largest size that fits in `MAX_TITLE_LINES`; the smallest is cut with "…"."""

INK = (27, 27, 27)
MUTED = (85, 85, 85)
ACCENT = (179, 38, 30)
PAPER = (255, 255, 255)
RULE = (221, 221, 221)


@dataclass(frozen=True)
class CardText:
    """Everything a card shows, already in the page's language."""

    title: str
    publisher: str = ""
    kind: str = ""
    number: str = ""


@cache
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _clean(text: str) -> str:
    """One line of NFC text (precomposed Vietnamese letters draw best), control characters dropped."""
    text = unicodedata.normalize("NFC", text or "")
    return " ".join("".join(char for char in text if unicodedata.category(char)[0] != "C").split())


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, max_lines: int) -> tuple[list[str], bool]:
    """Greedy word wrap of `text` into lines at most `width` pixels wide; (lines, whether it all fit).

    A word wider than a line is cut; when the text needs more than `max_lines`, the last line ends
    with an ellipsis."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if face.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while face.getlength(word) > width:  # a very long word: cut it where it overflows
            cut = max(1, next(i for i in range(len(word), 0, -1) if face.getlength(word[:i]) <= width))
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, True
    kept = lines[:max_lines]
    last = kept[-1]
    while last and face.getlength(f"{last}…") > width:
        last = last[:-1].rstrip()
    kept[-1] = f"{last}…"
    return kept, False


def render_card(text: CardText) -> bytes:
    """The card as PNG bytes (1200×630)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, BAND, HEIGHT), fill=ACCENT)
    inner = WIDTH - 2 * MARGIN
    y = 64

    publisher = _clean(text.publisher)
    if publisher:
        lines, _fits = wrap(publisher, font(REGULAR, 30), inner, 1)
        draw.text((MARGIN, y), lines[0], font=font(REGULAR, 30), fill=MUTED)
    y += 56
    draw.line((MARGIN, y, WIDTH - MARGIN, y), fill=RULE, width=2)
    y += 32

    label = " · ".join(part for part in (_clean(text.kind), _clean(text.number)) if part)
    if label:
        lines, _fits = wrap(label, font(BOLD, 34), inner, 1)
        draw.text((MARGIN, y), lines[0], font=font(BOLD, 34), fill=ACCENT)
        y += 64

    title = _clean(text.title)
    for size in TITLE_SIZES:
        face = font(BOLD, size)
        lines, fits = wrap(title, face, inner, MAX_TITLE_LINES)
        if fits:
            break
    line_height = round(size * 1.25)
    for line in lines:
        draw.text((MARGIN, y), line, font=face, fill=INK)
        y += line_height

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def card_name(page_id: int, language: str, text: CardText) -> str:
    """The storage name of a page's card: a new name whenever anything drawn changes."""
    payload = json.dumps([DESIGN_VERSION, text.title, text.publisher, text.kind, text.number], ensure_ascii=False)
    digest = salted_hmac("articles.og_images", payload).hexdigest()[:20]
    return f"{DIRECTORY}/{page_id}-{language}-{digest}.png"


def _remove_older_cards(page_id: int, language: str, keep: str) -> None:
    prefix = f"{page_id}-{language}-"
    try:
        _folders, files = default_storage.listdir(DIRECTORY)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        if name.startswith(prefix) and f"{DIRECTORY}/{name}" != keep:
            default_storage.delete(f"{DIRECTORY}/{name}")


def card_url(page_id: int, language: str, text: CardText) -> str | None:
    """The storage URL of the page's card, drawn and stored first when missing; None if that fails."""
    name = card_name(page_id, language, text)
    try:
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(render_card(text)))
            if saved != name:  # another process stored it at the same moment
                default_storage.delete(saved)
            _remove_older_cards(page_id, language, name)
        return default_storage.url(name)
    except OSError:
        logger.exception("The Open Graph card of page %s (%s) could not be stored", page_id, language)
        return None
