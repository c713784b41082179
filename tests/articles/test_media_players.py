"""The media pages' players: uploaded video with a caption track per language, embedded clips that
load only when asked (and the CSP that allows exactly their player), infographics that scale and
open full size, podcast episodes with a download link, long transcripts folded."""

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page
from wagtailmedia.models import get_media_model

from articles.embeds import PLAYER_ORIGINS, VIMEO_PLAYER, YOUTUBE_PLAYER, player_url, provider
from articles.models import Theme, VideoCaptionTrack, VideoClipPage
from cms.content_security_policy import ContentSecurityPolicyMiddleware
from home.demo_media import make_webvtt
from tests.articles.factories import upload_document, upload_image
from tests.articles.site_builder import build_every_page_type, publish, translate_everywhere

pytestmark = pytest.mark.django_db  # each test in a savepoint of the module's site

LANGUAGES = ["vi", "en", "uk"]
YOUTUBE_ID = "dQw4w9WgXcQ"
LONG_TRANSCRIPT = "\n".join(f"Đoạn {number}: " + "lời dẫn của video " * 12 for number in range(12))


def _clip(slug: str, **fields) -> VideoClipPage:
    defaults = {"title": f"Clip {slug}", "duration_seconds": 12, "transcript": "Lời dẫn ngắn của clip này."}
    return VideoClipPage(slug=slug, **{**defaults, **fields})


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict[str, Page]]:
    """The shared test site plus four clips (uploaded with three caption tracks; YouTube; Vimeo;
    another host), each translated into en and uk; rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital transformation")
        pages = build_every_page_type(theme)
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        poster = upload_image("Poster clip")
        video = get_media_model().objects.create(
            title="Clip",
            type="video",
            duration=12,
            width=640,
            height=360,
            file=ContentFile(b"\0" * 64, name="clip.mp4"),
        )
        uploaded = _clip("tai-len", video=video, poster=poster, transcript=LONG_TRANSCRIPT)
        for code in LANGUAGES:
            track = upload_document(
                f"Phụ đề {code}", make_webvtt([(0.0, 2.0, f"Xin chào ({code})")], name=f"c.{code}.vtt")
            )
            uploaded.caption_tracks.add(VideoCaptionTrack(language=code, file=track))
        clips = {
            "uploaded": uploaded,
            "youtube": _clip("youtube", embed_url=f"https://youtu.be/{YOUTUBE_ID}?t=30", poster=poster),
            "vimeo": _clip("vimeo", embed_url="https://vimeo.com/76979871", poster=poster),
            "elsewhere": _clip("elsewhere", embed_url="https://video.example.org/watch/1", poster=poster),
        }
        for key, clip in clips.items():
            pages[key] = publish(pages["video_index"], clip)
            translate_everywhere(pages[key], locales)
        yield pages
        transaction.set_rollback(True)


def _get(client, page: Page, language: str = "vi"):
    target = page if language == "vi" else page.get_translations().get(locale__language_code=language)
    response = client.get(target.url)
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def _policy(response) -> dict[str, list[str]]:
    directives = (part.strip().split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


# --- Uploaded video ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_uploaded_video_has_a_caption_track_per_language_with_the_pages_own_on(client, site, language):
    response, soup = _get(client, site["uploaded"], language)

    video = soup.select_one("video")
    assert video.has_attr("controls") and video.has_attr("playsinline") and video["preload"] == "metadata"
    assert (video["width"], video["height"]) == ("640", "360")  # the space is kept before anything loads
    assert video["poster"].endswith(".webp")
    assert [(source["src"], source["type"]) for source in video.select("source")] == [
        (site["uploaded"].video.file.url, "video/mp4")
    ]
    tracks = video.select("track")
    assert sorted(track["srclang"] for track in tracks) == sorted(LANGUAGES)
    assert all(track["kind"] == "captions" and track["label"] and track["src"].endswith(".vtt") for track in tracks)
    assert [track["srclang"] for track in tracks if track.has_attr("default")] == [language]
    assert soup.select_one("iframe") is None
    assert "frame-src" not in _policy(response)


def test_caption_files_are_served_as_webvtt_from_our_origin(client, site):
    _response, soup = _get(client, site["uploaded"])

    for track in soup.select("video track"):
        assert track["src"].startswith("/documents/")
        response = client.get(track["src"])
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/vtt")
        assert b"".join(response.streaming_content).startswith(b"WEBVTT")


def test_uploaded_video_offers_a_download_with_its_size(client, site):
    _response, soup = _get(client, site["uploaded"], "en")

    link = soup.select_one(".media-facts a[download]")
    assert link["href"] == site["uploaded"].video.file.url
    assert "64" in link.find_next_sibling(class_="meta").get_text()  # 64 bytes


def test_a_long_transcript_shows_its_start_and_folds_the_rest(client, site):
    _response, soup = _get(client, site["uploaded"])

    section = soup.find(id="transcript").find_parent("section")
    shown = section.select_one(":scope > .transcript__text").get_text()
    folded = section.select_one("details.transcript__more .transcript__text").get_text()
    assert shown.startswith("Đoạn 0:") and "Đoạn 11:" in folded
    assert "Đoạn 11:" not in shown and "Đoạn 0:" not in folded


def test_a_short_transcript_is_shown_whole(client, site):
    _response, soup = _get(client, site["youtube"])

    section = soup.find(id="transcript").find_parent("section")
    assert section.select_one("details") is None
    assert "Lời dẫn ngắn của clip này." in section.get_text()


# --- Embedded clips -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "player", "origin"),
    [
        ("youtube", f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}", YOUTUBE_PLAYER),
        ("vimeo", "https://player.vimeo.com/video/76979871?dnt=1", VIMEO_PLAYER),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_embedded_clip_is_a_poster_and_a_link_until_asked(client, site, key, player, origin, language):
    response, soup = _get(client, site[key], language)

    assert soup.select_one("iframe") is None  # nothing from the provider before the visitor asks
    link = soup.select_one("[data-video-embed] a.video-embed__play")
    assert link["href"] == site[key].embed_url  # without JavaScript: a plain link to the clip
    assert link["data-player"] == player
    assert soup.select_one("[data-video-embed] img.video-embed__poster")["srcset"]
    assert soup.select_one("script[src*='video-embed']") is not None
    assert _policy(response)["frame-src"] == [origin]  # exactly that player, nothing else


def test_a_clip_on_another_host_stays_a_link_and_frames_nothing(client, site):
    response, soup = _get(client, site["elsewhere"])

    link = soup.select_one("a.video-embed__play")
    assert link["href"] == "https://video.example.org/watch/1"
    assert not link.has_attr("data-player")
    assert soup.select_one("script[src*='video-embed']") is None
    assert "frame-src" not in _policy(response)


def test_the_cached_page_keeps_its_frame_source(client, site, page_cache):
    client.get(site["youtube"].url)  # makes the poster's renditions (a new rendition empties the cache)
    first = client.get(site["youtube"].url)
    again = client.get(site["youtube"].url)

    assert again["X-Page-Cache"] == "hit"
    assert _policy(first)["frame-src"] == _policy(again)["frame-src"] == [YOUTUBE_PLAYER]


def test_pages_without_an_embedded_clip_frame_nothing(client, site):
    for key in ("infographic", "podcast_episode", "article", "directive", "video_index"):
        response = client.get(site[key].url)
        assert "frame-src" not in _policy(response), key


def test_the_middleware_lets_a_response_frame_only_clip_players(rf):
    def view(update):
        def get_response(request):
            response = HttpResponse("ok")
            response._csp_update = {"frame-src": update}
            return response

        return ContentSecurityPolicyMiddleware(get_response)

    mixed = view(["https://evil.example", YOUTUBE_PLAYER, "*"])(rf.get("/"))
    hostile = view(["https://evil.example", "'self'"])(rf.get("/"))

    assert _policy(mixed)["frame-src"] == [YOUTUBE_PLAYER]
    assert "frame-src" not in _policy(hostile)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (f"https://www.youtube.com/watch?v={YOUTUBE_ID}&list=x", f"{YOUTUBE_PLAYER}/embed/{YOUTUBE_ID}"),
        (f"http://m.youtube.com/watch?v={YOUTUBE_ID}", f"{YOUTUBE_PLAYER}/embed/{YOUTUBE_ID}"),
        (f"https://youtu.be/{YOUTUBE_ID}", f"{YOUTUBE_PLAYER}/embed/{YOUTUBE_ID}"),
        (f"https://www.youtube.com/embed/{YOUTUBE_ID}", f"{YOUTUBE_PLAYER}/embed/{YOUTUBE_ID}"),
        (f"https://www.youtube.com/shorts/{YOUTUBE_ID}", f"{YOUTUBE_PLAYER}/embed/{YOUTUBE_ID}"),
        (f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}", f"{YOUTUBE_PLAYER}/embed/{YOUTUBE_ID}"),
        ("https://vimeo.com/76979871", f"{VIMEO_PLAYER}/video/76979871?dnt=1"),
        ("https://vimeo.com/76979871/abcdef1234", f"{VIMEO_PLAYER}/video/76979871?h=abcdef1234&dnt=1"),
        ("https://player.vimeo.com/video/76979871?h=abcdef1234", f"{VIMEO_PLAYER}/video/76979871?h=abcdef1234&dnt=1"),
        ("https://www.youtube.com/watch?v=short", None),
        (f"https://www.youtube.com/watch?v={YOUTUBE_ID}%22onload=", None),
        (f"https://youtube.com.evil.example/watch?v={YOUTUBE_ID}", None),
        (f"https://evil.example/?u=https://youtu.be/{YOUTUBE_ID}", None),
        (f"javascript://youtu.be/{YOUTUBE_ID}", None),
        (f"https://user@youtu.be/{YOUTUBE_ID}", None),
        (f"https://youtu.be:8443/{YOUTUBE_ID}", None),
        ("https://vimeo.com/channels/staffpicks/1", None),
        ("https://vimeo.com/76979871/<script>", None),
        ("https://[::1", None),
        ("", None),
    ],
)
def test_player_url_accepts_only_youtube_and_vimeo_clips(address, expected):
    assert player_url(address) == expected
    if expected:
        assert expected.startswith(PLAYER_ORIGINS)
        assert provider(expected) in ("YouTube", "Vimeo")


# --- Infographic and podcast ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_infographic_scales_to_the_screen_and_opens_full_size(client, site, language):
    _response, soup = _get(client, site["infographic"], language)

    picture = soup.select_one("figure picture")
    image = picture.select_one("img")
    assert image["alt"] and image["sizes"] and image.has_attr("width") and image.has_attr("height")
    widths = {candidate.split()[-1] for candidate in picture.select_one("source")["srcset"].split(",")}
    assert widths == {"480w", "800w", "1200w"}
    link = soup.select_one(".infographic__zoom a")
    assert link["href"].startswith("/media/images/") and ".original." in link["href"]
    assert client.get(link["href"]).status_code in (200, 404)  # SERVE_MEDIA is off in tests; the URL is a rendition


def test_a_restricted_infographic_image_is_neither_shown_nor_linked(client, site):
    root = Collection.get_first_root_node()
    internal = root.add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(collection=internal, restriction_type=CollectionViewRestriction.LOGIN)
    image = site["infographic"].image
    image.collection = internal
    image.save()

    _response, soup = _get(client, site["infographic"])

    assert soup.select_one("figure img") is None
    assert soup.select_one(".infographic__zoom") is None


def test_podcast_episode_has_a_player_a_duration_and_a_download_with_its_size(client, site):
    episode = site["podcast_episode"]
    _response, soup = _get(client, episode, "uk")

    audio = soup.select_one(".player--audio audio")
    assert audio.has_attr("controls") and audio["preload"] == "metadata"
    assert audio.select_one("source")["src"] == episode.audio.url
    assert audio.select_one("source")["type"] == "audio/mpeg"
    facts = soup.select_one(".media-facts")
    assert facts.select_one("time")["datetime"] == "PT2S"
    download = facts.select_one("a[download]")
    assert download["href"] == episode.audio.url
    assert "MP3" in download.find_next_sibling(class_="meta").get_text()
