"""Demo media generators: real files of each kind, made without any download."""

import io
import json
import re
import subprocess

import mutagen
import pytest
import webvtt
from PIL import Image, ImageFont

from articles.media_files import read_audio_info, read_video_info, validate_webvtt
from home import demo_media
from home.demo_media import make_image, make_jpeg_poster, make_mp3, make_mp4, make_pdf, make_webvtt

TITLE_VI = "Nghị quyết 57-NQ/TW: đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"
TITLE_UK = "Цифрова трансформація в партійній роботі"


def _opened(content) -> Image.Image:
    image = Image.open(io.BytesIO(content.read()))
    image.load()
    return image


# --- Pictures ----------------------------------------------------------------------------------------


def test_make_image_is_a_png_of_the_requested_size():
    content = make_image(TITLE_VI, "Bộ Chính trị, 22/12/2024", name="57-nq-tw.png")

    image = _opened(content)
    assert content.name == "57-nq-tw.png"
    assert (image.format, image.size) == ("PNG", (1200, 675))


def test_make_image_draws_the_colour_shapes_and_text():
    image = _opened(make_image(TITLE_UK, size=(400, 300), colour="#1d3557")).convert("RGB")

    assert image.size == (400, 300)
    colours = {colour for _count, colour in image.getcolors(maxcolors=400 * 300)}
    assert (0x1D, 0x35, 0x57) in colours  # the background
    assert (255, 255, 255) in colours  # light text and bars on a dark background
    assert len(colours) > 10  # antialiased text and shapes, not a flat card


def test_the_same_title_draws_the_same_picture():
    assert make_image(TITLE_VI).read() == make_image(TITLE_VI).read()
    assert make_image(TITLE_VI).read() != make_image(TITLE_UK).read()


def test_make_jpeg_poster_is_a_jpeg():
    content = make_jpeg_poster(TITLE_UK, "Відео", name="poster.jpg")

    image = _opened(content)
    assert content.name == "poster.jpg"
    assert (image.format, image.size) == ("JPEG", (1280, 720))


def test_a_very_long_title_still_fits():
    image = _opened(make_image(" ".join([TITLE_VI] * 6), " ".join([TITLE_UK] * 6), size=(320, 240)))

    assert image.size == (320, 240)


@pytest.fixture
def fresh_fonts():
    demo_media._font.cache_clear()
    yield
    demo_media._font.cache_clear()


def test_a_missing_dejavu_font_falls_back_to_pillows_font(monkeypatch, tmp_path, fresh_fonts):
    monkeypatch.setattr(demo_media, "FONT_DIR", tmp_path / "no-fonts-here")

    image = _opened(make_image(TITLE_VI, TITLE_UK))

    assert image.size == (1200, 675)


def test_pillows_bitmap_font_without_freetype_still_draws(monkeypatch, fresh_fonts):
    def no_freetype(*args, **kwargs):
        raise ImportError("The _imagingft C module is not installed")

    monkeypatch.setattr(ImageFont, "truetype", no_freetype)
    monkeypatch.setattr(ImageFont, "load_default", lambda size=None: ImageFont.load_default_imagefont())

    image = _opened(make_image(TITLE_VI, TITLE_UK))
    assert image.size == (1200, 675)
    assert make_pdf(TITLE_VI, ["Đảng ủy", TITLE_UK]).read().startswith(b"%PDF")


# --- Audio -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seconds", [0.5, 3.0, 12.25])
def test_make_mp3_lasts_as_long_as_asked(seconds):
    content = make_mp3(seconds, name="tap-1.mp3")

    audio = mutagen.File(io.BytesIO(content.read()))
    assert content.name == "tap-1.mp3"
    assert type(audio).__name__ == "MP3"
    assert audio.info.length == pytest.approx(seconds, abs=0.2)
    assert (audio.info.sample_rate, audio.info.channels, audio.info.bitrate) == (22050, 1, 64000)


def test_make_mp3_is_audio_the_site_accepts():
    content = make_mp3(3.0)

    info = read_audio_info(content)

    assert content.name == "episode.mp3"
    assert info.mime_type == "audio/mpeg"
    assert info.duration_seconds == pytest.approx(3.0, abs=0.2)


def test_make_mp3_frequency_changes_the_sound():
    assert make_mp3(1.0, frequency=330).read() != make_mp3(1.0).read()


@pytest.mark.parametrize("seconds", [0, -1, float("nan")])
def test_make_mp3_needs_a_positive_length(seconds):
    with pytest.raises(ValueError):
        make_mp3(seconds)


# --- Captions ----------------------------------------------------------------------------------------

CUES = [
    (0.0, 1.5, "Xin chào! Đây là bản tin chuyển đổi số."),
    (1.5, 4.0, "Вітаємо! Це випуск про цифрову трансформацію."),
    (4.0, 3725.25, "Two lines:\nDirective 380-CV/ĐU"),
]


def test_make_webvtt_round_trips_through_webvtt_py():
    content = make_webvtt(CUES, name="ban-tin.vi.vtt")

    parsed = webvtt.from_buffer(io.BytesIO(content.read()))

    assert content.name == "ban-tin.vi.vtt"
    assert [caption.text for caption in parsed] == [text for _start, _end, text in CUES]
    assert [(caption.start, caption.end) for caption in parsed] == [
        ("00:00:00.000", "00:00:01.500"),
        ("00:00:01.500", "00:00:04.000"),
        ("00:00:04.000", "01:02:05.250"),
    ]
    validate_webvtt(content)


def test_make_webvtt_is_utf8_with_a_header():
    data = make_webvtt(CUES).read()

    assert data.startswith(b"WEBVTT\n")
    assert "Đây là bản tin".encode() in data


@pytest.mark.parametrize(
    "cue",
    [(2.0, 1.0, "backwards"), (1.0, 1.0, "zero length"), (-1.0, 1.0, "negative"), (0.0, 1.0, "a --> b")],
)
def test_make_webvtt_refuses_cues_it_could_not_write_back(cue):
    with pytest.raises(ValueError):
        make_webvtt([cue])


# --- Documents ---------------------------------------------------------------------------------------


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_make_pdf_is_a_one_page_pdf_for_short_text():
    content = make_pdf("Công văn 380-CV/ĐU", ["Đảng ủy Chính phủ đề nghị các cấp ủy trực thuộc.", TITLE_UK])

    data = content.read()
    assert content.name == "document.pdf"
    assert data.startswith(b"%PDF")
    assert _page_count(data) == 1


def test_make_pdf_adds_pages_for_long_text():
    data = make_pdf(TITLE_VI, [TITLE_VI * 8] * 12, name="ke-hoach.pdf").read()

    assert data.startswith(b"%PDF")
    assert _page_count(data) > 1


# --- Video -------------------------------------------------------------------------------------------

SCENES = [("Bước một: cài ứng dụng", "1/2"), ("Крок другий: увійдіть", "2/2")]


def _probe(data: bytes) -> dict:
    """What ffprobe (Debian's ffmpeg package) reads from an MP4, given on standard input."""
    entries = "stream=codec_type,codec_name,profile,width,height,pix_fmt:format=duration"
    command = ["ffprobe", "-v", "error", "-show_entries", entries, "-of", "json", "-"]
    result = subprocess.run(command, input=data, capture_output=True, check=True)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def clip() -> bytes:
    return make_mp4(SCENES, seconds_per_scene=2, size=(320, 180), name="tiny.mp4").read()


def test_make_mp4_is_a_real_h264_and_aac_clip_of_the_asked_length(clip):
    probe = _probe(clip)

    streams = {stream["codec_type"]: stream for stream in probe["streams"]}
    assert streams["video"]["codec_name"] == "h264"
    assert streams["video"]["profile"] == "Constrained Baseline"
    assert (streams["video"]["width"], streams["video"]["height"], streams["video"]["pix_fmt"]) == (320, 180, "yuv420p")
    assert streams["audio"]["codec_name"] == "aac"
    assert float(probe["format"]["duration"]) == pytest.approx(4.0, abs=0.15)


def test_make_mp4_is_faststart_and_a_video_the_site_accepts(clip):
    info = read_video_info(io.BytesIO(clip))

    assert (info.container, info.mime_type) == ("MP4", "video/mp4")
    assert info.duration_seconds == pytest.approx(4.0, abs=0.15)
    assert clip.index(b"moov") < clip.index(b"mdat")  # the index first: playback starts at once


def test_make_mp4_is_small_and_the_same_every_time(clip):
    assert len(clip) < 200_000
    assert make_mp4(SCENES, seconds_per_scene=2, size=(320, 180)).read() == clip


@pytest.mark.parametrize(
    "options",
    [{"scenes": []}, {"seconds_per_scene": 0.5}, {"seconds_per_scene": float("nan")}, {"size": (321, 180)}],
)
def test_make_mp4_refuses_what_it_cannot_encode(options):
    with pytest.raises(ValueError):
        make_mp4(**{"scenes": SCENES, **options})


def test_make_mp4_without_ffmpeg_names_the_debian_package(monkeypatch, tmp_path):
    monkeypatch.setattr(demo_media, "FFMPEG", str(tmp_path / "no-ffmpeg"))
    monkeypatch.setattr(demo_media.shutil, "which", lambda name: None)

    with pytest.raises(demo_media.FFmpegMissingError, match="apt-get install ffmpeg"):
        make_mp4(SCENES)


# --- The demo's video clips ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_clips(django_db_setup, django_db_blocker):
    """`home.demo.ensure_videos` on the home pages, the themes and stand-in directives; rolled back after."""
    from django.db import transaction

    from articles.models import VideoClipPage
    from home import demo, demo_content
    from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory

    with django_db_blocker.unblock(), transaction.atomic():
        home = demo.ensure_home_pages()["vi"]
        themes = demo.ensure_themes()
        register = DirectiveIndexPageFactory(parent=home)
        keys = {key for clip in demo_content.VIDEO_CLIPS for key in clip["directives"]}
        directives = {key: DirectivePageFactory(parent=register) for key in sorted(keys)}
        demo.ensure_videos(home, themes, directives, None)
        yield {
            data["key"]: VideoClipPage.objects.get(slug=data["slug"]["vi"]).get_translations(inclusive=True)
            for data in demo_content.VIDEO_CLIPS
        }
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_has_a_real_uploaded_clip_with_captions_in_its_timing(demo_clips):
    from django.conf import settings

    uploaded = [clip for clips in demo_clips.values() for clip in clips if clip.video_id]
    assert {clip.locale.language_code for clip in uploaded} == {code for code, _name in settings.LANGUAGES}
    video = uploaded[0].video
    with video.file.open("rb") as handle:
        data = handle.read()
    assert video.type == "video" and video.file.name.endswith(".mp4") and len(data) < 1_000_000
    probe = _probe(data)
    assert {stream["codec_type"] for stream in probe["streams"]} == {"video", "audio"}
    duration = float(probe["format"]["duration"])
    assert 12 <= duration <= 20
    assert (video.width, video.height) == (640, 360) and video.duration == pytest.approx(duration, abs=0.2)
    for clip in uploaded:
        assert not clip.embed_url and clip.duration_seconds == round(duration)
        tracks = {track.language: track.file for track in clip.caption_tracks.all()}
        assert sorted(tracks) == sorted(code for code, _name in settings.LANGUAGES)
        for document in tracks.values():
            with document.file.open("rb") as handle:
                cues = list(webvtt.from_buffer(io.BytesIO(handle.read())))
            assert cues and cues[-1].end_in_seconds <= duration + 0.2


@pytest.mark.django_db
def test_each_language_has_its_own_poster_with_its_own_title(demo_clips):
    from home import demo_content

    for data in demo_content.VIDEO_CLIPS:
        clips = demo_clips[data["key"]]
        posters = {clip.locale.language_code: clip.poster for clip in clips}
        assert len({poster.pk for poster in posters.values()}) == len(clips) == 3
        for language, poster in posters.items():
            assert poster.title == data["poster"]["title"][language]
            assert poster.file.name.endswith(f".{language}.jpg")
