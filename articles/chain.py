"""The directive chain as one locale sees it: what a directive refers to, and what refers to it.

Upward links are the directive's own relations, each labelled as it reads from here ("implements
57-NQ/TW"). Downward links are the relations other directives hold to this one, grouped by type in
the order of `DirectiveRelation.Type`, each group headed by the type's inverse label ("implemented
by", "replaced by"), so a directive that replaces this one is never listed as implementing it.

Both directions are joined by number key, so a relation typed as a bare number links up as
soon as that directive is published, and translations (which carry copies of the relations)
resolve to pages in their own locale. Only live, public pages appear (never alias copies), and a
number the public may not be told about (articles.directive_visibility) is not named at all.
"""

from dataclasses import dataclass

from django.db.models import Q

from articles.directive_visibility import private_pages_q, visible_directives, withheld_keys
from articles.models.directives import INVERSE_LABELS, DirectivePage, DirectiveRelation


@dataclass(frozen=True)
class ChainLink:
    """One step of the chain: the relation's label, the number as printed, the page if published
    here, and the relation's type (`DirectiveRelation.Type`)."""

    relation: str
    number: str
    page: DirectivePage | None
    kind: str = ""


@dataclass(frozen=True)
class ChainGroup:
    """The directives that hold one type of relation to this one, under its inverse label."""

    kind: str
    label: str
    links: list[ChainLink]


@dataclass(frozen=True)
class DirectiveChain:
    upward: list[ChainLink]
    downward: list[ChainLink]

    @property
    def downward_groups(self) -> list[ChainGroup]:
        """`downward` grouped by relation type, in the order of `DirectiveRelation.Type`."""
        groups = []
        for kind in DirectiveRelation.Type:
            links = [link for link in self.downward if link.kind == kind]
            if links:
                groups.append(ChainGroup(kind.value, str(INVERSE_LABELS[kind]), links))
        return groups

    def downward_link(self, kind: str, number: str) -> ChainLink | None:
        """The directive of `number` that holds a `kind` relation to this one, if it is shown here."""
        return next((link for link in self.downward if link.kind == kind and link.number == number), None)


def directive_chain(directive: DirectivePage, private: Q | None = None) -> DirectiveChain:
    """Upward links (this directive implements/is based on/…) and downward ones (…implemented by).
    Pass `private_pages_q()` when the caller already has it, to save its query."""
    private = private_pages_q() if private is None else private
    visible = visible_directives(private).filter(locale_id=directive.locale_id)
    relations = list(directive.relations.select_related("target_page"))  # in memory in an editor preview
    relations.sort(key=lambda relation: (relation.sort_order is None, relation.sort_order or 0, relation.pk or 0))
    for relation in relations:
        if not relation.target_key:  # an unsaved relation (a preview): its key is made on save
            relation.target_key = relation.resolve_key()
    withheld = withheld_keys({relation.target_key for relation in relations}, private)
    relations = [relation for relation in relations if relation.target_key not in withheld]
    targets = {
        page.number_key: page for page in visible.filter(number_key__in=[relation.target_key for relation in relations])
    }
    upward = [
        ChainLink(
            relation.label(),
            targets[relation.target_key].number if relation.target_key in targets else relation.printed_number,
            targets.get(relation.target_key),
            relation.relation_type,
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
        ChainLink(relation.inverse_label(), relation.page.number, relation.page, relation.relation_type)
        for relation in incoming
    ]
    return DirectiveChain(upward=upward, downward=downward)
