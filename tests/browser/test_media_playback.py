"""Media that work, in Debian's Chromium against the live demo site (#12).

- The demo's uploaded video clip, in every language of `settings.LANGUAGES`: one `<video>` with one
  caption `<track>` per language, the page's own language the `default` one; Chromium loads that track
  (its text track is showing and has cues) and plays the clip (`currentTime` advances after a muted
  `play()`, which Chromium allows without a gesture).
- Seeking works: the podcast episode's audio file and the clip's video file answer a
  `Range: bytes=1000-2000` request with 206 and exactly those 1001 bytes.

The clip is found in the site's database (a live `VideoClipPage` with an uploaded video), not by slug.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PLAY_SECONDS = 0.5

_MARKER = "MEDIA-PAGES:"
_DISCOVER = f"""
import json
from articles.models import PodcastEpisodePage, VideoClipPage
found = {{}}
for code in {LANGUAGES!r}:
    clip = (
        VideoClipPage.objects.live().public().filter(locale__language_code=code, video__isnull=False)
        .order_by("path").first()
    )
    episode = (
        PodcastEpisodePage.objects.live().public().filter(locale__language_code=code, audio__isnull=False)
        .order_by("path").first()
    )
    found[code] = {{"clip": clip and clip.get_url(), "episode": episode and episode.get_url()}}
print("{_MARKER}" + json.dumps(found))
"""


@pytest.fixture(scope="module")
def media_pages(site_manage: Callable[..., str]) -> dict[str, dict[str, Any]]:
    output = site_manage("shell", "-c", _DISCOVER)
    return json.loads(next(line for line in output.splitlines() if line.startswith(_MARKER))[len(_MARKER) :])


def _clip_url(media_pages: dict[str, dict[str, Any]], language: str) -> str:
    url = media_pages[language]["clip"]
    if not url:
        pytest.fail(f"the demo has no live video clip with an uploaded video in {language}")
    return url


@pytest.mark.parametrize("language", LANGUAGES)
def test_uploaded_clip_has_a_caption_track_per_language_the_pages_own_on(
    page: Page, site_url: str, media_pages: dict[str, dict[str, Any]], language: str
) -> None:
    page.goto(site_url + _clip_url(media_pages, language))
    assert page.locator("video").count() == 1
    tracks = page.locator("video track")
    found = tracks.evaluate_all(
        "tracks => tracks.map(t => ({kind: t.kind, lang: t.srclang, label: t.label, default: t.default}))"
    )
    assert sorted(track["lang"] for track in found) == sorted(LANGUAGES), found
    assert all(track["kind"] == "captions" and track["label"] for track in found), found
    assert [track["lang"] for track in found if track["default"]] == [language], "the page's language is on"

    page.wait_for_function(
        "lang => { const t = document.querySelector(`video track[srclang='${lang}']`); return t && t.readyState >= 2 }",
        arg=language,
    )
    shown = page.locator("video").evaluate(
        "video => Array.from(video.textTracks).filter(t => t.mode === 'showing')"
        ".map(t => ({lang: t.language, cues: t.cues ? t.cues.length : 0}))"
    )
    assert len(shown) == 1 and shown[0]["lang"] == language, shown
    assert shown[0]["cues"] > 0, f"the {language} captions have no cues"


@pytest.mark.parametrize("language", LANGUAGES)
def test_uploaded_clip_plays(page: Page, site_url: str, media_pages: dict[str, dict[str, Any]], language: str) -> None:
    page.goto(site_url + _clip_url(media_pages, language))
    video = page.locator("video")
    expect(video).to_have_count(1)
    error = video.evaluate(
        """async (video) => {
            video.muted = true;
            try { await video.play(); } catch (error) { return `${error.name}: ${error.message}`; }
            return video.error ? `media error ${video.error.code}` : null;
        }"""
    )
    assert error is None, f"the clip does not play: {error} ({video.evaluate('v => v.currentSrc')})"
    page.wait_for_function(
        "seconds => document.querySelector('video').currentTime > seconds", arg=PLAY_SECONDS, timeout=15_000
    )
    assert video.evaluate("video => !video.paused && !video.error")


def _media_source(page: Page, selector: str) -> str:
    """The address the element would load: its currentSrc once loading began, else its first source."""
    element = page.locator(selector).first
    expect(element).to_be_attached()
    return element.evaluate(
        """media => media.currentSrc || media.src
            || (media.querySelector('source[src]') || {src: ''}).src"""
    )


@pytest.mark.parametrize("kind", ["episode", "clip"])
def test_media_files_answer_a_range_request_with_206(
    page: Page, site_url: str, media_pages: dict[str, dict[str, Any]], kind: str
) -> None:
    language = LANGUAGES[0]
    url = media_pages[language][kind]
    assert url, f"the demo has no live {kind} with an uploaded file in {language}"
    page.goto(site_url + url)
    source = _media_source(page, "audio" if kind == "episode" else "video")
    assert source, f"no media address on {url}"
    response = page.request.get(source, headers={"Range": "bytes=1000-2000"})
    assert response.status == 206, f"{source} answered {response.status} to a Range request"
    assert len(response.body()) == 1001
    assert response.headers["content-range"].startswith("bytes 1000-2000/")
    whole = page.request.head(source)
    assert whole.headers.get("accept-ranges") == "bytes"
