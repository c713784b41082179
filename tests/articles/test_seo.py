"""Search and sharing metadata: canonical URL, Open Graph, Twitter card and schema.org JSON-LD on every page type."""

import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.models import Page

from articles.models import VideoCaptionTrack
from articles.seo import iso_duration, json_for_script, og_locale
from home.demo import ensure_home_pages
from home.demo_media import make_webvtt
from tests.articles.factories import upload_document
from tests.articles.test_media_pages import LANGUAGES, _build_site

OG_LOCALES = {"vi": "vi_VN", "en": "en_GB", "uk": "uk_UA"}

# page kind: (schema.org @type, og:type, has a share image of its own; the others get a generated card)
EXPECTED = {
    "home": ("WebSite", "website", False),
    "directive_index": ("CollectionPage", "website", False),
    "directive": ("Legislation", "article", False),
    "infographic_index": ("CollectionPage", "website", False),
    "infographic": ("ImageObject", "article", True),
    "podcast_show": ("PodcastSeries", "website", True),
    "podcast_episode": ("PodcastEpisode", "article", True),
    "video_index": ("CollectionPage", "website", False),
    "video": ("VideoObject", "video.other", True),
    "article_index": ("CollectionPage", "website", False),
    "article": ("NewsArticle", "article", False),
    "theme": ("CollectionPage", "website", False),
}

HOSTILE_TITLE = 'Tin </script><script>alert(1)</script> & "trích dẫn"'


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict[str, Page]]:
    """The home page and one page of every type, in vi with en and uk translations (built once, rolled back)."""
    with django_db_blocker.unblock(), transaction.atomic():
        pages = _build_site()
        yield {"home": ensure_home_pages()["vi"], **pages}
        transaction.set_rollback(True)


class Head:
    """The SEO part of a rendered page's <head>."""

    def __init__(self, html: bytes | str):
        self.soup = BeautifulSoup(html, "html.parser")
        self.head = self.soup.head

    def meta(self, key: str) -> str | None:
        tag = self.head.find("meta", attrs={"property": key}) or self.head.find("meta", attrs={"name": key})
        return tag["content"] if tag else None

    def metas(self, key: str) -> list[str]:
        return [tag["content"] for tag in self.head.find_all("meta", attrs={"property": key})]

    @property
    def canonical(self) -> str | None:
        links = self.head.find_all("link", rel="canonical")
        assert len(links) <= 1
        return links[0]["href"] if links else None

    @property
    def json_ld_scripts(self) -> list:
        return self.soup.find_all("script", type="application/ld+json")

    @property
    def json_ld(self) -> dict:
        (script,) = self.json_ld_scripts
        assert script.parent is self.head
        return json.loads(script.string)


def _page(site: dict[str, Page], kind: str, language: str, locales) -> Page:
    return site[kind].get_translation(locales[language])


def _fresh(site: dict[str, Page], kind: str) -> Page:
    """The page as stored now: tests that change a page must not change the module's shared instances."""
    return type(site[kind]).objects.get(pk=site[kind].pk)


def _absolute(url: str) -> str:
    return f"http://testserver{url}"


def _is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# --- every page type in every language -----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", EXPECTED)
def test_every_page_type_has_its_metadata_in_every_language(client, db, site, locales, kind, language):
    schema_type, og_type, has_image = EXPECTED[kind]
    page = _page(site, kind, language, locales)
    response = client.get(page.url)
    assert response.status_code == 200
    head = Head(response.content)
    own_url = _absolute(page.url)

    assert head.canonical == own_url
    assert head.meta("og:url") == own_url
    assert head.meta("og:type") == og_type
    assert head.meta("og:title") == page.title
    assert head.meta("og:locale") == OG_LOCALES[language]
    assert sorted(head.metas("og:locale:alternate")) == sorted(
        code for lang, code in OG_LOCALES.items() if lang != language
    )
    assert head.meta("og:site_name") == site["home"].get_translation(locales[language]).title
    assert head.meta("twitter:title") == page.title

    data = head.json_ld
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data["inLanguage"] == language
    assert data["url"] == own_url
    assert data["name"] == page.title

    if has_image:
        image_url = head.meta("og:image")
        assert _is_absolute(image_url)
        assert head.meta("twitter:image") == image_url
        assert head.meta("twitter:card") == "summary_large_image"
        assert (head.meta("og:image:width"), head.meta("og:image:height")) != (None, None)
    else:  # a card drawn for the page (articles.og_images)
        image_url = head.meta("og:image")
        assert _is_absolute(image_url) and f"/og/{page.pk}-{language}-" in image_url
        assert head.meta("twitter:image") == image_url
        assert head.meta("twitter:card") == "summary_large_image"
        assert (head.meta("og:image:width"), head.meta("og:image:height")) == ("1200", "630")


@pytest.mark.parametrize("language", LANGUAGES)
def test_directive_is_described_as_legislation(client, db, site, locales, language):
    page = _page(site, "directive", language, locales)

    data = Head(client.get(page.url).content).json_ld

    eli, number = data["legislationIdentifier"]  # the stable identifier (articles.eli), then the number
    assert number == "380-CV/ĐU"
    assert eli.startswith("http://testserver/eli/") and eli.endswith("/cv/2024/380/")
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert data["legislationDate"] == "2024-12-22"
    with translation.override(language):
        assert data["legislationType"] == page.document_type.name
        assert data["legislationPassedBy"] == {"@type": "Organization", "name": page.issuing_body.name}


def test_directive_points_at_its_original_pdf(client, db, site):
    from django.core.files.base import ContentFile

    directive = _fresh(site, "directive")
    directive.original_document = upload_document("Công văn 380", ContentFile(b"%PDF-1.4\n", name="cv-380.pdf"))
    directive.summary = "Về việc triển khai Nghị quyết 57."
    directive.save_revision().publish()

    data = Head(client.get(directive.url).content).json_ld

    assert data["abstract"] == "Về việc triển khai Nghị quyết 57."
    assert data["encoding"]["encodingFormat"] == "application/pdf"
    assert data["encoding"]["contentUrl"] == _absolute(directive.original_document.url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_podcast_episode_names_its_audio_and_its_show(client, db, site, locales, language):
    episode = _page(site, "podcast_episode", language, locales)
    show = _page(site, "podcast_show", language, locales)

    head = Head(client.get(episode.url).content)
    data = head.json_ld

    assert data["datePublished"] == "2025-09-02"
    assert data["episodeNumber"] == 1
    assert data["duration"] == "PT2S"
    assert data["partOfSeries"] == {"@type": "PodcastSeries", "name": show.title, "url": _absolute(show.url)}
    audio = data["associatedMedia"]
    assert audio["@type"] == "AudioObject"
    assert audio["contentUrl"] == _absolute(episode.audio.file.url)
    assert audio["encodingFormat"] == "audio/mpeg"
    assert audio["contentSize"] == f"{episode.size_bytes} B"
    # The episode shares the show's cover.
    assert head.meta("og:image") == Head(client.get(show.url).content).meta("og:image")


def test_podcast_show_links_its_feed(client, db, site, locales):
    show = _page(site, "podcast_show", "en", locales)

    data = Head(client.get(show.url).content).json_ld

    assert data["webFeed"] == _absolute(show.url) + "feed/"
    assert data["author"] == {"@type": "Organization", "name": "Ban Tuyên giáo"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_video_clip_is_a_video_object(client, db, site, locales, language):
    video = _page(site, "video", language, locales)

    head = Head(client.get(video.url).content)
    data = head.json_ld

    assert data["uploadDate"] == "2025-09-03"
    assert data["duration"] == "PT95S"
    assert data["embedUrl"] == "https://www.youtube.com/watch?v=demo"
    assert data["thumbnailUrl"] == head.meta("og:image")
    assert data["transcript"] == "Lời dẫn của video."
    assert data["description"]
    assert [track["inLanguage"] for track in data["caption"]] == ["vi"]
    assert all(_is_absolute(track["contentUrl"]) for track in data["caption"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_infographic_is_an_image_object_with_its_alt_text(client, db, site, locales, language):
    infographic = _page(site, "infographic", language, locales)

    head = Head(client.get(infographic.url).content)
    data = head.json_ld

    assert data["caption"] == infographic.alt_text
    assert data["datePublished"] == "2025-09-01"
    assert _is_absolute(data["contentUrl"])
    assert head.meta("og:image:alt") == infographic.alt_text


def test_share_image_is_a_1200x630_rendition_of_the_main_image(client, db, site):
    from django.core.cache import cache

    cache.clear()  # renditions cached by earlier tests may have had their rows rolled back
    infographic = site["infographic"]

    image_url = Head(client.get(infographic.url).content).meta("og:image")

    rendition = get_image_model().objects.get(pk=infographic.image_id).renditions.get(filter_spec="fill-1200x630")
    assert image_url == _absolute(rendition.url)
    assert rendition.width == 1200
    assert abs(rendition.height - 630) <= 1  # Wagtail's fill may round the crop by a pixel


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_is_a_news_article_from_its_source(client, db, site, locales, language):
    article = _page(site, "article", language, locales)

    head = Head(client.get(article.url).content)
    data = head.json_ld

    assert data["headline"] == article.title
    assert data["datePublished"] == "2025-08-25"
    assert data["publisher"] == {"@type": "Organization", "name": "Petrovietnam"}
    assert data["description"] == article.summary
    assert head.meta("og:description") == article.summary
    assert head.meta("article:published_time") == "2025-08-25"


def test_theme_page_is_about_its_theme(client, db, site):
    data = Head(client.get(site["theme"].url).content).json_ld

    assert data["about"] == {"@type": "Thing", "name": "Chuyển đổi số"}


def test_description_prefers_the_promote_tab_and_is_trimmed(client, db, site):
    article = _fresh(site, "article")
    article.search_description = "Mô tả " * 100
    article.save_revision().publish()

    head = Head(client.get(article.url).content)

    description = head.meta("og:description")
    assert description.startswith("Mô tả Mô tả")
    assert len(description) <= 200
    assert head.meta("twitter:description") == description
    assert head.json_ld["description"] == description


# --- canonical URL -------------------------------------------------------------------------------


def test_canonical_drops_the_query_string(client, db, site, locales):
    index = _page(site, "article_index", "en", locales)

    head = Head(client.get(index.url, {"page": "2", "utm_source": "x"}).content)

    assert head.canonical == _absolute(index.url)
    assert head.json_ld["url"] == _absolute(index.url)


def test_preview_points_at_the_public_url(db, site, locales):
    article = _page(site, "article", "uk", locales)
    admin_request = RequestFactory().get(f"/admin/pages/{article.pk}/edit/preview/?mode=")

    response = article.make_preview_request(original_request=admin_request, preview_mode="")

    head = Head(response.content)
    live_url = article.get_full_url()
    assert head.canonical == live_url
    assert head.json_ld["url"] == live_url
    assert "preview" not in head.canonical


def test_untranslated_page_offers_no_alternate_locale(client, db, site):
    from articles.models import ArticlePage

    article = ArticlePage(title="Chỉ có tiếng Việt", slug="chi-tieng-viet", body=[("paragraph", "<p>x</p>")])
    _fresh(site, "article_index").add_child(instance=article)
    article.save_revision().publish()

    head = Head(client.get(article.url).content)

    assert head.metas("og:locale:alternate") == []
    assert head.meta("og:locale") == "vi_VN"


def test_view_that_is_not_a_page_gets_no_page_metadata(client, db, site):
    response = client.get("/en/khong-co-trang-nay/")

    assert response.status_code == 404
    head = Head(response.content)
    assert head.canonical is None
    assert head.json_ld_scripts == []
    assert head.meta("og:type") is None


# --- escaping ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["article", "directive", "video"])
def test_hostile_title_cannot_break_out_of_the_json_ld_script(client, db, site, kind):
    page = _fresh(site, kind)
    page.title = HOSTILE_TITLE
    page.save_revision().publish()

    html = client.get(page.url).content.decode()
    head = Head(html)

    assert head.json_ld["name"] == HOSTILE_TITLE
    assert head.meta("og:title") == HOSTILE_TITLE
    assert "<script>alert(1)" not in html
    inline = [script for script in head.soup.find_all("script") if not script.get("src")]  # share.js, nav.js: files
    assert [script.get("type") for script in inline] == ["application/ld+json"]


def test_json_for_script_escapes_markup_and_keeps_unicode():
    text = json_for_script({"name": "</script><!-- & Đảng ủy"})

    assert "<" not in text and ">" not in text and "&" not in text
    assert "Đảng ủy" in text
    assert json.loads(text) == {"name": "</script><!-- & Đảng ủy"}


# --- small helpers -------------------------------------------------------------------------------


def test_iso_duration_and_og_locale():
    assert iso_duration(95) == "PT95S"
    assert iso_duration(2.4) == "PT2S"
    assert iso_duration(0) is None
    assert [og_locale(code) for code in ("vi", "en", "uk")] == ["vi_VN", "en_GB", "uk_UA"]


# --- queries -------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    client.get(url)  # warm the site-root-path and rendition caches, as any running server has
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_metadata_adds_at_most_one_query_per_page(client, db, site, locales, monkeypatch):
    from articles.templatetags import seo_tags

    urls = {kind: _page(site, kind, "en", locales).url for kind in EXPECTED}
    with_metadata = {kind: _queries(client, url) for kind, url in urls.items()}
    monkeypatch.setattr(seo_tags, "page_seo", lambda *args, **kwargs: None)
    without_metadata = {kind: _queries(client, url) for kind, url in urls.items()}

    added = {kind: with_metadata[kind] - without_metadata[kind] for kind in urls}
    assert all(0 <= count <= 1 for count in added.values()), added


def test_video_queries_do_not_grow_with_caption_tracks(client, db, site):
    video = _fresh(site, "video")
    before = Head(client.get(video.url).content).json_ld
    assert len(before["caption"]) == 1
    from articles.templatetags import seo_tags

    def seo_queries() -> int:
        request = RequestFactory().get(video.url)
        with CaptureQueriesContext(connection) as captured:
            seo_tags.page_seo(video, request)
        return len(captured)

    video = type(video).objects.get(pk=video.pk)
    one_track = seo_queries()
    for language in ("en", "uk"):
        VideoCaptionTrack.objects.create(
            page=video, language=language, file=upload_document(language, make_webvtt([(0.0, 1.0, "Hi")]))
        )
    video = type(video).objects.get(pk=video.pk)
    three_tracks = seo_queries()

    assert three_tracks == one_track
    assert len(Head(client.get(video.url).content).json_ld["caption"]) == 3
