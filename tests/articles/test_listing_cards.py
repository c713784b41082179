"""Cards in every listing: pictures from renditions (srcset, modern formats, fixed size), never a
restricted file; theme badges linked to the theme pages; the directive's document header and chain;
query counts of the section, theme, register and search pages that do not grow with the items."""

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction, Page

from articles.models import DirectiveRelation, InfographicPage, Theme
from search.backends import get_backend
from search.indexing import iter_documents
from tests.articles.factories import upload_image
from tests.articles.site_builder import add_directive, build_every_page_type, publish

LANGUAGES = ["vi", "en", "uk"]


def _more_directives(register: Page, first) -> dict:
    """57-NQ/TW, which the site's 380-CV/ĐU implements (the chain upward and downward)."""
    resolution = add_directive(register, number="57-NQ/TW", title="Nghị quyết 57", slug="nq-57")
    first.relations.add(DirectiveRelation(relation_type="implements", target_page=resolution))
    first.save_revision().publish()
    return {"resolution": resolution}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict[str, Page]]:
    """One page of every type in vi, en and uk, the directive issued in Hà Nội; indexed for search."""
    with django_db_blocker.unblock(), transaction.atomic():
        theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital transformation")
        built = build_every_page_type(
            theme, directive={"place": "Hà Nội", "subject": "V/v truyền thông"}, more_directives=_more_directives
        )
        built["theme_object"] = theme
        built["documents"] = list(iter_documents())
        get_backend().rebuild(built["documents"])
        yield built
        transaction.set_rollback(True)
    get_backend().clear()


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _infographic_card(client, site, locales, language="vi"):
    section = site["infographic_index"].get_translation(locales[language])
    return _soup(client.get(section.url)).select_one(".card--infographic")


def test_card_picture_has_renditions_in_three_widths_and_modern_formats(client, db, site, locales):
    card = _infographic_card(client, site, locales)

    picture = card.select_one("picture")
    types = [source["type"] for source in picture.select("source")]
    assert types == ["image/avif", "image/webp"]
    img = picture.img
    assert img["src"].endswith(".jpg")
    assert [entry.split()[1] for entry in img["srcset"].split(", ")] == ["320w", "480w", "640w"]
    assert (img["width"], img["height"]) == ("320", "180")
    assert img["alt"] == "" and img["decoding"] == "async" and img["sizes"]
    assert "/images/" in img["src"]


def test_only_the_first_row_of_cards_loads_eagerly(client, db, site, locales):
    image = upload_image("Ảnh bài")
    for number in range(4):
        page = InfographicPage(
            title=f"Infographic {number}",
            slug=f"infographic-{number}",
            date=datetime.date(2025, 1, 1 + number),
            image=image,
            alt_text="x",
            long_description="<p>x</p>",
        )
        publish(site["infographic_index"], page)
    soup = _soup(client.get(site["infographic_index"].url))

    assert [img["loading"] for img in soup.select(".card img")] == ["eager"] * 3 + ["lazy"] * 2


def test_a_restricted_image_never_appears_in_a_card(client, db, site, locales):
    image = site["infographic"].image
    secret = Collection.get_first_root_node().add_child(name="Secret")
    CollectionViewRestriction.objects.create(collection=secret, restriction_type="login")
    image.collection = secret
    image.save()

    for language in LANGUAGES:
        section = site["infographic_index"].get_translation(locales[language])
        html = client.get(section.url).content.decode()
        card = BeautifulSoup(html, "html.parser").select_one(".card--infographic")
        assert card.select("img") == [], language
        assert "card--no-image" in card["class"]
        assert "/images/" not in html and image.file.name not in html, language  # nor a rendition of it


def test_theme_badges_link_to_the_theme_page_in_the_same_language(client, db, site, locales):
    for language in LANGUAGES:
        theme_page = site["theme"].get_translation(locales[language])
        for key in ("article", "directive"):
            page = site[key].get_translation(locales[language])
            badges = _soup(client.get(page.url)).select(".item-meta a.theme-badge, .directive__metadata a.theme-badge")
            assert [badge["href"] for badge in badges] == [theme_page.url], (language, key)
        section = site["article_index"].get_translation(locales[language])
        card_badges = _soup(client.get(section.url)).select(".card a.theme-badge")
        assert [badge["href"] for badge in card_badges] == [theme_page.url], language


def test_theme_page_lists_its_directives_first_then_media_by_kind(client, db, site, locales):
    soup = _soup(client.get(site["theme"].url))

    sections = [section["class"][-1] for section in soup.select("section.theme-section")]
    assert sections[0] == "theme-section--directives"
    assert set(sections[1:]) == {"theme-section--infographic", "theme-section--article"}
    row = soup.select_one(".directive-list__item")
    assert row.select_one(".directive-number").get_text() == "380-CV/ĐU"
    assert row.select_one(".status-badge")


def test_directive_header_reads_as_the_official_document(client, db, site, locales):
    soup = _soup(client.get(site["directive"].url))
    header = soup.select_one(".doc-header")

    assert header.select_one(".doc-header__issuer .directive-number").get_text() == "380-CV/ĐU"
    assert header.select_one(".doc-header__number").get_text(" ", strip=True) == "Số 380-CV/ĐU"
    assert header.select_one(".doc-header__nation").get_text(strip=True) == "Đảng Cộng sản Việt Nam"
    assert header.select_one(".doc-header__place-date").get_text(strip=True) == "Hà Nội, ngày 22 tháng 12 năm 2024"
    assert header.select_one(".directive__subject").get_text(strip=True) == "V/v truyền thông"
    assert header.h1.get_text(strip=True) == "Công văn 380"

    english = _soup(client.get(site["directive"].get_translation(locales["en"]).url)).select_one(".doc-header")
    assert english.select_one(".doc-header__nation").get_text(strip=True) == "Communist Party of Vietnam"
    assert english.select_one(".doc-header__place-date").get_text(strip=True).startswith("Hà Nội, ")
    assert "ngày" not in english.select_one(".doc-header__place-date").get_text()


def test_original_pdf_link_gives_its_size_and_type(client, db, site, locales):
    from django.core.files.base import ContentFile

    from tests.articles.factories import upload_document

    directive = site["directive"]
    directive.original_document = upload_document("Bản gốc", ContentFile(b"%PDF-1.4\n" + b"x" * 2048, name="goc.pdf"))
    directive.save_revision().publish()

    info = _soup(client.get(directive.url)).select_one(".directive__file-info").get_text(strip=True)
    assert info.startswith("PDF, ") and "KB" in info


def test_directive_chain_shows_direction_up_and_down(client, db, site, locales):
    dispatch = _soup(client.get(site["directive"].url))
    up = dispatch.select(".chain-diagram .directive__chain--up .chain__link")
    assert [" ".join(link.get_text(" ", strip=True).split()) for link in up] == ["thực hiện 57-NQ/TW — Nghị quyết 57"]
    assert not dispatch.select(".chain-diagram__down")

    resolution = _soup(client.get(site["resolution"].url))
    assert not resolution.select(".directive__chain--up")
    down = resolution.select_one(".chain-diagram__down #chain-implements-by")
    assert down is not None
    assert [a.get_text() for a in resolution.select(".chain-diagram__down .chain__link a")] == ["380-CV/ĐU"]
    assert resolution.select_one(".chain-diagram__self .directive-number").get_text() == "57-NQ/TW"


def test_directive_page_prints_as_its_document():
    css = (Path(settings.BASE_DIR) / "cms" / "static" / "css" / "content.css").read_text()
    print_rules = css.split("@media print", 1)[1]
    for hidden in (".feed-links", ".directive__explainers", ".chain-diagram"):
        assert hidden in print_rules
    assert 'content: " (" attr(href) ")"' in print_rules


def _count(client, url: str) -> int:
    client.get(url)  # renditions made, site root paths cached, as on any running server
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_listing_queries_do_not_grow_with_the_items(client, db, site, locales, django_assert_max_num_queries):
    theme = site["theme_object"]
    urls = {
        "section": site["infographic_index"].url,
        "theme": site["theme"].url,
        "register": site["directive_index"].url,
        "show": site["podcast_show"].url,
        "directive": site["directive"].url,
    }
    before = {name: _count(client, url) for name, url in urls.items()}
    # Measured with the frame of #12 (navigation, site settings, notices) and the cards' fixed cost:
    # themes (one union), images, renditions, podcast covers, statuses, the theme directory.
    budget = {"section": 20, "theme": 30, "register": 19, "show": 20, "directive": 34}
    for name, count in before.items():
        assert count <= budget[name], (name, count)

    image = upload_image("Thêm")
    for number in range(5):
        page = InfographicPage(
            title=f"Thêm {number}",
            slug=f"them-{number}",
            date=datetime.date(2025, 2, 1 + number),
            image=upload_image(f"Thêm {number}") if number % 2 else image,
            alt_text="x",
            long_description="<p>x</p>",
            related_directives=[site["directive"]],
        )
        page = publish(site["infographic_index"], page)
        page.themes.add(theme)
        page.save_revision().publish()
        add_directive(
            site["directive_index"], number=f"{200 + number}-NQ/TW", slug=f"nq-{200 + number}", themes=[theme]
        )

    after = {name: _count(client, url) for name, url in urls.items()}
    assert after == before


def test_search_results_are_cards_with_thumbnails_and_bounded_queries(client, db, site, django_assert_max_num_queries):
    client.get("/search/", {"q": "chuyển đổi số"})
    with django_assert_max_num_queries(16):
        soup = _soup(client.get("/search/", {"q": "Năm bước"}))

    card = next(result for result in soup.select(".result") if "card--infographic" in result["class"])
    img = card.select_one(".card__media img")
    assert (img["width"], img["height"], img["alt"]) == ("480", "270", "")
    assert card.select_one(".card__title a").get_text() == site["infographic"].title
