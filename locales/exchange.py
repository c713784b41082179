"""Exchange of a locale's open queue with outside translation tools, as PO files.

This module owns the bulk format and its import rules; the per-item PO download stays
wagtail-localize's (`wagtail_localize:download_pofile`), its per-item upload
(`wagtail_localize:upload_pofile`) is answered by `locales.guards` through
`import_translation_po` below, and the PO files themselves are the ones `Translation.export_po()`
writes.

- `export_locale_zip(locale, items=None)` → the bytes of one zip: a PO file per open queue item
  of `locale` that has a wagtail-localize Translation (or of the given subset), named
  `<language>/<kind>-<object id>-<slug>.po`, and `manifest.json` (item ids, translation uuids,
  source and target language, export time).
- `import_locale_zip(file, locale, user)` → `ImportReport`: reads such a zip (or one `.po` file),
  validates everything before writing anything, then imports all files in one transaction
  through wagtail-localize's `Translation.import_po`. Any problem raises `ExchangeError` listing
  every problem by file name, and nothing changes.
- `import_po_file(file, locale, user, item=None)`: the same for exactly one PO file, optionally
  bound to one queue item.
- `import_translation_po(file, translation, user)`: one PO file into one wagtail-localize
  Translation, with the same size, format and header checks but no queue rules (its callers
  check who may write).

Sizes are checked before anything is parsed, and what the parser will cost before it runs:
the upload as sent (20 MB), the zip's directory (at most 500 members, 5 MB per PO file and
50 MB together unpacked as declared, a member unpacking to over 100 times its compressed size
refused), each member as unpacked (never more than its limit is read: a header may lie), then each
PO file's lines, entries and longest string, and the entries of all files together (polib's
memory grows with entries, its time with the lines of one string); last, a translation may be at
most ten times as long as its source plus 2,000 characters (the queue's QA reads every saved
string). PO files are parsed one at a time and only their translated entries are kept, so the
worst accepted upload stays under 200 MB above an idle process (bench/po_upload_memory.py).

What is refused: a file that is not a zip or a PO file; an upload, member or total over those
limits; a member with an unsafe path (absolute, `..`, backslashes), an encrypted
member, or one that is neither a `.po` file nor the manifest; a PO file that is not UTF-8 or
does not parse; one without wagtail-localize's `X-WagtailLocalize-TranslationID` header, or
naming a translation this site does not know (another site), a translation into another
language, a translation without an open queue item or whose item `user` may not translate
(`locales.permissions.can(user, "translate", item)`: e.g. assigned to someone else), or the same
translation as another file; a `Language` header naming another language; a manifest for
another language. A PO file without a `Language` header (wagtail-localize's own downloads have
none) is accepted: its translation id decides.

Entries are imported when they translate a segment of the translation's current source (same
text and context); empty, fuzzy and obsolete entries and entries for segments the source no
longer has are counted as skipped. The queue items follow through `locales.signals`, as for
any translated string. This module knows no page type and never imports `cms`.
"""

from __future__ import annotations

import io
import json
import os
import posixpath
import re
import tempfile
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO

import polib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from locales import conf
from locales.models import QueueItem

TRANSLATION_ID_HEADER = "X-WagtailLocalize-TranslationID"
QUEUE_ITEM_HEADER = "X-Locales-QueueItem"
MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "locales-po-exchange"
TOOL_NAME = "PO File"

# Limits, checked before anything is unpacked or parsed (bench/po_upload_memory.py measures the worst
# upload they let through: under 200 MB of memory above an idle process).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the uploaded file as sent (zip or PO)
MAX_MEMBER_BYTES = 5 * 1024 * 1024  # one PO file, alone or inside a zip, uncompressed
MAX_TOTAL_BYTES = 50 * 1024 * 1024  # all PO files of one upload, uncompressed
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_MEMBERS = 500  # zip members
MAX_COMPRESSION_RATIO = 100  # uncompressed / compressed size of a zip member…
MAX_RATIO_FLOOR_BYTES = 1024 * 1024  # …once it unpacks to more than this
MAX_LINES = 200_000  # lines of one PO file
MAX_ENTRIES = 20_000  # entries of one PO file (a page has hundreds)
MAX_TOTAL_ENTRIES = 50_000  # entries of all PO files of one upload
MAX_STRING_LINES = 2_000  # lines of one string (polib joins them in quadratic time)
# A translation may be at most 10 times as long as its source, plus 2,000 characters: every saved string
# goes through the queue's QA, whose cost grows with the text.
MAX_LENGTH_FACTOR = 10
MAX_LENGTH_SLACK = 2_000
MAX_ERRORS = 50

# Files operating systems add when a folder is zipped by hand; ignored rather than refused.
_OS_JUNK_PREFIXES = ("__MACOSX/",)
_OS_JUNK_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


class ExchangeError(ValidationError):
    """The upload was refused; `messages` lists every problem found, each naming its file. Nothing changed."""


@dataclass
class ImportReport:
    """What an import did: files read, strings written, strings already as in the file, entries skipped."""

    files: int = 0
    strings_updated: int = 0
    strings_unchanged: int = 0
    strings_skipped: int = 0
    items: list[int] = field(default_factory=list)


# --- export -----------------------------------------------------------------------------------------


def exportable_items(locale: Locale, items: Iterable[QueueItem | int] | None = None):
    """The open queue items of `locale` that have a Translation (restricted to `items` when given)."""
    queryset = (
        QueueItem.objects.open()
        .for_locale(locale)
        .filter(translation__isnull=False, translation__target_locale=locale)
        .select_related("translation__source", "content_type")
        .order_by("pk")
    )
    if items is not None:
        ids = [item.pk if isinstance(item, QueueItem) else int(item) for item in items]
        queryset = queryset.filter(pk__in=ids)
    return queryset


def export_locale_zip(locale: Locale, items: Iterable[QueueItem | int] | None = None) -> bytes:
    """One zip of PO files for the open queue items of `locale` that have a Translation, with a manifest.

    `items` restricts the export to a selection (items of other locales, finished items and items
    without a Translation are left out). Each PO file is `Translation.export_po()` with a
    `Language` header and the queue item's id added.
    """
    language = locale.language_code
    exported_at = timezone.now()
    buffer = io.BytesIO()
    manifest_items = []
    used_names: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in exportable_items(locale, items):
            translation = item.translation
            po = translation.export_po()
            po.metadata["Language"] = language
            po.metadata["Content-Transfer-Encoding"] = "8bit"
            po.metadata[QUEUE_ITEM_HEADER] = str(item.pk)
            name = _member_name(item, language, used_names)
            archive.writestr(name, str(po).encode("utf-8"))
            manifest_items.append(
                {
                    "item": item.pk,
                    "translation": str(translation.uuid),
                    "file": name,
                    "title": item.title or translation.source.object_repr,
                }
            )
        manifest = {
            "format": MANIFEST_FORMAT,
            "version": 1,
            "source_language": conf.source_language(),
            "target_language": language,
            "exported_at": exported_at.isoformat(),
            "items": manifest_items,
        }
        archive.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    return buffer.getvalue()


def export_filename(locale: Locale) -> str:
    """A download name for a locale's zip, e.g. `translation-queue-uk-20261123.zip`."""
    return f"translation-queue-{locale.language_code}-{timezone.localdate():%Y%m%d}.zip"


def _member_name(item: QueueItem, language: str, used: set[str]) -> str:
    kind = item.content_type.model if item.content_type_id else "object"
    short_id = str(item.object_id).split("-")[0]
    title = (item.title or item.translation.source.object_repr).replace("đ", "d").replace("Đ", "D")
    slug = slugify(title)[:50].strip("-") or "untitled"
    name = f"{language}/{kind}-{short_id}-{slug}.po"
    if name in used:
        name = f"{language}/{kind}-{short_id}-{slug}-{item.pk}.po"
    used.add(name)
    return name


# --- import -----------------------------------------------------------------------------------------


@dataclass
class _Member:
    """One PO file of an upload, not read yet: `read()` returns its bytes or raises ExchangeError."""

    name: str
    read: Callable[[], bytes]


@dataclass
class _Parsed:
    """What the import keeps of a parsed PO file: its headers and its translated entries (not the POFile)."""

    name: str
    metadata: dict[str, str]
    entries: list[tuple[str, str, str]]  # (msgctxt, msgid, msgstr) of entries that are not empty, fuzzy or obsolete
    skipped: int


@dataclass
class _Plan:
    """One validated PO file, ready to import."""

    name: str
    translation: Translation
    item_id: int | None
    po: polib.POFile
    updated: int
    unchanged: int
    skipped: int


def import_locale_zip(file: IO[bytes] | bytes, locale: Locale, user=None) -> ImportReport:
    """Import a zip of PO files (as `export_locale_zip` writes it) or a single `.po` file into `locale`.

    Validates every file first and raises `ExchangeError` listing every problem when there is
    any; only then writes, all files in one transaction. `file` is an uploaded file, any binary
    file object, or bytes. Sizes are checked before anything is unpacked or parsed (see the
    module docstring); files are parsed one at a time.
    """
    name, handle = _open_upload(file)
    members = _read_zip(handle, name, locale) if _looks_like_zip(handle) else [_single_member(name, handle)]
    return _import_members(members, locale, user)


def import_po_file(
    file: IO[bytes] | bytes, locale: Locale, user=None, *, item: QueueItem | None = None
) -> ImportReport:
    """Import one PO file into `locale` with the same checks; with `item`, it must be that item's translation."""
    name, handle = _open_upload(file)
    if _looks_like_zip(handle):
        raise ExchangeError(gettext("“%(file)s” is a zip file; upload one PO file here.") % {"file": name})
    return _import_members([_single_member(name, handle)], locale, user, only_item=item)


def import_translation_po(file: IO[bytes] | bytes, translation: Translation, user=None) -> ImportReport:
    """Import one PO file into `translation` (wagtail-localize's per-translation upload, see locales.guards).

    The same size, format and header checks as the exchange, and the file must carry this
    translation's id; who may upload is the caller's business (wagtail-localize's page-edit right
    and the claim rule), so no open queue item is required. Raises `ExchangeError`; nothing changes then.
    """
    name, handle = _open_upload(file)
    if _looks_like_zip(handle):
        raise ExchangeError(gettext("“%(file)s” is a zip file; upload one PO file here.") % {"file": name})
    errors: list[str] = []
    parsed = _read_and_parse(_single_member(name, handle), errors, _Budget())
    if parsed is None:
        raise ExchangeError(errors)
    raw_id = (parsed.metadata.get(TRANSLATION_ID_HEADER) or "").strip()
    if not raw_id:
        raise ExchangeError(_no_translation_id(name))
    if raw_id != str(translation.uuid):
        raise ExchangeError(
            gettext("“%(file)s” was exported for another translation; download this translation's PO file.")
            % {"file": name}
        )
    language = translation.target_locale.language_code
    declared = (parsed.metadata.get("Language") or "").strip()
    if declared and _language_of(declared) != language:
        raise ExchangeError(
            gettext("“%(file)s” declares the language “%(found)s”, not “%(expected)s”.")
            % {"file": name, "found": declared, "expected": language}
        )
    return _write([_plan(parsed, translation, None)], user)


# --- reading within limits ---------------------------------------------------------------------------


class _Budget:
    """What the PO files of one upload have used so far: bytes unpacked and entries found."""

    def __init__(self) -> None:
        self.bytes = 0
        self.entries = 0


def _open_upload(file: IO[bytes] | bytes) -> tuple[str, IO[bytes]]:
    """The upload's name and a seekable binary handle on it, after checking its size (nothing read yet)."""
    if isinstance(file, bytes | bytearray):
        name, handle = "upload", io.BytesIO(bytes(file))
    else:
        name = os.path.basename(getattr(file, "name", "") or "upload")
        handle = file
        seekable = getattr(handle, "seekable", None)
        if not (callable(seekable) and seekable()):
            handle = io.BytesIO(_read_capped(file, MAX_UPLOAD_BYTES, name))
    size = getattr(file, "size", None)
    if not isinstance(size, int):
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
    if size > MAX_UPLOAD_BYTES:
        raise ExchangeError(_too_large(name, MAX_UPLOAD_BYTES))
    if size == 0:
        raise ExchangeError(gettext("“%(file)s” is empty.") % {"file": name})
    handle.seek(0)
    return name, handle


def _read_capped(handle: IO[bytes], limit: int, name: str) -> bytes:
    data = handle.read(limit + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > limit:
        raise ExchangeError(_too_large(name, limit))
    return data


def _looks_like_zip(handle: IO[bytes]) -> bool:
    start = handle.read(4)
    handle.seek(0)
    if start == b"PK\x03\x04":
        return True
    try:
        return zipfile.is_zipfile(handle)
    finally:
        handle.seek(0)


def _single_member(name: str, handle: IO[bytes]) -> _Member:
    def read() -> bytes:
        handle.seek(0)
        return _read_capped(handle, MAX_MEMBER_BYTES, name)

    return _Member(name, read)


def _too_large(name: str, limit: int) -> str:
    return gettext("“%(file)s” is larger than the limit of %(size)d MB.") % {
        "file": name,
        "size": limit // (1024 * 1024),
    }


def _read_zip(handle: IO[bytes], zip_name: str, locale: Locale) -> tuple[list[_Member], list[str]]:
    """The PO members of a zip (unread) and the problems found in its directory, before unpacking anything.

    Problems with the archive as a whole (unreadable, too many members, too large unpacked,
    compressed too well) raise ExchangeError at once; problems of single members are returned.
    The manifest is small and read here.
    """
    errors: list[str] = []
    try:
        archive = zipfile.ZipFile(handle)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ExchangeError(gettext("“%(file)s” is not a readable zip file.") % {"file": zip_name}) from None
    if len(infos) > MAX_MEMBERS:
        raise ExchangeError(
            gettext("“%(file)s” holds %(count)d files; at most %(limit)d are accepted at once.")
            % {"file": zip_name, "count": len(infos), "limit": MAX_MEMBERS}
        )
    declared_total = sum(info.file_size for info in infos)
    if declared_total > MAX_TOTAL_BYTES:
        raise ExchangeError(_too_large(zip_name, MAX_TOTAL_BYTES))

    members: list[_Member] = []
    manifest: zipfile.ZipInfo | None = None
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if name.startswith(_OS_JUNK_PREFIXES) or posixpath.basename(name) in _OS_JUNK_NAMES:
            continue
        if not _safe_member_name(name):
            errors.append(gettext("“%(file)s”: this path is not allowed in the zip file.") % {"file": name})
            continue
        if info.is_dir():
            continue
        is_manifest = name == MANIFEST_NAME
        if not is_manifest and not name.lower().endswith(".po"):
            errors.append(
                gettext("“%(file)s” is neither a PO file nor the manifest; remove it from the zip file.")
                % {"file": name}
            )
            continue
        if name in seen:
            errors.append(gettext("“%(file)s” appears twice in the zip file.") % {"file": name})
            continue
        seen.add(name)
        if info.flag_bits & 0x1:
            errors.append(gettext("“%(file)s” is encrypted; zip the files without a password.") % {"file": name})
            continue
        limit = MAX_MANIFEST_BYTES if is_manifest else MAX_MEMBER_BYTES
        if info.file_size > limit:
            errors.append(_too_large(name, limit))
            continue
        if info.file_size > MAX_RATIO_FLOOR_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            errors.append(_compressed_too_well(name))
            continue
        if is_manifest:
            manifest = info
        else:
            members.append(_Member(name, _zip_reader(archive, info, limit)))

    if manifest is not None:
        try:
            errors.extend(_check_manifest(_zip_reader(archive, manifest, MAX_MANIFEST_BYTES)(), locale))
        except ExchangeError as error:
            errors.extend(error.messages)
    if not members and not errors:
        errors.append(gettext("“%(file)s” contains no PO files.") % {"file": zip_name})
    if errors:
        raise ExchangeError(errors[:MAX_ERRORS])
    return members


def _zip_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Callable[[], bytes]:
    """Unpack one member, never more than `limit` bytes (a header may understate the size)."""

    def read() -> bytes:
        name = info.filename
        try:
            with archive.open(info) as member:
                content = member.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, RuntimeError, ValueError):
            raise ExchangeError(gettext("“%(file)s” could not be read from the zip file.") % {"file": name}) from None
        if len(content) > limit:
            raise ExchangeError(_too_large(name, limit))
        return content

    return read


def _compressed_too_well(name: str) -> str:
    return ngettext(
        "“%(file)s” unpacks to more than %(ratio)d time its compressed size; such files are not accepted.",
        "“%(file)s” unpacks to more than %(ratio)d times its compressed size; such files are not accepted.",
        MAX_COMPRESSION_RATIO,
    ) % {"file": name, "ratio": MAX_COMPRESSION_RATIO}


def _safe_member_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return False
    return ":" not in parts[0]  # no drive letters (C:…)


def _check_manifest(data: bytes, locale: Locale) -> list[str]:
    try:
        manifest = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return [gettext("“%(file)s” is not valid JSON.") % {"file": MANIFEST_NAME}]
    if not isinstance(manifest, dict):
        return [gettext("“%(file)s” is not valid JSON.") % {"file": MANIFEST_NAME}]
    target = manifest.get("target_language")
    if target is not None and _language_of(str(target)) != locale.language_code:
        return [
            gettext("“%(file)s”: these files were exported for “%(found)s”, not for “%(expected)s”.")
            % {"file": MANIFEST_NAME, "found": target, "expected": locale.language_code}
        ]
    return []


def _language_of(value: str) -> str:
    """`uk`, `uk_UA`, `uk-ua` → `uk`; `zh-hans` stays `zh-hans` (as Django names it)."""
    value = value.strip().replace("_", "-").lower()
    if re.fullmatch(r"[a-z]{2,3}-[a-z]{2}", value):
        return value.split("-")[0]
    return value


_ENTRY_START = re.compile(rb"^(?:#~ ?)?msgid[ \t]", re.MULTILINE)
_HEADER_ENTRY = re.compile(rb'\A(?:\xef\xbb\xbf)?(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*msgid[ \t]+""[ \t]*\n[ \t]*msgstr[ \t]')
_CONTINUATION_RUN = re.compile(rb'(?:^[ \t]*(?:#~ ?)?"[^\n]*(?:\n|\Z))+', re.MULTILINE)


def _size_problem(name: str, data: bytes, budget: _Budget) -> str | None:
    """Why `data` may not be parsed (too many lines, entries, or lines in one string), or None; counts it in.

    These are what parsing costs: polib's memory grows with the entries (about 0.5 KB each) and
    its time with the lines of one string times its length. Counting them is one linear pass.
    """
    budget.bytes += len(data)
    if budget.bytes > MAX_TOTAL_BYTES:
        return _too_large(name, MAX_TOTAL_BYTES)
    lines = data.count(b"\n") + 1
    if lines > MAX_LINES:
        return ngettext(
            "“%(file)s” has more than %(limit)d line.", "“%(file)s” has more than %(limit)d lines.", MAX_LINES
        ) % {"file": name, "limit": MAX_LINES}
    entries = sum(1 for _match in _ENTRY_START.finditer(data))
    if _HEADER_ENTRY.match(data):
        entries -= 1  # the header (the metadata) is not an entry
    if entries > MAX_ENTRIES:
        return ngettext(
            "“%(file)s” has more than %(limit)d entry.", "“%(file)s” has more than %(limit)d entries.", MAX_ENTRIES
        ) % {"file": name, "limit": MAX_ENTRIES}
    budget.entries += entries
    if budget.entries > MAX_TOTAL_ENTRIES:
        return ngettext(
            "The files hold more than %(limit)d entry together; upload them in parts.",
            "The files hold more than %(limit)d entries together; upload them in parts.",
            MAX_TOTAL_ENTRIES,
        ) % {"limit": MAX_TOTAL_ENTRIES}
    for run in _CONTINUATION_RUN.finditer(data):
        if data.count(b"\n", run.start(), run.end()) > MAX_STRING_LINES:
            return ngettext(
                "“%(file)s” has a string of more than %(limit)d line.",
                "“%(file)s” has a string of more than %(limit)d lines.",
                MAX_STRING_LINES,
            ) % {"file": name, "limit": MAX_STRING_LINES}
    return None


def _parse_po(name: str, data: bytes) -> tuple[polib.POFile | None, str | None]:
    """The parsed PO file, or None and a message saying why it is not one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, gettext("“%(file)s” is not a PO file (it is not UTF-8 text).") % {"file": name}
    if "\x00" in text:
        return None, gettext("“%(file)s” is not a PO file (it is not UTF-8 text).") % {"file": name}
    # polib reads a path when given one: parse from a file of our own, never from the text itself.
    with tempfile.NamedTemporaryFile("w", suffix=".po", encoding="utf-8", delete=False) as handle:
        handle.write(text)
    del text
    try:
        po = polib.pofile(handle.name, encoding="utf-8", wrapwidth=200)
    except Exception as error:  # polib signals syntax errors as OSError, others as whatever it hits
        line = re.search(r"line (\d+)", str(error))
        if line:
            return None, gettext("“%(file)s” is not a valid PO file (error at line %(line)s).") % {
                "file": name,
                "line": line.group(1),
            }
        return None, gettext("“%(file)s” is not a valid PO file.") % {"file": name}
    finally:
        os.unlink(handle.name)
    return po, None


def _read_and_parse(member: _Member, errors: list[str], budget: _Budget) -> _Parsed | None:
    """Read, size-check and parse one member; keep only what the import needs. Problems go to `errors`."""
    try:
        data = member.read()
    except ExchangeError as error:
        errors.extend(error.messages)
        return None
    problem = _size_problem(member.name, data, budget)
    if problem is None:
        po, problem = _parse_po(member.name, data)
    del data
    if problem is not None:
        errors.append(problem)
        return None
    entries, skipped = [], 0
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgstr:
            skipped += 1
        else:
            entries.append((entry.msgctxt or "", entry.msgid, entry.msgstr))
    return _Parsed(member.name, dict(po.metadata), entries, skipped)


def _no_translation_id(name: str) -> str:
    return gettext("“%(file)s” has no “%(header)s” header: it was not exported from this site's translations.") % {
        "file": name,
        "header": TRANSLATION_ID_HEADER,
    }


# --- importing ---------------------------------------------------------------------------------------


def _import_members(
    members: Iterable[_Member],
    locale: Locale,
    user,
    *,
    only_item: QueueItem | None = None,
) -> ImportReport:
    errors: list[str] = []
    budget = _Budget()
    parsed: list[tuple[_Parsed, uuid.UUID]] = []
    for member in members:
        if len(errors) >= MAX_ERRORS:
            break
        result = _read_and_parse(member, errors, budget)
        if result is None:
            continue
        name = result.name
        raw_id = (result.metadata.get(TRANSLATION_ID_HEADER) or "").strip()
        if not raw_id:
            errors.append(_no_translation_id(name))
            continue
        try:
            translation_uuid = uuid.UUID(raw_id)
        except ValueError:
            errors.append(
                gettext("“%(file)s” names the translation “%(id)s”, which is not a translation id.")
                % {"file": name, "id": raw_id[:64]}
            )
            continue
        parsed.append((result, translation_uuid))

    translations = {
        translation.uuid: translation
        for translation in Translation.objects.filter(uuid__in=[uid for _parsed, uid in parsed]).select_related(
            "source", "target_locale"
        )
    }
    open_items = {
        item.translation_id: item
        for item in QueueItem.objects.open().filter(translation__uuid__in=[uid for _parsed, uid in parsed])
    }
    may_translate = _translate_check(user)

    plans: list[_Plan] = []
    seen: dict[uuid.UUID, str] = {}
    for result, translation_uuid in parsed:
        name = result.name
        translation = translations.get(translation_uuid)
        if translation is None:
            errors.append(
                gettext("“%(file)s” belongs to a translation this site does not know (is it from another site?).")
                % {"file": name}
            )
            continue
        target = translation.target_locale.language_code
        if translation.target_locale_id != locale.pk:
            errors.append(
                gettext("“%(file)s” is a translation into “%(found)s”, not into “%(expected)s”.")
                % {"file": name, "found": target, "expected": locale.language_code}
            )
            continue
        declared = (result.metadata.get("Language") or "").strip()
        if declared and _language_of(declared) != locale.language_code:
            errors.append(
                gettext("“%(file)s” declares the language “%(found)s”, not “%(expected)s”.")
                % {"file": name, "found": declared, "expected": locale.language_code}
            )
            continue
        item = open_items.get(translation.pk)
        if item is None:
            errors.append(
                gettext("“%(file)s”: this translation has no open item in the translation queue.") % {"file": name}
            )
            continue
        item_id = item.pk
        if only_item is not None and item_id != only_item.pk:
            errors.append(gettext("“%(file)s” is the translation of another queue item.") % {"file": name})
            continue
        if not may_translate(item):
            errors.append(
                gettext("“%(file)s”: you may not translate this queue item (is it assigned to someone else?).")
                % {"file": name}
            )
            continue
        if translation_uuid in seen:
            errors.append(
                gettext("“%(file)s” is the same translation as “%(other)s”; upload it once.")
                % {"file": name, "other": seen[translation_uuid]}
            )
            continue
        seen[translation_uuid] = name
        try:
            plans.append(_plan(result, translation, item_id))
        except ExchangeError as error:
            errors.extend(error.messages)

    if errors:
        raise ExchangeError(errors[:MAX_ERRORS])
    return _write(plans, user)


def _write(plans: list[_Plan], user) -> ImportReport:
    """Import the validated files, all in one transaction, through wagtail-localize's `Translation.import_po`."""
    report = ImportReport(files=len(plans))
    with transaction.atomic():
        for plan in plans:
            if len(plan.po):
                plan.translation.import_po(plan.po, user=user, tool_name=TOOL_NAME)
            report.strings_updated += plan.updated
            report.strings_unchanged += plan.unchanged
            report.strings_skipped += plan.skipped
            if plan.item_id is not None:
                report.items.append(plan.item_id)
    return report


def _translate_check(user):
    """Whether `user` may translate an item (the queue's permission policy); anything goes without a user."""
    if user is None:
        return lambda item: True
    try:
        from locales.permissions import can
    except ImportError:
        return lambda item: True
    return lambda item: can(user, "translate", item)


def too_long(source: str, translation: str) -> bool:
    """True when `translation` is far longer than `source` (see MAX_LENGTH_FACTOR): not a translation of it."""
    return len(translation) > MAX_LENGTH_FACTOR * len(source) + MAX_LENGTH_SLACK


def _plan(parsed: _Parsed, translation: Translation, item_id: int | None) -> _Plan:
    """Which entries of a validated PO file change a translated string; a PO file of only those.

    Raises ExchangeError when an entry's translation is far longer than its source (`too_long`).
    """
    segments = {
        (path, text): (string_id, context_id)
        for string_id, context_id, path, text in StringSegment.objects.filter(source=translation.source).values_list(
            "string_id", "context_id", "context__path", "string__data"
        )
    }
    existing = {
        (string_id, context_id): data
        for string_id, context_id, data in StringTranslation.objects.filter(
            locale_id=translation.target_locale_id, context__object_id=translation.source.object_id
        ).values_list("translation_of_id", "context_id", "data")
    }
    to_write = polib.POFile(wrapwidth=200)
    to_write.metadata = {TRANSLATION_ID_HEADER: str(translation.uuid)}
    updated = unchanged = 0
    skipped = parsed.skipped
    written: set[tuple[int, int]] = set()
    problems: list[str] = []
    for msgctxt, msgid, msgstr in parsed.entries:
        key = segments.get((msgctxt, msgid))
        if key is None or key in written:
            skipped += 1
            continue
        if too_long(msgid, msgstr):
            problems.append(
                ngettext(
                    "“%(file)s”: the translation of “%(text)s” is %(length)d character long, far longer than "
                    "its source; check that it is the right text.",
                    "“%(file)s”: the translation of “%(text)s” is %(length)d characters long, far longer than "
                    "its source; check that it is the right text.",
                    len(msgstr),
                )
                % {"file": parsed.name, "text": _excerpt(msgid), "length": len(msgstr)}
            )
            continue
        written.add(key)
        if existing.get(key) == msgstr:
            unchanged += 1
            continue
        to_write.append(polib.POEntry(msgid=msgid, msgctxt=msgctxt or None, msgstr=msgstr))
        updated += 1
    if problems:
        raise ExchangeError(problems[:MAX_ERRORS])
    return _Plan(parsed.name, translation, item_id, to_write, updated, unchanged, skipped)


def _excerpt(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def describe_report(report: ImportReport) -> str:
    """A one-line summary of an import for the admin's messages, in the active language."""
    parts = [
        ngettext("%(count)d file imported", "%(count)d files imported", report.files) % {"count": report.files},
        ngettext("%(count)d string updated", "%(count)d strings updated", report.strings_updated)
        % {"count": report.strings_updated},
        ngettext("%(count)d unchanged", "%(count)d unchanged", report.strings_unchanged)
        % {"count": report.strings_unchanged},
    ]
    if report.strings_skipped:
        parts.append(
            ngettext(
                "%(count)d entry skipped (empty, fuzzy or no longer in the source)",
                "%(count)d entries skipped (empty, fuzzy or no longer in the source)",
                report.strings_skipped,
            )
            % {"count": report.strings_skipped}
        )
    return "; ".join(parts) + "."
