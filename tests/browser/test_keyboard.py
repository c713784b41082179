"""Keyboard use, captions and transcripts, in Debian's Chromium against the live demo site.

- The skip link and the language switcher are reached with Tab, show where the focus is, and
  work with Enter; the switcher marks the current language and names each in its own language.
- The search box's suggestions follow the WAI-ARIA combobox pattern (arrows, Enter, Escape,
  aria-expanded, aria-activedescendant) and stay accessible while open.
- Audio and video players are reached with Tab and Space plays and pauses them.
- Every video offers captions: `<track kind="captions">` per language whose file loads as
  WebVTT and that the player lists (an uploaded clip made by the test, since the demo's clips
  are embeds) or, for an embedded clip, links to the caption files; every audio and video page
  links to its transcript.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.site_pages import axe_blocking_violations, describe_violations, discover_pages

pytestmark = pytest.mark.browser

MAX_TABS = 40


@pytest.fixture(scope="module")
def demo(site_manage: Callable[..., str]) -> dict[str, Any]:
    return discover_pages(site_manage)


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _focused(tab: Page) -> dict[str, Any]:
    return tab.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            const box = element.getBoundingClientRect();
            return {
                tag: element.tagName.toLowerCase(),
                href: element.getAttribute("href"),
                hreflang: element.getAttribute("hreflang"),
                lang: element.getAttribute("lang"),
                text: element.textContent.trim(),
                inSwitcher: !!element.closest("nav.language-switcher"),
                inMain: !!element.closest("main"),
                outline: style.outlineStyle !== "none" ? parseFloat(style.outlineWidth) : 0,
                visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                    && box.top < innerHeight && box.left < innerWidth,
            };
        }"""
    )


def _tab_until(tab: Page, matches: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    for _ in range(MAX_TABS):
        tab.keyboard.press("Tab")
        focused = _focused(tab)
        if matches(focused):
            return focused
    pytest.fail(f"{MAX_TABS} presses of Tab never reached the element on {tab.url}")


def _assert_focus_visible(focused: dict[str, Any]) -> None:
    assert focused["visible"], f"the focused {focused['tag']} is off screen"
    assert focused["outline"] >= 2, f"the focused {focused['tag']} shows no focus outline"


# --- Skip link and language switcher ------------------------------------------------------------------


def test_skip_link_is_first_shows_on_focus_and_jumps_to_the_content(tab: Page, site_url: str) -> None:
    tab.goto(site_url + "/en/")
    skip = tab.locator("a.skip-link")
    assert not skip.is_visible() or skip.bounding_box()["x"] < 0

    tab.keyboard.press("Tab")
    focused = _focused(tab)
    assert focused["href"] == "#main"
    _assert_focus_visible(focused)

    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")
    assert _focused(tab)["inMain"], "after the skip link, Tab goes on inside <main>"


def test_language_switcher_works_with_tab_and_enter(tab: Page, site_url: str, demo: dict[str, Any]) -> None:
    tab.goto(site_url + demo["pages"]["DirectivePage|en"])
    current = tab.locator('nav.language-switcher [aria-current="page"]')
    expect(current).to_have_attribute("lang", "en")
    assert current.evaluate("e => e.tagName") != "A", "the current language is not a link to itself"

    focused = _tab_until(tab, lambda element: element["inSwitcher"])
    assert focused["tag"] == "a"
    assert focused["hreflang"] == focused["lang"] == "vi"
    assert focused["text"] == "Tiếng Việt"
    _assert_focus_visible(focused)

    focused = _tab_until(tab, lambda element: element["inSwitcher"])
    assert focused["hreflang"] == focused["lang"] == "uk"
    assert focused["text"] == "Українська"
    _assert_focus_visible(focused)

    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert urlsplit(tab.url).path == demo["pages"]["DirectivePage|uk"]
    assert tab.evaluate("document.documentElement.lang") == "uk"
    expect(tab.locator('nav.language-switcher [aria-current="page"]')).to_have_attribute("lang", "uk")


# --- Search suggestions (WAI-ARIA combobox) -----------------------------------------------------------


def _open_suggestions(tab: Page, site_url: str, prefix: str, typed: str) -> Any:
    tab.goto(f"{site_url}{prefix}/search/")
    box = tab.locator("#search-q")
    box.focus()
    box.press_sequentially(typed, delay=20)
    expect(box).to_have_attribute("aria-expanded", "true")
    return box


def test_search_box_is_a_combobox_only_with_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "/en/search/")
        box = page.locator("#search-q")
        assert box.get_attribute("role") is None, "without the script the box is a plain search field"
        assert page.locator("#search-suggestions").is_hidden()
    finally:
        context.close()


def test_search_suggestions_follow_the_combobox_pattern(tab: Page, site_url: str) -> None:
    box = _open_suggestions(tab, site_url, "/en", "dispatch")
    listbox = tab.locator("#search-suggestions")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-controls", "search-suggestions")
    expect(box).to_have_attribute("aria-autocomplete", "list")
    expect(listbox).to_have_attribute("role", "listbox")
    options = listbox.locator("[role=option]")
    assert options.count() >= 2, "the demo has several titles with 'dispatch'"
    assert all("dispatch" in title.lower() for title in options.all_inner_texts())
    expect(tab.locator("#search-suggestions-status")).to_contain_text(str(options.count()))
    assert box.get_attribute("aria-activedescendant") is None, "typing does not choose a suggestion"

    box.press("ArrowDown")
    first = options.nth(0)
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(first).to_have_attribute("aria-selected", "true")
    assert _focused(tab)["tag"] == "input", "the focus stays in the box"

    box.press("ArrowDown")
    second = options.nth(1)
    expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    expect(first).to_have_attribute("aria-selected", "false")

    box.press("ArrowUp")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("ArrowUp")
    last = options.nth(options.count() - 1)
    expect(box).to_have_attribute("aria-activedescendant", last.get_attribute("id"))

    violations = axe_blocking_violations(tab)
    assert not violations, describe_violations(tab.url + " (suggestions open)", violations)

    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    assert box.get_attribute("aria-activedescendant") is None
    expect(box).to_have_value("dispatch")

    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    chosen = first.inner_text()
    with tab.expect_navigation():
        box.press("Enter")
    assert urlsplit(tab.url).path == "/en/search/"
    assert parse_qs(urlsplit(tab.url).query)["q"] == [chosen]
    assert tab.locator(".results .result").count() > 0


def test_enter_without_a_chosen_suggestion_searches_for_what_was_typed(tab: Page, site_url: str) -> None:
    box = _open_suggestions(tab, site_url, "/en", "dispatch")
    with tab.expect_navigation():
        box.press("Enter")
    assert parse_qs(urlsplit(tab.url).query)["q"] == ["dispatch"]


def test_suggestions_keep_accented_titles_for_unaccented_typing(tab: Page, site_url: str) -> None:
    """What a <datalist> could not do: the browser would hide 'chuyển đổi số' for 'chuyen doi so'."""
    _open_suggestions(tab, site_url, "", "chuyen doi so")
    titles = tab.locator("#search-suggestions [role=option]").all_inner_texts()
    assert titles and all("chuyển đổi số" in title.lower() for title in titles)


def test_tab_closes_the_suggestions_and_moves_on(tab: Page, site_url: str) -> None:
    box = _open_suggestions(tab, site_url, "/uk", "лист")
    tab.keyboard.press("Tab")
    expect(box).to_have_attribute("aria-expanded", "false")
    assert _focused(tab)["tag"] == "button"


# --- Audio and video players -------------------------------------------------------------------------


def _space_toggles_playback(tab: Page, selector: str) -> None:
    media = tab.locator(selector)
    _tab_until(tab, lambda element: element["tag"] == selector)
    assert media.evaluate("m => m.paused")
    tab.keyboard.press("Space")
    tab.wait_for_function(f"!document.querySelector('{selector}').paused")
    tab.keyboard.press("Space")
    tab.wait_for_function(f"document.querySelector('{selector}').paused")


def test_podcast_player_is_reached_with_tab_and_played_with_space(
    tab: Page, site_url: str, demo: dict[str, Any]
) -> None:
    tab.goto(site_url + demo["pages"]["PodcastEpisodePage|uk"])
    tab.locator("audio").evaluate("audio => audio.muted = true")
    _space_toggles_playback(tab, "audio")
    _assert_focus_visible(_focused(tab))


def test_every_audio_and_video_page_links_to_its_transcript(tab: Page, site_url: str, demo: dict[str, Any]) -> None:
    assert len(demo["media"]) >= 5 * 3, "the demo has three episodes and two clips in each language"
    for url in demo["media"]:
        tab.goto(site_url + url)
        link = tab.locator('a[href="#transcript"]')
        expect(link).to_be_visible()
        transcript = tab.locator("#transcript")
        expect(transcript).to_have_count(1)
        section = transcript.locator("xpath=ancestor::section[1]")
        assert len(section.inner_text()) > len(transcript.inner_text()) + 40, f"{url}: the transcript is empty"
        player = tab.locator("audio, video")
        if player.count():
            assert player.first.get_attribute("aria-describedby") == "transcript-link"
        link.focus()
        tab.keyboard.press("Enter")
        expect(tab).to_have_url(re.compile(r"#transcript$"))


def test_embedded_clips_link_their_caption_files(tab: Page, site_url: str, demo: dict[str, Any]) -> None:
    for language in ("vi", "en", "uk"):
        tab.goto(site_url + demo["pages"][f"VideoClipPage|{language}"])
        links = tab.locator("a[href$='.vtt']")
        assert {link.get_attribute("hreflang") for link in links.all()} == {"vi", "en", "uk"}
        for link in links.all():
            response = tab.request.get(site_url + link.get_attribute("href"))
            assert response.status == 200
            assert response.headers["content-type"].startswith("text/vtt")
            assert response.text().startswith("WEBVTT")


# --- An uploaded video with caption tracks --------------------------------------------------------------

RECORD_WEBM = """async () => {
    const canvas = Object.assign(document.createElement("canvas"), {width: 160, height: 90});
    const context = canvas.getContext("2d");
    const recorder = new MediaRecorder(canvas.captureStream(10), {mimeType: "video/webm;codecs=vp8"});
    const chunks = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start();
    for (let frame = 0; frame < 20; frame++) {
        context.fillStyle = frame % 2 ? "#1a4f8b" : "#b3261e";
        context.fillRect(0, 0, 160, 90);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    recorder.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte);
    return btoa(text);
}"""

CREATE_CLIP = """
import datetime, json
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtailmedia.models import get_media_model
from articles.models import VideoCaptionTrack, VideoClipPage, VideoIndexPage
from home.demo_media import make_webvtt
index = VideoIndexPage.objects.get(locale__language_code="vi")
media = get_media_model().objects.create(
    title="a11y test clip", type="video", duration=2, width=160, height=90,
    file=ContentFile(open(%(path)r, "rb").read(), name="a11y-test-clip.webm"),
)
tracks = []
for code, text in (("vi", "Xin chào"), ("en", "Hello"), ("uk", "Привіт")):
    document = get_document_model().objects.create(
        title="a11y test clip " + code, file=make_webvtt([(0, 2, text)], name="a11y-test-clip." + code + ".vtt")
    )
    tracks.append(VideoCaptionTrack(language=code, file=document))
page = VideoClipPage(
    title="Kiểm thử phụ đề", slug="a11y-test-clip", date=datetime.date(2025, 9, 1), summary="Kiểm thử.",
    video=media, poster=VideoClipPage.objects.exclude(poster=None).first().poster, duration_seconds=2,
    transcript="Xin chào. Đây là bản ghi lời của đoạn video kiểm thử phụ đề.",
)
page.caption_tracks = tracks
index.add_child(instance=page)
page.save_revision().publish()
print("A11Y-CLIP:" + json.dumps({"url": page.get_url(), "page": page.pk, "media": media.pk,
      "documents": [track.file_id for track in tracks]}))
"""

DELETE_CLIP = """
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtailmedia.models import get_media_model
Page.objects.filter(pk=%(page)d).delete()
get_document_model().objects.filter(pk__in=%(documents)r).delete()
get_media_model().objects.filter(pk=%(media)d).delete()
"""


@pytest.fixture(scope="module")
def uploaded_clip(browser: Browser, site_manage: Callable[..., str], tmp_path_factory) -> Iterator[str]:
    """A Vietnamese video clip with an uploaded WebM (recorded by Chromium) and captions in vi/en/uk."""
    context = browser.new_context()
    try:
        webm = base64.b64decode(context.new_page().evaluate(RECORD_WEBM))
    finally:
        context.close()
    path = Path(tmp_path_factory.mktemp("clip")) / "clip.webm"
    path.write_bytes(webm)
    output = site_manage("shell", "-c", CREATE_CLIP % {"path": str(path)})
    created = json.loads(next(line for line in output.splitlines() if line.startswith("A11Y-CLIP:"))[10:])
    yield created["url"]
    site_manage("shell", "-c", DELETE_CLIP % created)


def test_uploaded_video_offers_caption_tracks_that_load(tab: Page, site_url: str, uploaded_clip: str) -> None:
    tab.goto(site_url + uploaded_clip)
    tracks = tab.locator("video track")
    assert tracks.count() == 3
    for track in tracks.all():
        assert track.get_attribute("kind") == "captions"
        assert track.get_attribute("srclang") in {"vi", "en", "uk"}
        assert track.get_attribute("label")
        response = tab.request.get(site_url + track.get_attribute("src"))
        assert response.status == 200
        assert response.headers["content-type"].startswith("text/vtt")
    listed = tab.locator("video").evaluate(
        "video => Array.from(video.textTracks, (track) => [track.kind, track.language, track.mode])"
    )
    assert sorted(language for _kind, language, _mode in listed) == ["en", "uk", "vi"]
    assert {kind for kind, _language, _mode in listed} == {"captions"}
    showing = [language for _kind, language, mode in listed if mode == "showing"]
    assert showing == ["vi"], "captions are on, in the page's language"
    tab.wait_for_function("document.querySelector('track[srclang=vi]').readyState === 2")
    cues = tab.locator("video").evaluate(
        "video => Array.from(video.textTracks).find((track) => track.language === 'vi').cues.length"
    )
    assert cues >= 1
    violations = axe_blocking_violations(tab)
    assert not violations, describe_violations(tab.url, violations)


def test_uploaded_video_is_reached_with_tab_and_played_with_space(tab: Page, site_url: str, uploaded_clip: str) -> None:
    tab.goto(site_url + uploaded_clip)
    tab.locator("video").evaluate("video => video.muted = true")
    _space_toggles_playback(tab, "video")
    _assert_focus_visible(_focused(tab))
    expect(tab.locator('a[href="#transcript"]')).to_be_visible()
