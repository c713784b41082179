"""Validation and metadata of uploaded media: WebVTT caption tracks and audio files."""

import io
import random
import unicodedata
import wave

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
    format_duration,
    read_audio_info,
    validate_audio_file,
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
