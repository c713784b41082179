"""Which web-font files a page preloads: the faces of `css/site.css` whose `unicode-range` its text needs.

The stylesheet declares Noto Sans per script subset (latin, latin-ext, vietnamese, cyrillic, …) with
`unicode-range`, so a browser fetches a subset only once text needs it — after the first layout,
which then shifts when the font arrives (a Ukrainian header re-wraps by a line). Preloading the
subsets the page's language needs avoids that. The stylesheet is the one source: its `@font-face`
rules are read once per process (`font_faces`), and `preloads(text)` gives the static paths of the
faces, in every weight, the browser would use for the letters of `text` (the frame gives digits and
Latin letters, the language's name, the publisher's name and the home page's title: letters every
page of that language shows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders

STYLESHEET = "css/site.css"
_FACE = re.compile(r"@font-face\s*{([^}]*)}")
_SRC = re.compile(r'url\("\.\./(fonts/[^"]+\.woff2)"\)')
_RANGE = re.compile(r"unicode-range:\s*([^;}]+)")
_WEIGHT = re.compile(r"font-weight:\s*(\d+)")


@dataclass(frozen=True)
class FontFace:
    path: str
    """The file's static path, e.g. ``fonts/noto-sans-cyrillic-400-normal.woff2``."""
    weight: str
    ranges: tuple[tuple[int, int], ...]

    def covers(self, character: str) -> bool:
        code = ord(character)
        return any(start <= code <= end for start, end in self.ranges)


def _ranges(text: str) -> tuple[tuple[int, int], ...]:
    ranges = []
    for part in text.split(","):
        bounds = part.strip().removeprefix("U+").removeprefix("u+").split("-")
        start = int(bounds[0], 16)
        ranges.append((start, int(bounds[-1], 16)))
    return tuple(ranges)


@cache
def font_faces() -> tuple[FontFace, ...]:
    """The stylesheet's web-font faces with their ranges (read once per process)."""
    found = finders.find(STYLESHEET)
    if not found:
        return ()
    faces = []
    for body in _FACE.findall(Path(found).read_text(encoding="utf-8")):
        source, unicode_range, weight = _SRC.search(body), _RANGE.search(body), _WEIGHT.search(body)
        if source and unicode_range:
            faces.append(FontFace(source.group(1), weight.group(1) if weight else "", _ranges(unicode_range.group(1))))
    return tuple(faces)


@cache
def preloads(text: str) -> tuple[str, ...]:
    """Static paths of the faces `text` needs, in the stylesheet's order. Where the ranges of several
    faces of one weight cover a letter, the browser takes the one declared last (CSS Fonts), so
    that one only: Vietnamese "đ, ơ, ư" come from the small vietnamese file, not latin-ext."""
    faces = font_faces()
    needed: set[str] = set()
    for letter in {character for character in text if not character.isspace()}:
        chosen: dict[str, str] = {}
        for face in faces:
            if face.covers(letter):
                chosen[face.weight] = face.path  # a later face of the weight wins
        needed.update(chosen.values())
    return tuple(face.path for face in faces if face.path in needed)
