"""The full-page cache: what it stores, the headers it sends, and every change that must drop a page.

Each test builds a small site (home, a register with one directive, an article section with one
article tied to the directive and filed under a theme, the theme's page) and switches the cache
on with the `page_cache` fixture. Publishing goes through Wagtail's revisions, as the admin does,
inside `django_capture_on_commit_callbacks(execute=True)` so the after-commit pass runs too.
"""

import datetime
import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache
from wagtail.models import Page, PageViewRestriction

from articles.models import ArticleIndexPage, ArticlePage, DirectiveRelation, Theme, ThemePage
from cms import page_cache
from locales.translating import translate_object
from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory


@pytest.fixture
def site(page_cache, home_pages, django_capture_on_commit_callbacks):
    theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital transformation")
    other_theme = Theme.objects.create(slug="an-ninh", name_vi="An ninh mạng", name_en="Cyber security")
    home = home_pages["vi"]
    with django_capture_on_commit_callbacks(execute=True):
        register = DirectiveIndexPageFactory(parent=home)
        directive = DirectivePageFactory(parent=register, number="380-CV/ĐU", title="Công văn 380", slug="cv-380")
        directive.save_revision().publish()
        section = ArticleIndexPage(title="Tin bài", slug="tin-bai")
        home.add_child(instance=section)
        section.save_revision().publish()
        article = ArticlePage(
            title="Bài viết thứ nhất",
            slug="bai-1",
            date=datetime.date(2025, 8, 25),
            summary="Tóm tắt.",
            body=[("paragraph", "<p>Nội dung.</p>")],
        )
        article.related_directives = [directive]
        article.themes = [theme]
        section.add_child(instance=article)
        article.save_revision().publish()
        theme_page = ThemePage(title="Chủ đề chuyển đổi số", slug="chu-de", theme=theme)
        home.add_child(instance=theme_page)
        theme_page.save_revision().publish()
        other_theme_page = ThemePage(title="Chủ đề an ninh", slug="an-ninh", theme=other_theme)
        home.add_child(instance=other_theme_page)
        other_theme_page.save_revision().publish()
    return {
        "home": home,
        "register": register,
        "directive": directive,
        "section": section,
        "article": article,
        "theme": theme,
        "other_theme": other_theme,
        "theme_page": theme_page,
        "other_theme_page": other_theme_page,
    }


def _state(response) -> str:
    return response.get("X-Page-Cache", "none")


def _warm(client, *pages: Page) -> None:
    for page in pages:
        assert _state(client.get(page.url)) == "miss"
        assert _state(client.get(page.url)) == "hit"


def _publish(page: Page, callbacks, **changes) -> Page:
    with callbacks(execute=True):
        for name, value in changes.items():
            setattr(page, name, value)
        page.save_revision().publish()
    return page


def _add_article(site, callbacks, title: str, themes=(), directives=()) -> ArticlePage:
    article = ArticlePage(title=title, slug=title.lower().replace(" ", "-"), date=datetime.date(2025, 9, 1))
    article.themes = list(themes)
    article.related_directives = list(directives)
    with callbacks(execute=True):
        site["section"].add_child(instance=article)
        article.save_revision().publish()
    return article


# --- What is stored and what is sent ----------------------------------------------------------


def test_second_anonymous_view_is_served_from_the_cache_without_queries(client, site, django_assert_num_queries):
    url = site["directive"].url
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)

    assert (_state(first), _state(second)) == ("miss", "hit")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]


def test_headers_let_browsers_and_proxies_revalidate(client, site):
    response = client.get(site["article"].url)

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=0", "must-revalidate"}
    assert "Cookie" in response["Vary"]
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")


def test_conditional_get_answers_304_from_the_cache(client, site, django_assert_num_queries):
    url = site["article"].url
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""

    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_head_is_answered_from_the_cache(client, site):
    url = site["article"].url
    get = client.get(url)
    head = client.head(url)
    assert _state(head) == "hit"
    assert head["Content-Length"] == str(len(get.content))


def test_signed_in_editor_is_never_served_nor_stored(client, site):
    url = site["article"].url
    _warm(client, site["article"])
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "secret-pass-1")
    client.force_login(editor)

    response = client.get(url)
    assert _state(response) == "none"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]

    client.logout()
    client.cookies.clear()
    anonymous = client.get(url)
    assert _state(anonymous) == "hit"
    assert b"wagtail-userbar" not in anonymous.content


def test_long_query_strings_are_served_but_not_stored(client, site):
    url = site["register"].url + "?" + "&".join(f"q{n}=x" for n in range(200))
    assert client.get(url).status_code == 200
    second = client.get(url)
    assert _state(second) == "none"
    assert "public" in second["Cache-Control"]  # not stored, yet the same for every visitor


# --- Keys: what may not multiply entries ------------------------------------------------------


def _stored_entries() -> int:
    """Pages stored in the test settings' local-memory cache."""
    return sum(1 for key in cache._cache if page_cache.ENTRY_PREFIX in key)


def test_tracking_and_unknown_parameters_never_add_entries(client, site):
    """300 requests with distinct tracking parameters once added 300 entries (3.2 MB on the home page)."""
    home = site["home"].url
    for n in range(300):
        response = client.get(f"{home}?utm_x={n}")
        assert response.status_code == 200 and _state(response) == "none"  # rendered, not stored
        assert "public" in response["Cache-Control"]
    assert _stored_entries() == 0

    _warm(client, site["home"])
    for n in range(300):
        assert _state(client.get(f"{home}?utm_x={n}&fbclid=a{n}")) == "hit"  # the stored page of the address
    assert _stored_entries() == 1


def test_the_key_keeps_the_parameters_pages_read_in_any_order(client, site):
    register = site["register"].url
    assert _state(client.get(f"{register}?sort=oldest&page=1")) == "miss"
    assert _state(client.get(f"{register}?page=1&sort=oldest")) == "hit"
    assert _state(client.get(f"{register}?page=1&sort=oldest&utm_campaign=x")) == "hit"
    assert _state(client.get(f"{register}?page=1&sort=newest")) == "miss"  # another listing
    assert _state(client.get(f"{register}?page=1&sort=%6Eewest")) == "hit"  # the same, spelt otherwise
    assert _stored_entries() == 2


def test_a_rendering_with_other_parameters_is_never_stored(client, site):
    """The register's pagination links repeat the query string: such a rendering is nobody else's."""
    register = site["register"].url
    for url in (f"{register}?page=1&utm_source=mail", f"{register}?page=1&page=2", f"{site['article'].url}?page=2"):
        client.get(url)
        assert _state(client.get(url)) == "none", url
    assert _stored_entries() == 0


def test_an_address_stores_a_bounded_number_of_query_variants(client, site, monkeypatch):
    """Page numbers are the visitor's: ?page=4, ?page=5, … all show the last page of a short listing."""
    monkeypatch.setattr(page_cache, "MAX_VARIANTS", 3)
    section = site["section"].url
    states = [_state(client.get(f"{section}?page={n}")) for n in range(1, 7)]

    assert states == ["miss", "miss", "miss", "none", "none", "none"]
    assert _state(client.get(f"{section}?page=2")) == "hit"  # stored variants are still served
    assert _state(client.get(section)) == "miss"  # the address itself is always stored
    assert _stored_entries() == 4


def test_page_types_declare_every_query_parameter_they_read():
    from articles.models import DirectiveIndexPage
    from articles.register import RegisterFilterForm

    assert set(DirectiveIndexPage.cache_query_parameters) == {"page", *RegisterFilterForm.base_fields}
    assert set(ArticleIndexPage.cache_query_parameters) == set(ThemePage.cache_query_parameters) == {"page"}
    assert page_cache.key_parameters() == {"page", *RegisterFilterForm.base_fields}


def test_a_page_behind_a_password_is_never_stored(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=site["article"], restriction_type=PageViewRestriction.PASSWORD, password="hunter22"
        )
    first = client.get(site["article"].url)
    second = client.get(site["article"].url)

    assert b"hunter22" not in first.content
    assert "Bài viết thứ nhất" not in first.content.decode() or b"password" in first.content
    assert _state(first) == _state(second) == "none"


def test_a_preview_is_never_served_from_the_cache_nor_stored(client, site):
    """Wagtail renders previews through the whole middleware stack, at the page's own URL."""
    article = site["article"]
    article.title = "Bản nháp chưa duyệt"
    dummy = article._get_dummy_headers()
    url = dummy["PATH_INFO"]
    host = dummy["HTTP_HOST"]
    assert _state(client.get(url, HTTP_HOST=host)) == "miss"
    assert _state(client.get(url, HTTP_HOST=host)) == "hit"  # stored at the very address the preview uses

    preview = article.make_preview_request()  # no original request: no cookie either

    assert "Bản nháp chưa duyệt" in preview.content.decode()
    assert _state(preview) == "none"
    visitor = client.get(url, HTTP_HOST=host)
    assert _state(visitor) == "hit"
    assert "Bản nháp chưa duyệt" not in visitor.content.decode()


# --- What drops a stored page, and what does not ----------------------------------------------


def test_publishing_a_page_drops_it(client, site, django_capture_on_commit_callbacks):
    _warm(client, site["article"])
    _publish(site["article"], django_capture_on_commit_callbacks, title="Tiêu đề mới")

    response = client.get(site["article"].url)
    assert _state(response) == "miss"
    assert "Tiêu đề mới" in response.content.decode()


def test_saving_a_draft_keeps_the_stored_page(client, site):
    _warm(client, site["article"])
    site["article"].title = "Chỉ là bản nháp"
    site["article"].save_revision()

    response = client.get(site["article"].url)
    assert _state(response) == "hit"
    assert "Chỉ là bản nháp" not in response.content.decode()


def test_publishing_an_unrelated_page_keeps_the_stored_page(client, site, django_capture_on_commit_callbacks):
    _warm(client, site["other_theme_page"], site["directive"])
    _publish(site["article"], django_capture_on_commit_callbacks, title="Tiêu đề mới")

    assert _state(client.get(site["other_theme_page"].url)) == "hit"


def test_a_new_translation_drops_the_source_page_for_its_language_switcher(
    client, site, locales, django_capture_on_commit_callbacks
):
    _warm(client, site["section"], site["article"])
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(site["section"], locales["en"], {"Tin bài": "News"})
        translate_object(site["article"], locales["en"], {"Bài viết thứ nhất": "First article"})
        Page.objects.get(
            translation_key=site["article"].translation_key, locale=locales["en"]
        ).specific.save_revision().publish()

    response = client.get(site["article"].url)
    assert _state(response) == "miss"
    switcher = BeautifulSoup(response.content, "html.parser").select_one('link[hreflang="en"]')
    assert switcher is not None and "/en/" in switcher["href"]


def test_a_new_item_drops_its_section_the_home_page_its_theme_page_and_its_directive(
    client, site, django_capture_on_commit_callbacks
):
    listings = [site["home"], site["section"], site["theme_page"], site["directive"]]
    _warm(client, *listings, site["other_theme_page"])

    _add_article(
        site, django_capture_on_commit_callbacks, "Bai moi", themes=[site["theme"]], directives=[site["directive"]]
    )

    for listing in listings:
        response = client.get(listing.url)
        assert _state(response) == "miss", listing
        assert "Bai moi" in response.content.decode(), listing
    assert _state(client.get(site["other_theme_page"].url)) == "hit"


def test_unpublishing_drops_the_page_and_every_listing_that_showed_it(client, site, django_capture_on_commit_callbacks):
    listings = [site["home"], site["section"], site["theme_page"], site["directive"]]
    _warm(client, site["article"], *listings)
    url = site["article"].url

    with django_capture_on_commit_callbacks(execute=True):
        site["article"].unpublish()

    assert client.get(url).status_code == 404
    for listing in listings:
        response = client.get(listing.url)
        assert _state(response) == "miss", listing
        assert "Bài viết thứ nhất" not in response.content.decode(), listing


def test_moving_a_theme_off_an_item_drops_the_theme_page_that_listed_it(
    client, site, django_capture_on_commit_callbacks
):
    _warm(client, site["theme_page"], site["other_theme_page"])
    article = ArticlePage.objects.get(pk=site["article"].pk)
    article.themes = [site["other_theme"]]
    _publish(article, django_capture_on_commit_callbacks)

    assert "Bài viết thứ nhất" not in client.get(site["theme_page"].url).content.decode()
    assert "Bài viết thứ nhất" in client.get(site["other_theme_page"].url).content.decode()


def test_moving_a_page_drops_the_old_and_the_new_listing(client, site, django_capture_on_commit_callbacks):
    other_section = ArticleIndexPage(title="Chuyên mục khác", slug="chuyen-muc-khac")
    with django_capture_on_commit_callbacks(execute=True):
        site["home"].add_child(instance=other_section)
        other_section.save_revision().publish()
    _warm(client, site["section"], other_section, site["theme_page"])
    old_url = site["article"].url

    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=site["article"].pk).move(other_section, pos="last-child")

    assert "Bài viết thứ nhất" not in client.get(site["section"].url).content.decode()
    assert "Bài viết thứ nhất" in client.get(other_section.url).content.decode()
    assert client.get(old_url)["Location"] == "/chuyen-muc-khac/bai-1/"  # Wagtail's redirect on move
    theme_listing = client.get(site["theme_page"].url)
    assert _state(theme_listing) == "miss"
    assert "/chuyen-muc-khac/" in theme_listing.content.decode()


def test_a_directive_published_later_turns_a_cited_number_into_a_link(client, site, django_capture_on_commit_callbacks):
    citing = site["directive"]
    citing.relations.add(DirectiveRelation(relation_type="implements", target_number="57-NQ/TW"))
    _publish(citing, django_capture_on_commit_callbacks)
    _warm(client, citing)

    with django_capture_on_commit_callbacks(execute=True):
        resolution = DirectivePageFactory(
            parent=site["register"], number="57-NQ/TW", title="Nghị quyết 57", slug="nq-57"
        )
        resolution.save_revision().publish()

    response = client.get(citing.url)
    assert _state(response) == "miss"
    assert resolution.url in response.content.decode()


def test_restricting_a_page_drops_it_and_visitors_no_longer_see_it(client, site, django_capture_on_commit_callbacks):
    _warm(client, site["article"], site["section"])
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=site["section"], restriction_type=PageViewRestriction.LOGIN)

    assert client.get(site["article"].url).status_code == 302
    assert client.get(site["section"].url).status_code == 302


def test_renaming_a_theme_drops_every_page(client, site):
    _warm(client, site["article"], site["directive"])
    site["theme"].name_vi = "Chuyển đổi số quốc gia"
    site["theme"].save()

    assert _state(client.get(site["article"].url)) == "miss"
    assert _state(client.get(site["directive"].url)) == "miss"


# --- Freshness rules --------------------------------------------------------------------------


def test_a_change_during_rendering_makes_that_rendering_stale(client, site):
    url = site["article"].url
    client.get(url)
    # The change lands after the stored rendering started: simulate by touching with a later time.
    time.sleep(0.01)
    page_cache.touch([f"page:{site['article'].translation_key}"])
    assert _state(client.get(url)) == "miss"


def test_an_evicted_tag_makes_its_entries_stale_not_fresh(client, site):
    url = site["article"].url
    _warm(client, site["article"])
    cache.delete(f"{page_cache.TAG_PREFIX}page:{site['article'].translation_key}")
    assert _state(client.get(url)) == "miss"


def test_switched_off_nothing_is_stored(client, site, settings):
    settings.PAGE_CACHE_ENABLED = False
    url = site["article"].url
    client.get(url)
    response = client.get(url)
    assert _state(response) == "none"
    assert "public" in response["Cache-Control"] and response["ETag"]


def test_on_redis_a_hit_reuses_one_client_and_stays_fresh_until_touched(client, site, settings):
    """The production cache: Redis, through cms.redis_cache (one client per connection pool)."""
    from django.core.cache import caches

    settings.CACHES = {"default": {"BACKEND": "cms.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/13"}}
    redis_cache = caches["default"]  # Django resets its cache handlers when CACHES changes
    assert type(redis_cache).__module__ == "cms.redis_cache"
    redis_cache.clear()
    try:
        first_client = redis_cache._cache.get_client()
        url = site["article"].url
        client.get(url)
        page_cache._local.entries.clear()  # a hit from Redis itself, not from this process's memory
        assert _state(client.get(url)) == "hit"
        assert redis_cache._cache.get_client() is first_client
        page_cache.touch([f"page:{site['article'].translation_key}"])
        assert _state(client.get(url)) == "miss"
    finally:
        redis_cache.clear()
