"""The glossary as other code reads it, and its CSV exchange format.

- `entries()` → `list[GlossaryEntry]`: what QA checks and the translation memory need (the source
  term, what it becomes in each other language, whether it must stay as written). They read
  the glossary only through this function, never through the model.
- `export_csv(file)` / `import_csv(file)`: one row per term, columns `term_<lang>`,
  `part_of_speech`, `note_<lang>`, `do_not_translate` for every language of the site. An import
  is validated as a whole and written in one transaction: any bad row and nothing changes; every
  problem is reported naming its row and column. Rows are matched to existing terms by the
  source-language term (case-insensitively). UTF-8, with or without a byte-order mark; a
  spreadsheet's semicolon or tab separators are accepted too.
- Spreadsheet formulas never leave as formulas (OWASP's CSV-injection rule): a cell whose text
  starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their full-width forms)
  is written with a single quote in front, which spreadsheets read as "this is text"; the import
  removes that one quote again, so a round trip gives back exactly what was exported
  (`neutralised` / `restored`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from modeltranslation.settings import AVAILABLE_LANGUAGES

from locales import conf
from locales.models import GlossaryTerm

PART_OF_SPEECH = "part_of_speech"
DO_NOT_TRANSLATE = "do_not_translate"
MAX_ERRORS = 50

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""First characters that make a spreadsheet read a cell as a formula: OWASP's list, plus the
full-width forms of the four signs, which some spreadsheets read the same way."""

_TRUE = {"1", "true", "yes", "y", "x", "có", "так"}
_FALSE = {"", "0", "false", "no", "n", "không", "ні"}


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary term: `source` in the source language, `translations` by language code.

    `translations` holds only the languages that have a rendering; when `do_not_translate` is
    set, the source form is expected in every language whatever `translations` says.
    """

    source: str
    translations: dict[str, str]
    do_not_translate: bool


def languages() -> list[str]:
    """The glossary's languages, the source language first."""
    source = conf.source_language()
    return [source, *(code for code in AVAILABLE_LANGUAGES if code != source)]


def entries() -> list[GlossaryEntry]:
    """Every glossary term with a source-language form, longest first (so longer terms match first)."""
    source = conf.source_language()
    others = [code for code in languages() if code != source]
    fields = [f"term_{source}", *(f"term_{code}" for code in others), DO_NOT_TRANSLATE]
    result = []
    for row in GlossaryTerm.objects.values_list(*fields):
        term = (row[0] or "").strip()
        if not term:
            continue
        translations = {
            code: value.strip() for code, value in zip(others, row[1:-1], strict=True) if value and value.strip()
        }
        result.append(GlossaryEntry(source=term, translations=translations, do_not_translate=row[-1]))
    result.sort(key=lambda entry: (-len(entry.source), entry.source.casefold()))
    return result


def columns() -> list[str]:
    codes = languages()
    return [*(f"term_{code}" for code in codes), PART_OF_SPEECH, *(f"note_{code}" for code in codes), DO_NOT_TRANSLATE]


# --- export ---------------------------------------------------------------------------------------


def neutralised(value: str) -> str:
    """`value` as a cell a spreadsheet shows as text: a single quote in front when it starts with a
    formula character, or with quotes and then one (so that `restored` removes exactly the quote
    added here, whatever the text)."""
    return "'" + value if value.lstrip("'")[:1] in FORMULA_STARTS else value


def restored(cell: str) -> str:
    """The text `neutralised` wrote as `cell`."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'")[:1] in FORMULA_STARTS else cell


def export_csv(file: IO[str], *, bom: bool = True) -> int:
    """Write the whole glossary to a text file as CSV; returns the number of terms written.

    A UTF-8 byte-order mark leads the file by default, so spreadsheet programs read Vietnamese and
    Ukrainian correctly; `import_csv` accepts it.
    """
    if bom:
        file.write("\ufeff")
    names = columns()
    writer = csv.writer(file, lineterminator="\r\n")
    writer.writerow(names)
    count = 0
    for term in GlossaryTerm.objects.order_by(f"term_{conf.source_language()}", "pk"):
        row = []
        for name in names:
            value = getattr(term, name)
            if name == DO_NOT_TRANSLATE:
                value = "1" if value else "0"
            row.append(neutralised(value or ""))
        writer.writerow(row)
        count += 1
    return count


# --- import ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


class GlossaryImportError(ValidationError):
    """The file was refused; `messages` lists every problem found (row and column named)."""


def import_csv(file: IO[str] | IO[bytes] | bytes | str) -> ImportResult:
    """Read a glossary CSV (as written by `export_csv`) and create or update its terms.

    All or nothing: raises GlossaryImportError listing the problems, and writes nothing, when
    any row is invalid. Columns other than the source term may be left out (their values are
    then kept); a present but empty cell clears that value.
    """
    text = _read_text(file)
    rows = _parse(text)
    header, body = rows[0], rows[1:]
    names = _check_header(header)

    errors: list[str] = []
    source_column = f"term_{conf.source_language()}"
    existing = {term.source_term.casefold(): term for term in GlossaryTerm.objects.all()}
    seen: dict[str, int] = {}
    plan: list[tuple[GlossaryTerm, bool]] = []
    for line, row in body:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(names):
            errors.append(
                gettext("Row %(row)d has %(count)d cells, but the header names only %(columns)d columns.")
                % {"row": line, "count": len(row), "columns": len(names)}
            )
            continue
        values = dict(zip(names, (restored(cell.strip()) for cell in row), strict=False))
        row_errors: list[str] = []
        source_term = values.get(source_column, "")
        if not source_term:
            row_errors.append(_cell_error(line, source_column, gettext("this value is required.")))
        else:
            folded = source_term.casefold()
            if folded in seen:
                row_errors.append(
                    _cell_error(
                        line,
                        source_column,
                        gettext("“%(term)s” is already in row %(other)d.")
                        % {"term": source_term, "other": seen[folded]},
                    )
                )
            seen.setdefault(folded, line)
        term = existing.get(source_term.casefold()) if source_term else None
        is_new = term is None
        if term is None:
            term = GlossaryTerm()
        before = {name: getattr(term, name) for name in names}
        for name, value in values.items():
            if name == DO_NOT_TRANSLATE:
                parsed = _parse_bool(value)
                if parsed is None:
                    row_errors.append(
                        _cell_error(
                            line,
                            name,
                            gettext("“%(value)s” is not yes or no; write 1 or 0.") % {"value": value},
                        )
                    )
                    continue
                value = parsed
            elif name == PART_OF_SPEECH:
                parsed = _parse_part_of_speech(value)
                if parsed is None:
                    row_errors.append(
                        _cell_error(
                            line,
                            name,
                            gettext("“%(value)s” is not a part of speech; use one of: %(choices)s.")
                            % {"value": value, "choices": ", ".join(GlossaryTerm.PartOfSpeech.values)},
                        )
                    )
                    continue
                value = parsed
            setattr(term, name, value)
        if not row_errors:
            row_errors.extend(_model_errors(term, line, names))
        errors.extend(row_errors)
        if not row_errors:
            changed = is_new or any(getattr(term, name) != before[name] for name in names)
            plan.append((term, changed))
            if is_new:
                existing[source_term.casefold()] = term
        if len(errors) >= MAX_ERRORS:
            break

    if errors:
        raise GlossaryImportError(errors[:MAX_ERRORS])

    created = updated = unchanged = 0
    with transaction.atomic():
        for term, changed in plan:
            if term.pk is None:
                term.save()
                created += 1
            elif changed:
                term.save()
                updated += 1
            else:
                unchanged += 1
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


def _read_text(file: IO[str] | IO[bytes] | bytes | str) -> str:
    data = file if isinstance(file, bytes | str) else file.read()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise GlossaryImportError(
                gettext("The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”.")
            ) from None
    return data.removeprefix("\ufeff")


def _parse(text: str) -> list[tuple[int, list[str]]]:
    """[(line number, cells)], the header first; refuses an empty file or broken quoting."""
    if not text.strip():
        raise GlossaryImportError(gettext("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise GlossaryImportError(
            gettext("Row %(row)d is not valid CSV (%(problem)s).") % {"row": reader.line_num, "problem": error}
        ) from None
    return rows


def _check_header(header_row: tuple[int, list[str]]) -> list[str]:
    _line, header = header_row
    names = [name.strip().lower() for name in header]
    known = columns()
    errors = []
    for index, name in enumerate(names, start=1):
        if name not in known:
            errors.append(
                gettext("Column %(index)d is named “%(name)s”, which is not a glossary column; expected: %(known)s.")
                % {"index": index, "name": name, "known": ", ".join(known)}
            )
        elif names.index(name) != index - 1:
            errors.append(gettext("Column “%(name)s” appears twice.") % {"name": name})
    source_column = f"term_{conf.source_language()}"
    if source_column not in names:
        errors.append(gettext("The file has no “%(name)s” column.") % {"name": source_column})
    if errors:
        raise GlossaryImportError(errors)
    return names


def _cell_error(line: int, column: str, problem: str) -> str:
    return gettext("Row %(row)d, column “%(column)s”: %(problem)s") % {
        "row": line,
        "column": column,
        "problem": problem,
    }


def _parse_bool(value: str) -> bool | None:
    folded = value.strip().casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    return None


def _parse_part_of_speech(value: str) -> str | None:
    folded = value.strip().casefold().replace(" ", "_")
    if not folded:
        return ""
    for choice, label in GlossaryTerm.PartOfSpeech.choices:
        if folded in (choice, str(label).casefold().replace(" ", "_")):
            return choice
    return None


def _model_errors(term: GlossaryTerm, line: int, names: Iterable[str]) -> list[str]:
    """The model's own validation (lengths, required values), each error named by row and column."""
    try:
        term.full_clean(exclude=["term", "note"], validate_unique=False)
    except ValidationError as error:
        problems = []
        for field, messages in error.message_dict.items():
            column = field if field in names else f"term_{conf.source_language()}"
            problems.extend(_cell_error(line, column, message) for message in messages)
        return problems
    return []
