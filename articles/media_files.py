"""Uploaded media files: caption tracks, audio and video, checked before a page may use them.

This module owns what the site accepts as a media file and what it reads from one, with no model
imports so page models, forms and the demo loader can all use it:

- `validate_webvtt`, a Django validator for WebVTT caption tracks (parsed with webvtt-py). It is
  stricter than webvtt-py on its own, which silently drops cues with malformed timings: every line
  with ``-->`` must be a well-formed cue timing line, and every cue must end after it starts. A
  caption file is bounded (`articles.conf`): its size (checked before reading), its number of cues
  (counted before webvtt-py parses anything) and the length of each cue's text.
- `read_audio_info` and `validate_audio_file` for podcast episodes and audio clips (read with
  mutagen): MP3, M4A/MP4, Ogg and WAV only, with a positive duration. `AudioInfo` carries what a
  podcast feed's enclosure needs: duration, size and MIME type.
- `read_video_info` and `validate_video_file` for video clips, from the container itself (no
  ffprobe at run time): MP4/M4V (ISO base media, read with mutagen: a ``moov`` box with a video
  track) and WebM (its EBML header, then a video track in its ``Tracks``); the duration when the
  file states one.
- `check_media_upload(file, kind)`, what the media library's upload and edit forms ask
  (`articles.forms.CheckedMediaForm`): the file is audio or video of the kind it is uploaded as,
  and its content matches its extension (browsers are told its type from the extension).
- `format_duration`, the ``HH:MM:SS`` form that ``itunes:duration`` and the players show.

Every validator restores the file position it found, and raises nothing but `ValidationError`
whatever bytes it is given: uploads are untrusted, and a parser error must never become a 500.
"""

import contextlib
import logging
import math
import os
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import mutagen
import webvtt
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4, Atoms
from mutagen.ogg import OggFileType
from mutagen.oggflac import OggFLAC
from mutagen.oggopus import OggOpus
from mutagen.oggspeex import OggSpeex
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE
from webvtt.errors import MalformedCaptionError, MalformedFileError

from articles import conf

logger = logging.getLogger(__name__)

MAX_WEBVTT_BYTES = conf.CAPTION_MAX_BYTES
"""The default caption size limit (ARTICLES_CAPTION_MAX_BYTES)."""

# --- Shared helpers ---------------------------------------------------------------------------------


def _display_name(file: Any) -> str:
    """The file's base name for messages; uploads and stored files may carry a whole storage path."""
    name = getattr(file, "name", None)
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    if not isinstance(name, str) or not name:
        return str(_("unnamed file"))
    return os.path.basename(name) or name


@contextlib.contextmanager
def _position_kept(file: IO[bytes]) -> Iterator[None]:
    """Seek the file back to where it was, however the block inside ends."""
    try:
        position = file.tell()
    except (AttributeError, OSError, ValueError):
        position = 0
    try:
        yield
    finally:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            file.seek(position)


def _known_size(file: Any) -> int | None:
    """The size the file object reports without being read, if it reports one."""
    try:
        size = getattr(file, "size", None)
    except (OSError, ValueError):
        return None
    return size if isinstance(size, int) else None


# --- WebVTT caption tracks ------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# WebVTT timestamps as the format requires them: [hh:]mm:ss.ttt, hours of two or more digits (up to
# the ten webvtt-py can read), minutes and seconds 00-59, exactly three digits of milliseconds.
_TIMESTAMP = r"(?:\d{2,10}:)?[0-5]\d:[0-5]\d\.\d{3}"
# Spaces around the arrow are optional, as browsers read them; cue settings follow after a space or tab.
_CUE_TIMINGS = re.compile(rf"[ \t]*{_TIMESTAMP}[ \t]*-->[ \t]*{_TIMESTAMP}(?:[ \t].*)?")
# A timing line whose arrow a word processor or a typo changed ("->", "–>", "=>"): WebVTT ignores the
# block, so its cue would vanish without a word.
_TIMING_ATTEMPT = re.compile(r"[ \t]*\d+:\d+\S*[ \t]*\S{1,3}>")
_TIMING_EXAMPLE = "00:00:01.000 --> 00:00:04.000"
_SHOWN_LINE_LENGTH = 60


def _shown(line: str) -> str:
    return line if len(line) <= _SHOWN_LINE_LENGTH else line[: _SHOWN_LINE_LENGTH - 1] + "…"


def _read_caption_bytes(file: IO[bytes], name: str) -> bytes:
    """The whole file, refusing anything over the limit before reading it when its size is known."""
    limit = conf.caption_max_bytes()
    size = _known_size(file)
    if size is not None and size > limit:
        raise _too_large(name, limit)
    try:
        file.seek(0)
        data = file.read(limit + 1)
    except (AttributeError, OSError, ValueError) as error:
        raise ValidationError(_("“%(name)s” could not be read."), code="unreadable", params={"name": name}) from error
    if isinstance(data, str):  # a text-mode file: check what it would be as an upload
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > limit:
        raise _too_large(name, limit)
    return bytes(data)


def _too_large(name: str, limit: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is too large: a caption file may be at most %(limit)s."),
        code="file_too_large",
        params={"name": name, "limit": filesizeformat(limit)},
    )


def _decode_captions(data: bytes, name: str) -> str:
    if not data.strip():
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValidationError(
            _("“%(name)s” is not UTF-8 text (line %(line)s). Save the captions as UTF-8 and upload them again."),
            code="not_utf8",
            params={"name": name, "line": line},
        ) from error


def _check_header(lines: list[str], name: str) -> None:
    """The first line is ``WEBVTT``, alone or followed by a space or tab and a description."""
    first = lines[0] if lines else ""
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValidationError(
            _("“%(name)s” is not a WebVTT file: its first line must be “WEBVTT”."),
            code="missing_header",
            params={"name": name},
        )


def _check_cue_timings(lines: list[str], name: str) -> int:
    """Check every cue timing line, counting the cues (at most `conf.caption_max_cues()`).

    As WebVTT reads a file, any line with ``-->`` after the header is the timing line of a cue, so a
    malformed one loses the cue; webvtt-py drops such cues without a word, which is why they are
    looked for here, numbered as an editor counts them. A line that starts with a time and has some
    other arrow counts as a malformed timing line too.
    """
    limit = conf.caption_max_cues()
    cues = 0
    for line in lines[1:]:
        if "-->" not in line and not _TIMING_ATTEMPT.match(line):
            continue
        cues += 1
        if cues > limit:
            raise ValidationError(
                ngettext_lazy(
                    "“%(name)s” has more cues than a caption file may have: at most %(limit)d cue.",
                    "“%(name)s” has more cues than a caption file may have: at most %(limit)d cues.",
                    "limit",
                ),
                code="too_many_cues",
                params={"name": name, "limit": limit},
            )
        if not _CUE_TIMINGS.fullmatch(line):
            raise ValidationError(
                _(
                    "Cue %(number)s in “%(name)s” has a malformed timing line “%(line)s”; "
                    "it must look like “%(example)s”."
                ),
                code="malformed_cue_timing",
                params={"number": cues, "name": name, "line": _shown(line), "example": _TIMING_EXAMPLE},
            )
    return cues


def _invalid_webvtt(name: str) -> ValidationError:
    return ValidationError(_("“%(name)s” is not a valid WebVTT file."), code="invalid_webvtt", params={"name": name})


def _parse_captions(text: str, name: str) -> list[webvtt.Caption]:
    try:
        return list(webvtt.from_string(text).captions)
    except (MalformedFileError, MalformedCaptionError) as error:
        raise _invalid_webvtt(name) from error
    except Exception as error:  # a third-party parser on untrusted bytes: refuse the file, never fail the request
        logger.warning("webvtt-py failed on %r", name, exc_info=True)
        raise _invalid_webvtt(name) from error


def validate_webvtt(file: IO[bytes]) -> None:
    """Reject a caption track that browsers would not show as the editor expects.

    Accepts a Django `File`/`UploadedFile` or any binary file-like object. Raises `ValidationError`
    (codes ``file_too_large``, ``unreadable``, ``empty``, ``not_utf8``, ``missing_header``,
    ``too_many_cues``, ``malformed_cue_timing``, ``invalid_webvtt``, ``no_cues``, ``cue_too_long``,
    ``cue_ends_before_start``) and nothing else; the file position is restored either way.
    """
    name = _display_name(file)
    with _position_kept(file):
        text = _decode_captions(_read_caption_bytes(file, name), name)
        lines = _LINE_BREAK.split(text)
        _check_header(lines, name)
        cue_count = _check_cue_timings(lines, name)
        captions = _parse_captions(text, name)
        if not captions:
            raise ValidationError(
                _("“%(name)s” has no cues: add at least one caption with its timing line."),
                code="no_cues",
                params={"name": name},
            )
        if len(captions) != cue_count:  # a cue webvtt-py dropped for a reason not checked above
            raise _invalid_webvtt(name)
        longest = conf.caption_max_cue_characters()
        for number, caption in enumerate(captions, start=1):
            if len(caption.text) > longest:
                raise ValidationError(
                    ngettext_lazy(
                        "Cue %(number)s in “%(name)s” is too long: a cue may have at most %(limit)d character.",
                        "Cue %(number)s in “%(name)s” is too long: a cue may have at most %(limit)d characters.",
                        "limit",
                    ),
                    code="cue_too_long",
                    params={"number": number, "name": name, "limit": longest},
                )
            if caption.end_time <= caption.start_time:
                raise ValidationError(
                    _("Cue %(number)s in “%(name)s” ends at %(end)s, which is not after its start at %(start)s."),
                    code="cue_ends_before_start",
                    params={"number": number, "name": name, "start": caption.start, "end": caption.end},
                )


# --- Audio ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AudioInfo:
    """What a podcast feed and a player need to know about an audio file."""

    duration_seconds: float
    size_bytes: int
    mime_type: str


# The formats the site publishes, each with the one MIME type feeds and <audio> sources use. mutagen's
# own `FileType.mime` lists are no help here: an MP3's first entry is "audio/mp3", not "audio/mpeg".
_AUDIO_TYPES: tuple[tuple[type, str], ...] = (
    (MP3, "audio/mpeg"),
    (MP4, "audio/mp4"),
    (OggFileType, "audio/ogg"),
    (WAVE, "audio/wav"),
)
# Only these are offered to mutagen, so a FLAC or AAC file is "not supported" rather than misread.
_AUDIO_LOADERS = (MP3, MP4, OggVorbis, OggOpus, OggFLAC, OggSpeex, WAVE)


def _unsupported_audio(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not an audio file in a supported format (MP3, M4A, Ogg or WAV)."),
        code="unsupported_audio",
        params={"name": name},
    )


def _audio_size(file: Any) -> int:
    size = _known_size(file)
    if size is not None:
        return size
    file.seek(0, os.SEEK_END)
    return file.tell()


def read_audio_info(file: IO[bytes]) -> AudioInfo:
    """Duration, size and MIME type of an MP3, M4A/MP4, Ogg or WAV file.

    Accepts a Django `File`/`UploadedFile` or any binary file-like object that can seek; the file
    position is restored. Raises `ValidationError` (codes ``unsupported_audio``, ``no_audio``) for
    anything mutagen cannot identify as one of those formats, and for a file with no positive duration.
    """
    name = _display_name(file)
    with _position_kept(file):
        try:
            file.seek(0)
            audio = mutagen.File(file, options=_AUDIO_LOADERS)
            size = _audio_size(file)
        except Exception as error:  # mutagen.MutagenError, or any parser failure on untrusted bytes
            raise _unsupported_audio(name) from error
        # An MP3 read from a couple of frame syncs found by chance in other data is "sketchy".
        if audio is None or audio.info is None or getattr(audio.info, "sketchy", False):
            raise _unsupported_audio(name)
        mime_type = next(mime for kind, mime in _AUDIO_TYPES if isinstance(audio, kind))
        duration = getattr(audio.info, "length", None)
        if not isinstance(duration, int | float) or not math.isfinite(duration) or duration <= 0:
            raise ValidationError(
                _("“%(name)s” contains no audio: its duration is zero or cannot be read."),
                code="no_audio",
                params={"name": name},
            )
        return AudioInfo(duration_seconds=float(duration), size_bytes=size, mime_type=mime_type)


def validate_audio_file(file: IO[bytes]) -> None:
    """Django validator: the upload is audio the site can publish (see `read_audio_info`)."""
    read_audio_info(file)


# --- Video ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VideoInfo:
    """What the container of a video file says: its format and, when it states one, its duration."""

    container: str
    """"MP4" (ISO base media: .mp4, .m4v) or "WebM"."""
    mime_type: str
    duration_seconds: float | None


VIDEO_HEADER_BYTES = 1024 * 1024
"""How much of a WebM file is read to find its tracks (they come before the first cluster)."""

_EBML_MAGIC = b"\x1a\x45\xdf\xa3"
_EBML_DOCTYPE = 0x4282
_EBML_SEGMENT = 0x18538067
_EBML_INFO = 0x1549A966
_EBML_TIMESTAMP_SCALE = 0x2AD7B1
_EBML_DURATION = 0x4489
_EBML_TRACKS = 0x1654AE6B
_EBML_TRACK_ENTRY = 0xAE
_EBML_TRACK_TYPE = 0x83
_EBML_CLUSTER = 0x1F43B675
_EBML_VIDEO_TRACK = 1


def _unsupported_video(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not a video file in a supported format (MP4, M4V or WebM)."),
        code="unsupported_video",
        params={"name": name},
    )


def _no_video_track(name: str) -> ValidationError:
    return ValidationError(_("“%(name)s” contains no video track."), code="no_video_track", params={"name": name})


def _ebml_number(data: bytes, position: int, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length number at `position`: (value, next position). Element ids keep their
    length marker; sizes drop it (an all-ones size means "unknown", returned as -1)."""
    first = data[position]
    length = 8 - first.bit_length() + 1
    if first == 0 or position + length > len(data):
        raise ValueError("not an EBML number")
    value = int.from_bytes(data[position : position + length], "big")
    if keep_marker:
        return value, position + length
    value &= (1 << (7 * length)) - 1
    return (-1 if value == (1 << (7 * length)) - 1 else value), position + length


def _ebml_children(data: bytes, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(element id, start of its data, end of its data) of the elements between `start` and `end`;
    an element of unknown size reaches `end`."""
    position = start
    while position < end:
        element, position = _ebml_number(data, position, keep_marker=True)
        size, position = _ebml_number(data, position, keep_marker=False)
        stop = end if size < 0 else position + size
        yield element, position, min(stop, end)
        position = stop


def _webm_info(data: bytes, name: str) -> VideoInfo:
    """A WebM file from its first bytes: the EBML header says "webm", and its segment's tracks, read
    before the first cluster, include a video track."""
    children = _ebml_children(data, 0, len(data))
    element, start, end = next(children)
    if element != int.from_bytes(_EBML_MAGIC, "big"):
        raise _unsupported_video(name)
    doctypes = [data[a:b].rstrip(b"\0") for kind, a, b in _ebml_children(data, start, end) if kind == _EBML_DOCTYPE]
    if doctypes != [b"webm"]:
        raise _unsupported_video(name)
    element, start, end = next(children)
    if element != _EBML_SEGMENT:
        raise _unsupported_video(name)
    scale, duration, has_video = 1_000_000, None, False
    for element, a, b in _ebml_children(data, start, end):
        if element == _EBML_CLUSTER:
            break
        if element == _EBML_INFO:
            for kind, c, d in _ebml_children(data, a, b):
                if kind == _EBML_TIMESTAMP_SCALE and 0 < d - c <= 8:
                    scale = int.from_bytes(data[c:d], "big")
                elif kind == _EBML_DURATION and d - c in (4, 8):
                    duration = struct.unpack(">f" if d - c == 4 else ">d", data[c:d])[0]
        elif element == _EBML_TRACKS:
            for kind, c, d in _ebml_children(data, a, b):
                if kind == _EBML_TRACK_ENTRY:
                    types = [data[e:f] for field, e, f in _ebml_children(data, c, d) if field == _EBML_TRACK_TYPE]
                    has_video = has_video or any(int.from_bytes(value, "big") == _EBML_VIDEO_TRACK for value in types)
    if not has_video:
        raise _no_video_track(name)
    seconds = duration * scale / 1e9 if duration is not None else None
    if seconds is not None and not (math.isfinite(seconds) and seconds > 0):
        seconds = None
    return VideoInfo(container="WebM", mime_type="video/webm", duration_seconds=seconds)


def _mp4_info(file: IO[bytes], name: str) -> VideoInfo:
    """An ISO base media file (MP4, M4V) read with mutagen: a ``moov`` box with a video track."""
    file.seek(0)
    atoms = Atoms(file)
    has_video = False
    for track in atoms[b"moov"].findall(b"trak"):
        ok, handler = track[b"mdia", b"hdlr"].read(file)
        has_video = has_video or (ok and handler[8:12] == b"vide")
    if not has_video:
        raise _no_video_track(name)
    file.seek(0)
    length = getattr(MP4(file).info, "length", None)
    seconds = float(length) if isinstance(length, int | float) and math.isfinite(length) and length > 0 else None
    return VideoInfo(container="MP4", mime_type="video/mp4", duration_seconds=seconds)


def read_video_info(file: IO[bytes]) -> VideoInfo:
    """Container and duration of an MP4/M4V or WebM video, read from the file itself.

    Accepts a Django `File`/`UploadedFile` or any binary file-like object that can seek; the file
    position is restored. Raises `ValidationError` (codes ``unsupported_video``, ``no_video_track``)
    for anything else, whatever its bytes.
    """
    name = _display_name(file)
    with _position_kept(file):
        try:
            file.seek(0)
            head = file.read(VIDEO_HEADER_BYTES)
            if not isinstance(head, bytes):
                raise _unsupported_video(name)
            if head[4:8] == b"ftyp":
                return _mp4_info(file, name)
            if head.startswith(_EBML_MAGIC):
                return _webm_info(head, name)
        except ValidationError:
            raise
        except Exception as error:  # mutagen.MutagenError, KeyError, a truncated header: untrusted bytes
            raise _unsupported_video(name) from error
    raise _unsupported_video(name)


def validate_video_file(file: IO[bytes]) -> None:
    """Django validator: the upload is a video the site can publish (see `read_video_info`)."""
    read_video_info(file)


# --- The media library's uploads ----------------------------------------------------------------

AUDIO_FORMATS = {
    "audio/mpeg": ("MP3", ("mp3",)),
    "audio/mp4": ("M4A", ("m4a", "mp4")),
    "audio/ogg": ("Ogg", ("ogg", "oga", "opus")),
    "audio/wav": ("WAV", ("wav",)),
}
"""By MIME type (`AudioInfo.mime_type`): the format's name, and the extensions it may be uploaded with
(browsers are told a file's type from its extension)."""
VIDEO_EXTENSIONS = {"MP4": ("mp4", "m4v"), "WebM": ("webm",)}


def _extension(file: Any) -> str:
    return os.path.splitext(_display_name(file))[1].lstrip(".").lower()


def _named_as(file: Any, file_format: str, extensions: tuple[str, ...]) -> None:
    if _extension(file) not in extensions:
        raise ValidationError(
            _("“%(name)s” is a %(format)s file: its name must end in %(extensions)s, or browsers will not play it."),
            code="extension_mismatch",
            params={
                "name": _display_name(file),
                "format": file_format,
                "extensions": ", ".join(f".{e}" for e in extensions),
            },
        )


def check_media_upload(file: IO[bytes], kind: str) -> float | None:
    """Check a file uploaded to the media library as `kind` ("audio", "video", anything else: either);
    return its duration in seconds when the file states one.

    Raises `ValidationError` when the file is not audio (or video) in a format the site publishes,
    or when its content does not match its extension.
    """
    if kind == "audio":
        info = read_audio_info(file)
        _named_as(file, *AUDIO_FORMATS[info.mime_type])
        return info.duration_seconds
    if kind == "video":
        video = read_video_info(file)
        _named_as(file, video.container, VIDEO_EXTENSIONS[video.container])
        return video.duration_seconds
    for candidate in ("audio", "video"):
        try:
            return check_media_upload(file, candidate)
        except ValidationError as error:
            if error.code == "extension_mismatch":
                raise
    raise ValidationError(
        _("“%(name)s” is neither audio nor video in a supported format (MP3, M4A, Ogg, WAV, MP4, M4V or WebM)."),
        code="unsupported_media",
        params={"name": _display_name(file)},
    )


# --- Durations ------------------------------------------------------------------------------------


def format_duration(seconds: float) -> str:
    """``HH:MM:SS`` for ``itunes:duration`` and players, rounded to the nearest second (95 → "00:01:35").

    Hours grow past two digits rather than wrap. Raises `ValueError` for a negative or non-finite value.
    """
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"Not a duration: {seconds!r}")
    total = math.floor(seconds + 0.5)
    hours, remainder = divmod(total, 3600)
    minutes, secs = divmod(remainder, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"
