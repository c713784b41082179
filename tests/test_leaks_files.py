"""No file of a restricted collection reaches any public surface, nor is fetched past its checks.

One site holds live, public pages that use files of a collection whose *parent* collection gets a
login restriction (so inheritance is tested too): an image (an infographic's picture, an article's
body image, a clip's poster, the podcast show's cover), documents (a directive's original, an
infographic's source data, a clip's caption file) and an audio file (an episode). Next to them, public
control files in the root collection: an image, a document, a caption file and an audio file, used
by control pages. Every page was served, and stored in the page cache, while the collection was
still open; then the restriction is added.

Every public surface must then name no restricted file — not its URL, its file name or its title —
while the control files (or, where a surface shows no files at all, the control pages) still
appear, so an empty surface fails: the pages (HTML with img src/srcset, og:image, JSON-LD), the feeds
(latest, theme, directive in Atom and RSS, and the podcast feed's cover and enclosures), the API v2
(pages of every type with fields=*, their details, the image and document listings and details), the
search page, API and stored search documents (thumbnails), and the sitemaps. Over HTTP, with
SERVE_MEDIA on: no document as raw media, no restricted image original, rendition or audio file;
the control image and audio are served; Wagtail's document view asks for a login for the
restricted document and serves the control one.
"""

import datetime
import json
import re
from html import unescape

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction, Page
from wagtailmedia.models import Media

from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    InfographicIndexPage,
    InfographicPage,
    PodcastEpisodePage,
    PodcastIndexPage,
    Theme,
    ThemePage,
    VideoCaptionTrack,
    VideoClipPage,
    VideoIndexPage,
)
from home.demo_media import make_image, make_mp3, make_pdf, make_webvtt
from search.backends import get_backend
from search.backends.base import SearchQuery
from search.indexing import iter_documents
from tests.articles.factories import DirectiveIndexPageFactory
from tests.articles.site_builder import add_directive, publish

SECRET_FILES = {
    "image": ("leakimgtitle", "leakimgfile"),
    "document": ("leakdoctitle", "leakdocfile"),
    "captions": ("leakvtttitle", "leakvttfile"),
    "audio": ("leakaudiotitle", "leakaudiofile"),
}
"""(title, file name stem) of each restricted file: neither may appear anywhere public."""
SECRETS = [marker for pair in SECRET_FILES.values() for marker in pair]
CONTROL_FILES = {"image": "ctrlimgfile", "document": "ctrldocfile", "captions": "ctrlvttfile", "audio": "ctrlaudiofile"}
CONTROL_PAGE = "ctrlpage"
"""In the title of the control pages: surfaces that show no files at all must still show these."""
SEARCH_WORD = "kiemthu"
"""In every page's summary, so one search finds them all."""


def _image(title: str, stem: str, collection: Collection, size=(1200, 675)) -> Image:
    return Image.objects.create(
        title=title, file=make_image(title, size=size, name=f"{stem}.png"), collection=collection
    )


def _document(title: str, content, collection: Collection) -> Document:
    return Document.objects.create(title=title, file=content, collection=collection)


def _audio(title: str, stem: str, collection: Collection) -> Media:
    return Media.objects.create(
        title=title, type="audio", file=make_mp3(2.0, name=f"{stem}.mp3"), collection=collection
    )


def _summary(word: str) -> str:
    return f"Tóm tắt {SEARCH_WORD} {word}."


def _build(theme: Theme, home: Page, internal: Collection, public: Collection) -> dict:
    """The pages and files described in the module docstring; returns them by name."""
    secret = {
        "image": _image(SECRET_FILES["image"][0], SECRET_FILES["image"][1], internal),
        "document": _document(
            SECRET_FILES["document"][0], make_pdf("Bản gốc", ["Nội bộ"], name="leakdocfile.pdf"), internal
        ),
        "captions": _document(
            SECRET_FILES["captions"][0], make_webvtt([(0.0, 1.0, "Nội bộ")], name="leakvttfile.vtt"), internal
        ),
        "audio": _audio(SECRET_FILES["audio"][0], SECRET_FILES["audio"][1], internal),
    }
    control = {
        "image": _image("Ảnh công khai", CONTROL_FILES["image"], public),
        "document": _document("Bản gốc công khai", make_pdf("Bản gốc", ["Công khai"], name="ctrldocfile.pdf"), public),
        "captions": _document(
            "Phụ đề công khai", make_webvtt([(0.0, 1.0, "Xin chào")], name="ctrlvttfile.vtt"), public
        ),
        "audio": _audio("Tập công khai", CONTROL_FILES["audio"], public),
    }

    register = DirectiveIndexPageFactory(parent=home)
    directive = add_directive(
        register,
        themes=[theme],
        number="380-CV/ĐU",
        title="Công văn 380 nội bộ",
        slug="cv-380",
        summary=_summary("a"),
        original_document=secret["document"],
    )
    control_directive = add_directive(
        register,
        themes=[theme],
        number="57-NQ/TW",
        title=f"Nghị quyết 57 {CONTROL_PAGE}",
        slug="nq-57",
        summary=_summary("b"),
        original_document=control["document"],
    )

    def explainer(model, title: str, slug: str, **fields):
        page = model(title=title, slug=slug, date=datetime.date(2025, 9, 1), summary=_summary(slug), **fields)
        page.themes = [theme]
        page.related_directives = [directive]
        return page

    infographics = publish(home, InfographicIndexPage(title="Infographic", slug="infographic"))
    infographic = publish(
        infographics,
        explainer(
            InfographicPage,
            "Sơ đồ năm bước",
            "so-do",
            image=secret["image"],
            alt_text="Sơ đồ",
            long_description="<p>Bước một.</p>",
            source_data=secret["document"],
        ),
    )
    control_infographic = publish(
        infographics,
        explainer(
            InfographicPage,
            f"Sơ đồ {CONTROL_PAGE}",
            "so-do-cong-khai",
            image=control["image"],
            alt_text="Sơ đồ",
            long_description="<p>Bước một.</p>",
            source_data=control["document"],
        ),
    )
    show = publish(
        home,
        PodcastIndexPage(
            title="Podcast",
            slug="podcast",
            description="Chương trình",
            cover_image=secret["image"],
            author="Ban Tuyên giáo",
            owner_email="podcast@example.org",
        ),
    )
    episode = publish(
        show, explainer(PodcastEpisodePage, "Tập nội bộ", "tap-noi-bo", audio=secret["audio"], transcript="Lời.")
    )
    control_episode = publish(
        show,
        explainer(
            PodcastEpisodePage, f"Tập {CONTROL_PAGE}", "tap-cong-khai", audio=control["audio"], transcript="Lời."
        ),
    )
    videos = publish(home, VideoIndexPage(title="Video", slug="video"))
    video = explainer(
        VideoClipPage,
        "Video giới thiệu",
        "video-gioi-thieu",
        embed_url="https://www.youtube.com/watch?v=demo",
        poster=secret["image"],
        duration_seconds=95,
        transcript="Lời dẫn.",
    )
    video.caption_tracks.add(VideoCaptionTrack(language="vi", file=secret["captions"]))
    video.caption_tracks.add(VideoCaptionTrack(language="en", file=control["captions"]))
    video = publish(videos, video)
    articles = publish(home, ArticleIndexPage(title="Tin bài", slug="tin-bai"))
    figure = {"alt_text": "Hình", "caption": "Chú thích"}
    article = publish(
        articles,
        explainer(
            ArticlePage,
            f"Bài {CONTROL_PAGE}",
            "bai-viet",
            body=[
                ("paragraph", "<p>Nội dung.</p>"),
                ("image", {"image": secret["image"], **figure}),
                ("image", {"image": control["image"], **figure}),
            ],
        ),
    )
    theme_page = publish(home, ThemePage(title="Chủ đề", slug="chu-de", theme=theme))
    pages = {
        "home": home,
        "register": register,
        "directive": directive,
        "control_directive": control_directive,
        "infographics": infographics,
        "infographic": infographic,
        "control_infographic": control_infographic,
        "show": show,
        "episode": episode,
        "control_episode": control_episode,
        "videos": videos,
        "video": video,
        "articles": articles,
        "article": article,
        "theme": theme_page,
    }
    return {"pages": pages, "secret": secret, "control": control}


@pytest.fixture
def site(page_cache, home_pages, client, settings, django_capture_on_commit_callbacks):
    """The site, every page served and stored while the collection was open, then restricted."""
    settings.SERVE_MEDIA = True
    get_backend().clear()  # only this site's documents: `_indexed()` reads the first 50
    theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital transformation")
    root = Collection.get_first_root_node()
    parent = root.add_child(name="Nội bộ")
    internal = parent.add_child(name="Nội bộ con")
    with django_capture_on_commit_callbacks(execute=True):
        built = _build(theme, home_pages["vi"], internal, root)
    urls = {name: page.url for name, page in built["pages"].items()}
    for name, url in urls.items():  # stored in the page cache while the files are still public
        assert client.get(url).status_code == 200
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit", name
    assert SECRET_FILES["image"][1] in client.get(urls["infographic"]).content.decode()
    assert any(hit.document.thumbnail_url for hit in _indexed() if hit.document.id == built["pages"]["infographic"].pk)

    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(collection=parent, restriction_type=CollectionViewRestriction.LOGIN)
    yield {**built, "urls": urls, "theme": theme, "collection": parent}
    get_backend().clear()


def _indexed() -> list:
    return get_backend().search(SearchQuery(per_page=50)).hits


def _body(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return unescape(response.content.decode())


def _assert_clean(body: str, surface: str, expected: list[str]) -> None:
    found = [secret for secret in SECRETS if secret in body]
    assert not found, f"{surface} names restricted files: {found}"
    missing = [marker for marker in expected if marker not in body]
    assert not missing, f"{surface} does not show {missing}: the check proves nothing"


def _localized(name: str, **kwargs) -> str:
    with translation.override("vi"):
        return reverse(name, kwargs=kwargs)


# --- Pages ----------------------------------------------------------------------------------------


def test_pages_reference_no_restricted_file(client, site):
    bodies = {}
    for name, url in site["urls"].items():
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "miss", f"{name}: the cached page survived the restriction"
        bodies[name] = unescape(response.content.decode())
        _assert_clean(bodies[name], f"the {name} page", [])
    everything = "".join(bodies.values())
    _assert_clean(everything, "the pages", list(CONTROL_FILES.values()))
    # The secret document's address (/documents/<id>/<file>) is gone with its name.
    assert f"/documents/{site['secret']['document'].pk}/" not in everything


def _meta(html: str, prop: str) -> list[str]:
    return re.findall(rf'<meta property="{re.escape(prop)}" content="([^"]*)"', html)


def _json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def _image_urls(html: str) -> list[str]:
    """Every src and srcset address of the page's <img> elements, but the site's own static files (the emblem)."""
    urls = []
    for tag in re.findall(r"<img\b[^>]*>", html):
        urls += re.findall(r'\bsrc="([^"]*)"', tag)
        for srcset in re.findall(r'\bsrcset="([^"]*)"', tag):
            urls += [part.split()[0] for part in srcset.split(",") if part.strip()]
    return [url for url in urls if not url.startswith(settings.STATIC_URL)]


def test_open_graph_json_ld_and_images_show_only_the_public_files(client, site):
    secret_page = client.get(site["urls"]["infographic"]).content.decode()
    control_page = client.get(site["urls"]["control_infographic"]).content.decode()

    # The restricted picture is replaced by the generated card (title and number only), never shown.
    assert [url for url in _meta(secret_page, "og:image") if "/media/og/" not in url] == []
    assert "contentUrl" not in _json_ld(secret_page) and "thumbnailUrl" not in _json_ld(secret_page)
    assert _image_urls(secret_page) == []
    assert CONTROL_FILES["image"] in _meta(control_page, "og:image")[0]
    assert CONTROL_FILES["image"] in _json_ld(control_page)["contentUrl"]
    assert all(CONTROL_FILES["image"] in url for url in _image_urls(control_page)) and _image_urls(control_page)

    directive = _json_ld(client.get(site["urls"]["directive"]).content.decode())
    assert "encoding" not in directive
    control_directive = _json_ld(client.get(site["urls"]["control_directive"]).content.decode())
    assert CONTROL_FILES["document"] in control_directive["encoding"]["contentUrl"]

    episode = _json_ld(client.get(site["urls"]["episode"]).content.decode())
    assert "associatedMedia" not in episode
    assert "/media/og/" in episode.get("image", "/media/og/")  # the generated card, never the restricted cover
    assert (
        CONTROL_FILES["audio"]
        in _json_ld(client.get(site["urls"]["control_episode"]).content.decode())["associatedMedia"]["contentUrl"]
    )

    video = client.get(site["urls"]["video"]).content.decode()
    assert [caption["inLanguage"] for caption in _json_ld(video)["caption"]] == ["en"]
    assert [url for url in _meta(video, "og:image") if "/media/og/" not in url] == []

    article = client.get(site["urls"]["article"]).content.decode()
    article_images = _image_urls(article)  # one picture, with its srcset of widths
    assert article_images and all(CONTROL_FILES["image"] in url for url in article_images)


def test_one_query_for_restricted_collections_per_page_however_many_files(client, site):
    """The pages with several files each ask for the restricted collections once."""
    for name in ("video", "article", "infographic", "directive", "show"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(site["urls"][name]).status_code == 200
        asked = [query for query in captured if "collectionviewrestriction" in query["sql"]]
        assert len(asked) == 1, (name, len(asked))


# --- Feeds ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("flavour", ["atom", "rss"])
def test_feeds_name_no_restricted_file(client, site, flavour):
    feeds = {
        "latest": _localized(f"feed_latest_{flavour}"),
        "theme": _localized(f"feed_theme_{flavour}", slug=site["theme"].slug),
        "directive": _localized(f"feed_directive_{flavour}", key="380-cv-du"),
    }
    for name, url in feeds.items():  # these feeds carry no files: the control pages must be listed
        _assert_clean(_body(client, url), f"the {name} {flavour} feed", [CONTROL_PAGE])
    search_feed = _body(client, _localized(f"search_feed_{flavour}"), q=SEARCH_WORD)
    _assert_clean(search_feed, f"the search {flavour} feed", [CONTROL_PAGE])


def test_podcast_feed_has_no_restricted_cover_or_enclosure(client, site):
    feed = _body(client, site["urls"]["show"] + "feed/")
    _assert_clean(feed, "the podcast feed", [CONTROL_FILES["audio"]])
    assert "<itunes:image" not in feed  # the cover is restricted
    assert "Tập nội bộ" not in feed  # an episode without audio it may play is not an episode


# --- API v2 ---------------------------------------------------------------------------------------

PAGE_TYPES = [
    "articles.DirectivePage",
    "articles.InfographicPage",
    "articles.PodcastIndexPage",
    "articles.PodcastEpisodePage",
    "articles.VideoClipPage",
    "articles.ArticlePage",
]


def test_api_pages_images_and_documents_name_no_restricted_file(client, site):
    bodies = [_body(client, "/api/v2/pages/", limit=20, fields="*")]
    for page_type in PAGE_TYPES:
        bodies.append(_body(client, "/api/v2/pages/", type=page_type, fields="*", limit=20))
    for page in site["pages"].values():
        bodies.append(_body(client, f"/api/v2/pages/{page.pk}/"))
    _assert_clean("".join(bodies), "/api/v2/pages/", list(CONTROL_FILES.values()))
    article = json.loads(_body(client, f"/api/v2/pages/{site['pages']['article'].pk}/"))
    images = [block["value"]["image"] for block in article["body"] if block["type"] == "image"]
    assert images == [None, site["control"]["image"].pk]

    images = _body(client, "/api/v2/images/", fields="*", limit=20)
    _assert_clean(images, "/api/v2/images/", [CONTROL_FILES["image"]])
    documents = _body(client, "/api/v2/documents/", fields="*", limit=20)
    _assert_clean(documents, "/api/v2/documents/", [CONTROL_FILES["document"], CONTROL_FILES["captions"]])
    for kind in ("image", "document"):
        endpoint = f"/api/v2/{kind}s/"
        assert client.get(f"{endpoint}{site['secret'][kind].pk}/").status_code == 404
        _assert_clean(_body(client, f"{endpoint}{site['control'][kind].pk}/"), endpoint, [CONTROL_FILES[kind]])
    assert client.get(f"/api/v2/documents/{site['secret']['captions'].pk}/").status_code == 404


def test_api_listing_queries_do_not_grow_with_restricted_files(client, site, django_assert_max_num_queries):
    params = {"type": "articles.InfographicPage", "fields": "*", "limit": 20}
    with CaptureQueriesContext(connection) as few:
        assert len(json.loads(_body(client, "/api/v2/pages/", **params))["items"]) == 2
    few = len(few)  # read now: the next request outside a capture empties the log
    parent = site["pages"]["infographics"]
    for number in range(4):
        image = site["secret"]["image"] if number % 2 else site["control"]["image"]
        publish(
            parent,
            InfographicPage(
                title=f"Thêm {number}", slug=f"them-{number}", image=image, alt_text="a", long_description="<p>a</p>"
            ),
        )
    _body(client, "/api/v2/pages/", **params)  # renditions of the new pages' images are made once
    with django_assert_max_num_queries(few):
        body = _body(client, "/api/v2/pages/", **params)
    assert len(json.loads(body)["items"]) == 6
    _assert_clean(body, "the longer listing", [CONTROL_FILES["image"]])


# --- Search and sitemaps --------------------------------------------------------------------------


def test_search_and_its_documents_name_no_restricted_file(client, site):
    _assert_clean(_body(client, "/search/", q=SEARCH_WORD), "the search page", [CONTROL_PAGE])
    _assert_clean(_body(client, "/api/search/", q=SEARCH_WORD, locale="all"), "the search API", [CONTROL_PAGE])
    thumbnails = {hit.document.id: hit.document.thumbnail_url for hit in _indexed()}
    pages = site["pages"]
    # Re-indexed when the collection was restricted: no thumbnail of the restricted image (the
    # episode shows its show's cover), the control infographic keeps its own.
    assert thumbnails[pages["infographic"].pk] == ""
    assert thumbnails[pages["video"].pk] == ""
    assert thumbnails[pages["episode"].pk] == "" and thumbnails[pages["control_episode"].pk] == ""
    assert CONTROL_FILES["image"] in thumbnails[pages["control_infographic"].pk]
    _assert_clean(json.dumps(thumbnails), "the stored search documents", [CONTROL_FILES["image"]])


def test_search_documents_cost_the_same_queries_for_more_pages(site, django_assert_max_num_queries):
    def build() -> int:
        with CaptureQueriesContext(connection) as captured:
            documents = list(iter_documents())
        assert all(SECRET_FILES["image"][1] not in document.thumbnail_url for document in documents)
        return len(captured)

    few = build()
    parent = site["pages"]["infographics"]
    for number in range(4):
        image = site["secret"]["image"] if number % 2 else site["control"]["image"]
        publish(
            parent,
            InfographicPage(
                title=f"Thêm {number}", slug=f"them-{number}", image=image, alt_text="a", long_description="<p>a</p>"
            ),
        )
    build()  # thumbnails of the new pages are made once
    with django_assert_max_num_queries(few):
        build()


def test_sitemaps_name_no_restricted_file(client, site):
    index = _body(client, "/sitemap.xml")
    bodies = [_body(client, re.sub(r"^https?://[^/]+", "", url)) for url in re.findall(r"<loc>([^<]+)</loc>", index)]
    _assert_clean("".join(bodies), "the sitemaps", [site["urls"]["control_infographic"]])


# --- Fetching files -------------------------------------------------------------------------------


def _media(file) -> str:
    return f"/media/{file.name}"


def test_files_are_served_only_through_their_checks(client, site, settings):
    secret, control = site["secret"], site["control"]
    for document in (secret["document"], secret["captions"], control["document"], control["captions"]):
        assert client.get(_media(document.file)).status_code == 404, "documents are never raw media"
        name = document.file.name
        for trick in (f"/media/./{name}", f"/media/images/../{name}", f"/media//{name}"):
            assert client.get(trick).status_code == 404, trick

    renditions = list(secret["image"].renditions.all())
    assert renditions, "the pages made renditions of the restricted image while it was public"
    for file in [secret["image"].file, *(rendition.file for rendition in renditions), secret["audio"].file]:
        assert client.get(_media(file)).status_code == 404, file.name

    control_renditions = list(control["image"].renditions.all())
    assert control_renditions
    for file in [control["image"].file, control_renditions[0].file, control["audio"].file]:
        response = client.get(_media(file))
        assert response.status_code == 200, file.name
        b"".join(response.streaming_content)

    restricted = client.get(secret["document"].url)
    assert restricted.status_code == 302 and "login" in restricted["Location"]
    assert client.get(control["document"].url).status_code == 200
    assert control["document"].url == f"/documents/{control['document'].pk}/{control['document'].filename}"

    settings.SERVE_MEDIA = False  # read on each request: nothing at all without it (nor DEBUG)
    assert client.get(_media(control["image"].file)).status_code == 404


# --- Opening the collection up again --------------------------------------------------------------


def test_lifting_the_restriction_brings_the_files_back(client, site, django_capture_on_commit_callbacks):
    url = site["urls"]["infographic"]
    assert SECRET_FILES["image"][1] not in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.filter(collection=site["collection"]).delete()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert SECRET_FILES["image"][1] in response.content.decode()
    thumbnails = {hit.document.id: hit.document.thumbnail_url for hit in _indexed()}
    assert SECRET_FILES["image"][1] in thumbnails[site["pages"]["infographic"].pk]
    assert client.get(_media(site["secret"]["image"].file)).status_code == 200


def test_moving_an_image_into_the_restricted_collection_hides_it(client, site, django_capture_on_commit_callbacks):
    url = site["urls"]["control_infographic"]
    assert client.get(url).status_code == 200 and client.get(url)["X-Page-Cache"] == "hit"
    image = site["control"]["image"]
    with django_capture_on_commit_callbacks(execute=True):
        image.collection = Collection.objects.get(name="Nội bộ con")
        image.save()
    assert CONTROL_FILES["image"] not in client.get(url).content.decode()
    thumbnails = {hit.document.id: hit.document.thumbnail_url for hit in _indexed()}
    assert thumbnails[site["pages"]["control_infographic"].pk] == ""
    assert client.get(_media(image.file)).status_code == 404
