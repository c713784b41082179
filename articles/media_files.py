"""Uploaded media files: caption tracks and audio, checked before a page may use them.

This module owns what the site accepts as a media file and what it reads from one, with no model
imports so page models, forms and the demo loader can all use it:

- `validate_webvtt`, a Django validator for WebVTT caption tracks (parsed with webvtt-py). It is
  stricter than webvtt-py on its own, which silently drops cues with malformed timings: every line
  with ``-->`` must be a well-formed cue timing line, and every cue must end after it starts.
- `read_audio_info` and `validate_audio_file` for podcast episodes and audio clips (read with
  mutagen): MP3, M4A/MP4, Ogg and WAV only, with a positive duration. `AudioInfo` carries what a
  podcast feed's enclosure needs: duration, size and MIME type.
- `format_duration`, the ``HH:MM:SS`` form that ``itunes:duration`` and the players show.

Every validator restores the file position it found, and raises nothing but `ValidationError`
whatever bytes it is given: uploads are untrusted, and a parser error must never become a 500.
"""

import contextlib
import logging
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import mutagen
import webvtt
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.ogg import OggFileType
from mutagen.oggflac import OggFLAC
from mutagen.oggopus import OggOpus
from mutagen.oggspeex import OggSpeex
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE
from webvtt.errors import MalformedCaptionError, MalformedFileError

logger = logging.getLogger(__name__)

MAX_WEBVTT_BYTES = 1024 * 1024

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
    size = _known_size(file)
    if size is not None and size > MAX_WEBVTT_BYTES:
        raise _too_large(name)
    try:
        file.seek(0)
        data = file.read(MAX_WEBVTT_BYTES + 1)
    except (AttributeError, OSError, ValueError) as error:
        raise ValidationError(_("“%(name)s” could not be read."), code="unreadable", params={"name": name}) from error
    if isinstance(data, str):  # a text-mode file: check what it would be as an upload
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > MAX_WEBVTT_BYTES:
        raise _too_large(name)
    return bytes(data)


def _too_large(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is too large: a caption file may be at most %(limit)s."),
        code="file_too_large",
        params={"name": name, "limit": filesizeformat(MAX_WEBVTT_BYTES)},
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
    """Check every cue timing line, counting the cues.

    As WebVTT reads a file, any line with ``-->`` after the header is the timing line of a cue, so a
    malformed one loses the cue; webvtt-py drops such cues without a word, which is why they are
    looked for here, numbered as an editor counts them. A line that starts with a time and has some
    other arrow counts as a malformed timing line too.
    """
    cues = 0
    for line in lines[1:]:
        if "-->" not in line and not _TIMING_ATTEMPT.match(line):
            continue
        cues += 1
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
    ``malformed_cue_timing``, ``invalid_webvtt``, ``no_cues``, ``cue_ends_before_start``) and
    nothing else; the file position is restored either way.
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
        for number, caption in enumerate(captions, start=1):
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
