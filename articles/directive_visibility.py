"""Which directives the public may be told about: one rule for pages, the API and the search index.

A directive is *visible* when it is live, public (no view restriction on it or an ancestor) and not
an alias copy. A directive number is *withheld* when the site holds a directive with that number
but none of its pages, in any language, is visible: a private, unpublished or never published
directive. A withheld number is never named to a visitor — not in another directive's chain, not
in "directives this explains", not in API relations, not in a search document's cited numbers —
because naming it would tell the public that the document exists. A number the site does not hold
at all (a document not on the site yet, typed as a bare number) is public knowledge and is shown
as printed. Numbers written inside an item's own prose stay part of that prose.

`withheld_q` is a condition for querysets (so listings and prefetches filter in the database, at no
query per item); `withheld_keys` answers for a batch of keys in one query. `visible_directives` is the
one definition of a directive the public may see, used by the chain, the API and the feeds.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from wagtail.models import Page

from cms.request_memo import once_per_request


def private_pages_q() -> Q:
    """Every page under a view restriction (one query per request: Wagtail reads the restricted
    paths; cms.request_memo shares them between the parts of a page)."""
    return once_per_request("private_pages_q", Page.objects.all().private_q)


def visible_directives(private: Q | None = None) -> QuerySet:
    """Directive pages the public may see, in every language. Pass `private_pages_q()` when the
    caller already has it, to save its query."""
    from articles.models import DirectivePage

    private = private_pages_q() if private is None else private
    return DirectivePage.objects.live().exclude(private).filter(alias_of__isnull=True)


def withheld_q(key: OuterRef | str, private: Q | None = None) -> Q:
    """True for a row whose number key `key` (usually `OuterRef("target_key")`) is withheld."""
    from articles.models import DirectivePage

    held = DirectivePage.objects.filter(number_key=key, alias_of__isnull=True)
    return Q(Exists(held)) & ~Q(Exists(visible_directives(private).filter(number_key=key)))


def withheld_keys(keys: Iterable[str], private: Q | None = None) -> set[str]:
    """Of these number keys, those the site holds only as directives the public may not see (one
    query, plus one for the restricted paths unless `private` is given; none for no keys).

    Works on keys rather than querysets, so it also serves objects held in memory: the relations
    and related directives of a page previewed from the editor's unsaved form."""
    from articles.models import DirectivePage

    keys = set(keys)
    if not keys:
        return set()
    private = private_pages_q() if private is None else private
    rows = (
        DirectivePage.objects.filter(number_key__in=keys, alias_of__isnull=True)
        .values("number_key")
        .annotate(visible=Count("pk", filter=Q(live=True) & ~private))
    )
    return {row["number_key"] for row in rows if not row["visible"]}
