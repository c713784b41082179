"""Directive numbers in running text: never broken across lines, and links where a reader can follow them.

- `{{ text|nobreak_numbers }}` — plain text (a title, a summary, a transcript line): escaped, with each
  directive number wrapped in `<span class="directive-number">` (CSS: `white-space: nowrap`), so
  "380-CV/ĐU" or "03-KH/BCĐTW" never breaks at its hyphen or slash.
- `{% linked_numbers html %}` — rich text (a body block, an infographic's description): in text outside
  links, each directive number becomes a link to that directive's live, public page in the page's
  language, else the source language's (`articles.directive_visibility.visible_directives`), kept
  unbreakable; a number the site does not hold, or holds only privately, stays plain text (never a
  link that names a private page). One query for the numbers found, remembered on the request.

Numbers are found by the project's one number scanner (`articles.directive_numbers`).
"""

from __future__ import annotations

import re
import unicodedata
from html import escape as html_escape
from html.parser import HTMLParser

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.directive_numbers import locate_directive_numbers

register = template.Library()


def _wrapped(text: str, render) -> str:
    """`text` escaped, with each number replaced by `render(printed_text, found)` (already safe HTML)."""
    text = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    cursor = 0
    for found in locate_directive_numbers(text):
        parts.append(html_escape(text[cursor : found.start], quote=False))
        parts.append(render(text[found.start : found.end], found))
        cursor = found.end
    parts.append(html_escape(text[cursor:], quote=False))
    return "".join(parts)


def _span(printed: str, _found) -> str:
    return str(format_html('<span class="directive-number">{}</span>', printed))


@register.filter(is_safe=True)
def nobreak_numbers(value: object) -> SafeString:
    """Plain text, escaped, with directive numbers kept on one line."""
    if value is None or value == "":
        return mark_safe("")
    if hasattr(value, "__html__"):
        return conditional_escape(value)  # already HTML: leave it as it is
    return mark_safe(_wrapped(str(value), _span))


class _NumberLinker(HTMLParser):
    """Re-emits HTML unchanged except directive numbers in text outside `<a>`, which become links."""

    def __init__(self, urls: dict[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.urls = urls
        self.out: list[str] = []
        self.link_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag == "a":
            self.link_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag == "a" and self.link_depth:
            self.link_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.link_depth:
            self.out.append(html_escape(data, quote=False))
        else:
            self.out.append(_wrapped(data, self._link))

    def _link(self, printed: str, found) -> str:
        url = self.urls.get(found.key)
        if url is None:
            return _span(printed, found)
        return str(format_html('<a class="directive-number" href="{}">{}</a>', url, printed))


_HAS_DIGIT = re.compile(r"\d")


def _urls_for(context: template.Context, keys: set[str]) -> dict[str, str]:
    """Public URLs of the live, public directive pages with these keys, in the current language."""
    from articles.directive_visibility import visible_directives

    request = context.get("request")
    cache: dict[str, str | None] = getattr(request, "_directive_number_urls", {}) if request else {}
    missing = keys - cache.keys()
    if missing:
        page = context.get("page")
        locale_id = getattr(page, "locale_id", None)
        found: dict[str, object] = {}
        for directive in visible_directives().filter(number_key__in=missing).order_by("pk"):
            # The page in the reader's language when it exists, else the first one (the source).
            if directive.number_key not in found or directive.locale_id == locale_id:
                found[directive.number_key] = directive
        for key in missing:
            directive = found.get(key)
            cache[key] = directive.get_url(request) if directive else None
        if request is not None:
            request._directive_number_urls = cache
    return {key: url for key in keys if (url := cache.get(key))}


@register.simple_tag(takes_context=True)
def linked_numbers(context: template.Context, html: object) -> SafeString:
    """Rich text with the directive numbers in its text turned into links to their public pages."""
    source = str(html) if html is not None else ""
    if not _HAS_DIGIT.search(source):
        return mark_safe(source)
    keys = {found.key for found in locate_directive_numbers(re.sub(r"<[^>]*>", " ", source))}
    if not keys:
        return mark_safe(source)
    parser = _NumberLinker(_urls_for(context, keys))
    parser.feed(source)
    parser.close()
    return mark_safe("".join(parser.out))
