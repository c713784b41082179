"""The read-only API v2 at /api/v2/: every page type in every language, its filters, and what never leaks."""

from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, PageViewRestriction, Site

from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    DirectivePage,
    DirectiveRelation,
    InfographicPage,
    PodcastEpisodePage,
    Theme,
    VideoCaptionTrack,
    VideoClipPage,
)
from home.demo import ensure_home_pages
from home.demo_media import make_webvtt
from locales.translating import translate_object
from tests.articles.factories import DirectivePageFactory, upload_audio, upload_document, upload_image
from tests.articles.site_builder import add_directive, build_every_page_type, publish

API = "/api/v2/pages/"
LANGUAGES = ["vi", "en", "uk"]
SECRET = "bimat"  # in the title and slug of every page that must never be seen
TYPES = {
    "directive": "articles.DirectivePage",
    "infographic": "articles.InfographicPage",
    "podcast_show": "articles.PodcastIndexPage",
    "podcast_episode": "articles.PodcastEpisodePage",
    "video": "articles.VideoClipPage",
    "article": "articles.ArticlePage",
    "theme": "articles.ThemePage",
    "directive_index": "articles.DirectiveIndexPage",
    "article_index": "articles.ArticleIndexPage",
    "home": "home.HomePage",
}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict]:
    """One page of every type under the Vietnamese home, translated into en and uk, and one page
    of each kind that must never be seen. Built once, rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_site()
        transaction.set_rollback(True)


def _build_site() -> dict:
    """The shared site with a second directive (a plan implementing 380), directive metadata and an
    original document, a video that explains nothing and has English captions; then the hidden pages."""
    theme = Theme.objects.create(
        slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital transformation", name_uk="Цифрова трансформація"
    )
    Theme.objects.create(slug="xay-dung-dang", name_vi="Xây dựng Đảng", name_en="Party building")

    def add_plan(register: Page, directive: DirectivePage) -> dict[str, DirectivePage]:
        """Chương trình 03: implements 380 and names 57-NQ/TW (not on the site) by its number."""
        relations = [
            DirectiveRelation(relation_type="implements", target_page=directive),
            DirectiveRelation(relation_type="based_on", target_number="57-NQ/TW"),
        ]
        plan = add_directive(register, relations=relations, number="03/CTr-ĐU", title="Chương trình 03", slug="ctr-03")
        return {"plan": plan}

    home = ensure_home_pages()["vi"]
    pages = {
        "home": home,
        **build_every_page_type(
            theme,
            directive={
                "document_type": _code("CV"),
                "issuing_body": _issuer("ĐU"),
                "original_document": lambda: upload_document(
                    "Bản gốc 380", ContentFile(b"%PDF-1.4", name="cv-380.pdf")
                ),
            },
            more_directives=add_plan,
            explains={"video": []},
            fields={
                "infographic": {"image": lambda: upload_image("Năm bước")},
                "podcast_episode": {"title": "Tập 1: Công văn 380", "audio": lambda: upload_audio(1.0)},
            },
            caption_track=("en", "captions", "Hello"),
        ),
    }
    pages.update(_hidden_pages(home, pages["article_index"], pages["directive_index"], theme))
    return pages


def _hidden_pages(home: Page, articles: Page, register: Page, theme: Theme) -> dict[str, Page]:
    """Pages tied to directive 380 and filed under the theme, each of which must stay out of sight."""

    def article(parent: Page, slug: str, *, published: bool = True) -> ArticlePage:
        page = ArticlePage(
            title=f"Bài {slug}", slug=slug, body=[("paragraph", f"<p>{SECRET}</p>")], themes=[theme], live=False
        )
        page.related_directives = [register.get_children().get(slug="cv-380").specific]
        parent.add_child(instance=page)
        revision = page.save_revision()
        if published:
            revision.publish()
        return ArticlePage.objects.get(pk=page.pk)

    draft = article(articles, f"{SECRET}-draft", published=False)
    unpublished = article(articles, f"{SECRET}-unpublished")
    unpublished.unpublish()
    restricted = article(articles, f"{SECRET}-restricted")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    private_section = publish(home, ArticleIndexPage(title=f"Mục {SECRET}", slug=f"{SECRET}-section"))
    PageViewRestriction.objects.create(page=private_section, restriction_type="password", password="x")
    under_restricted = article(private_section, f"{SECRET}-under")
    directive = DirectivePageFactory(
        parent=register, number="99-CV/ĐU", title=f"Văn bản {SECRET}", slug=SECRET, live=False, themes=[theme]
    )
    directive.save_revision()  # a draft directive, never published
    alias = (
        articles.get_children()
        .get(slug="petrovietnam")
        .specific.create_alias(parent=home, update_slug=f"{SECRET}-alias")
    )
    return {
        "draft": draft,
        "unpublished": unpublished,
        "restricted": restricted,
        "private_section": private_section,
        "under_restricted": under_restricted,
        "draft_directive": directive,
        "alias": alias,
    }


def _code(code: str):
    from articles.models import DocumentType

    return DocumentType.objects.get(code=code)


def _issuer(abbreviation: str):
    from articles.models import IssuingBody

    return IssuingBody.objects.get(abbreviation=abbreviation, parent=None)


def _get(client, url: str, /, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.content[:500])
    return response.json()


def _bad(client, url: str, /, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 400, (url, params, response.status_code, response.content[:500])
    return response.json()["message"]


def _items(client, **params) -> list[dict]:
    return _get(client, API, **{"limit": 20, **params})["items"]


def _fresh(page: Page) -> Page:
    """The page as the database has it now (the module's objects must not carry one test's changes)."""
    return page.specific_class.objects.get(pk=page.pk)


@pytest.fixture
def base_url(site) -> str:
    """Full URLs in the API start with the site's root URL (Wagtail's `get_full_url`)."""
    return Site.objects.get(is_default_site=True).root_url


def _titles(client, **params) -> set[str]:
    return {item["title"] for item in _items(client, **params)}


# --- Listing and detail of every type -------------------------------------------------------------


@pytest.mark.parametrize("kind", TYPES)
def test_listing_and_detail_of_each_type_in_each_language(client, db, site, locales, base_url, kind):
    for language in LANGUAGES:
        page = site[kind].get_translation(locales[language])
        others = [site["plan"].get_translation(locales[language]).pk] if kind == "directive" else []
        items = _items(client, type=TYPES[kind], locale=language, fields="*")
        assert [item["id"] for item in items] == [page.pk, *others], (kind, language)
        assert items[0]["meta"]["locale"] == language
        assert items[0]["meta"]["html_url"] == f"{base_url}{page.url}"

        detail = client.get(f"{API}{page.pk}/", HTTP_ACCEPT_LANGUAGE="uk").json()  # the client's language
        assert detail["title"] == page.title  # changes messages only, never content or addresses
        assert detail["meta"]["type"] == TYPES[kind]
        assert detail["meta"]["html_url"] == f"{base_url}{page.url}"
        listed = {key: value for key, value in items[0].items() if key != "meta"}
        assert {key: detail[key] for key in listed} == listed, (kind, language)


def test_directive_shows_its_metadata_with_labels_in_the_page_language(client, db, site, locales, base_url):
    for language, dispatch, committee, theme in [
        ("vi", "Công văn", "Đảng ủy", "Chuyển đổi số"),
        ("en", "Official dispatch", "Party Committee", "Digital transformation"),
        ("uk", "Офіційний лист", "Партійний комітет", "Цифрова трансформація"),
    ]:
        page = site["directive"].get_translation(locales[language])
        detail = _get(client, f"{API}{page.pk}/")
        assert detail["number"] == "380-CV/ĐU"
        assert detail["number_key"] == "380-cv-du"
        assert detail["issue_date"] == "2024-12-22"
        assert detail["document_type"] == {"code": "CV", "name": dispatch}
        assert detail["issuing_body"] == {"abbreviation": "ĐU", "name": committee}
        assert detail["themes"] == [{"slug": "chuyen-doi-so", "name": theme}]
        assert detail["original_document"]["title"] == "Bản gốc 380"
        assert detail["original_document"]["download_url"].startswith(f"{base_url}/documents/")


def test_theme_label_falls_back_to_vietnamese(client, db, site, locales):
    directive = _fresh(site["directive"])
    directive.themes.add(Theme.objects.get(slug="xay-dung-dang"))
    directive.save_revision().publish()
    page = translate_object(directive, locales["uk"], {})  # brings the synchronized themes over
    themes = _get(client, f"{API}{page.pk}/")["themes"]
    assert {"slug": "xay-dung-dang", "name": "Xây dựng Đảng"} in themes


def test_directive_relations_point_at_the_directive_in_the_same_language(client, db, site, locales, base_url):
    for language in LANGUAGES:
        plan = site["plan"].get_translation(locales[language])
        target = site["directive"].get_translation(locales[language])
        relations = _get(client, f"{API}{plan.pk}/")["relations"]
        assert relations[0] == {
            "relation": "implements",
            "direction": "outgoing",
            "label": relations[0]["label"],
            "inverse_label": relations[0]["inverse_label"],
            "number": "380-CV/ĐU",
            "key": "380-cv-du",
            "id": target.pk,
            "detail_url": f"{base_url}{API}{target.pk}/",
        }
        assert relations[1]["number"] == "57-NQ/TW" and relations[1]["id"] is None  # not on the site
    english = site["plan"].get_translation(locales["en"])
    english_relation = _get(client, f"{API}{english.pk}/")["relations"][0]
    assert (english_relation["label"], english_relation["inverse_label"]) == ("implements", "implemented by")


def test_media_items_link_their_directive_in_the_same_language(client, db, site, locales, base_url):
    for kind in ("infographic", "podcast_episode", "video", "article"):
        for language in LANGUAGES:
            page = site[kind].get_translation(locales[language])
            target = site["directive"].get_translation(locales[language])
            related = _get(client, f"{API}{page.pk}/")["related_directives"]
            link = {
                "number": "380-CV/ĐU",
                "key": "380-cv-du",
                "id": target.pk,
                "detail_url": f"{base_url}{API}{target.pk}/",
            }
            expected = [] if kind == "video" else [link]
            assert related == expected, (kind, language)


def test_images_are_renditions_and_files_are_urls(client, db, site, locales, base_url):
    infographic = _get(client, f"{API}{site['infographic'].pk}/")
    assert infographic["image"]["url"].endswith(".width-1200.png")
    assert infographic["image_thumbnail"]["width"] == 480 and infographic["image_thumbnail"]["height"] == 270
    assert infographic["alt_text"] == "Sơ đồ năm bước"
    assert infographic["long_description"] == "<p>Bước một: số hóa hồ sơ.</p>"

    episode = _get(client, f"{API}{site['podcast_episode'].pk}/")
    assert episode["audio"]["url"].startswith(f"{base_url}/media/")
    assert episode["audio"]["mime_type"] == "audio/mpeg"
    assert episode["mime_type"] == "audio/mpeg" and episode["size_bytes"] > 0
    assert episode["transcript"] == "Xin chào quý vị."

    video = _get(client, f"{API}{site['video'].get_translation(locales['uk']).pk}/")
    assert video["caption_tracks"][0]["language"] == "en"
    assert video["caption_tracks"][0]["url"].startswith(f"{base_url}/documents/")
    assert video["poster"]["url"].endswith(".width-1280.png") and video["video"] is None

    article = _get(client, f"{API}{site['article'].pk}/")
    assert article["body"][0]["type"] == "paragraph"
    assert article["body"][0]["value"] == "<p>Nội dung bài viết.</p>"

    show = _get(client, f"{API}{site['podcast_show'].pk}/")
    assert show["cover_image"]["width"] == 1400 and "owner_email" not in show

    theme_page = _get(client, f"{API}{site['theme'].get_translation(locales['en']).pk}/")
    assert theme_page["theme"]["name"] == "Digital transformation"


# --- Filters --------------------------------------------------------------------------------------


def test_locale_filter_keeps_one_language_and_refuses_an_unknown_code(client, db, site, locales):
    for language in LANGUAGES:
        items = _items(client, locale=language, type="articles.ArticlePage")
        assert {item["meta"]["locale"] for item in items} == {language}
    message = _bad(client, API, locale="fr")
    assert "fr" in message and "vi, en, uk" in message


def test_type_filter_and_its_errors(client, db, site):
    assert {item["meta"]["type"] for item in _items(client, type="articles.ArticlePage,articles.VideoClipPage")} == {
        "articles.ArticlePage",
        "articles.VideoClipPage",
    }
    assert _bad(client, API, type="articles.Nothing") == "type doesn't exist"
    assert _bad(client, API, type="articles.Theme") == "type doesn't exist"


def test_theme_filter_lists_what_is_filed_under_the_theme(client, db, site, locales):
    titles = _titles(client, theme="chuyen-doi-so", locale="vi")
    assert titles == {"Công văn 380", "Năm bước chuyển đổi số", "Petrovietnam triển khai Công văn 380", "Chuyển đổi số"}
    english = _titles(client, theme="chuyen-doi-so", locale="en", type="articles.ArticlePage")
    assert english == {"Petrovietnam triển khai Công văn 380 [en]"}
    assert _titles(client, theme="xay-dung-dang") == set()


def test_theme_filter_refuses_an_unknown_or_empty_slug(client, db, site):
    message = _bad(client, API, theme="khong-co")
    assert "khong-co" in message and "chuyen-doi-so, xay-dung-dang" in message
    assert "theme" in _bad(client, API, theme="")


@pytest.mark.parametrize("number", ["380-CV/ĐU", "380-cv-du", "Số 380 -CV/DU", "380/CV-ĐU"])
def test_directive_filter_finds_the_directive_and_everything_tied_to_it(client, db, site, number):
    assert _titles(client, directive=number, locale="vi") == {
        "Công văn 380",
        "Chương trình 03",  # implements it
        "Năm bước chuyển đổi số",
        "Tập 1: Công văn 380",
        "Petrovietnam triển khai Công văn 380",
    }


def test_directive_filter_reads_a_state_style_key_and_numbers_not_on_the_site(client, db, site):
    decree = DirectivePageFactory(
        parent=site["directive_index"], number="30/2020/NĐ-CP", title="Nghị định 30", slug="nd-30"
    )
    decree.save_revision().publish()
    for number in ("30/2020/NĐ-CP", "30-nd-cp-2020", decree.number_key):
        assert _titles(client, directive=number) == {"Nghị định 30"}
    assert _titles(client, directive="57-NQ/TW", locale="en") == {"Chương trình 03 [en]"}  # cited by number only
    assert _titles(client, directive="1-CV/ĐU") == set()


def test_directive_filter_refuses_garbage_with_the_parsers_message_in_the_clients_language(client, db, site):
    assert _bad(client, API, directive="hello").startswith("directive: “hello” không có phần số.")
    english = client.get(API, {"directive": "hello"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json()["message"].startswith("directive: “hello” has no number.")
    assert "Accept-Language" in english["Vary"]
    ukrainian = client.get(API, {"directive": "hello"}, HTTP_ACCEPT_LANGUAGE="uk,en;q=0.5").json()["message"]
    assert "57-NQ/TW" in ukrainian and "has no number" not in ukrainian


def test_filters_combine(client, db, site):
    items = _items(client, directive="380-cv-du", theme="chuyen-doi-so", locale="uk", type="articles.ArticlePage")
    assert [item["title"] for item in items] == ["Petrovietnam triển khai Công văn 380 [uk]"]


BAD_QUERIES = [
    {"offset": "-1"},
    {"offset": "99999999999999999999999"},
    {"limit": "abc"},
    {"limit": "1000"},
    {"child_of": "abc"},
    {"child_of": "99999999999999999999999"},
    {"descendant_of": "-3"},
    {"ancestor_of": "x"},
    {"translation_of": "x"},
    {"id": "abc"},
    {"id": "99999999999999999999999"},
    {"type": "articles.DirectivePage", "issue_date": "not-a-date"},
    {"type": "articles.DirectivePage", "themes": "abc"},
    {"type": "articles.DirectivePage", "document_type": "abc"},
    {"type": "articles.DirectivePage", "id": "99999999999999999999999"},
    {"type": "articles.ArticlePage", "date": "2025-13-45"},
    {"first_published_at": "yesterday"},
    {"show_in_menus": "maybe"},
    {"order": "nothing"},
    {"order": "random", "offset": "1"},
    {"fields": "title("},
    {"fields": "title(x)"},
    {"fields": "nothing"},
    {"type": "nothing"},
    {"site": "nowhere.example"},
    {"locale": "xx"},
    {"theme": "nothing"},
    {"directive": "???"},
    {"search": "chuyển đổi"},
    {"rich_text_format": "pdf"},
    {"unknown": "1"},
    {"format": "xml"},
    {"offset": "²"},
    {"type": "articles.ArticlePage", "body": "x"},
    {"type": "articles.DirectivePage", "relations": "x"},
    {"type": "articles.InfographicPage", "image": "99999999999999999999"},
    {"title": "\x00"},
]


@pytest.mark.parametrize("params", BAD_QUERIES, ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()))
def test_bad_query_parameters_are_400_with_a_message(client, db, site, params):
    assert _bad(client, API, **params)


def test_detail_and_find_refuse_bad_parameters_too(client, db, site):
    assert _bad(client, f"{API}{site['directive'].pk}/", fields="owner")
    assert _bad(client, f"{API}find/", id="abc")
    assert _bad(client, "/api/v2/documents/find/", id="²")
    assert _bad(client, "/api/v2/images/", width="wide")
    assert client.get(f"{API}find/", {"id": "99999999999999999999999"}).status_code in (400, 404)
    assert client.get(f"{API}99999999999999999999999/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "99999999999999999999999999/?type=articles.ArticlePage",  # once an OverflowError (a 500)
        "9223372036854775808/?type=articles.DirectivePage",
        "9223372036854775807/?type=articles.InfographicPage",
        "0/?type=articles.ArticlePage",
        "99999999999999999999999999/",
        "find/?id=99999999999999999999999999&type=articles.ArticlePage",
        "find/?id=" + "1" * 5000,
    ],
)
def test_ids_no_row_can_have_are_not_found_with_a_message(client, db, site, path):
    response = client.get(API + path, HTTP_ACCEPT_LANGUAGE="uk")
    assert response.status_code == 404
    assert response.json()["message"]
    for endpoint in ("images", "documents"):
        assert client.get(f"/api/v2/{endpoint}/{'9' * 30}/").status_code == 404
    assert _bad(client, API, offset="9" * 5000)
    # An id of another type's page: the page type's own DoesNotExist was a 500 (found by bench/fuzz_requests.py).
    assert client.get(f"{API}find/", {"id": site["directive"].pk, "type": "articles.ArticlePage"}).status_code == 404


def test_full_urls_are_on_the_site_the_request_came_to(client, db, site, locales, settings, base_url):
    """Renditions' `full_url` once started with WAGTAILADMIN_BASE_URL whatever the host; every URL of
    an answer now starts with the root URL of the Wagtail site the request came to."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "partner.example"]
    Site.objects.create(hostname="partner.example", port=80, root_page=site["home"], site_name="Partner")
    assert settings.WAGTAILADMIN_BASE_URL not in base_url
    for host, root in (("partner.example", "http://partner.example"), ("testserver", base_url)):
        infographic = client.get(f"{API}{site['infographic'].pk}/", HTTP_HOST=host).json()
        for image in (infographic["image"], infographic["image_thumbnail"]):
            assert image["full_url"] == root + image["url"], host
        assert infographic["meta"]["detail_url"] == f"{root}{API}{site['infographic'].pk}/"
        episode = client.get(f"{API}{site['podcast_episode'].pk}/", HTTP_HOST=host).json()
        assert episode["audio"]["url"].startswith(f"{root}/media/")
        listing = client.get(API, {"type": "articles.PodcastIndexPage", "fields": "cover_image"}, HTTP_HOST=host)
        assert listing.json()["items"][0]["cover_image"]["full_url"].startswith(f"{root}/media/")


def test_search_points_to_the_search_api(client, db, site):
    assert "http://testserver/api/search/" in _bad(client, API, search="380")
    assert "/api/search/" in _bad(client, "/api/v2/images/", search="380")


def test_find_resolves_a_path_in_any_language(client, db, site, locales, base_url):
    english = site["article"].get_translation(locales["en"])
    response = client.get(f"{API}find/", {"html_path": english.url})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{base_url}{API}{english.pk}/")
    assert client.get(f"{API}find/", {"html_path": site["article"].url}).status_code == 302
    assert client.get(f"{API}find/", {"html_path": "/khong-co/"}).status_code == 404


# --- Never seen -----------------------------------------------------------------------------------

HIDDEN = ["draft", "unpublished", "restricted", "private_section", "under_restricted", "draft_directive", "alias"]


def test_hidden_pages_are_in_no_listing(client, db, site):
    everything = [
        _get(client, API, limit=20, offset=offset, fields="*")
        for offset in range(0, _get(client, API)["meta"]["total_count"], 20)
    ]
    for params in [
        {"type": "articles.ArticlePage"},
        {"type": "articles.ArticleIndexPage"},
        {"type": "articles.DirectivePage"},
        {"theme": "chuyen-doi-so"},
        {"directive": "380-CV/ĐU"},
        {"directive": "99-CV/ĐU"},
        {"child_of": site["article_index"].pk},
        {"descendant_of": site["home"].pk},
        {"translation_of": site["article"].pk},
    ]:
        everything.append(_get(client, API, limit=20, fields="*", **params))
    text = str(everything)
    assert SECRET not in text
    listed = {item["id"] for page in everything for item in page["items"]}
    assert not listed & {site[name].pk for name in HIDDEN}


@pytest.mark.parametrize("name", HIDDEN)
def test_hidden_page_detail_is_not_found(client, db, site, name):
    response = client.get(f"{API}{site[name].pk}/")
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("parameter", ["child_of", "descendant_of", "ancestor_of", "translation_of"])
def test_restricted_pages_reveal_nothing_through_tree_filters(client, db, site, parameter):
    for name in ("private_section", "restricted", "under_restricted", "draft"):
        message = _bad(client, API, **{parameter: site[name].pk})
        assert "doesn't exist" in message
    assert client.get(f"{API}find/", {"html_path": site["under_restricted"].url}).status_code == 404


def test_signed_in_editors_see_the_public_view_too(client, db, site):
    client.force_login(get_user_model().objects.create_superuser("api-editor", "e@example.com", "pw"))
    assert client.get(f"{API}{site['restricted'].pk}/").status_code == 404
    assert SECRET not in str(_items(client, type="articles.ArticlePage", fields="*"))


def test_detail_shows_the_live_content_not_a_newer_draft(client, db, site):
    article = ArticlePage.objects.get(pk=site["article"].pk)
    article.title = "Tiêu đề nháp chưa duyệt"
    article.summary = "Tóm tắt nháp"
    article.save_revision()

    detail = _get(client, f"{API}{article.pk}/")
    assert detail["title"] == "Petrovietnam triển khai Công văn 380"
    assert detail["summary"] == "Đảng ủy Tập đoàn ban hành kế hoạch truyền thông."
    assert "Tiêu đề nháp" not in str(_items(client, type="articles.ArticlePage", fields="*"))


def test_unpublishing_removes_a_page_at_once(client, db, site):
    _fresh(site["video"]).unpublish()
    assert client.get(f"{API}{site['video'].pk}/").status_code == 404
    assert _items(client, type="articles.VideoClipPage", locale="vi") == []


def test_related_directive_that_is_not_live_is_left_out(client, db, site):
    english = Locale.objects.get(language_code="en")
    site["directive"].get_translation(english).unpublish()
    article = _get(client, f"{API}{site['article'].get_translation(english).pk}/")
    assert article["related_directives"][0]["id"] is None  # still a Vietnamese directive, none in English
    _fresh(site["directive"]).unpublish()
    assert _get(client, f"{API}{site['article'].pk}/")["related_directives"] == []


# --- Admin-only fields ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields", ["owner", "draft_title", "latest_revision", "url_path", "locked_by", "has_unpublished_changes", "path"]
)
def test_admin_only_page_fields_cannot_be_asked_for(client, db, site, fields):
    assert "unknown fields" in _bad(client, API, type="articles.ArticlePage", fields=fields)
    assert "unknown fields" in _bad(client, API, fields=f"_,{fields}")
    assert _bad(client, API, **{fields: "1"})


def test_every_field_of_a_page_is_public(client, db, site):
    detail = _get(client, f"{API}{site['article'].pk}/", fields="*")
    assert set(detail["meta"]) == PAGE_META_FIELDS
    assert detail["meta"]["alias_of"] is None
    assert set(detail) - {"meta"} == {"id", "title", *ARTICLE_FIELDS}


PAGE_META_FIELDS = {"type", "detail_url", "html_url", "slug", "locale", "parent", "alias_of"}
PAGE_META_FIELDS |= {"show_in_menus", "seo_title", "search_description", "first_published_at"}
ARTICLE_FIELDS = {"date", "summary", "themes", "related_directives", "body", "source_name", "source_url"}


FILE_ENDPOINTS = {"/api/v2/images/": {"title", "description", "width", "height"}, "/api/v2/documents/": {"title"}}


@pytest.mark.parametrize("endpoint", FILE_ENDPOINTS)
def test_files_show_no_admin_only_fields(client, db, site, endpoint):
    items = _get(client, endpoint, fields="*")["items"]
    assert items
    for item in items:
        assert set(item) == {"id", "meta", *FILE_ENDPOINTS[endpoint]}
        assert set(item["meta"]) == {"type", "detail_url", "download_url"}
    for field in ("uploaded_by_user", "file_hash", "file_size", "collection", "tags", "created_at"):
        assert "unknown fields" in _bad(client, endpoint, fields=field)
        assert "unknown fields" in _bad(client, endpoint, fields=f"_,{field}")
        assert _bad(client, endpoint, **{field: "1"})
        assert _bad(client, endpoint, fields=f"*,{field}(id)")


def test_files_are_listed_only_when_a_visible_page_uses_them(client, db, site):
    documents = {item["title"] for item in _get(client, "/api/v2/documents/", limit=20)["items"]}
    assert documents == {"Bản gốc 380", "captions"}
    unused = upload_document(f"{SECRET} unused", ContentFile(b"x", name="unused.txt"))
    assert client.get(f"/api/v2/documents/{unused.pk}/").status_code == 404

    images = {item["title"] for item in _get(client, "/api/v2/images/", limit=20)["items"]}
    assert images == {"Năm bước", "Bìa", "Poster"}
    infographic = _fresh(site["infographic"])
    infographic.image = upload_image(f"{SECRET} draft image", (320, 180))
    infographic.save_revision()  # a newer draft uses another image
    assert SECRET not in str(_get(client, "/api/v2/images/", limit=20))
    assert client.get(f"/api/v2/images/{infographic.image.pk}/").status_code == 404
    _fresh(site["infographic"]).unpublish()
    for translation in site["infographic"].get_translations():
        translation.unpublish()
    assert "Năm bước" not in {item["title"] for item in _get(client, "/api/v2/images/")["items"]}


def test_files_in_a_restricted_collection_are_never_shown(client, db, site):
    root = Collection.get_first_root_node()
    internal = root.add_child(name="Nội bộ")
    nested = internal.add_child(name="Nội bộ con")
    CollectionViewRestriction.objects.create(collection=internal, restriction_type="login")
    document = site["directive"].original_document
    document.collection = nested
    document.save()
    captions = site["video"].caption_tracks.get().file
    captions.collection = internal
    captions.save()
    poster = site["video"].poster
    poster.collection = nested
    poster.save()

    assert _get(client, "/api/v2/documents/")["items"] == []
    assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404
    assert _get(client, f"{API}{site['directive'].pk}/")["original_document"] is None
    assert _get(client, f"{API}{site['video'].pk}/")["caption_tracks"] == []
    assert "Poster" not in {item["title"] for item in _get(client, "/api/v2/images/")["items"]}
    assert client.get(f"/api/v2/images/{poster.pk}/").status_code == 404


# --- Bounded queries ------------------------------------------------------------------------------

LISTING_QUERIES = {"directive": 10, "infographic": 11, "podcast_episode": 10, "video": 13, "article": 11}
"""Queries for one listing page of a type with `fields=*`, however many items it has: the site and its
root paths, view restrictions (twice: the listing, the related directives), the locale, the count,
the pages, then one per prefetched relation (themes, related directives, image and its renditions,
caption tracks), the restricted collections once when files other than prefetched images are shown
(documents, audio, StreamField images: articles.public_files), and one per chooser block type in
StreamFields (article images)."""


def _add_items(site: dict, kind: str, numbers: range) -> None:
    """More published items of one kind, each with its own files and relations."""
    directive = site["directive"]
    theme = Theme.objects.get(slug="chuyen-doi-so")
    for number in numbers:
        common = {"title": f"{kind} {number}", "slug": f"{kind}-{number}", "themes": [theme]}
        if kind == "directive":
            page = DirectivePageFactory.build(number=f"{500 + number}-CV/ĐU", **common)
            page.relations.add(DirectiveRelation(relation_type="implements", target_page=directive))
            page.original_document = upload_document(f"Bản gốc {number}", ContentFile(b"%PDF", name="a.pdf"))
            publish(site["directive_index"], page)
            continue
        common["related_directives"] = [directive]
        if kind == "infographic":
            image = upload_image(f"Ảnh {number}", (320, 180))
            page = InfographicPage(image=image, alt_text="a", long_description="<p>a</p>", **common)
        elif kind == "podcast_episode":
            page = PodcastEpisodePage(audio=site["podcast_episode"].audio, transcript="a", **common)
        elif kind == "video":
            poster = upload_image(f"P {number}", (320, 180))
            page = VideoClipPage(
                embed_url="https://example.org/v", poster=poster, duration_seconds=5, transcript="a", **common
            )
            captions = upload_document(f"vtt {number}", make_webvtt([(0.0, 1.0, "a")]))
            page.caption_tracks.add(VideoCaptionTrack(language="vi", file=captions))
        else:
            figure = {"image": upload_image(f"Hình {number}", (320, 180)), "alt_text": "a", "caption": "b"}
            page = ArticlePage(body=[("paragraph", "<p>a</p>"), ("image", figure)], **common)
        parent = site["podcast_show"] if kind == "podcast_episode" else site[f"{kind}_index"]
        publish(parent, page)


@pytest.mark.parametrize("kind", LISTING_QUERIES)
def test_listing_queries_do_not_grow_with_items(client, db, site, kind, django_assert_max_num_queries):
    params = {"type": TYPES[kind], "fields": "*", "locale": "vi", "limit": 20}
    if kind == "directive":  # the two directives of the site, then one more
        _add_items(site, kind, range(1))
    else:
        _add_items(site, kind, range(2))
    assert len(_items(client, **params)) == 3  # warms renditions and the site root paths
    with django_assert_max_num_queries(LISTING_QUERIES[kind]):
        assert len(_items(client, **params)) == 3

    _add_items(site, kind, range(2, 19))
    assert len(_items(client, **params)) == 20
    with django_assert_max_num_queries(LISTING_QUERIES[kind]):
        assert len(_items(client, **params)) == 20


def test_mixed_listing_detail_and_file_listings_cost_the_same_for_more_items(
    client, db, site, django_assert_max_num_queries
):
    requests = [
        (API, {"fields": "*", "limit": 20}, 5),
        (API, {"fields": "*", "directive": "380-CV/ĐU", "theme": "chuyen-doi-so", "limit": 20}, 6),
        (f"{API}{site['video'].pk}/", {}, 14),  # one clip: its relations, files, parent
        ("/api/v2/images/", {"fields": "*", "limit": 20}, 5),
        ("/api/v2/documents/", {"fields": "*", "limit": 20}, 5),
    ]
    for url, params, queries in requests:
        _get(client, url, **params)
        with django_assert_max_num_queries(queries):
            _get(client, url, **params)
    _add_items(site, "video", range(20))
    for url, params, queries in requests:
        assert len(_get(client, url, **params).get("items", [1] * 20)) == 20
        with django_assert_max_num_queries(queries):
            _get(client, url, **params)
