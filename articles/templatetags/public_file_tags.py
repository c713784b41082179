"""Template tags that show a file only when the public may fetch it (articles.public_files).

    {% load public_file_tags %}
    {% public_file page.original_document as original %}
    {% if original %}<a href="{{ original.url }}">…</a>{% endif %}
    {% items_with_public_file page.caption_tracks.all "file" as tracks %}

A file of a restricted collection is neither linked nor embedded: not its URL, name or title.
The restricted collections are looked up once per request, however many files a page shows.
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.db.models import Model

from articles.public_files import is_public, public

register = template.Library()


@register.simple_tag(takes_context=True)
def public_file(context: template.Context, file: Model | None) -> Model | None:
    """`file` when the public may fetch it, else None."""
    return public(file, context.get("request"))


@register.simple_tag(takes_context=True)
def items_with_public_file(context: template.Context, items: Iterable[Any], attribute: str) -> list[Any]:
    """The items whose file (at `attribute`) the public may fetch, e.g. a clip's caption tracks."""
    request = context.get("request")
    return [item for item in items if is_public(getattr(item, attribute), request)]
