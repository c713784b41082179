"""The podcast feed of a show: valid RSS with Apple's podcast tags, per locale, live public episodes only."""

import datetime
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from mutagen.mp3 import MP3
from wagtail.images.models import Image
from wagtail.models import PageViewRestriction
from wagtailmedia.models import Media

from articles.feeds import ITUNES_NAMESPACE, PodcastFeed
from articles.media_files import format_duration
from articles.models import PodcastEpisodePage, PodcastIndexPage
from home.demo_media import make_image, make_mp3
from locales.translating import translate_object

SHOW_VI = {
    "title": "Podcast Chuyển đổi số",
    "slug": "podcast",
    "description": "Trò chuyện về khoa học, công nghệ và chuyển đổi số trong công tác Đảng.",
}
SHOW_EN = {
    SHOW_VI["title"]: "Digital Transformation Podcast",
    SHOW_VI["slug"]: "podcast-en",
    SHOW_VI["description"]: "Conversations on science, technology and digital transformation in Party work.",
}

# (seconds of audio, itunes:duration it must show, date, episode number)
EPISODES = [
    (2, "00:00:02", datetime.date(2025, 1, 10), 1),
    (61, "00:01:01", datetime.date(2025, 2, 14), 2),
    (125, "00:02:05", datetime.date(2025, 3, 21), 3),
]


def _episode_texts(number: int) -> dict[str, str]:
    return {
        "title": f"Tập {number}: Nghị quyết 57 đi vào cuộc sống",
        "slug": f"tap-{number}",
        "summary": f"Tóm tắt tập {number} về triển khai Nghị quyết 57.",
        "transcript": f"Lời thoại đầy đủ của tập {number}.",
    }


def _episode_translation(number: int) -> dict[str, str]:
    vi = _episode_texts(number)
    return {
        vi["title"]: f"Episode {number}: Resolution 57 in practice",
        vi["slug"]: f"episode-{number}",
        vi["summary"]: f"Summary of episode {number} on carrying out Resolution 57.",
        vi["transcript"]: f"Full transcript of episode {number}.",
    }


def _add_episode(show: PodcastIndexPage, number: int, audio: Media, date: datetime.date) -> PodcastEpisodePage:
    episode = PodcastEpisodePage(**_episode_texts(number), date=date, episode_number=number, audio=audio)
    show.add_child(instance=episode)  # runs full_clean, so clean() reads duration, size and type from the file
    episode.save_revision().publish()
    return PodcastEpisodePage.objects.get(pk=episode.pk)


@pytest.fixture
def show(home_pages, locales):
    """A Vietnamese show with a 1400×1400 cover and three episodes of real MP3s, all translated into English."""
    cover = Image.objects.create(
        title="Bìa podcast", file=make_image("Podcast Chuyển đổi số", size=(1400, 1400), name="podcast-cover.png")
    )
    show = PodcastIndexPage(
        **SHOW_VI,
        cover_image=cover,
        author="Ban Tuyên giáo",
        owner_email="podcast@example.vn",
        itunes_category="Government",
        explicit=False,
    )
    home_pages["vi"].add_child(instance=show)
    show.save_revision().publish()
    show = PodcastIndexPage.objects.get(pk=show.pk)

    episodes = []
    for seconds, _duration, date, number in EPISODES:
        audio = Media.objects.create(
            type="audio", title=f"Tập {number}", file=make_mp3(seconds, name=f"tap-{number}.mp3")
        )
        episodes.append(_add_episode(show, number, audio, date))

    show_en = translate_object(show, locales["en"], SHOW_EN).specific
    episodes_en = [
        translate_object(episode, locales["en"], _episode_translation(number)).specific
        for episode, (*_rest, number) in zip(episodes, EPISODES, strict=True)
    ]
    return {"vi": show, "en": show_en, "episodes": episodes, "episodes_en": episodes_en}


def _feed_url(page: PodcastIndexPage) -> str:
    return page.url + page.reverse_subpage("feed")


def _get_feed(client, page: PodcastIndexPage):
    response = client.get(_feed_url(page))
    assert response.status_code == 200
    return response


def _parse(response) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def _media_path(url: str) -> Path:
    """The file in MEDIA_ROOT that an absolute media URL points at."""
    path = urlsplit(url).path
    assert path.startswith(settings.MEDIA_URL)
    return Path(settings.MEDIA_ROOT) / path.removeprefix(settings.MEDIA_URL)


def _entry_titles(response) -> list[str]:
    return [entry.title for entry in _parse(response).entries]


def test_feed_urls_follow_the_locale_prefixes(show):
    assert _feed_url(show["vi"]) == "/podcast/feed/"
    assert _feed_url(show["en"]) == "/en/podcast-en/feed/"


def test_readers_get_rss_and_browsers_xml_even_with_the_page_cache_on(client, show, page_cache):
    """Chromium shows application/rss+xml as plain text and never applies the stylesheet."""
    url = _feed_url(show["vi"])
    reader = client.get(url, HTTP_ACCEPT="application/rss+xml, application/xml;q=0.9")
    browser = client.get(url, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert reader["Content-Type"].startswith("application/rss+xml")
    assert browser["Content-Type"].startswith("application/xml")
    assert browser.content == reader.content
    for response in (reader, browser):
        assert "Accept" in response["Vary"]
        assert "public" in response["Cache-Control"]
        assert response.get("X-Page-Cache", "none") == "none"  # the address alone cannot tell them apart


def test_feed_is_valid_rss_with_the_podcast_namespace(client, show):
    response = _get_feed(client, show["vi"])

    assert response["Content-Type"].split(";")[0] in {"application/rss+xml", "application/xml", "text/xml"}
    parsed = _parse(response)
    assert parsed.version == "rss20"
    assert parsed.namespaces["itunes"] == ITUNES_NAMESPACE
    root = ET.fromstring(response.content)
    self_link = root.find("channel/{http://www.w3.org/2005/Atom}link")
    assert self_link is not None and self_link.get("rel") == "self"
    assert self_link.get("href") == "http://testserver/podcast/feed/"


def test_channel_describes_the_show(client, show):
    response = _get_feed(client, show["vi"])
    channel = _parse(response).feed

    assert channel.title == SHOW_VI["title"]
    assert channel.link == "http://testserver/podcast/"
    assert channel.subtitle == SHOW_VI["description"]  # feedparser reads <description> as the subtitle
    assert channel.language == "vi"
    assert channel.author == "Ban Tuyên giáo"
    assert channel.publisher_detail == {"name": "Ban Tuyên giáo", "email": "podcast@example.vn"}
    assert channel.itunes_type == "episodic"
    assert [tag.term for tag in channel.tags] == ["Government"]

    # feedparser only maps the legacy "yes"/"clean" to True/False; Apple's "true"/"false" is read raw.
    root = ET.fromstring(response.content)
    assert root.findtext(f"channel/{{{ITUNES_NAMESPACE}}}explicit") == "false"
    assert channel.itunes_explicit is not True


def test_explicit_show_says_so(client, show):
    page = show["vi"]
    page.explicit = True
    page.save_revision().publish()

    root = ET.fromstring(_get_feed(client, page).content)
    assert root.findtext(f"channel/{{{ITUNES_NAMESPACE}}}explicit") == "true"


def test_cover_image_is_an_absolute_square_rendition_that_exists(client, show):
    image = _parse(_get_feed(client, show["vi"])).feed.image

    assert image.href.startswith("http://testserver/media/")
    rendition = Image.objects.get(pk=show["vi"].cover_image_id).renditions.get()
    assert (rendition.width, rendition.height) == (1400, 1400)
    assert _media_path(image.href) == Path(rendition.file.path)
    assert _media_path(image.href).is_file()


def test_feed_language_is_the_show_locale(client, show):
    assert _parse(_get_feed(client, show["vi"])).feed.language == "vi"
    english = _parse(_get_feed(client, show["en"])).feed
    assert english.language == "en"
    assert english.title == "Digital Transformation Podcast"
    assert english.link == "http://testserver/en/podcast-en/"


def test_entries_are_the_episodes_newest_first(client, show):
    titles = _entry_titles(_get_feed(client, show["vi"]))
    assert titles == [_episode_texts(number)["title"] for number in (3, 2, 1)]

    titles_en = _entry_titles(_get_feed(client, show["en"]))
    assert titles_en == [f"Episode {number}: Resolution 57 in practice" for number in (3, 2, 1)]


def test_feed_language_does_not_follow_the_active_language(rf, show):
    """One instance may serve several requests; the language is the show's whatever language is active."""
    feed = PodcastFeed()
    with translation.override("uk"):
        vietnamese = feed(rf.get("/podcast/feed/"), show=show["vi"])
        english = feed(rf.get("/en/podcast-en/feed/"), show=show["en"])

    assert _parse(vietnamese).feed.language == "vi"
    assert _parse(english).feed.language == "en"
    assert _parse(english).feed.link == "http://testserver/en/podcast-en/"


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_each_entry_has_a_real_enclosure_duration_and_date(client, show, locale):
    entries = _parse(_get_feed(client, show[locale])).entries
    episodes = show["episodes" if locale == "vi" else "episodes_en"]
    by_guid = {episode.guid: episode for episode in episodes}

    assert len(entries) == len(EPISODES)
    for entry, (seconds, duration, date, number) in zip(entries, reversed(EPISODES), strict=True):
        episode = by_guid[entry.id]
        assert episode.episode_number == number
        assert entry.link == "http://testserver" + episode.url
        assert entry.summary == episode.summary
        assert entry.itunes_episode == str(number)
        assert entry.itunes_duration == duration

        (enclosure,) = entry.enclosures
        assert enclosure.type == "audio/mpeg"
        assert enclosure.href.startswith("http://testserver/media/")
        file_path = _media_path(enclosure.href)
        assert file_path.is_file()
        assert int(enclosure.length) == os.path.getsize(file_path) > 0
        assert file_path == Path(episode.audio.file.path)
        assert format_duration(MP3(file_path).info.length) == duration  # what a player reads from the file
        assert abs(MP3(file_path).info.length - seconds) < 0.5

        # The date at 09:00 in Hanoi (UTC+7) is 02:00 UTC.
        assert entry.published_parsed is not None
        assert entry.published_parsed[:5] == (date.year, date.month, date.day, 2, 0)
        assert entry.published.endswith("+0700")


def test_guid_is_not_a_permalink_and_stable_per_locale(client, show):
    first_vi = _parse(_get_feed(client, show["vi"])).entries
    second_vi = _parse(_get_feed(client, show["vi"])).entries
    first_en = _parse(_get_feed(client, show["en"])).entries

    vi_ids = [entry.id for entry in first_vi]
    en_ids = [entry.id for entry in first_en]
    assert vi_ids == [entry.id for entry in second_vi]
    assert all(entry.guidislink is False for entry in first_vi)
    assert vi_ids == [episode.guid for episode in reversed(show["episodes"])]
    assert en_ids == [episode.guid for episode in reversed(show["episodes_en"])]
    for vi_id, en_id in zip(vi_ids, en_ids, strict=True):  # the same episode, both newest first
        assert vi_id.startswith("urn:uuid:") and en_id.startswith("urn:uuid:")
        assert vi_id != en_id
    root = ET.fromstring(_get_feed(client, show["vi"]).content)
    assert {guid.get("isPermaLink") for guid in root.iter("guid")} == {"false"}


def test_unpublished_episode_is_not_in_the_feed(client, show):
    show["episodes"][1].unpublish()

    titles = _entry_titles(_get_feed(client, show["vi"]))
    assert titles == [_episode_texts(number)["title"] for number in (3, 1)]
    assert len(_entry_titles(_get_feed(client, show["en"]))) == 2  # its translation was withdrawn with it


def test_restricted_episode_is_not_in_the_feed(client, show):
    PageViewRestriction.objects.create(page=show["episodes"][2], restriction_type="password", password="x")

    titles = _entry_titles(_get_feed(client, show["vi"]))
    assert titles == [_episode_texts(number)["title"] for number in (2, 1)]


def test_episode_without_audio_is_left_out(client, show):
    # The editor requires audio; a page saved without validation (an import, a script) may still lack it.
    PodcastEpisodePage.objects.filter(pk=show["episodes"][0].pk).update(audio=None)

    titles = _entry_titles(_get_feed(client, show["vi"]))
    assert titles == [_episode_texts(number)["title"] for number in (3, 2)]


def test_feed_query_count_does_not_grow_with_episodes(client, show, django_assert_max_num_queries):
    url = _feed_url(show["vi"])
    client.get(url)  # the first request makes the cover rendition

    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200

    audio = show["episodes"][0].audio
    for number in range(4, 11):
        _add_episode(show["vi"], number, audio, datetime.date(2025, 4, number))

    with django_assert_max_num_queries(14), CaptureQueriesContext(connection) as ten:
        response = client.get(url)
    assert len(_parse(response).entries) == 10
    assert len(ten) == len(three)
