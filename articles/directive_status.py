"""A directive's legal status: in force, not yet, partly, or no longer (expired, replaced, repealed).

The status is derived, in this order:

1. the editor's override (`DirectivePage.status_override`, with `status_reason`), when set;
2. *repealed* when a visible directive (articles.directive_visibility: live, public, not an alias
   copy, in any language) has a `repeals` relation to this number and has taken effect (its
   effective date, or its issue date when it has none, is today or earlier); the date is that one;
3. *replaced* likewise for a `replaces` relation;
4. *expired* when the expiry date is today or earlier;
5. *not yet in force* when the effective date is after today;
6. otherwise *in force* (since the effective date, or the issue date).

A repeal wins over a replacement, and both over an expiry date. *Partly in force* is never derived
(the site does not know which provisions a relation touches): editors set it by the override.
Private and unpublished directives never change another's status, so the status tells the public
nothing about them.

The status changes with the date, so what shows it must follow: `statuses_turning(today)` names
the directives whose status may have turned today or yesterday (the site scheduler's hourly
`directive_statuses` job re-indexes them and drops their pages from the page cache; the search
index's repair job catches any it missed, since a directive's search version includes its status).

`with_status(queryset)` adds the status to a queryset in SQL (`status_code`, and `replaced_since`,
`replaced_by`, `repealed_since`, `repealed_by`), so the register filters and pages by it and the
API and feeds show it without a query per item; `status_of(page)` reads those into a `Status`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.directive_visibility import visible_directives
from articles.models.directives import NO_LONGER_IN_FORCE, DirectivePage, DirectiveRelation, LegalStatus

ENDING_RELATIONS = {
    LegalStatus.REPEALED: DirectiveRelation.Type.REPEALS,
    LegalStatus.REPLACED: DirectiveRelation.Type.REPLACES,
}
"""The statuses another directive's relation brings about, and that relation's type."""

SCHEMA_LEGAL_FORCE = {
    LegalStatus.IN_FORCE: "https://schema.org/InForce",
    LegalStatus.PARTLY_IN_FORCE: "https://schema.org/PartiallyInForce",
}
"""schema.org `LegalForceStatus` per status; every other status is `NotInForce`."""
SCHEMA_NOT_IN_FORCE = "https://schema.org/NotInForce"


@dataclass(frozen=True)
class Status:
    """A directive's status as shown: code, translated label, the date it holds from, and what caused it."""

    code: str
    since: datetime.date | None
    by_number: str = ""
    reason: str = ""
    overridden: bool = False

    @property
    def label(self) -> str:
        return str(LegalStatus(self.code).label)

    @property
    def in_force(self) -> bool:
        return self.code in (LegalStatus.IN_FORCE, LegalStatus.PARTLY_IN_FORCE)

    @property
    def no_longer_in_force(self) -> bool:
        return self.code in NO_LONGER_IN_FORCE

    @property
    def by_relation(self) -> str:
        """The relation type of the directive that ended this one ("replaces"), or ""."""
        return ENDING_RELATIONS.get(self.code, "") if self.by_number else ""

    @property
    def schema_legal_force(self) -> str:
        return SCHEMA_LEGAL_FORCE.get(self.code, SCHEMA_NOT_IN_FORCE)


def _ending(kind: str, today: datetime.date, visible: QuerySet, field: str) -> Subquery:
    """The earliest visible directive with a `kind` relation to the outer row's number that has taken effect."""
    relations = (
        DirectiveRelation.objects.filter(
            target_key=OuterRef("number_key"), relation_type=kind, page_id__in=visible.values("pk")
        )
        .annotate(since=Coalesce("page__effective_date", "page__issue_date"))
        .filter(since__lte=today)
        .order_by("since", "page__number")
    )
    return Subquery(relations.values(field)[:1])


def with_status(queryset: QuerySet, today: datetime.date | None = None, private: Q | None = None) -> QuerySet:
    """`queryset` of directives annotated with `status_code` and what ended each (see the module docstring)."""
    today = today or timezone.localdate()
    visible = visible_directives(private)
    queryset = queryset.annotate(
        repealed_since=_ending(DirectiveRelation.Type.REPEALS, today, visible, "since"),
        repealed_by=_ending(DirectiveRelation.Type.REPEALS, today, visible, "page__number"),
        replaced_since=_ending(DirectiveRelation.Type.REPLACES, today, visible, "since"),
        replaced_by=_ending(DirectiveRelation.Type.REPLACES, today, visible, "page__number"),
    )
    return queryset.annotate(
        status_code=Case(
            When(~Q(status_override=""), then=F("status_override")),
            When(repealed_since__isnull=False, then=Value(LegalStatus.REPEALED.value)),
            When(replaced_since__isnull=False, then=Value(LegalStatus.REPLACED.value)),
            When(expiry_date__lte=today, then=Value(LegalStatus.EXPIRED.value)),
            When(effective_date__gt=today, then=Value(LegalStatus.NOT_YET_IN_FORCE.value)),
            default=Value(LegalStatus.IN_FORCE.value),
            output_field=CharField(),
        )
    )


def status_of(page: DirectivePage, private: Q | None = None) -> Status:
    """The status of `page`, from `with_status` annotations when it carries them, else fetched (one
    query, and one more for the view restrictions unless `private` is `private_pages_q()`)."""
    if not hasattr(page, "status_code"):
        row = (
            with_status(DirectivePage.objects.filter(pk=page.pk), private=private)
            .values("status_code", "repealed_since", "repealed_by", "replaced_since", "replaced_by")
            .first()
        )
        if row is None:  # not saved yet: dates and override only
            row = {"status_code": page.status_override or _by_dates(page)}
        for name, value in row.items():
            setattr(page, name, value)
    code = page.status_code
    if page.status_override:
        return Status(code, None, reason=page.status_reason, overridden=True)
    if code == LegalStatus.REPEALED:
        return Status(code, page.repealed_since, by_number=page.repealed_by)
    if code == LegalStatus.REPLACED:
        return Status(code, page.replaced_since, by_number=page.replaced_by)
    if code == LegalStatus.EXPIRED:
        return Status(code, page.expiry_date)
    return Status(code, page.effective_date or page.issue_date)


def _by_dates(page: DirectivePage) -> str:
    today = timezone.localdate()
    if page.expiry_date and page.expiry_date <= today:
        return LegalStatus.EXPIRED
    if page.effective_date and page.effective_date > today:
        return LegalStatus.NOT_YET_IN_FORCE
    return LegalStatus.IN_FORCE


TURNING_WINDOW_DAYS = 1
"""Besides today, how many days back `statuses_turning` looks (a scheduler that was down at midnight)."""


def statuses_turning(today: datetime.date | None = None) -> QuerySet:
    """Directives whose derived status may have changed between the start of the window and `today`:
    an effective or expiry date in it, or an ending relation (repeals, replaces) whose directive
    took effect in it."""
    today = today or timezone.localdate()
    window = (today - datetime.timedelta(days=TURNING_WINDOW_DAYS), today)
    ended = (
        DirectiveRelation.objects.filter(relation_type__in=ENDING_RELATIONS.values())
        .annotate(since=Coalesce("page__effective_date", "page__issue_date"))
        .filter(since__range=window)
        .values("target_key")
    )
    return DirectivePage.objects.filter(
        Q(effective_date__range=window) | Q(expiry_date__range=window) | Q(number_key__in=ended)
    )


def status_filter(code: str) -> Q:
    """A condition on `with_status(...)` rows: one status, or "no_longer_in_force" for all three ended ones."""
    if code == NO_LONGER:
        return Q(status_code__in=[status.value for status in NO_LONGER_IN_FORCE])
    return Q(status_code=code)


NO_LONGER = "no_longer_in_force"
"""The register's filter value for expired, replaced and repealed directives together."""
