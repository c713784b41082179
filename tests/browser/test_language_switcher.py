"""A visitor opens the home page in each language and moves between them with the switcher."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

EXPECTED = {
    "vi": ("/", "Chuyển đổi số trong công tác Đảng"),
    "en": ("/en/", "Digital transformation in Party work"),
    "uk": ("/uk/", "Цифрова трансформація в партійній роботі"),
}
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English", "uk": "Українська"}


@pytest.mark.parametrize("language", EXPECTED)
def test_home_page_opens_in_each_language(page: Page, site_url: str, language: str):
    path, heading = EXPECTED[language]

    page.goto(site_url + path)

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_switcher_walks_through_every_language(page: Page, site_url: str):
    page.goto(site_url + "/")
    switcher = page.get_by_role("navigation", name="Chọn ngôn ngữ")

    for language in ("en", "uk", "vi"):
        switcher.get_by_role("link", name=LANGUAGE_NAMES[language]).click()
        path, heading = EXPECTED[language]
        expect(page).to_have_url(re.compile(re.escape(site_url + path) + "$"))
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        switcher = page.locator("nav.language-switcher")


def test_switcher_is_usable_from_the_keyboard(page: Page, site_url: str):
    page.goto(site_url + "/en/")

    ukrainian_link = page.locator("nav.language-switcher a[hreflang=uk]")
    ukrainian_link.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(site_url + "/uk/") + "$"))
