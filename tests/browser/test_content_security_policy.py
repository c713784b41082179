"""Nothing the visitor or the editor uses breaks under the Content-Security-Policy.

Chromium reports every blocked script, style, image, media file, fetch or frame as a
`securitypolicyviolation` event; each test records them from the first byte of every page
(an init script) and expects none, after using the page the way a person would.
"""

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${event.documentURI}`
    );
});
"""

DEMO_URLS = """
import json
from articles.models import ArticlePage, DirectivePage, InfographicPage, PodcastEpisodePage, VideoClipPage
pages = {}
for model in (ArticlePage, DirectivePage, InfographicPage, PodcastEpisodePage, VideoClipPage):
    page = model.objects.live().filter(locale__language_code="en").order_by("pk").first()
    pages[model.__name__] = {"url": page.url, "pk": page.pk}
clip = VideoClipPage.objects.live().filter(locale__language_code="vi").order_by("pk").first()
pages["vi_clip"] = {"url": clip.url, "pk": clip.pk, "title": clip.title}
print("URLS " + json.dumps(pages))
"""

EDITOR = """
from django.contrib.auth import get_user_model
User = get_user_model()
if not User.objects.filter(username="csp-editor").exists():
    User.objects.create_superuser("csp-editor", "csp-editor@example.com", "csp-editor-password")
"""


@pytest.fixture(scope="module")
def demo(site_manage: Callable[..., str]) -> dict:
    output = site_manage("shell", "-c", DEMO_URLS)
    line = next(line for line in output.splitlines() if line.startswith("URLS "))
    return json.loads(line.removeprefix("URLS "))


@pytest.fixture
def watched(browser: Browser) -> Page:
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    yield page
    context.close()


def violations(page: Page) -> list[str]:
    return [item for frame in page.frames for item in (frame.evaluate("window.__cspViolations || []") or [])]


def test_home_pages_and_language_switcher_run_under_the_policy(watched: Page, site_url: str):
    watched.goto(site_url + "/")
    for language in ("en", "uk", "vi"):
        watched.locator(f"nav.language-switcher a[hreflang={language}]").click()
        expect(watched.locator("html")).to_have_attribute("lang", language)
        assert violations(watched) == []


def test_search_suggestions_run_under_the_policy(watched: Page, site_url: str):
    watched.goto(site_url + "/en/search/")
    box = watched.locator("#search-q")

    with watched.expect_response(lambda answer: "/api/search/suggest/" in answer.url) as suggested:
        box.press_sequentially("digital", delay=30)
    assert suggested.value.ok

    watched.wait_for_timeout(300)  # the suggestions are drawn after the answer arrives
    assert violations(watched) == []
    with watched.expect_navigation():
        box.press("Enter")
    expect(watched.locator(".results")).to_be_visible()
    assert violations(watched) == []


SETTLED_BROKEN_IMAGES = """async () => {
    const images = [...document.images];
    images.forEach((image) => { image.loading = "eager"; });
    await Promise.all(images.filter((image) => !image.complete).map((image) => new Promise((done) => {
        image.addEventListener("load", done, {once: true});
        image.addEventListener("error", done, {once: true});
    })));
    return images.filter((image) => !image.naturalWidth).length;
}"""
"""Pictures below the fold load lazily: ask for all of them, wait until each has loaded or failed,
and count those that failed (a policy that blocks an image fails it)."""


# The demo's clips are embed addresses shown as a poster and a link (no third-party frame).
@pytest.mark.parametrize(
    "kind", ["ArticlePage", "DirectivePage", "InfographicPage", "PodcastEpisodePage", "VideoClipPage"]
)
def test_content_pages_show_their_images_under_the_policy(watched: Page, site_url: str, demo: dict, kind: str):
    watched.goto(site_url + demo[kind]["url"])

    watched.wait_for_load_state("load")
    # Cards below the fold load lazily: ask for every picture now, then wait until each has settled.
    broken = watched.evaluate(SETTLED_BROKEN_IMAGES)
    assert broken == 0
    assert violations(watched) == []


def test_podcast_episode_audio_loads_under_the_policy(watched: Page, site_url: str, demo: dict):
    watched.goto(site_url + demo["PodcastEpisodePage"]["url"])
    audio = watched.locator("audio").first

    audio.evaluate("(element) => element.load()")
    watched.wait_for_function("() => document.querySelector('audio').readyState >= 1")
    assert violations(watched) == []


def test_editor_works_in_the_admin_and_its_preview_panel(
    browser: Browser, site_url: str, site_manage: Callable[..., str], demo: dict
):
    site_manage("shell", "-c", EDITOR)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    try:
        page.goto(site_url + "/admin/login/")
        page.locator("input[name=username]").fill("csp-editor")
        page.locator("input[name=password]").fill("csp-editor-password")
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(site_url + "/admin/")
        assert violations(page) == []

        # The editor of a clip: inline panels (caption tracks), a date picker, choosers, and the preview.
        clip = demo["vi_clip"]
        page.goto(f"{site_url}/admin/pages/{clip['pk']}/edit/")
        expect(page.locator("form#page-edit-form")).to_be_visible()
        page.locator('[data-side-panel-toggle="preview"]').click()
        expect(page.frame_locator("#w-preview-iframe").locator("h1")).to_have_text(clip["title"])
        assert violations(page) == []

        # wagtail-localize's translation editor (a React application) for the English copy.
        page.goto(f"{site_url}/admin/pages/{demo['VideoClipPage']['pk']}/edit/")
        expect(page.locator(".js-translation-editor [id^='tab-label-']").first).to_be_visible()
        assert violations(page) == []

        # The site as the signed-in editor sees it, with Wagtail's user bar.
        page.goto(site_url + demo["VideoClipPage"]["url"])
        expect(page.locator("wagtail-userbar")).to_be_attached()
        page.wait_for_load_state("networkidle")
        assert violations(page) == []
    finally:
        context.close()


def test_visitor_pages_send_the_strict_policy(page: Page, site_url: str):
    response = page.goto(site_url + "/en/")

    policy = response.headers["content-security-policy"]
    assert re.search(r"script-src 'self'(;|$)", policy)
    assert "frame-ancestors 'none'" in policy
