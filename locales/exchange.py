"""Exchange of a locale's open queue with outside translation tools, as PO files.

This module owns the bulk format and its import rules; the per-item PO download and upload
stay wagtail-localize's (`wagtail_localize:download_pofile` / `upload_pofile`), and the PO
files themselves are the ones `Translation.export_po()` writes.

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

What is refused: a file that is not a zip or a PO file; an oversized upload, member or total;
too many members; a member with an unsafe path (absolute, `..`, backslashes), an encrypted
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
from collections.abc import Iterable
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

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the uploaded file as sent (zip or PO)
MAX_MEMBER_BYTES = 5 * 1024 * 1024  # one PO file inside a zip, uncompressed
MAX_TOTAL_BYTES = 50 * 1024 * 1024  # all members of a zip, uncompressed
MAX_MEMBERS = 500
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
class _Plan:
    """One validated PO file, ready to import."""

    name: str
    translation: Translation
    item_id: int
    po: polib.POFile
    updated: int
    unchanged: int
    skipped: int


def import_locale_zip(file: IO[bytes] | bytes, locale: Locale, user=None) -> ImportReport:
    """Import a zip of PO files (as `export_locale_zip` writes it) or a single `.po` file into `locale`.

    Validates every file first and raises `ExchangeError` listing every problem when there is
    any; only then writes, all files in one transaction. `file` is an uploaded file, any binary
    file object, or bytes.
    """
    name, data = _read_upload(file)
    members = _read_zip(data, name, locale) if _looks_like_zip(data) else [(name, data)]
    return _import_members(members, locale, user)


def import_po_file(
    file: IO[bytes] | bytes, locale: Locale, user=None, *, item: QueueItem | None = None
) -> ImportReport:
    """Import one PO file into `locale` with the same checks; with `item`, it must be that item's translation."""
    name, data = _read_upload(file)
    if _looks_like_zip(data):
        raise ExchangeError(gettext("“%(file)s” is a zip file; upload one PO file here.") % {"file": name})
    return _import_members([(name, data)], locale, user, only_item=item)


def _looks_like_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" or zipfile.is_zipfile(io.BytesIO(data))


def _read_upload(file: IO[bytes] | bytes) -> tuple[str, bytes]:
    if isinstance(file, bytes | bytearray):
        name, data = "upload", bytes(file)
    else:
        name = os.path.basename(getattr(file, "name", "") or "upload")
        size = getattr(file, "size", None)
        if size is not None and size > MAX_UPLOAD_BYTES:
            raise ExchangeError(_too_large(name, MAX_UPLOAD_BYTES))
        data = file.read(MAX_UPLOAD_BYTES + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ExchangeError(_too_large(name, MAX_UPLOAD_BYTES))
    if not data:
        raise ExchangeError(gettext("“%(file)s” is empty.") % {"file": name})
    return name, data


def _too_large(name: str, limit: int) -> str:
    return gettext("“%(file)s” is larger than the limit of %(size)d MB.") % {
        "file": name,
        "size": limit // (1024 * 1024),
    }


def _read_zip(data: bytes, zip_name: str, locale: Locale) -> list[tuple[str, bytes]]:
    """The PO members of a zip as (name, bytes); every problem with the archive itself raises ExchangeError."""
    errors: list[str] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
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

    members: list[tuple[str, bytes]] = []
    manifest_data: bytes | None = None
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
        if info.file_size > MAX_MEMBER_BYTES:
            errors.append(_too_large(name, MAX_MEMBER_BYTES))
            continue
        try:
            with archive.open(info) as member:
                content = member.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, RuntimeError, ValueError):
            errors.append(gettext("“%(file)s” could not be read from the zip file.") % {"file": name})
            continue
        if len(content) > MAX_MEMBER_BYTES:  # the header understated the size
            errors.append(_too_large(name, MAX_MEMBER_BYTES))
            continue
        if is_manifest:
            manifest_data = content
        else:
            members.append((name, content))

    if manifest_data is not None:
        errors.extend(_check_manifest(manifest_data, locale))
    if not members and not errors:
        errors.append(gettext("“%(file)s” contains no PO files.") % {"file": zip_name})
    if errors:
        raise ExchangeError(errors[:MAX_ERRORS])
    return members


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


def _import_members(
    members: list[tuple[str, bytes]],
    locale: Locale,
    user,
    *,
    only_item: QueueItem | None = None,
) -> ImportReport:
    errors: list[str] = []
    parsed: list[tuple[str, polib.POFile, uuid.UUID]] = []
    for name, data in members:
        po, problem = _parse_po(name, data)
        if problem:
            errors.append(problem)
            continue
        raw_id = (po.metadata.get(TRANSLATION_ID_HEADER) or "").strip()
        if not raw_id:
            errors.append(
                gettext("“%(file)s” has no “%(header)s” header: it was not exported from this site's translations.")
                % {"file": name, "header": TRANSLATION_ID_HEADER}
            )
            continue
        try:
            translation_uuid = uuid.UUID(raw_id)
        except ValueError:
            errors.append(
                gettext("“%(file)s” names the translation “%(id)s”, which is not a translation id.")
                % {"file": name, "id": raw_id[:64]}
            )
            continue
        parsed.append((name, po, translation_uuid))

    translations = {
        translation.uuid: translation
        for translation in Translation.objects.filter(uuid__in=[uid for _name, _po, uid in parsed]).select_related(
            "source", "target_locale"
        )
    }
    open_items = {
        item.translation_id: item
        for item in QueueItem.objects.open().filter(translation__uuid__in=[uid for _name, _po, uid in parsed])
    }
    may_translate = _translate_check(user)

    plans: list[_Plan] = []
    seen: dict[uuid.UUID, str] = {}
    for name, po, translation_uuid in parsed:
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
        declared = (po.metadata.get("Language") or "").strip()
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
        plans.append(_plan(name, po, translation, item_id))

    if errors:
        raise ExchangeError(errors[:MAX_ERRORS])

    report = ImportReport(files=len(plans))
    with transaction.atomic():
        for plan in plans:
            if len(plan.po):
                plan.translation.import_po(plan.po, user=user, tool_name=TOOL_NAME)
            report.strings_updated += plan.updated
            report.strings_unchanged += plan.unchanged
            report.strings_skipped += plan.skipped
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


def _plan(name: str, po: polib.POFile, translation: Translation, item_id: int) -> _Plan:
    """Which entries of a validated PO file change a translated string; a PO file of only those."""
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
    updated = unchanged = skipped = 0
    written: set[tuple[int, int]] = set()
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgstr:
            skipped += 1
            continue
        key = segments.get((entry.msgctxt or "", entry.msgid))
        if key is None or key in written:
            skipped += 1
            continue
        written.add(key)
        if existing.get(key) == entry.msgstr:
            unchanged += 1
            continue
        to_write.append(polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, msgstr=entry.msgstr))
        updated += 1
    return _Plan(name, translation, item_id, to_write, updated, unchanged, skipped)


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
