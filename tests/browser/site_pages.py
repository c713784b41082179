"""What the accessibility and keyboard tests share: the demo's pages by type and language, and axe.

`discover_pages` asks the live site's own database (through `site_manage`) for one live, public
page of each page type in each language, so the tests follow the demo content instead of
copying its slugs. `axe_blocking_violations` runs axe-core (the copy bundled with
`axe-playwright-python`) on whatever the browser shows and keeps the serious and critical ones;
`describe_violations` prints them so a failure says what to fix and where.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

PAGE_TYPES = [
    "HomePage",
    "ThemePage",
    "DirectiveIndexPage",
    "DirectivePage",
    "InfographicIndexPage",
    "InfographicPage",
    "PodcastIndexPage",
    "PodcastEpisodePage",
    "VideoIndexPage",
    "VideoClipPage",
    "ArticleIndexPage",
    "ArticlePage",
]
LANGUAGES = ["vi", "en", "uk"]
BLOCKING_IMPACTS = {"serious", "critical"}
BROWSER_CHROME = ["xslt-warning-banner"]
"""Elements the browser itself puts into a page (Chromium's notice that XSLT is going away): not ours to fix."""

_MARKER = "A11Y-PAGES:"
_DISCOVER = f"""
import json
from wagtail.models import Page
pages = {{}}
untranslated = []
for page in Page.objects.live().public().filter(alias_of__isnull=True, depth__gt=1).specific().order_by("path"):
    key = type(page).__name__ + "|" + page.locale.language_code
    url = page.get_url()
    if url and key not in pages:
        pages[key] = url
    if type(page).__name__ == "ArticlePage" and page.locale.language_code == "en":
        languages = set(page.get_translations(inclusive=True).live().values_list("locale__language_code", flat=True))
        if "uk" not in languages:
            untranslated.append(url)
media = [
    page.get_url()
    for page in Page.objects.live().public().filter(alias_of__isnull=True).specific().order_by("path")
    if type(page).__name__ in ("PodcastEpisodePage", "VideoClipPage")
]
print("{_MARKER}" + json.dumps({{"pages": pages, "untranslated_in_uk": untranslated, "media": media}}))
"""

_AXE = Axe()


def discover_pages(site_manage: Callable[..., str]) -> dict[str, Any]:
    """`{"pages": {"Type|lang": url}, "untranslated_in_uk": [en urls], "media": [urls of audio/video pages]}`."""
    output = site_manage("shell", "-c", _DISCOVER)
    line = next(line for line in output.splitlines() if line.startswith(_MARKER))
    return json.loads(line[len(_MARKER) :])


def axe_results(page: Page) -> dict[str, Any]:
    """axe-core's full answer for the document the browser shows now (browser chrome left out)."""
    results = _AXE.run(page, context={"exclude": [[selector] for selector in BROWSER_CHROME]})
    return results.response


def axe_blocking_violations(page: Page) -> list[dict[str, Any]]:
    """The serious and critical violations axe finds on the page the browser shows now."""
    response = axe_results(page)
    assert response["testEngine"]["name"] == "axe-core", response.get("testEngine")
    return [violation for violation in response["violations"] if violation["impact"] in BLOCKING_IMPACTS]


def describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    """One paragraph per violation: rule, impact, what it means, the help page and each failing element."""
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node.get('failureSummary', '').replace(chr(10), ' ')}")
    return "\n".join(lines)


# --- The public frame (#12): every page type by language, the sections, the themes, the search page --------

FRAME_PAGE_TYPES = [*PAGE_TYPES, "InformationPage"]
"""The page types a visitor reaches: the demo's content types plus the plain information pages of the
frame (the accessibility statement). `test_public_frame` checks that the demo has no other public type."""

_FRAME_MARKER = "FRAME-PAGES:"
_DISCOVER_FRAME = f"""
import json
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
visible = Page.objects.live().public().filter(alias_of__isnull=True, depth__gt=1).specific().order_by("path")
result = {{}}
for code, _name in settings.LANGUAGES:
    pages, sections, themes, homes = {{}}, [], [], []
    for page in visible.filter(locale__language_code=code):
        url = page.get_url()
        if not url:
            continue
        kind = type(page).__name__
        pages.setdefault(kind, url)
        if kind == "HomePage":
            homes.append(page)
        elif kind == "ThemePage":
            themes.append(url)
        elif kind.endswith("IndexPage") and any(page.depth == home.depth + 1 for home in homes):
            sections.append(url)
    with translation.override(code):
        search = reverse("search")
    result[code] = {{"pages": pages, "sections": sections, "themes": themes, "search": search}}
print("{_FRAME_MARKER}" + json.dumps(result))
"""


def discover_frame(site_manage: Callable[..., str]) -> dict[str, dict[str, Any]]:
    """Per language of `settings.LANGUAGES`: `{"pages": {type: url}, "sections": [urls of the home page's
    index pages], "themes": [urls of every live theme page], "search": url of the search page}`."""
    output = site_manage("shell", "-c", _DISCOVER_FRAME)
    line = next(line for line in output.splitlines() if line.startswith(_FRAME_MARKER))
    return json.loads(line[len(_FRAME_MARKER) :])
