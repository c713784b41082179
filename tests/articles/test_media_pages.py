"""Every page type renders in vi, en and uk, with a query count that does not grow with related items."""

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import (
    ArticlePage,
    InfographicPage,
    PodcastEpisodePage,
    PodcastIndexPage,
    Theme,
    ThemePage,
    VideoClipPage,
)
from home.demo_media import make_webvtt
from search.backends import get_backend
from search.indexing import iter_documents
from tests.articles.factories import DirectivePageFactory, upload_audio, upload_document, upload_image
from tests.articles.site_builder import build_every_page_type, publish

LANGUAGES = ["vi", "en", "uk"]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict[str, Page]]:
    """One page of every type under the Vietnamese home, translated into en and uk.

    Built once for the module inside a transaction that is rolled back at the end; each test
    runs in its own savepoint within it, so what a test changes is undone for the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_site()
        transaction.set_rollback(True)


def _build_site() -> dict[str, Page]:
    """The pages of `site` (also used by tests/articles/test_seo.py): the shared site as it comes."""
    theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital transformation")
    return build_every_page_type(theme)


def test_every_page_type_renders_in_every_language(client, db, site, locales, django_assert_max_num_queries):
    for kind, source in site.items():
        for language in LANGUAGES:
            page = source.get_translation(locales[language])
            client.get(page.url)

            # The frame (header navigation, footer) and the cards' pictures and theme badges are a
            # fixed cost on top of the page itself; this bound is the busiest page type's.
            with django_assert_max_num_queries(32):
                response = client.get(page.url)

            assert response.status_code == 200, (kind, language)
            soup = BeautifulSoup(response.content, "html.parser")
            assert soup.html["lang"] == language, (kind, language)
            assert soup.h1.get_text(" ", strip=True).endswith(page.title), (kind, language)


def test_directive_page_lists_every_kind_of_item_that_explains_it(client, db, site, locales):
    for language in LANGUAGES:
        directive = site["directive"].get_translation(locales[language])
        soup = BeautifulSoup(client.get(directive.url).content, "html.parser")
        titles = {a.get_text(strip=True) for a in soup.select("#explainers ~ div .card__title a")}
        suffix = "" if language == "vi" else f" [{language}]"
        assert titles == {
            site[kind].title + suffix for kind in ("infographic", "podcast_episode", "video", "article")
        }, language


def test_explainer_links_its_directive_in_the_same_language(client, db, site, locales):
    article = site["article"].get_translation(locales["uk"])
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    link = soup.select_one("#related-directives + ul a")
    assert link.get_text() == "380-CV/ĐU"
    assert link["href"] == site["directive"].get_translation(locales["uk"]).url


def test_infographic_long_description_is_tied_to_the_image(client, db, site):
    soup = BeautifulSoup(client.get(site["infographic"].url).content, "html.parser")

    image = soup.select_one("figure img")
    assert image["alt"] == "Sơ đồ năm bước"
    assert soup.find(id=image["aria-describedby"]).get_text(strip=True) == "Bước một: số hóa hồ sơ."


def test_podcast_episode_takes_duration_and_size_from_the_file(db, site):
    episode = PodcastEpisodePage.objects.get(pk=site["podcast_episode"].pk)

    assert abs(episode.duration_seconds - 2.0) < 0.2
    assert episode.size_bytes == episode.audio.file.size
    assert episode.mime_type == "audio/mpeg"


def test_podcast_guid_is_stable_and_differs_per_locale(db, site, locales):
    vi = PodcastEpisodePage.objects.get(pk=site["podcast_episode"].pk)
    en = vi.get_translation(locales["en"])

    assert vi.guid == PodcastEpisodePage.objects.get(pk=vi.pk).guid
    assert vi.guid != en.guid


def test_show_page_links_its_feed(client, db, site):
    soup = BeautifulSoup(client.get(site["podcast_show"].url).content, "html.parser")

    feed = soup.select_one('head link[rel="alternate"][type="application/rss+xml"]')
    assert feed["href"] == site["podcast_show"].url + "feed/"


def test_theme_page_lists_every_kind_filed_under_it(client, db, site):
    soup = BeautifulSoup(client.get(site["theme"].url).content, "html.parser")

    titles = {a.get_text(strip=True) for a in soup.select(".card__title a, a.directive-list__title")}
    assert titles == {"Công văn 380", "Năm bước chuyển đổi số", "Petrovietnam triển khai Công văn 380"}


def test_unpublished_item_disappears_from_listings(client, db, site):
    site["article"].unpublish()

    directive_html = client.get(site["directive"].url).content.decode()
    theme_html = client.get(site["theme"].url).content.decode()
    assert "Petrovietnam" not in directive_html
    assert "Petrovietnam" not in theme_html


def test_video_with_both_upload_and_embed_is_refused(db, site):
    from django.core.exceptions import ValidationError
    from wagtailmedia.models import Media

    video = site["video"]
    video.video = Media.objects.create(
        title="x", type="video", file=upload_document("x", make_webvtt([(0, 1, "a")])).file
    )
    with pytest.raises(ValidationError):
        video.full_clean()


# --- creating each type through the admin ---------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", "pw"))
    return client


def _add(admin_client, model: str, parent: Page, fields: dict):
    data = nested_form_data({"action-publish": "publish", **fields})
    return admin_client.post(f"/admin/pages/add/articles/{model}/{parent.pk}/", data)


def test_editor_creates_an_infographic_through_the_admin(admin_client, db, site):
    response = _add(
        admin_client,
        "infographicpage",
        site["infographic_index"],
        {
            "title": "Ba con số",
            "slug": "ba-con-so",
            "date": "2025-10-01",
            "summary": "",
            "image": upload_image().pk,
            "alt_text": "Ba cột số liệu",
            "long_description": rich_text("<p>709 điểm cầu.</p>"),
        },
    )

    assert response.status_code == 302
    assert InfographicPage.objects.get(slug="ba-con-so").live


def test_editor_creates_an_article_through_the_admin(admin_client, db, site):
    response = _add(
        admin_client,
        "articlepage",
        site["article_index"],
        {
            "title": "VNPT học tập nghị quyết trực tuyến",
            "slug": "vnpt",
            "date": "2023-10-04",
            "summary": "Hơn 62.569 lượt người tham gia.",
            "body": streamfield([("paragraph", rich_text("<p>709 điểm cầu.</p>"))]),
            "source_name": "VNPT",
            "source_url": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert ArticlePage.objects.get(slug="vnpt").live


def test_editor_creates_an_episode_through_the_admin_and_duration_comes_from_the_file(admin_client, db, site):
    response = _add(
        admin_client,
        "podcastepisodepage",
        site["podcast_show"],
        {
            "title": "Tập 2",
            "slug": "tap-2",
            "date": "2025-10-02",
            "episode_number": "2",
            "summary": "",
            "audio": upload_audio(4.0).pk,
            "show_notes": rich_text(""),
            "transcript": "Nội dung tập 2.",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    episode = PodcastEpisodePage.objects.get(slug="tap-2")
    assert abs(episode.duration_seconds - 4.0) < 0.2


def test_editor_creates_a_video_with_captions_through_the_admin(admin_client, db, site):
    captions = upload_document("captions.vtt", make_webvtt([(0.0, 1.5, "Hello")]))
    response = _add(
        admin_client,
        "videoclippage",
        site["video_index"],
        {
            "title": "Clip 2",
            "slug": "clip-2",
            "date": "2025-10-03",
            "summary": "",
            "embed_url": "https://www.youtube.com/watch?v=demo2",
            "poster": upload_image().pk,
            "duration_seconds": "60",
            "transcript": "Lời dẫn.",
            "caption_tracks": inline_formset([{"language": "en", "file": captions.pk}]),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert VideoClipPage.objects.get(slug="clip-2").caption_tracks.get().language == "en"


def test_admin_refuses_a_caption_file_that_is_not_webvtt(admin_client, db, site):
    from django.core.files.base import ContentFile

    bad = upload_document("bad.vtt", ContentFile(b"not captions", name="bad.vtt"))
    response = _add(
        admin_client,
        "videoclippage",
        site["video_index"],
        {
            "title": "Clip 3",
            "slug": "clip-3",
            "date": "2025-10-03",
            "summary": "",
            "embed_url": "https://www.youtube.com/watch?v=demo3",
            "poster": upload_image().pk,
            "duration_seconds": "60",
            "transcript": "Lời dẫn.",
            "caption_tracks": inline_formset([{"language": "en", "file": bad.pk}]),
        },
    )

    assert response.status_code == 200
    assert not VideoClipPage.objects.filter(slug="clip-3").exists()


def test_query_counts_do_not_grow_with_related_items(client, db, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(page: Page) -> int:
        client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url).status_code == 200
        return len(captured)

    watched = [site["directive"], site["theme"], site["article_index"], site["article"]]
    before = [queries(page) for page in watched]
    for number in range(12):
        article = ArticlePage(
            title=f"Bài {number}",
            slug=f"bai-{number}",
            body=[("paragraph", "<p>Nội dung.</p>")],
            related_directives=[site["directive"]],
            themes=[site["theme"].theme],
        )
        publish(site["article_index"], article)
    site["article"].related_directives = [
        site["directive"],
        *DirectivePageFactory.create_batch(5, parent=site["directive_index"]),
    ]
    site["article"].save_revision().publish()

    after = [queries(page) for page in watched]
    assert all(grown <= base for grown, base in zip(after, before, strict=True)), (before, after)


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        ("directiveindexpage", {"title": "Văn bản mới", "slug": "van-ban-moi", "intro": ""}),
        ("infographicindexpage", {"title": "Đồ họa", "slug": "do-hoa", "intro": ""}),
        ("videoindexpage", {"title": "Phim ngắn", "slug": "phim-ngan", "intro": ""}),
        ("articleindexpage", {"title": "Phóng sự", "slug": "phong-su", "intro": ""}),
    ],
)
def test_editor_creates_section_pages_through_the_admin(admin_client, db, site, model, fields):
    home = site["directive_index"].get_parent()

    response = _add(admin_client, model, home, fields)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Page.objects.get(slug=fields["slug"]).live


def test_editor_creates_a_podcast_show_through_the_admin(admin_client, db, site):
    home = site["directive_index"].get_parent()
    response = _add(
        admin_client,
        "podcastindexpage",
        home,
        {
            "title": "Talk show",
            "slug": "talk-show",
            "description": "Trao đổi về chuyển đổi số.",
            "cover_image": upload_image("Bìa 2", (1400, 1400)).pk,
            "author": "Ban Tuyên giáo",
            "owner_email": "talk@example.org",
            "itunes_category": "Government",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert PodcastIndexPage.objects.get(slug="talk-show").live


def test_second_theme_page_for_the_same_theme_is_refused(admin_client, db, site):
    home = site["directive_index"].get_parent()

    response = _add(
        admin_client,
        "themepage",
        home,
        {"title": "Chuyển đổi số (2)", "slug": "chuyen-doi-so-2", "theme": site["theme"].theme_id, "intro": ""},
    )

    assert response.status_code == 200
    assert "Chuyển đổi số" in response.content.decode()
    assert not ThemePage.objects.filter(slug="chuyen-doi-so-2").exists()


def test_editor_creates_a_theme_page_through_the_admin(admin_client, db, site):
    home = site["directive_index"].get_parent()
    theme = Theme.objects.create(slug="an-ninh-mang", name_vi="An ninh mạng")

    response = _add(
        admin_client, "themepage", home, {"title": "An ninh mạng", "slug": "an-ninh-mang", "theme": theme.pk}
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert ThemePage.objects.get(slug="an-ninh-mang").theme == theme


def test_a_locale_may_override_the_infographic_image(db, site):
    from wagtail_localize.models import OverridableSegment, TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(site["infographic"])

    overridable = set(OverridableSegment.objects.filter(source=source).values_list("context__path", flat=True))
    assert "image" in overridable


def test_directive_page_shows_the_newest_items_of_a_kind_and_links_to_all_of_them(client, db, site):
    """Past EXPLAINERS_PER_KIND items of one kind, the page shows the newest ones and a link to a
    search for all of them: the page stays the same size however many items explain it."""
    import datetime

    from articles.listings import EXPLAINERS_PER_KIND

    directive = site["directive"]
    section = site["article"].get_parent()
    extra = EXPLAINERS_PER_KIND + 2
    for number in range(extra):
        article = ArticlePage(
            title=f"Bài thêm {number}", slug=f"bai-them-{number}", date=datetime.date(2026, 1, 1 + number)
        )
        article.related_directives = [directive]
        publish(section, article)

    soup = BeautifulSoup(client.get(directive.url).content, "html.parser")

    titles = [a.get_text(strip=True) for a in soup.select(".cards--article .card__title a")]
    assert titles == [f"Bài thêm {number}" for number in reversed(range(2, extra))]
    more = soup.select_one(".cards--article + .cards__more a")
    assert more.get_text(strip=True) == f"Tất cả bài viết về 380-CV/ĐU ({extra + 1})"
    assert more["href"] == "/search/?directive=380-CV%2F%C4%90U&kind=article"
    assert soup.select(".cards--video + .cards__more") == []  # one video: nothing more to see

    backend = get_backend()
    backend.rebuild(list(iter_documents()))
    try:
        found = BeautifulSoup(client.get(more["href"]).content, "html.parser")
    finally:
        backend.clear()
    listed = {a.get_text(strip=True) for a in found.select(".result .card__title a")}
    assert {f"Bài thêm {number}" for number in range(extra)} | {site["article"].title} <= listed
