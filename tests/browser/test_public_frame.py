"""The public frame in Debian's Chromium (#12): every page type × every language × five screen widths.

For each public page type of the demo (one live page of each, found in the live site's database by
`site_pages.discover_frame`), the search results page with a query, in every language of
`settings.LANGUAGES`, at 320, 390, 768, 1366 and 1920 px wide:

- nothing is wider than the screen (`document.documentElement.scrollWidth <= innerWidth`); a failure
  names the elements whose right edge is farthest, so it says what to fix;
- a search form is there (`form[role=search]`, or a form sent to the search page, with a text input);
- the primary navigation is there: a labelled `<nav>` with links to every section of the language (the
  home page's index pages) and to its themes.

And once per language, every theme page is reachable by links from the home page: its own links and
those of the pages its navigation links to.

Speed: one browser for the module, one context (tab) per width kept for the whole module, each page
loaded once per width and measured once; the three checks read that measurement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.site_pages import FRAME_PAGE_TYPES, discover_frame

pytestmark = pytest.mark.browser

LANGUAGES = [code for code, _name in settings.LANGUAGES]
WIDTHS = [320, 390, 768, 1366, 1920]
HEIGHT = 900
SEARCH_RESULTS = "SearchResults"
KINDS = [*FRAME_PAGE_TYPES, SEARCH_RESULTS]
SEARCH_QUERY = "380-CV/ĐU"
"""A directive number every language's demo content cites, so the results page has results."""

MEASURE = """(searchPath) => {
    const viewport = window.innerWidth;
    const describe = (element) => {
        let name = element.tagName.toLowerCase();
        if (element.id) name += "#" + element.id;
        for (const cls of Array.from(element.classList).slice(0, 3)) name += "." + cls;
        const text = (element.getAttribute("alt") || element.textContent || "").trim().replace(/\\s+/g, " ");
        return text ? `${name} "${text.slice(0, 40)}"` : name;
    };
    const path = (element) => {
        const parts = [];
        for (let node = element; node && node !== document.body && parts.length < 4; node = node.parentElement) {
            parts.unshift(describe(node).split(" ")[0]);
        }
        return parts.join(" > ");
    };
    const clipped = (from) => {
        for (let node = from; node && node !== document.body; node = node.parentElement) {
            if (getComputedStyle(node).overflowX !== "visible") return true;
        }
        return false;
    };
    const widest = [];
    const note = (box, element, text) => {
        const right = box.right + window.scrollX;
        if (right > viewport + 0.5 && box.width > 0) {
            widest.push({right: Math.round(right), width: Math.round(box.width),
                         what: text ? `text "${text.slice(0, 40)}" in ${describe(element)}` : describe(element),
                         where: path(element)});
        }
    };
    if (document.documentElement.scrollWidth > viewport) {
        for (const element of document.body.querySelectorAll("*")) {
            if (!clipped(element.parentElement)) note(element.getBoundingClientRect(), element, null);
        }
        // A word or a nowrap string can stick out of a box that itself fits.
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent.trim().replace(/\\s+/g, " ");
            if (!text || clipped(node.parentElement)) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            note(range.getBoundingClientRect(), node.parentElement, text);
        }
        widest.sort((a, b) => b.right - a.right);
    }
    const searchForms = Array.from(document.querySelectorAll("form")).filter((form) => {
        let action;
        try { action = new URL(form.getAttribute("action") || location.href, location.href).pathname; }
        catch (error) { action = ""; }
        const isSearch = form.getAttribute("role") === "search" || action === searchPath;
        return isSearch && form.querySelector("input[type=search], input[type=text], input:not([type])");
    }).length;
    const navs = Array.from(document.querySelectorAll("nav")).map((nav) => ({
        label: (nav.getAttribute("aria-label") || "").trim()
            || (nav.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)
                .map((id) => (document.getElementById(id) || {textContent: ""}).textContent.trim()).join(" "),
        classes: nav.className,
        links: Array.from(nav.querySelectorAll("a[href]"), (link) => new URL(link.href).pathname),
    }));
    return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: viewport,
        widest: widest.slice(0, 4),
        searchForms,
        navs,
        lang: document.documentElement.lang,
    };
}"""


@pytest.fixture(scope="module")
def frame(site_manage: Callable[..., str]) -> dict[str, dict[str, Any]]:
    return discover_frame(site_manage)


class _Tabs(dict):
    """Width → tab; a width's context and tab are opened when first asked for."""

    def __init__(self, browser: Browser) -> None:
        super().__init__()
        self.browser = browser

    def __missing__(self, width: int) -> Page:
        context = self.browser.new_context(viewport={"width": width, "height": HEIGHT})
        self[width] = context.new_page()
        return self[width]


@pytest.fixture(scope="module")
def tabs(browser: Browser) -> Iterator[dict[int, Page]]:
    """One context and tab per width, kept for the whole module."""
    opened = _Tabs(browser)
    yield opened
    for tab in opened.values():
        tab.context.close()


@pytest.fixture(scope="module")
def measured(
    tabs: dict[int, Page], site_url: str, frame: dict[str, dict[str, Any]]
) -> Callable[[str, str, int], dict[str, Any]]:
    """`measured(kind, language, width)`: the page loaded at that width and measured, once per module."""
    cache: dict[tuple[str, str, int], dict[str, Any]] = {}

    def measure(kind: str, language: str, width: int) -> dict[str, Any]:
        key = (kind, language, width)
        if key not in cache:
            url = _url_of(frame, kind, language)
            tab = tabs[width]
            response = tab.goto(site_url + url, wait_until="load")
            status = response.status if response else None
            assert status == 200, f"{url} answered {status}"
            tab.evaluate("document.fonts.ready.then(() => true)")
            cache[key] = {"url": url, **tab.evaluate(MEASURE, frame[language]["search"])}
        return cache[key]

    return measure


def _url_of(frame: dict[str, dict[str, Any]], kind: str, language: str) -> str:
    if kind == SEARCH_RESULTS:
        return frame[language]["search"] + "?q=" + quote(SEARCH_QUERY)
    url = frame[language]["pages"].get(kind)
    if not url:
        pytest.fail(f"the demo has no live, public {kind} in {language}")
    return url


matrix = pytest.mark.parametrize(
    ("kind", "language", "width"),
    [(kind, language, width) for kind in KINDS for language in LANGUAGES for width in WIDTHS],
)


@matrix
def test_nothing_is_wider_than_the_screen(measured: Callable, kind: str, language: str, width: int) -> None:
    result = measured(kind, language, width)
    assert result["lang"] == language
    if result["scrollWidth"] > result["innerWidth"]:
        culprits = "\n".join(
            f"  right edge {item['right']} px (width {item['width']}): {item['what']}   [{item['where']}]"
            for item in result["widest"]
        )
        pytest.fail(
            f"{kind} in {language} at {width} px ({result['url']}) is {result['scrollWidth']} px wide, "
            f"the screen {result['innerWidth']} px; the farthest right edges:\n{culprits or '  (none found)'}"
        )


@matrix
def test_every_page_has_a_search_form(measured: Callable, kind: str, language: str, width: int) -> None:
    result = measured(kind, language, width)
    assert result["searchForms"] >= 1, (
        f"{kind} in {language} at {width} px ({result['url']}) has no search form "
        "(form[role=search] or a form sent to the search page, with a text input)"
    )


@matrix
def test_every_page_has_the_primary_navigation(
    measured: Callable, frame: dict[str, dict[str, Any]], kind: str, language: str, width: int
) -> None:
    result = measured(kind, language, width)
    sections = set(frame[language]["sections"])
    themes = set(frame[language]["themes"])
    assert sections and themes, f"the demo has no sections or no themes in {language}"
    found = []
    for nav in result["navs"]:
        links = set(nav["links"])
        found.append(
            f"  nav.{nav['classes'] or '-'} label={nav['label']!r}: {len(links & sections)}/{len(sections)} sections, "
            f"{len(links & themes)}/{len(themes)} themes"
        )
        if nav["label"] and sections <= links and links & themes:
            return
    pytest.fail(
        f"{kind} in {language} at {width} px ({result['url']}) has no labelled <nav> linking to every section "
        f"and to the themes; its navs:\n" + ("\n".join(found) or "  (none)")
    )


class _Links(HTMLParser):
    """The hrefs of a page's links, and those inside <nav> elements apart."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.nav_links: list[str] = []
        self._nav_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self._nav_depth += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)
            if self._nav_depth:
                self.nav_links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


def _links_of(context: BrowserContext, url: str) -> _Links:
    response = context.request.get(url)
    parser = _Links()
    if response.ok and response.headers.get("content-type", "").startswith("text/html"):
        parser.feed(response.text())
    return parser


def _local_path(base: str, site_url: str, href: str) -> str | None:
    absolute = urljoin(base, href)
    if not absolute.startswith(site_url + "/"):
        return None
    return urlsplit(absolute).path


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_theme_page_is_reachable_from_the_home_page(
    tabs: dict[int, Page], site_url: str, frame: dict[str, dict[str, Any]], language: str
) -> None:
    home = site_url + frame[language]["pages"]["HomePage"]
    context = tabs[WIDTHS[-1]].context
    home_links = _links_of(context, home)
    reachable = {path for href in home_links.links if (path := _local_path(home, site_url, href))}
    for href in dict.fromkeys(home_links.nav_links):
        path = _local_path(home, site_url, href)
        if path and not path.startswith(("/static/", "/media/", "/documents/")):
            page = site_url + path
            reachable |= {p for h in _links_of(context, page).links if (p := _local_path(page, site_url, h))}
    missing = [theme for theme in frame[language]["themes"] if theme not in reachable]
    assert not missing, (
        f"{len(missing)} of {len(frame[language]['themes'])} theme pages in {language} are not linked from the home "
        f"page {home} nor from the pages its navigation links to: {missing}"
    )


def test_the_matrix_covers_every_public_page_type(frame: dict[str, dict[str, Any]]) -> None:
    """A new public page type must join FRAME_PAGE_TYPES (site_pages.py), or it would go unchecked."""
    for language, found in frame.items():
        unchecked = set(found["pages"]) - set(FRAME_PAGE_TYPES)
        assert not unchecked, f"public page types in {language} that the matrix does not check: {sorted(unchecked)}"
    assert set(frame) == set(LANGUAGES)


LAYOUT_SHIFTS = """() => new Promise((done) => {
    const shifts = [];
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) shifts.push(entry.value);
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => done(shifts.reduce((sum, value) => sum + value, 0)), 500);
})"""


@pytest.mark.parametrize("javascript", [True, False])
def test_the_phone_menu_is_drawn_folded_from_the_first_paint_and_opens(
    browser: Browser, site_url: str, javascript: bool
) -> None:
    """With scripts the menu starts folded (html.js before the first paint: nothing moves when nav.js
    runs) and the Menu button opens it; without scripts the list is simply open."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=javascript)
    try:
        tab = context.new_page()
        tab.goto(site_url + "/", wait_until="load")
        links = tab.locator(".primary-nav__list .primary-nav__link").first
        if not javascript:
            assert links.is_visible() and not tab.locator(".primary-nav__toggle").is_visible()
            return
        assert tab.evaluate(LAYOUT_SHIFTS) < 0.1  # "good" in Web Vitals; the menu folding late cost 0.28
        toggle = tab.locator(".primary-nav__toggle")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert not links.is_visible()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and links.is_visible()
    finally:
        context.close()
