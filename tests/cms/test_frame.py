"""The frame around every page (#12): header with the publisher, primary navigation with sections
and themes, search box, breadcrumbs, footer with the accessibility statement, in every language;
the cached navigation dropped when what it lists changes; date formats per language."""

import datetime
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.template.defaultfilters import date as date_filter
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, Site

from articles.models import ArticleIndexPage, Theme, ThemePage
from cms import navigation
from cms.models import InformationPage, PublisherSettings
from home import demo_frame
from home.models import HomePage
from tests.articles.site_builder import build_every_page_type, publish, translate_everywhere

LANGUAGES = ["vi", "en", "uk"]
SECTION_KEYS = ["directive_index", "infographic_index", "podcast_show", "video_index", "article_index"]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict[str, Page]]:
    """One page of every type, its sections in the menu, the demo publisher and accessibility statement."""
    with django_db_blocker.unblock(), transaction.atomic():
        theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital transformation")
        pages = build_every_page_type(theme)
        keys = [pages[key].translation_key for key in SECTION_KEYS]
        Page.objects.filter(translation_key__in=keys).update(show_in_menus=True)  # as editors tick it
        home = HomePage.objects.get(depth=2, locale__language_code="vi")
        demo_frame.ensure_frame(home)
        pages["home"] = home
        pages["statement"] = InformationPage.objects.get(locale__language_code="vi")
        yield {key: Page.objects.get(pk=page.pk).specific for key, page in pages.items()}
        transaction.set_rollback(True)


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def _in(page: Page, language: str) -> Page:
    return page.get_translation(Locale.objects.get(language_code=language)).specific


def _texts(soup: BeautifulSoup, selector: str) -> list[str]:
    return [element.get_text(" ", strip=True) for element in soup.select(selector)]


def test_every_page_type_shows_the_frame_in_every_language(client, db, site):
    for key, source in site.items():
        for language in LANGUAGES:
            page = _in(source, language)
            soup = _soup(client.get(page.url))
            where = (key, language)

            assert soup.html["lang"] == language, where
            name = demo_frame.PUBLISHER_TEXTS["name"][language]
            assert _texts(soup, "header .brand__name") == [name], where
            assert soup.select_one("header .brand__emblem")["alt"] == "", where

            nav = soup.select_one("header nav.primary-nav")
            sections = [_in(site[section], language).title for section in SECTION_KEYS]
            assert _texts(nav, ".primary-nav__list > li > a")[1:] == sections, where
            assert _texts(nav, ".primary-nav__sublist a") == [_in(site["theme"], language).title], where
            assert nav.select_one(".primary-nav__sublist a")["href"] == _in(site["theme"], language).url, where

            form = soup.select_one("header form[role=search]")
            with translation.override(language):
                assert form["action"] == reverse("search"), where
            assert form.select_one("input[name=q][data-suggest-url]") is not None, where
            assert soup.select_one("main#main") is not None, where
            assert soup.select_one("a.skip-link")["href"] == "#main", where

            crumbs = soup.select("nav.breadcrumbs li")
            if key == "home":
                assert crumbs == [], where
            else:
                assert crumbs[0].a["href"] == _in(site["home"], language).url, where
                current = crumbs[-1].select_one("[aria-current=page]")
                assert current.get_text(strip=True) == page.title, where

            statement = _in(site["statement"], language)
            footer = soup.select_one("footer.site-footer")
            assert footer.find("a", href=statement.url).get_text(strip=True) == statement.title, where
            assert _texts(footer, "#footer-languages + ul a") == ["Tiếng Việt", "English", "Українська"], where
            assert footer.find("a", href=reverse("feed_latest_atom")) is not None, where


def test_breadcrumbs_list_the_ancestors_below_the_home_page(client, db, site):
    for language in LANGUAGES:
        directive = _in(site["directive"], language)
        register = _in(site["directive_index"], language)
        soup = _soup(client.get(directive.url))

        items = soup.select("nav.breadcrumbs[aria-label] ol > li")
        assert [item.get_text(strip=True) for item in items[1:]] == [register.title, directive.title]
        assert items[1].a["href"] == register.url


def test_search_page_keeps_its_own_form_and_the_frame(client, db, site):
    soup = _soup(client.get("/en/search/", {"q": "380"}))

    assert soup.select_one("header form.site-search") is None
    assert soup.select_one("main form[role=search]") is not None
    assert _texts(soup, "header .brand__name") == [demo_frame.PUBLISHER_TEXTS["name"]["en"]]
    assert soup.select_one("nav.primary-nav") is not None


def test_not_found_page_uses_the_frame(client, db, site):
    response = client.get("/uk/no-such-page/")

    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert _texts(soup, "header .brand__name") == [demo_frame.PUBLISHER_TEXTS["name"]["uk"]]
    assert soup.select_one("header form[role=search]") is not None
    assert soup.select_one("nav.breadcrumbs [aria-current=page]") is not None


def test_publisher_name_falls_back_to_the_localized_home_title(client, db, site):
    setting = PublisherSettings.objects.get(site=Site.objects.get(is_default_site=True))
    for code in LANGUAGES:
        setattr(setting, f"name_{code}", "")
    setting.save()

    for language in LANGUAGES:
        soup = _soup(client.get(_in(site["home"], language).url))
        assert _texts(soup, "header .brand__name") == [_in(site["home"], language).title]


def test_publisher_texts_are_edited_per_language_and_shared_fields_once(client, db, site):
    setting = PublisherSettings.objects.get(site=Site.objects.get(is_default_site=True))
    setting.tagline_en = "A new tagline"
    setting.phone = "+84 24 1111 2222"
    setting.save()

    english = _soup(client.get(_in(site["home"], "en").url))
    vietnamese = _soup(client.get(site["home"].url))
    assert _texts(english, ".brand__tagline") == ["A new tagline"]
    assert _texts(vietnamese, ".brand__tagline") == [demo_frame.PUBLISHER_TEXTS["tagline"]["vi"]]
    for soup in (english, vietnamese):
        assert soup.select_one("footer a[href^='tel:']").get_text(strip=True) == "+84 24 1111 2222"


def test_publisher_settings_are_edited_in_the_admin(admin_client, db, site):
    setting = PublisherSettings.objects.get(site=Site.objects.get(is_default_site=True))
    response = admin_client.get(f"/admin/settings/cms/publishersettings/{setting.site_id}/")

    assert response.status_code == 200
    content = response.content.decode()
    for code in LANGUAGES:
        assert f'name="name_{code}"' in content
        assert f'name="contact_{code}"' in content


def test_nav_follows_publishing_at_once(client, db, site):
    home = site["home"]
    client.get(home.url)  # the frame is cached from here on
    section = publish(home, ArticleIndexPage(title="Mục mới", slug="muc-moi", show_in_menus=True))
    assert "Mục mới" in _texts(_soup(client.get(home.url)), ".primary-nav__list > li > a")

    section.title = "Mục đổi tên"
    section.save_revision().publish()
    assert "Mục đổi tên" in _texts(_soup(client.get(home.url)), ".primary-nav__list > li > a")

    section.unpublish()
    titles = _texts(_soup(client.get(home.url)), ".primary-nav__list > li > a")
    assert "Mục đổi tên" not in titles


def test_new_theme_page_appears_in_the_themes_menu_and_footer(client, db, site):
    home = site["home"]
    client.get(home.url)
    theme = Theme.objects.create(slug="an-ninh-mang", name_vi="An ninh mạng", name_en="Cybersecurity")
    theme_page = publish(home, ThemePage(title="An ninh mạng", slug="an-ninh-mang", theme=theme))
    translate_everywhere(theme_page, {code: Locale.objects.get(language_code=code) for code in ("en", "uk")})

    soup = _soup(client.get(_in(home, "en").url))
    assert "An ninh mạng [en]" in _texts(soup, ".primary-nav__sublist a")
    assert "An ninh mạng [en]" in _texts(soup, "#footer-themes + ul a")


def test_stored_pages_drop_when_the_navigation_changes(client, db, site, page_cache):
    article = site["article"]
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"

    publish(site["home"], ArticleIndexPage(title="Mục thứ sáu", slug="muc-6", show_in_menus=True))

    response = client.get(article.url)
    assert response.get("X-Page-Cache") != "hit"
    assert "Mục thứ sáu" in _texts(_soup(response), ".primary-nav__list > li > a")


def test_settings_change_drops_the_stored_pages(client, db, site, page_cache):
    home = site["home"]
    client.get(home.url)
    setting = PublisherSettings.objects.get(site=Site.objects.get(is_default_site=True))
    setting.name_vi = "Tên mới"
    setting.save()

    assert _texts(_soup(client.get(home.url)), "header .brand__name") == ["Tên mới"]


def test_warm_frame_costs_no_query(db, site, django_assert_num_queries):
    request = RequestFactory().get("/en/")
    request._wagtail_site = Site.objects.get(is_default_site=True)
    with translation.override("en"):
        cold = navigation.frame_for_request(request)
        again = RequestFactory().get("/en/")
        again._wagtail_site = request._wagtail_site
        with django_assert_num_queries(0):
            warm = navigation.frame_for_request(again)
    assert warm == cold
    assert [link.title for link in warm.themes] == [_in(site["theme"], "en").title]


def test_breadcrumbs_of_an_item_in_a_section_cost_no_query_with_a_warm_frame(db, site, django_assert_num_queries):
    request = RequestFactory().get("/")
    request._wagtail_site = Site.objects.get(is_default_site=True)
    with translation.override("vi"):
        frame = navigation.frame_for_request(request)
        article, home = site["article"], site["home"]
        with django_assert_num_queries(0):
            trail = navigation.breadcrumbs_for(article, request, home, frame)
        deeper = navigation.breadcrumbs_for(site["podcast_episode"], request, home, None)
    assert [(link.title, link.url) for link in trail] == [(site["article_index"].title, site["article_index"].url)]
    assert [link.title for link in deeper] == [site["podcast_show"].title]


def _cold_frame_queries(site: Site) -> tuple[navigation.Frame, int]:
    request = RequestFactory().get("/")
    request._wagtail_site = site
    with translation.override("vi"), CaptureQueriesContext(connection) as queries:
        frame = navigation.build_frame(site, request)
    return frame, len(queries)


def test_cold_frame_costs_the_same_queries_whatever_the_number_of_sections(db, site):
    _cold_frame_queries(Site.objects.get(is_default_site=True))  # content types, site root paths
    _frame, few = _cold_frame_queries(Site.objects.get(is_default_site=True))
    for number in range(8):
        publish(site["home"], ArticleIndexPage(title=f"Mục {number}", slug=f"muc-{number}", show_in_menus=True))

    frame, many = _cold_frame_queries(Site.objects.get(is_default_site=True))

    assert len(frame.sections) == len(SECTION_KEYS) + 8
    assert many == few <= 12


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("vi", "ngày 7 tháng 12 năm 2026", "07/12/2026"),
        ("en", "7 December 2026", "07/12/2026"),
        ("uk", "7 грудня 2026\u00a0р.", "07.12.2026"),
    ],
)
def test_one_date_format_per_language(language, long, short):
    day = datetime.date(2026, 12, 7)
    with translation.override(language):
        assert date_filter(day, "DATE_FORMAT") == long
        assert date_filter(day, "SHORT_DATE_FORMAT") == short
