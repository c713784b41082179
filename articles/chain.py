"""The directive chain as one locale sees it: what a directive implements, and what implements it.

Both directions are joined by number key, so a relation typed as a bare number links up as
soon as that directive is published, and translations (which carry copies of the relations)
resolve to pages in their own locale. Only live, public pages appear (never alias copies), and a
number the public may not be told about (articles.directive_visibility) is not named at all.
"""

from dataclasses import dataclass

from django.db.models import OuterRef

from articles.directive_visibility import private_pages_q, visible_directives, withheld_q
from articles.models.directives import DirectivePage, DirectiveRelation


@dataclass(frozen=True)
class ChainLink:
    """One step of the chain: the relation's label, the number as printed, the page if published here."""

    relation: str
    number: str
    page: DirectivePage | None


@dataclass(frozen=True)
class DirectiveChain:
    upward: list[ChainLink]
    downward: list[ChainLink]


def directive_chain(directive: DirectivePage) -> DirectiveChain:
    """Upward links (this directive implements/is based on/…) and downward ones (…is implemented by)."""
    private = private_pages_q()
    visible = visible_directives(private).filter(locale_id=directive.locale_id)
    relations = list(
        directive.relations.exclude(withheld_q(OuterRef("target_key"), private)).select_related("target_page")
    )
    targets = {
        page.number_key: page for page in visible.filter(number_key__in=[relation.target_key for relation in relations])
    }
    upward = [
        ChainLink(
            relation.get_relation_type_display(),
            targets[relation.target_key].number if relation.target_key in targets else relation.printed_number,
            targets.get(relation.target_key),
        )
        for relation in relations
    ]

    incoming = (
        DirectiveRelation.objects.filter(
            target_key=directive.number_key,
            page_id__in=visible.values("pk"),
        )
        .select_related("page")
        .order_by("-page__issue_date", "page__number")
    )
    downward = [
        ChainLink(relation.get_relation_type_display(), relation.page.number, relation.page) for relation in incoming
    ]
    return DirectiveChain(upward=upward, downward=downward)
