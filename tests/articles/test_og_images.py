"""Open Graph cards (articles.og_images): drawn right in Vietnamese and Ukrainian, one file per title
and number, referenced by public pages without an image of their own, never made for a private page."""

import io
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageDraw
from wagtail.models import Page, PageViewRestriction

from articles import og_images
from articles.og_images import BOLD, REGULAR, CardText, card_name, font, render_card, wrap
from home.demo import ensure_home_pages
from tests.articles.test_media_pages import _build_site

VIETNAMESE = (
    "Kế hoạch truyền thông về đẩy mạnh chuyển đổi số đồng bộ, nhanh, hiệu quả đáp ứng yêu cầu sắp xếp "
    "tổ chức bộ máy của hệ thống chính trị"
)
UKRAINIAN = "Лист 380-CV/ĐU про виконання комунікаційного плану щодо взаємопов'язаної цифрової трансформації"
PUBLISHER = "Ban Tuyên giáo và Dân vận — Відділ пропаганди"


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict[str, Page]]:
    """Home and one page of every type, in vi with en and uk translations (built once, rolled back)."""
    with django_db_blocker.unblock(), transaction.atomic():
        pages = _build_site()
        yield {"home": ensure_home_pages()["vi"], **pages}
        transaction.set_rollback(True)


def _og_image(client, page: Page) -> tuple[str | None, str | None, str | None]:
    head = BeautifulSoup(client.get(page.url).content, "html.parser").head

    def meta(key: str) -> str | None:
        tag = head.find("meta", attrs={"property": key}) or head.find("meta", attrs={"name": key})
        return tag["content"] if tag else None

    return meta("og:image"), meta("og:image:width"), meta("og:image:height")


def _stored(url: str) -> str:
    return url.split("/media/", 1)[1]


def _cards_of(page_id: int) -> list[str]:
    try:
        return [name for name in default_storage.listdir(og_images.DIRECTORY)[1] if name.startswith(f"{page_id}-")]
    except FileNotFoundError:
        return []


# --- drawing ------------------------------------------------------------------------------------------------


def _drawn(face, char: str) -> bytes:
    image = Image.new("L", (120, 120))
    ImageDraw.Draw(image).text((20, 10), char, font=face, fill=255)
    return image.tobytes()


@pytest.mark.parametrize("text", [VIETNAMESE, UKRAINIAN, PUBLISHER, "380-CV/ĐU · Офіційний лист · Nghị quyết"])
def test_the_font_draws_every_vietnamese_and_cyrillic_letter(text):
    missing = "\ue000"  # a private-use character: the font lacks it, so it draws its "missing" box
    for face in (font(BOLD, 40), font(REGULAR, 30)):
        box = _drawn(face, missing)
        unknown = sorted({char for char in text if not char.isspace() and _drawn(face, char) == box})
        assert unknown == [], unknown
    assert _drawn(font(BOLD, 40), "\u4e2d") == _drawn(font(BOLD, 40), missing)  # the check can fail: CJK is absent


@pytest.mark.parametrize("title", [VIETNAMESE, UKRAINIAN])
def test_card_is_a_1200x630_png_with_the_title_wrapped(title):
    data = render_card(CardText(title=title, publisher=PUBLISHER, kind="Kế hoạch", number="03-KH/BCĐTW"))

    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    width = 1200 - 2 * og_images.MARGIN
    fitting = [
        size for size in og_images.TITLE_SIZES if wrap(title, font(BOLD, size), width, og_images.MAX_TITLE_LINES)[1]
    ]
    assert fitting, "the title fits in some size, uncut"
    lines, _fits = wrap(title, font(BOLD, fitting[0]), width, og_images.MAX_TITLE_LINES)
    assert 2 <= len(lines) <= og_images.MAX_TITLE_LINES
    # Ink on the card: the title is drawn, not left blank.
    assert len(image.convert("L").getcolors(maxcolors=256 * 256)) > 10


def test_an_overlong_title_is_cut_with_an_ellipsis():
    lines, fits = wrap(" ".join([VIETNAMESE] * 4), font(BOLD, 48), 1040, 4)
    assert not fits and len(lines) == 4 and lines[-1].endswith("…")


def test_card_name_changes_with_the_title_or_the_number_and_cannot_be_guessed():
    text = CardText(title="Nghị quyết 57", publisher=PUBLISHER, kind="Nghị quyết", number="57-NQ/TW")
    name = card_name(7, "vi", text)
    assert name.startswith("og/7-vi-") and name.endswith(".png")
    assert card_name(7, "vi", text) == name
    assert card_name(7, "vi", CardText(**{**text.__dict__, "title": "Nghị quyết 57 (sửa)"})) != name
    assert card_name(7, "vi", CardText(**{**text.__dict__, "number": "58-NQ/TW"})) != name
    assert card_name(7, "en", text) != name


# --- used by pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en", "uk"])
def test_a_directive_without_a_picture_gets_its_card(client, db, site, locales, language):
    directive = site["directive"].get_translation(locales[language])

    url, width, height = _og_image(client, directive)

    assert url is not None and f"/media/og/{directive.pk}-{language}-" in url
    assert (width, height) == ("1200", "630")
    with default_storage.open(_stored(url)) as stored:
        assert Image.open(stored).size == (1200, 630)


def test_an_article_card_carries_the_number_of_the_directive_it_cites(client, db, site, locales):
    article = site["article"].get_translation(locales["en"])

    url, _width, _height = _og_image(client, article)

    expected = CardText(
        title=article.title,
        publisher=site["home"].get_translation(locales["en"]).title,
        kind="Article",
        number=site["directive"].specific.number,
    )
    assert _stored(url) == card_name(article.pk, "en", expected)


def test_a_new_title_makes_a_new_card_and_removes_the_old_one(client, db, site):
    article = type(site["article"]).objects.get(pk=site["article"].pk)
    before, _w, _h = _og_image(client, article)

    article.title = "Bài viết có tiêu đề mới"
    article.save_revision().publish()
    after, _w, _h = _og_image(client, type(article).objects.get(pk=article.pk))

    assert after != before
    assert default_storage.exists(_stored(after))
    assert not default_storage.exists(_stored(before))


def test_a_page_with_its_own_picture_keeps_it(client, db, site):
    url, _w, _h = _og_image(client, site["infographic"])
    assert url is not None and "/og/" not in url


def test_a_private_page_never_gets_a_card(client, db, site):
    article = type(site["article"]).objects.get(pk=site["article"].pk)
    article.title = "Tiêu đề mật"
    article.save_revision().publish()
    for name in _cards_of(article.pk):
        default_storage.delete(f"{og_images.DIRECTORY}/{name}")
    PageViewRestriction.objects.create(page=article, restriction_type="login")

    # Seen from inside (signed in), the page renders, but describes no card and none is drawn.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user(username="insider", password="x"))
    response = client.get(article.url)
    assert response.status_code == 200
    head = BeautifulSoup(response.content, "html.parser").head
    assert head.find("meta", attrs={"property": "og:image"}) is None
    assert _cards_of(article.pk) == []


def test_a_preview_draws_no_card(db, site, locales, rf):
    article = type(site["article"]).objects.get(pk=site["article"].pk)
    for name in _cards_of(article.pk):
        default_storage.delete(f"{og_images.DIRECTORY}/{name}")
    article.title = "Bản nháp chưa công bố"

    response = article.make_preview_request(original_request=rf.get("/admin/"), preview_mode="")

    assert response.status_code == 200
    assert _cards_of(article.pk) == []


def test_a_card_never_names_a_private_directive(client, db, site, locales):
    from tests.articles.factories import DirectivePageFactory

    private = DirectivePageFactory(parent=site["directive_index"], number="99-CT/TW", title="Chỉ thị 99", slug="ct-99")
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    article = type(site["article"]).objects.get(pk=site["article"].pk)
    article.related_directives = [private]
    article.save_revision().publish()

    url, _w, _h = _og_image(client, article)

    expected = CardText(title=article.title, publisher=site["home"].title, kind="Bài viết", number="")
    assert _stored(url) == card_name(article.pk, "vi", expected)
