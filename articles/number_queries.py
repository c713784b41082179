"""Directive numbers inside a visitor's search query, in the loose forms people type.

`380 cv du`, `57NQ-TW`, `Công văn 380`, `NQ 57`, `Резолюція 57-NQ/TW`, `dispatch 380`, `Резолюцією
№ 57`, `Resolution No. 57`, `380 СV ĐU` (a Cyrillic С): each gives the number keys it may mean,
and the query text left once the number is taken out. A full
number (type and issuer) gives one key; a number with only a type (`NQ 57`, `Công văn 380`)
gives the key for each known issuer. Plugged into `search` through SEARCH_NUMBER_PARSER.
"""

import re
import unicodedata
from dataclasses import dataclass

from articles.directive_numbers import (
    CYRILLIC_LOOK_ALIKES,
    KNOWN_ISSUER_CODES,
    KNOWN_TYPE_CODES,
    find_directive_numbers,
)

MAX_QUERY_LENGTH = 500
DASHES = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")


def _fold_char(char: str) -> str:
    """One character in, one out: lower case, Đ→d, accents dropped from Latin letters only
    (Ukrainian й and ї stay letters of their own)."""
    lower = char.lower() if len(char.lower()) == 1 else char
    if lower == "đ":
        return "d"
    if lower in DASHES:
        return "-"
    base = unicodedata.normalize("NFD", lower)[0]
    return base if base.isascii() else lower


def _fold(text: str) -> str:
    """Folded text of the same length, so positions found in it hold in the original."""
    return "".join(_fold_char(char) for char in unicodedata.normalize("NFC", text))


_LOOK_ALIKES = str.maketrans({cyrillic: latin.lower() for cyrillic, latin in CYRILLIC_LOOK_ALIKES.items()})
"""Folded text with Cyrillic look-alikes made Latin (``380 СV ĐU`` typed with a Cyrillic С): one
character for one, so positions still hold. Tried after the text as typed, whose Cyrillic type
names (``резолюція``) must stay Cyrillic."""


def _forms(stem: str, endings: str) -> list[str]:
    return [stem + ending for ending in endings.split(",")]


TYPE_CODES = {_fold(code): _fold(code) for code in KNOWN_TYPE_CODES}
ISSUER_CODES = [_fold(code) for code in KNOWN_ISSUER_CODES]
# Names of the commonest document types, as people type them in the three languages (folded),
# with the case endings of Ukrainian and the plurals of English.
_TYPE_NAME_FORMS: dict[str, list[str]] = {
    "nq": [
        "nghi quyet",
        *_forms("resolution", ",s"),
        *_forms("резолюці", "я,ї,ю,єю,й,ям,ях,ями"),
        *_forms("резолюци", "я,и,ю,ей,ям,ях,ями"),
        *_forms("постанов", "а,и,у,ою,і,,ам,ах,ами"),
    ],
    "cv": [
        "cong van",
        *_forms("dispatch", ",es"),
        *_forms("official dispatch", ",es"),
        *_forms("лист", ",а,у,ом,і,и,ів,ами"),
    ],
    "kh": ["ke hoach", *_forms("plan", ",s"), *_forms("план", ",у,ом,і,и,ів,ами")],
    "qd": ["quyet dinh", *_forms("decision", ",s"), "рiшення", *_forms("рішенн", "я,ям,і,ю,ями"), "рішень"],
    "ct": ["chi thi", *_forms("directive", ",s"), *_forms("директив", "а,и,у,ою,і,,ам,ах,ами")],
    "ctr": [
        "chuong trinh",
        *_forms("programme", ",s"),
        *_forms("program", ",s"),
        *_forms("програм", "а,и,у,ою,і,,ам,ах,ами"),
    ],
    "kl": ["ket luan", *_forms("conclusion", ",s"), *_forms("висновк", "у,ом,и,ів,ами"), "висновок"],
    "hd": ["huong dan", "guidance", *_forms("guideline", ",s"), *_forms("настанов", "и,у,ою,і")],
}
TYPE_NAMES = {name: code for code, names in _TYPE_NAME_FORMS.items() for name in names}
_TYPES = "|".join(sorted({*TYPE_CODES, *TYPE_NAMES}, key=len, reverse=True))
_ISSUERS = "|".join(sorted(ISSUER_CODES, key=len, reverse=True))
_NUMBER = r"(?P<number>\d{1,6})"
_SEP = r"[\s\-/.:]{0,3}"
_NUMBER_SIGN = r"(?:so|no|№)"
"""Between a type name and its number: "số", "No.", "№" (folded)."""
# "<number> <type> [<issuer>]" and "<type> [số|No.|№] <number> [<issuer>]", on folded text.
_LOOSE = [
    re.compile(rf"(?<![\w]){_NUMBER}{_SEP}(?P<type>{_TYPES}){_SEP}(?P<issuer>{_ISSUERS})?(?!\w)"),
    re.compile(
        rf"(?<![\w])(?P<type>{_TYPES}){_SEP}(?:{_NUMBER_SIGN}{_SEP})?{_NUMBER}(?:{_SEP}(?P<issuer>{_ISSUERS}))?(?!\w)"
    ),
]


@dataclass(frozen=True)
class NumberQuery:
    keys: tuple[str, ...]
    """Keys the query may refer to, most specific first."""
    exact: bool
    """True when the query named one full number (type and issuer): a candidate for a direct hit."""
    remaining_text: str
    """The query without the number, for the word search."""


def keys_in_query(text: str) -> NumberQuery:
    text = (text or "")[:MAX_QUERY_LENGTH]
    full = find_directive_numbers(text)
    if full:
        keys = tuple(dict.fromkeys(number.key for number in full))
        return NumberQuery(keys, len(keys) == 1, _without_number_words(text))

    text = unicodedata.normalize("NFC", text)
    folded = _fold(text)
    readings = [folded] if folded == folded.translate(_LOOK_ALIKES) else [folded, folded.translate(_LOOK_ALIKES)]
    for reading, pattern in ((reading, pattern) for reading in readings for pattern in _LOOSE):
        match = pattern.search(reading)
        if not match:
            continue
        number = str(int(match["number"]))
        type_code = TYPE_NAMES.get(match["type"], match["type"])
        issuer = match["issuer"]
        remaining = _without_number_words(text[: match.start()] + " " + text[match.end() :])
        if issuer:
            return NumberQuery((f"{number}-{type_code}-{issuer}",), True, remaining)
        return NumberQuery(tuple(f"{number}-{type_code}-{code}" for code in ISSUER_CODES), False, remaining)
    return NumberQuery((), False, text)


_NUMBER_WORD = re.compile(r"[\d/]|^[-/]?[a-z]{1,6}(?:[-/][a-z]{1,12})+$")
_NUMBER_PREFIX = re.compile(r"(?<!\w)(?:số|so|no\.?|№)\s*:?\s*(?=\d)", re.IGNORECASE)


def _without_number_words(text: str) -> str:
    """The words of a query that are not part of a number: "Số", digits, code groups, type names."""
    text = _NUMBER_PREFIX.sub(" ", text)
    remaining = " ".join(word for word in text.split() if not _NUMBER_WORD.search(_fold(word)))
    folded = _fold(remaining)
    for name in sorted(TYPE_NAMES, key=len, reverse=True):
        for match in reversed(list(re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", folded))):
            blank = " " * (match.end() - match.start())
            remaining = remaining[: match.start()] + blank + remaining[match.end() :]
            folded = folded[: match.start()] + blank + folded[match.end() :]
    return " ".join(word for word in remaining.split() if _fold(word) not in TYPE_CODES)
