"""`manage.py import_directive FILE [--json]`: read an official document (text or PDF) and print the
directive's fields as the intake reads them (articles.intake), for batch use. Saves nothing.

Prints a table (or JSON with `--json`). Exits with 1 and the message when the file cannot be read or
is not a directive (no number, date or issuing body). FILE may be "-" for standard input.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.intake import MAX_PDF_BYTES, IntakeError, read_directive, read_pdf


class Command(BaseCommand):
    help = "Read a directive's fields from its official text or PDF and print them (saves nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A text file (UTF-8) or a PDF; - for standard input.")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args, file: str, json: bool = False, **options) -> None:
        data = self._read(file)
        try:
            text = read_pdf(data) if data.lstrip()[:5] == b"%PDF-" else data.decode("utf-8-sig")
        except IntakeError as error:
            raise CommandError(str(error)) from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file}: neither a PDF nor UTF-8 text.") from error
        result = read_directive(text)
        if json:
            self.stdout.write(_json(result.as_json()))
        else:
            self._table(result)
        if not result.can_draft:
            raise CommandError("; ".join(str(problem) for problem in result.problems))

    def _read(self, file: str) -> bytes:
        if file == "-":
            data = sys.stdin.buffer.read(MAX_PDF_BYTES + 1)
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"{file}: no such file.")
            if path.stat().st_size > MAX_PDF_BYTES:
                raise CommandError(f"{file}: larger than {MAX_PDF_BYTES // 2**20} MB.")
            data = path.read_bytes()
        if len(data) > MAX_PDF_BYTES:
            raise CommandError(f"{file}: larger than {MAX_PDF_BYTES // 2**20} MB.")
        return data

    def _table(self, result) -> None:
        rows = []
        for _name, label, proposed in result.fields():
            if proposed is None:
                rows.append((label, "—", ""))
                continue
            value = proposed.display
            if _name == "body":
                value = f"{len(proposed.value)} ¶: {proposed.value[0][:60]} … {proposed.value[-1][-60:]}"
            rows.append((label, value.replace("\n", " | "), "" if proposed.sure else "?"))
        for citation in result.citations:
            where = f"#{citation.page.pk}" if citation.page else "—"
            rows.append((citation.relation_label, f"{citation.number.printed} ({where})", "" if citation.sure else "?"))
        width = max((len(label) for label, _value, _mark in rows), default=0)
        for label, value, mark in rows:
            self.stdout.write(f"{label:<{width}}  {mark:1}  {value}")
        for problem in result.problems:
            self.stderr.write(f"! {problem}")


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
