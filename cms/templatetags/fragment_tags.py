"""`{% cached_fragment "name" part … tag=expression … %}…{% endcached_fragment %}` (cms.fragment_cache)."""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import mark_safe

from cms import fragment_cache

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, name: FilterExpression, parts: list[FilterExpression], tags: list) -> None:
        self.nodelist, self.name, self.parts, self.tags = nodelist, name, parts, tags

    def render(self, context: template.Context) -> str:
        parts = [part.resolve(context) for part in self.parts]
        tags = {str(tag.resolve(context)) for tag in self.tags}
        content = fragment_cache.render(
            str(self.name.resolve(context)),
            parts,
            context.get("request"),
            lambda: self.nodelist.render(context),
            tags - {""},
        )
        return mark_safe(content)


@register.tag
def cached_fragment(parser: Parser, token: Token) -> CachedFragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a fragment name and, optionally, parts and tag=…")
    parts, tags = [], []
    for bit in bits[2:]:
        if bit.startswith("tag="):
            tags.append(parser.compile_filter(bit[len("tag=") :]))
        else:
            parts.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]), parts, tags)
