"""A directive's public history: the versions it was published in, what changed from one to the
next in its metadata and relations, and each version as its page showed it.

A version is a revision that was *published* (Wagtail's `wagtail.publish` log entry names it); a
saved draft was never public, so it is never history. Each version lists what it changed against
the version before it: the metadata fields of `TRACKED_FIELDS` (before → after, as a reader reads
them: dates in the language's format, a document type or issuing body by its name), "the text"
when the body changed, and the relations added or removed ("replaces 57-NQ/TW"). A relation to a
directive the public may not be told about (articles.directive_visibility) is never named.

`DirectivePage` serves the list at `versions/` and a version at `versions/<revision id>/`
(articles/models/directives.py); both answer only for the page's own published revisions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils import formats
from wagtail.models import PageLogEntry, Revision

from articles.directive_visibility import withheld_keys
from articles.models.directives import DirectivePage

TRACKED_FIELDS = (
    "title",
    "number",
    "document_type",
    "issuing_body",
    "issue_date",
    "place",
    "effective_date",
    "expiry_date",
    "status_override",
    "status_reason",
    "subject",
    "summary",
    "signer_name",
    "signer_title",
    "recipients",
)
"""The fields a reader sees in the document's header and facts, compared from version to version.
The original PDF is not among them: its title would name a file of a restricted collection, which
the page itself never links (articles.public_files)."""


@dataclass(frozen=True)
class Change:
    """One field that changed: its label and its value before and after, as shown to a reader."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Version:
    """One published version: when it was published, and what it changed against the one before."""

    revision_id: int
    published_at: datetime.datetime
    first: bool
    changes: list[Change] = field(default_factory=list)
    text_changed: bool = False
    relations_added: list[str] = field(default_factory=list)
    relations_removed: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.changes or self.text_changed or self.relations_added or self.relations_removed)


def _published(page: DirectivePage):
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision__isnull=False)


def published_revision(page: DirectivePage, revision_id: int) -> tuple[Revision, datetime.datetime] | None:
    """The page's revision `revision_id` and when it was published, if it ever was (one query)."""
    entry = _published(page).filter(revision_id=revision_id).select_related("revision").order_by("timestamp").first()
    return (entry.revision, entry.timestamp) if entry else None


def _shown(value: object) -> str:
    """A field's value as a reader reads it ("" when it has none)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


class _Readable:
    """Each version's tracked fields as shown, with the related rows they name fetched once per
    model for all versions (document types, issuing bodies, documents)."""

    def __init__(self, pages: list[DirectivePage]) -> None:
        self.names: dict[tuple[type[Model], int], str] = {}
        for name in TRACKED_FIELDS:
            model_field = DirectivePage._meta.get_field(name)
            if model_field.is_relation:
                model = model_field.related_model
                ids = {getattr(page, model_field.attname) for page in pages} - {None}
                for row in model._default_manager.filter(pk__in=ids):
                    self.names[(model, row.pk)] = str(getattr(row, "name", None) or getattr(row, "title", None) or row)

    def value(self, page: DirectivePage, name: str) -> str:
        model_field = DirectivePage._meta.get_field(name)
        if model_field.choices:
            return _shown(getattr(page, f"get_{name}_display")())
        if model_field.is_relation:
            related_id = getattr(page, model_field.attname)
            return self.names.get((model_field.related_model, related_id), "") if related_id else ""
        return _shown(getattr(page, name))


def body_content(page: DirectivePage) -> list:
    """The body's blocks without their ids: a revision saved before the blocks were given ids reads
    the same as a later one with the same text."""

    def without_ids(value):
        if isinstance(value, dict):
            is_block = "type" in value and "value" in value
            return {key: without_ids(item) for key, item in value.items() if not (is_block and key == "id")}
        if isinstance(value, list):
            return [without_ids(item) for item in value]
        return value

    return without_ids(list(page.body.raw_data))


def _relation_keys(pages: list[DirectivePage]) -> set[str]:
    return {relation.target_key or relation.resolve_key() for page in pages for relation in page.relations.all()}


def _relations(page: DirectivePage, withheld: set[str], numbers: dict[str, str]) -> dict[tuple[str, str], str]:
    """(type, number key) → "replaces 57-NQ/TW" for the version's relations the public may know of."""
    shown = {}
    for relation in page.relations.all():
        key = relation.target_key or relation.resolve_key()
        if key not in withheld:
            shown[(relation.relation_type, key)] = f"{relation.label()} {numbers.get(key) or relation.target_number}"
    return shown


def published_versions(page: DirectivePage) -> list[Version]:
    """Every published version of the page, newest first, each with what it changed (a fixed
    number of queries, whatever the number of versions)."""
    entries = list(_published(page).select_related("revision").order_by("timestamp", "pk"))
    # The revisions' own field values and relations: no look-ups of the tree, comments or related rows.
    pages: list[DirectivePage] = [
        DirectivePage.from_serializable_data(entry.revision.content, check_fks=False) for entry in entries
    ]
    keys = _relation_keys(pages)
    withheld = withheld_keys(keys)
    numbers = dict(DirectivePage.objects.filter(number_key__in=keys).values_list("number_key", "number"))
    readable = _Readable(pages)
    versions: list[Version] = []
    previous: DirectivePage | None = None
    previous_relations: dict[tuple[str, str], str] = {}
    for entry, current in zip(entries, pages, strict=True):
        relations = _relations(current, withheld, numbers)
        if previous is None:
            versions.append(Version(entry.revision_id, entry.timestamp, first=True))
        else:
            changes = [
                Change(str(DirectivePage._meta.get_field(name).verbose_name), before, after)
                for name in TRACKED_FIELDS
                if (before := readable.value(previous, name)) != (after := readable.value(current, name))
            ]
            versions.append(
                Version(
                    entry.revision_id,
                    entry.timestamp,
                    first=False,
                    changes=changes,
                    text_changed=body_content(previous) != body_content(current),
                    relations_added=[label for key, label in relations.items() if key not in previous_relations],
                    relations_removed=[label for key, label in previous_relations.items() if key not in relations],
                )
            )
        previous, previous_relations = current, relations
    return list(reversed(versions))
