"""Font preloads (cms/fonts.py): each language's pages preload the subsets its letters need, as the
browser would pick them from site.css's unicode-ranges, and no others."""

import pytest
from bs4 import BeautifulSoup
from django.templatetags.static import static

from cms.fonts import font_faces, preloads


def test_the_stylesheets_faces_are_read_with_their_weights_and_ranges():
    faces = font_faces()
    assert {face.weight for face in faces} == {"400", "700"}
    latin = next(face for face in faces if face.path == "fonts/noto-sans-latin-400-normal.woff2")
    assert latin.covers("A") and latin.covers("7") and not latin.covers("Ж")


@pytest.mark.parametrize(
    ("text", "subsets"),
    [
        ("57-NQ/TW", {"latin"}),
        ("Đảng ủy Chính phủ — ơ ư", {"latin", "vietnamese"}),  # đ ơ ư: the vietnamese file is declared last
        ("Українська", {"cyrillic"}),
        ("Ґґ Її Єє", {"cyrillic"}),
    ],
)
def test_a_text_needs_the_subsets_the_browser_would_use(text, subsets):
    paths = preloads(text)
    assert {path.removeprefix("fonts/noto-sans-").rsplit("-", 2)[0] for path in paths} == subsets
    assert len(paths) == 2 * len(subsets)  # both weights


@pytest.mark.parametrize(("prefix", "extra"), [("", "vietnamese"), ("/en", None), ("/uk", "cyrillic")])
def test_each_languages_home_page_preloads_its_subsets(client, home_pages, prefix, extra):
    soup = BeautifulSoup(client.get(prefix + "/").content, "html.parser")

    preloaded = {link["href"] for link in soup.select("link[rel=preload][as=font]")}
    expected = {static(f"fonts/noto-sans-latin-{weight}-normal.woff2") for weight in (400, 700)}
    if extra:
        expected |= {static(f"fonts/noto-sans-{extra}-{weight}-normal.woff2") for weight in (400, 700)}
    assert preloaded == expected
