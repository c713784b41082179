"""Validation and metadata of uploaded media: WebVTT caption tracks, audio and video files, and the
upload forms of the media and document libraries (a refused upload writes no row and no file)."""

import io
import random
import struct
import unicodedata
import wave
from pathlib import Path

import pytest
import webvtt
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.media_files import (
    MAX_WEBVTT_BYTES,
    AudioInfo,
    VideoInfo,
    check_media_upload,
    format_duration,
    read_audio_info,
    read_video_info,
    validate_audio_file,
    validate_video_file,
    validate_webvtt,
)
from home.demo_media import make_image, make_mp3, make_webvtt

CUES = [
    (0.0, 2.5, "Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ"),
    (2.5, 5.0, "Đảng ủy Chính phủ — Công văn 380-CV/ĐU"),
    (5.0, 8.25, "Цифрова трансформація в партійній роботі"),
    (8.25, 3725.5, "Digital transformation, two lines\nof text"),
]


def vtt(text: str, name: str = "captions.vtt") -> ContentFile:
    return ContentFile(text.encode("utf-8"), name=name)


def rejection(file, validator=validate_webvtt) -> ValidationError:
    """The error the validator raises, its message rendered in English."""
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validator(file)
    return caught.value


def english(error: ValidationError) -> str:
    with translation.override("en"):
        [message] = error.messages
        return message


# --- validate_webvtt: accepted ------------------------------------------------------------------


def test_generated_captions_in_three_languages_are_accepted():
    captions = make_webvtt(CUES)
    validate_webvtt(captions)

    parsed = webvtt.from_string(captions.read().decode("utf-8"))
    assert [caption.text for caption in parsed] == [text for _start, _end, text in CUES]


@pytest.mark.parametrize(
    "text",
    [
        "WEBVTT\n\n00:01.000 --> 00:02.000\nshort timestamps without hours",
        "WEBVTT - Kind: captions\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000 align:start line:0\r\nCRLF, an id, settings",
        "\ufeffWEBVTT\n\nNOTE a comment\n\n00:00:00.000-->00:00:01.000\nBOM, a note, no spaces round the arrow",
        "WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\n100:00:00.000 --> 100:00:01.000\nthree-digit hours",
    ],
    ids=["no-hours", "crlf-id-settings", "bom-note", "style-long-hours"],
)
def test_well_formed_variants_are_accepted(text):
    validate_webvtt(vtt(text))


def test_a_plain_binary_file_object_is_accepted():
    validate_webvtt(io.BytesIO(b"WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n"))


# --- validate_webvtt: rejected, each with its message -----------------------------------------------


def test_missing_header_is_rejected():
    error = rejection(vtt("00:00.000 --> 00:01.000\nno header\n", name="media/captions/ban-tin.vtt"))

    assert error.code == "missing_header"
    assert english(error) == "“ban-tin.vtt” is not a WebVTT file: its first line must be “WEBVTT”."


def test_header_must_be_the_word_webvtt_alone_or_followed_by_a_space():
    assert rejection(vtt("WEBVTTX\n\n00:00.000 --> 00:01.000\nx\n")).code == "missing_header"


def test_malformed_timing_line_is_rejected_with_its_cue_number():
    text = "WEBVTT\n\n00:00.000 --> 00:01.000\nfirst\n\n00:01.000 --> 00:02,000\nsecond, SRT comma\n"

    error = rejection(vtt(text))

    assert error.code == "malformed_cue_timing"
    assert english(error) == (
        "Cue 2 in “captions.vtt” has a malformed timing line “00:01.000 --> 00:02,000”; "
        "it must look like “00:00:01.000 --> 00:00:04.000”."
    )


@pytest.mark.parametrize(
    "timing",
    [
        "0:0:1.000 --> 0:0:2.000",
        "00:00:61.000 --> 00:01:02.000",
        "00:00.000 --> 00:01.0001",
        "00:00.000 --> 00:01.000align:start",
        "00:00.000 -> 00:01.000",
        "00:00.000 –> 00:01.000",
        "00:00.000 => 00:01.000",
    ],
)
def test_timings_whose_cue_would_silently_vanish_are_rejected(timing):
    text = f"WEBVTT\n\n00:00.000 --> 00:01.000\nkept\n\n{timing}\nwould be dropped\n"

    error = rejection(vtt(text))

    assert error.code == "malformed_cue_timing"
    assert error.params["number"] == 2


def test_non_utf8_bytes_are_rejected():
    error = rejection(ContentFile(b"WEBVTT\n\n00:00.000 --> 00:01.000\n\xff\xfe", name="legacy.vtt"))

    assert error.code == "not_utf8"
    assert english(error) == (
        "“legacy.vtt” is not UTF-8 text (line 4). Save the captions as UTF-8 and upload them again."
    )


def test_windows_1258_vietnamese_is_rejected_as_not_utf8():
    # Windows-1258 spells tones with combining marks, so the text is decomposed first.
    data = unicodedata.normalize("NFD", "WEBVTT\n\n00:00.000 --> 00:01.000\nĐảng ủy\n").encode("cp1258")
    assert rejection(ContentFile(data, name="cp1258.vtt")).code == "not_utf8"


@pytest.mark.parametrize("data", [b"", b"\n \r\n"], ids=["empty", "blank"])
def test_empty_file_is_rejected(data):
    error = rejection(ContentFile(data, name="empty.vtt"))

    assert error.code == "empty"
    assert english(error) == "“empty.vtt” is empty."


def test_header_without_cues_is_rejected():
    error = rejection(vtt("WEBVTT\n\nNOTE only a comment\n"))

    assert error.code == "no_cues"
    assert english(error) == "“captions.vtt” has no cues: add at least one caption with its timing line."


def test_oversize_file_is_rejected():
    data = b"WEBVTT\n\n00:00.000 --> 00:01.000\n" + b"a" * MAX_WEBVTT_BYTES
    error = rejection(ContentFile(data, name="huge.vtt"))

    assert error.code == "file_too_large"
    with translation.override("en"):
        assert english(error) == "“huge.vtt” is too large: a caption file may be at most 1.0\xa0MB."


def test_oversize_file_object_without_a_size_is_rejected_after_reading_just_past_the_limit():
    stream = io.BytesIO(b"WEBVTT\n\n" + b"x" * MAX_WEBVTT_BYTES)

    assert rejection(stream).code == "file_too_large"


def test_oversize_file_is_rejected_before_it_is_read():
    class HugeUpload:
        name = "huge.vtt"
        size = 50 * MAX_WEBVTT_BYTES

        def tell(self):
            return 0

        def seek(self, position, whence=0):
            return position

        def read(self, size=-1):
            raise AssertionError("a file known to be too large must not be read")

    assert rejection(HugeUpload()).code == "file_too_large"


def test_cue_ending_before_it_starts_is_rejected():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:05.000 --> 00:00:04.500\nbackwards\n"

    error = rejection(vtt(text))

    assert error.code == "cue_ends_before_start"
    assert english(error) == (
        "Cue 2 in “captions.vtt” ends at 00:00:04.500, which is not after its start at 00:00:05.000."
    )


def test_zero_length_cue_is_rejected():
    assert rejection(vtt("WEBVTT\n\n00:00:03.000 --> 00:00:03.000\nnever shown\n")).code == "cue_ends_before_start"


def test_file_position_is_restored_when_accepted():
    upload = ContentFile(b"WEBVTT\n\n00:00.000 --> 00:01.000\nok\n", name="captions.vtt")
    upload.seek(3)

    validate_webvtt(upload)

    assert upload.tell() == 3


def test_file_position_is_restored_when_rejected():
    upload = ContentFile(b"not captions at all", name="captions.vtt")
    upload.seek(3)

    rejection(upload)

    assert upload.tell() == 3


@pytest.mark.parametrize("language", ["vi", "uk"])
def test_messages_are_translated(language):
    upload = ContentFile(b"WEBVTT\n\n00:00.000 --> 00:01.000\n\xff", name="tin.vtt")
    with pytest.raises(ValidationError) as caught:
        validate_webvtt(upload)

    with translation.override(language):
        [message] = caught.value.messages
    assert "tin.vtt" in message
    assert message != english(caught.value)


_VTT_FRAGMENTS = st.sampled_from(
    [
        "WEBVTT",
        "WEBVTT ",
        "",
        "\r",
        "NOTE",
        "STYLE",
        "REGION",
        "id:1 width:40%",
        "00:00.000 --> 00:01.000",
        "00:00:01.000 --> 00:00:00.500",
        "99:59:59.999 --> 99999999999:00:00.000",
        "00:00.000 --> 00:01.000 line:0 align:start position:10% size:50% vertical:rl region:1",
        "00:00.000 --> 00:01.000 line:abc bogus",
        "-->",
        "<v Nguyễn>Xin chào</v>",
        "Привіт",
        "\ufeff",
        "\x00",
    ]
)


@settings(deadline=None)
@given(
    st.one_of(
        st.binary(max_size=600),
        st.lists(_VTT_FRAGMENTS, max_size=14).map(lambda lines: "\n".join(lines).encode("utf-8")),
        st.text(max_size=300).map(lambda text: ("WEBVTT\n\n" + text).encode("utf-8", "surrogatepass")),
    )
)
def test_any_bytes_are_accepted_or_rejected_with_a_validation_error(data):
    upload = ContentFile(data, name="fuzz.vtt")
    try:
        validate_webvtt(upload)
    except ValidationError as error:
        assert error.code
        english(error)  # the message renders
    assert upload.tell() == 0


# --- Audio -------------------------------------------------------------------------------------------


def test_mp3_info():
    episode = make_mp3(3.0, name="tap-1.mp3")
    data = episode.read()

    info = read_audio_info(episode)

    assert isinstance(info, AudioInfo)
    assert info.duration_seconds == pytest.approx(3.0, abs=0.2)
    assert info.size_bytes == len(data)
    assert info.mime_type == "audio/mpeg"
    assert episode.tell() == len(data)  # where reading the bytes left it


def test_mp3_info_from_a_plain_binary_stream():
    stream = io.BytesIO(make_mp3(2.0).read())

    info = read_audio_info(stream)

    assert info.size_bytes == len(stream.getvalue())
    assert info.duration_seconds == pytest.approx(2.0, abs=0.2)
    assert stream.tell() == 0


def _wav(seconds: float, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(2 * round(seconds * rate)))
    return buffer.getvalue()


def test_wav_info():
    info = read_audio_info(ContentFile(_wav(1.5), name="clip.wav"))

    assert info == AudioInfo(duration_seconds=pytest.approx(1.5), size_bytes=len(_wav(1.5)), mime_type="audio/wav")


def test_audio_without_duration_is_rejected():
    error = rejection(ContentFile(_wav(0), name="silent.wav"), validate_audio_file)

    assert error.code == "no_audio"
    assert english(error) == "“silent.wav” contains no audio: its duration is zero or cannot be read."


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (random.Random(57).randbytes(8192), "noise.bin"),
        (random.Random(380).randbytes(8192), "noise.mp3"),
        (make_image("Infographic").read(), "infographic.png"),
        (make_image("Infographic").read(), "renamed.mp3"),
        (b"", "empty.mp3"),
    ],
    ids=["random-bytes", "random-bytes-named-mp3", "png", "png-named-mp3", "empty"],
)
def test_non_audio_is_rejected(data, name):
    upload = ContentFile(data, name=name)
    upload.seek(1 if data else 0)

    error = rejection(upload, validate_audio_file)

    assert error.code == "unsupported_audio"
    assert english(error) == f"“{name}” is not an audio file in a supported format (MP3, M4A, Ogg or WAV)."
    assert upload.tell() == (1 if data else 0)


def test_validate_audio_file_accepts_an_mp3():
    validate_audio_file(make_mp3(1.0))


# --- format_duration ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "00:00:00"),
        (0.4, "00:00:00"),
        (0.5, "00:00:01"),
        (59.6, "00:01:00"),
        (95, "00:01:35"),
        (3600, "01:00:00"),
        (3725, "01:02:05"),
        (359999, "99:59:59"),
        (360000, "100:00:00"),
    ],
)
def test_format_duration(seconds, expected):
    assert format_duration(seconds) == expected


@pytest.mark.parametrize("seconds", [-1, float("nan"), float("inf")])
def test_format_duration_rejects_non_durations(seconds):
    with pytest.raises(ValueError):
        format_duration(seconds)


# --- Caption files are bounded -------------------------------------------------------------------


def _many_cues(count: int, text: str = "x") -> bytes:
    """A caption file of `count` half-second cues, one a second."""

    def stamp(second: int, millis: int) -> str:
        return f"{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}.{millis:03d}"

    cues = (f"{stamp(n, 0)} --> {stamp(n, 500)}\n{text}\n" for n in range(count))
    return ("WEBVTT\n\n" + "\n".join(cues)).encode()


def test_a_caption_file_of_30000_cues_is_refused_before_it_is_parsed():
    data = _many_cues(30_000)
    assert len(data) < MAX_WEBVTT_BYTES  # under the size limit: the cue count refuses it

    error = rejection(ContentFile(data, name="flood.vtt"))

    assert error.code == "too_many_cues"
    assert english(error) == "“flood.vtt” has more cues than a caption file may have: at most 5000 cues."


def test_cue_count_and_length_limits_come_from_the_settings(settings):
    settings.ARTICLES_CAPTION_MAX_CUES = 3
    settings.ARTICLES_CAPTION_MAX_CUE_CHARACTERS = 10
    validate_webvtt(ContentFile(_many_cues(3, "ten chars!"), name="ok.vtt"))

    assert rejection(ContentFile(_many_cues(4), name="four.vtt")).code == "too_many_cues"
    error = rejection(ContentFile(_many_cues(2, "eleven char"), name="long.vtt"))
    assert error.code == "cue_too_long"
    assert english(error) == "Cue 1 in “long.vtt” is too long: a cue may have at most 10 characters."


def test_a_wall_of_text_in_one_cue_is_refused():
    data = b"WEBVTT\n\n00:00.000 --> 00:05.000\n" + "Nghị quyết ".encode() * 100
    assert rejection(ContentFile(data, name="wall.vtt")).code == "cue_too_long"


@pytest.mark.parametrize("language", ["vi", "uk"])
def test_limit_messages_are_translated_with_plural_forms(language, settings):
    settings.ARTICLES_CAPTION_MAX_CUES = 2
    error = rejection(ContentFile(_many_cues(5), name="tin.vtt"))
    with translation.override(language):
        [message] = error.messages
    assert "tin.vtt" in message and "2" in message
    assert message != english(error)


# --- Video ---------------------------------------------------------------------------------------


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def make_mp4(seconds: float = 2.0, *, handler: bytes = b"vide", brand: bytes = b"isom") -> bytes:
    """The boxes of an ISO base media file a container reader needs: ftyp, then moov with the
    movie header and one track of `handler` ("vide", "soun"), then an empty mdat."""
    timescale = 1000
    mvhd = _box(b"mvhd", bytes(4) + struct.pack(">IIII", 0, 0, timescale, round(seconds * timescale)) + bytes(80))
    mdhd = _box(b"mdhd", bytes(4) + struct.pack(">IIII", 0, 0, timescale, round(seconds * timescale)) + bytes(4))
    hdlr = _box(b"hdlr", bytes(8) + handler + bytes(12) + b"Handler\0")
    trak = _box(b"trak", _box(b"mdia", mdhd + hdlr))
    return _box(b"ftyp", brand + bytes(4) + brand + b"mp41") + _box(b"moov", mvhd + trak) + _box(b"mdat", b"")


def _ebml(element: int, payload: bytes) -> bytes:
    element_bytes = element.to_bytes((element.bit_length() + 7) // 8, "big")
    size = bytes([0x80 | len(payload)]) if len(payload) < 127 else b"\x01" + len(payload).to_bytes(7, "big")
    return element_bytes + size + payload


def make_webm(seconds: float | None = 2.0, *, track_type: int = 1, doctype: bytes = b"webm") -> bytes:
    """An EBML header and a segment with its info (duration in ms), one track of `track_type`
    (1 video, 2 audio) and an empty cluster."""
    header = _ebml(0x1A45DFA3, _ebml(0x4286, b"\x01") + _ebml(0x4282, doctype) + _ebml(0x4287, b"\x04"))
    info = _ebml(0x2AD7B1, (1_000_000).to_bytes(3, "big"))
    if seconds is not None:
        info += _ebml(0x4489, struct.pack(">d", seconds * 1000))
    track = _ebml(0xAE, _ebml(0xD7, b"\x01") + _ebml(0x83, bytes([track_type])) + _ebml(0x86, b"V_VP9"))
    segment = _ebml(0x1549A966, info) + _ebml(0x1654AE6B, track) + _ebml(0x1F43B675, _ebml(0xE7, b"\x00"))
    return header + _ebml(0x18538067, segment)


def test_mp4_video_info():
    info = read_video_info(ContentFile(make_mp4(95.0), name="clip.mp4"))
    assert info == VideoInfo(container="MP4", mime_type="video/mp4", duration_seconds=pytest.approx(95.0))


def test_webm_video_info_with_and_without_a_stated_duration():
    assert read_video_info(ContentFile(make_webm(12.5), name="clip.webm")) == VideoInfo(
        container="WebM", mime_type="video/webm", duration_seconds=pytest.approx(12.5)
    )
    assert read_video_info(io.BytesIO(make_webm(None))).duration_seconds is None


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (make_mp4(2.0, handler=b"soun"), "no_video_track"),
        (make_webm(2.0, track_type=2), "no_video_track"),
        (make_webm(2.0, doctype=b"matroska"), "unsupported_video"),
        (make_mp4(2.0)[:40], "unsupported_video"),
        (make_webm(2.0)[:30], "no_video_track"),  # cut before its tracks
        (random.Random(57).randbytes(8192), "unsupported_video"),
        (b"", "unsupported_video"),
    ],
    ids=["mp4-audio-only", "webm-audio-only", "matroska", "truncated-mp4", "truncated-webm", "noise", "empty"],
)
def test_non_video_is_rejected(data, code):
    upload = ContentFile(data, name="clip.mp4")
    upload.seek(1 if data else 0)

    error = rejection(upload, validate_video_file)

    assert error.code == code
    assert upload.tell() == (1 if data else 0)


@settings(deadline=None, derandomize=True)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=200).map(lambda tail: make_mp4(1.0)[:60] + tail),
        st.binary(max_size=200).map(lambda tail: make_webm(1.0)[:50] + tail),
        st.integers(min_value=0, max_value=300).map(lambda cut: make_webm(1.0)[:cut]),
    )
)
def test_any_bytes_are_a_video_or_a_validation_error(data):
    try:
        validate_video_file(ContentFile(data, name="fuzz.webm"))
    except ValidationError as error:
        assert error.code in ("unsupported_video", "no_video_track")


@pytest.mark.parametrize(
    ("kind", "data", "name", "code"),
    [
        ("audio", make_image("Ảnh").read(), "renamed.mp3", "unsupported_audio"),
        ("audio", None, "episode.wav", "extension_mismatch"),  # an MP3 named .wav
        ("video", make_mp4(1.0), "clip.webm", "extension_mismatch"),
        ("video", make_webm(1.0), "clip.mp4", "extension_mismatch"),
        ("media", b"%PDF-1.4", "document.mp4", "unsupported_media"),
    ],
)
def test_an_upload_must_be_what_it_is_uploaded_as_and_named_for_its_content(kind, data, name, code):
    content = make_mp3(1.0).read() if data is None else data
    with pytest.raises(ValidationError) as caught:
        check_media_upload(ContentFile(content, name=name), kind)
    assert caught.value.code == code


def test_a_matching_upload_gives_its_duration():
    assert check_media_upload(make_mp3(2.0, name="tap.mp3"), "audio") == pytest.approx(2.0, abs=0.2)
    assert check_media_upload(ContentFile(make_mp4(3.0), name="clip.m4v"), "video") == pytest.approx(3.0)
    assert check_media_upload(ContentFile(make_webm(4.0), name="clip.webm"), "media") == pytest.approx(4.0)


# --- Uploads through the admin: refused means nothing was written ----------------------------------


@pytest.fixture
def editor(client, db):
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"  # messages come in the editor's language
    profile.save()
    client.force_login(user)
    return client


def _stored_files() -> list[Path]:
    from django.conf import settings as django_settings

    return sorted(path for path in Path(django_settings.MEDIA_ROOT).rglob("*") if path.is_file())


def _media_form(name: str, content: bytes, prefix: str = "", **fields) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.models import Collection

    data = {"title": name, "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk}
    data.update(fields)
    return {f"{prefix}{key}": value for key, value in data.items()}


@pytest.mark.parametrize(
    ("kind", "name", "content", "vietnamese"),
    [
        ("audio", "noise.mp3", random.Random(380).randbytes(8192), "không phải tệp âm thanh"),
        ("audio", "infographic.mp3", make_image("Ảnh").read(), "không phải tệp âm thanh"),
        ("video", "noise.mp4", random.Random(57).randbytes(8192), "không phải tệp video"),
        ("video", "song.mp4", make_mp4(2.0, handler=b"soun"), "không có kênh hình"),
    ],
)
def test_the_media_library_refuses_what_is_not_audio_or_video_and_writes_nothing(
    editor, kind, name, content, vietnamese
):
    from wagtailmedia.models import Media

    files, rows = _stored_files(), Media.objects.count()

    response = editor.post(f"/admin/media/{kind}/add/", _media_form(name, content))

    assert response.status_code == 200  # the form again, with the problem
    assert vietnamese in response.content.decode()
    assert (Media.objects.count(), _stored_files()) == (rows, files)


def test_the_media_library_accepts_audio_and_video_and_fills_their_duration(editor):
    from wagtailmedia.models import Media

    assert editor.post("/admin/media/audio/add/", _media_form("tap-1.mp3", make_mp3(3.0).read())).status_code == 302
    assert editor.post("/admin/media/video/add/", _media_form("clip.mp4", make_mp4(95.0))).status_code == 302
    assert (
        editor.post("/admin/media/video/add/", _media_form("clip.webm", make_webm(7.0), duration="8")).status_code
        == 302
    )

    durations = dict(Media.objects.values_list("title", "duration"))
    assert durations["tap-1.mp3"] == pytest.approx(3.0, abs=0.2)
    assert durations == {
        "tap-1.mp3": durations["tap-1.mp3"],
        "clip.mp4": 95.0,
        "clip.webm": 8.0,
    }  # the editor's value kept


def test_the_chooser_upload_and_the_edit_form_check_the_file_too(editor):
    from wagtailmedia.models import Media

    editor.post("/admin/media/audio/add/", _media_form("tap-1.mp3", make_mp3(2.0).read()))
    media = Media.objects.get()
    files = _stored_files()

    prefix = "media-chooser-upload-"
    chooser = editor.post("/admin/media/audio/chooser/upload/", _media_form("x.mp3", b"not audio", prefix))
    assert chooser.status_code == 200 and Media.objects.count() == 1

    edit = editor.post(f"/admin/media/edit/{media.pk}/", _media_form("tap-1.mp3", make_image("Ảnh").read()))
    assert edit.status_code == 200
    assert Media.objects.get().file.name == media.file.name  # the old file is neither replaced nor deleted
    assert _stored_files() == files


def test_a_thumbnail_must_be_an_image(editor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtailmedia.models import Media

    files = _stored_files()
    fields = _media_form("tap-1.mp3", make_mp3(1.0).read(), thumbnail=SimpleUploadedFile("cover.png", b"not a png"))
    assert editor.post("/admin/media/audio/add/", fields).status_code == 200
    assert not Media.objects.exists()
    assert _stored_files() == files


def test_the_document_library_refuses_a_caption_file_of_30000_cues_and_writes_nothing(editor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    files, rows = _stored_files(), Document.objects.count()
    upload = SimpleUploadedFile("flood.vtt", _many_cues(30_000))

    response = editor.post(
        "/admin/documents/multiple/add/",
        {"files[]": upload, "collection": Collection.get_first_root_node().pk},
    )

    assert "5000" in response.content.decode() or "5.000" in response.content.decode()
    assert (Document.objects.count(), _stored_files()) == (rows, files)
