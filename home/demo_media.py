"""Demo media files made on the spot, so the demo loader never downloads anything.

Each generator returns a `ContentFile` with a sensible ``.name``, ready for a Wagtail image,
document or media field:

- `make_image` / `make_jpeg_poster`: an infographic-like picture (coloured background, bars and
  circles, title and subtitle) as PNG, or as JPEG for video posters;
- `make_mp3`: a real MP3 of a given length, a quiet sequence of soft tones (lameenc);
- `make_mp4`: a real video clip, one title card per scene drawn like the pictures, a progress bar
  and the same soft tones, encoded by Debian's ffmpeg (H.264 baseline and AAC in MP4, faststart);
- `make_webvtt`: a WebVTT caption track (webvtt-py);
- `make_pdf`: text pages rendered onto A4-proportioned images and saved as PDF (Pillow, no new
  dependency; the text is a picture, not selectable).

Vietnamese and Ukrainian text needs a font with their glyphs: DejaVu Sans is used when installed.
Without it Pillow's own font is used, and text it cannot draw is simplified rather than failing.
"""

import array
import functools
import io
import math
import random
import shutil
import subprocess
import tempfile
import unicodedata
import wave
from collections.abc import Sequence
from pathlib import Path

import lameenc
import webvtt
from django.core.files.base import ContentFile
from PIL import Image, ImageColor, ImageDraw, ImageFont
from webvtt.models import Timestamp

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

# --- Fonts and text ---------------------------------------------------------------------------------


@functools.cache
def _font(size: int, *, bold: bool = False) -> Font:
    """DejaVu Sans when installed (it has Vietnamese and Cyrillic glyphs), else Pillow's default font."""
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    try:
        return ImageFont.truetype(str(path), size)
    except (OSError, ImportError):
        pass
    try:
        return ImageFont.load_default(size=size)
    except (OSError, ImportError, TypeError):
        return ImageFont.load_default()


def _drawable(text: str, font: Font) -> str:
    """The text as the font can draw it: Pillow's bitmap fallback font only knows Latin-1."""
    if isinstance(font, ImageFont.FreeTypeFont):
        return text
    folded = "".join(
        char
        for char in unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
        if not unicodedata.combining(char)
    )
    return folded.encode("latin-1", "replace").decode("latin-1")


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> list[str]:
    """Greedy word wrap to a pixel width; a word wider than the width gets a line of its own."""
    lines: list[str] = []
    for paragraph_line in _drawable(text, font).splitlines() or [""]:
        line = ""
        for word in paragraph_line.split():
            candidate = f"{line} {word}" if line else word
            if line and draw.textlength(candidate, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _fit(
    draw: ImageDraw.ImageDraw, text: str, size: int, width: int, max_lines: int, *, bold: bool = False
) -> tuple[Font, list[str]]:
    """The largest font, from `size` down to half of it, that wraps the text in `max_lines` lines.

    Text that is still too long loses its last words to an ellipsis.
    """
    for candidate in range(size, max(8, size // 2) - 1, -max(1, size // 12)):
        font = _font(candidate, bold=bold)
        lines = _wrap(draw, text, font, width)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and draw.textlength(last + " …", font=font) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = f"{last} …" if last else "…"
    return font, lines


def _line_height(font: Font) -> int:
    _left, top, _right, bottom = font.getbbox("ÀÝgjĐẫỹЙ" if isinstance(font, ImageFont.FreeTypeFont) else "Agj")
    return max(bottom - top, getattr(font, "size", 10))


def _mix(colour: tuple[int, int, int], other: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    red, green, blue = (round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))
    return red, green, blue


# --- Pictures ---------------------------------------------------------------------------------------


def _picture(title: str, subtitle: str, size: tuple[int, int], colour: str) -> Image.Image:
    """An infographic-like poster: background, a bar chart and circles on the right, text on the left."""
    width, height = size
    background = ImageColor.getrgb(colour)[:3]
    luminance = 0.2126 * background[0] + 0.7152 * background[1] + 0.0722 * background[2]
    ink = (255, 255, 255) if luminance < 150 else (20, 20, 20)
    light = _mix(background, (255, 255, 255), 0.35)
    dark = _mix(background, (0, 0, 0), 0.3)
    rng = random.Random(f"{title}\n{subtitle}")  # the same title always draws the same picture

    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    unit = min(width, height)

    # A darker band along the bottom and a few circles, some only partly in the picture.
    draw.rectangle((0, round(height * 0.86), width, height), fill=dark)
    for _ in range(3):
        radius = round(unit * rng.uniform(0.08, 0.22))
        cx = round(width * rng.uniform(0.55, 1.0))
        cy = round(height * rng.uniform(0.0, 0.4))
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=light, width=max(2, unit // 120))

    # A bar chart on the right: the "infographic".
    chart_left, chart_right = round(width * 0.62), round(width * 0.94)
    chart_bottom = round(height * 0.8)
    chart_top = round(height * 0.3)
    bars = 5
    slot = (chart_right - chart_left) / bars
    for index in range(bars):
        bar_height = (chart_bottom - chart_top) * rng.uniform(0.3, 1.0)
        x0 = round(chart_left + index * slot + slot * 0.15)
        x1 = round(chart_left + (index + 1) * slot - slot * 0.15)
        draw.rectangle((x0, round(chart_bottom - bar_height), x1, chart_bottom), fill=light if index % 2 else ink)
    draw.line((chart_left, chart_bottom, chart_right, chart_bottom), fill=ink, width=max(2, unit // 200))

    # Title and subtitle on the left.
    margin = round(width * 0.06)
    text_width = round(width * 0.52)
    title_font, title_lines = _fit(draw, title, max(12, unit // 11), text_width, 4, bold=True)
    subtitle_font, subtitle_lines = _fit(draw, subtitle, max(10, unit // 22), text_width, 3)
    y = round(height * 0.14)
    for line in title_lines:
        draw.text((margin, y), line, font=title_font, fill=ink)
        y += round(_line_height(title_font) * 1.2)
    if subtitle:
        y += round(_line_height(subtitle_font) * 0.6)
        for line in subtitle_lines:
            draw.text((margin, y), line, font=subtitle_font, fill=ink)
            y += round(_line_height(subtitle_font) * 1.3)
    return image


def _save(image: Image.Image, image_format: str, name: str, **options) -> ContentFile:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return ContentFile(buffer.getvalue(), name=name)


def make_image(
    title: str,
    subtitle: str = "",
    *,
    size: tuple[int, int] = (1200, 675),
    colour: str = "#b3261e",
    name: str = "image.png",
) -> ContentFile:
    """A PNG infographic/poster-like picture with the title and subtitle; any Pillow colour string."""
    return _save(_picture(title, subtitle, size, colour), "PNG", name, optimize=True)


def make_jpeg_poster(
    title: str,
    subtitle: str = "",
    *,
    size: tuple[int, int] = (1280, 720),
    colour: str = "#b3261e",
    name: str = "poster.jpg",
) -> ContentFile:
    """The `make_image` picture as a JPEG, for video posters."""
    return _save(_picture(title, subtitle, size, colour), "JPEG", name, quality=88)


# --- Audio ------------------------------------------------------------------------------------------

_SAMPLE_RATE = 22050
_BIT_RATE_KBPS = 64
_AMPLITUDE = 0.12 * 32767  # quiet
_FADE_SECONDS = 0.03


@functools.cache
def _tone_block(frequency: float) -> array.array:
    """One second of sound: a soft 0.8 s tone faded in and out, then 0.2 s of silence."""
    tone = round(_SAMPLE_RATE * 0.8)
    fade = round(_SAMPLE_RATE * _FADE_SECONDS)
    samples = array.array("h", bytes(2 * _SAMPLE_RATE))
    for i in range(tone):
        envelope = min(1.0, i / fade, (tone - 1 - i) / fade)
        samples[i] = round(_AMPLITUDE * envelope * math.sin(2 * math.pi * frequency * i / _SAMPLE_RATE))
    return samples


def _tones(seconds: float, frequency: float) -> array.array:
    """`seconds` of 16-bit mono samples: a gentle four-note tone sequence starting at `frequency`."""
    if not (math.isfinite(seconds) and seconds > 0):
        raise ValueError(f"A sound needs a positive length, not {seconds!r}")
    if not (math.isfinite(frequency) and 0 < frequency < _SAMPLE_RATE / 2):
        raise ValueError(f"Not an audible frequency at {_SAMPLE_RATE} Hz: {frequency!r}")
    blocks = [_tone_block(frequency * ratio) for ratio in (1, 5 / 4, 3 / 2, 5 / 4)]
    total = round(seconds * _SAMPLE_RATE)
    pcm = array.array("h")
    for index in range(math.ceil(total / _SAMPLE_RATE)):
        pcm.extend(blocks[index % len(blocks)])
    del pcm[total:]
    return pcm


def make_mp3(seconds: float, *, name: str = "episode.mp3", frequency: float = 440) -> ContentFile:
    """A real MP3 (mono, 22050 Hz, 64 kbit/s CBR) lasting `seconds`: a gentle four-note tone sequence.

    The length mutagen reads is within a few tens of milliseconds of `seconds` (the encoder pads the
    last frame). Raises `ValueError` unless `seconds` and `frequency` are positive and finite.
    """
    pcm = _tones(seconds, frequency)
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(_BIT_RATE_KBPS)
    encoder.set_in_sample_rate(_SAMPLE_RATE)
    encoder.set_out_sample_rate(_SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(2)
    encoder.silence()
    data = encoder.encode(pcm.tobytes()) + encoder.flush()
    return ContentFile(bytes(data), name=name)


# --- Video ------------------------------------------------------------------------------------------

FFMPEG = "/usr/bin/ffmpeg"
"""Debian's ffmpeg (package ``ffmpeg``), which encodes the demo video clips."""

_VIDEO_FPS = 24
_FADE = 0.4  # seconds of fade in and out of each title card
_BAR_HEIGHT = 6


class FFmpegMissingError(RuntimeError):
    """Raised when the ffmpeg program that encodes the demo video is not installed."""


def _ffmpeg() -> str:
    """The ffmpeg program: Debian's, else one on the PATH; a clear error naming the package if none."""
    program = FFMPEG if Path(FFMPEG).is_file() else shutil.which("ffmpeg")
    if program is None:
        raise FFmpegMissingError(
            "The demo video clip is encoded with ffmpeg, which is not installed: "
            "install Debian's package with `sudo apt-get install ffmpeg` (or `make system-deps`)."
        )
    return program


def _write_wav(path: Path, pcm: array.array) -> None:
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(_SAMPLE_RATE)
        sound.writeframes(pcm.tobytes())


def make_mp4(
    scenes: Sequence[tuple[str, str]],
    *,
    seconds_per_scene: float = 5,
    size: tuple[int, int] = (640, 360),
    colour: str = "#b3261e",
    frequency: float = 440,
    name: str = "clip.mp4",
) -> ContentFile:
    """A real MP4 video clip: one title card per ``(title, subtitle)`` scene, each faded in and out
    and shown for `seconds_per_scene`, a progress bar along the bottom, and soft tones as sound.

    H.264 (constrained baseline, yuv420p) and mono AAC, ``moov`` first (``+faststart``) so a browser
    can start playing before the whole file is in; bit-exact, so the same scenes give the same bytes.
    A 15-second 640×360 clip is about 400 kB and takes a few seconds to encode. Raises `ValueError`
    for no scenes, a non-positive scene length or an odd size (H.264 needs even dimensions), and
    `FFmpegMissingError` when ffmpeg is not installed.
    """
    if not scenes:
        raise ValueError("A video needs at least one scene.")
    if not (math.isfinite(seconds_per_scene) and seconds_per_scene > 2 * _FADE):
        raise ValueError(f"A scene must last more than {2 * _FADE} s, not {seconds_per_scene!r}")
    width, height = size
    if width <= 0 or height <= 0 or width % 2 or height % 2:
        raise ValueError(f"A video needs a positive, even width and height, not {size!r}")
    program = _ffmpeg()
    total = seconds_per_scene * len(scenes)
    with tempfile.TemporaryDirectory(prefix="demo-video-") as folder:
        work = Path(folder)
        command = [program, "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
        for index, (title, subtitle) in enumerate(scenes):
            card = work / f"scene-{index}.png"
            _picture(title, subtitle, size, colour).save(card)
            command += ["-loop", "1", "-framerate", str(_VIDEO_FPS), "-t", f"{seconds_per_scene:g}", "-i", str(card)]
        sound = work / "sound.wav"
        _write_wav(sound, _tones(total, frequency))
        command += ["-i", str(sound)]

        fade_out = seconds_per_scene - _FADE
        filters = [
            f"[{index}:v]fade=t=in:st=0:d={_FADE},fade=t=out:st={fade_out:g}:d={_FADE}[v{index}]"
            for index in range(len(scenes))
        ]
        filters.append("".join(f"[v{index}]" for index in range(len(scenes))) + f"concat=n={len(scenes)}:v=1:a=0[c]")
        filters.append(f"color=c=white:s={width}x{_BAR_HEIGHT}:r={_VIDEO_FPS}:d={total:g}[bar]")
        filters.append(f"[c][bar]overlay=x='-W+W*t/{total:g}':y=H-{_BAR_HEIGHT}:eval=frame,format=yuv420p[v]")
        output = work / "clip.mp4"
        command += [
            "-filter_complex", ";".join(filters),
            "-map", "[v]", "-map", f"{len(scenes)}:a",
            "-c:v", "libx264", "-profile:v", "baseline", "-level", "3.0", "-preset", "medium",
            "-tune", "stillimage", "-crf", "28", "-g", str(2 * _VIDEO_FPS),
            "-c:a", "aac", "-b:a", "48k", "-ac", "1", "-ar", str(_SAMPLE_RATE),
            "-t", f"{total:g}", "-movflags", "+faststart", "-map_metadata", "-1",
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-threads", "2",
            str(output),
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
        return ContentFile(output.read_bytes(), name=name)


# --- Captions ---------------------------------------------------------------------------------------


def make_webvtt(cues: Sequence[tuple[float, float, str]], *, name: str = "captions.vtt") -> ContentFile:
    """A UTF-8 WebVTT caption track from ``(start seconds, end seconds, text)`` cues.

    Raises `ValueError` for a cue that does not end after it starts, or whose text has an empty
    line or "-->" (which would end the cue early when read back).
    """
    captions = []
    for start, end, text in cues:
        if not 0 <= start < end:
            raise ValueError(f"A cue must end after it starts, at or after 0: {start!r} --> {end!r}")
        captions.append(
            webvtt.Caption(start=str(Timestamp.from_seconds(start)), end=str(Timestamp.from_seconds(end)), text=text)
        )
    return ContentFile(webvtt.WebVTT(captions=captions).content.encode("utf-8"), name=name)


# --- Documents --------------------------------------------------------------------------------------

_PDF_DPI = 150
_A4_PIXELS = (round(210 / 25.4 * _PDF_DPI), round(297 / 25.4 * _PDF_DPI))  # 1240 × 1754


def make_pdf(title: str, paragraphs: Sequence[str], *, name: str = "document.pdf") -> ContentFile:
    """A PDF of A4 pages: the title in bold, then the paragraphs, wrapped, on as many pages as needed."""
    width, height = _A4_PIXELS
    margin = round(width * 0.1)
    text_width = width - 2 * margin
    title_font, body_font = _font(44, bold=True), _font(26)
    pages: list[Image.Image] = []

    def new_page() -> ImageDraw.ImageDraw:
        pages.append(Image.new("L", _A4_PIXELS, 255))  # greyscale: text only, smaller file
        return ImageDraw.Draw(pages[-1])

    draw = new_page()
    y = margin
    for line in _wrap(draw, title, title_font, text_width):
        draw.text((margin, y), line, font=title_font, fill=20)
        y += round(_line_height(title_font) * 1.3)
    y += round(_line_height(body_font) * 1.2)
    body_step = round(_line_height(body_font) * 1.45)
    for paragraph in paragraphs:
        for line in _wrap(draw, paragraph, body_font, text_width):
            if y + body_step > height - margin:
                draw = new_page()
                y = margin
            draw.text((margin, y), line, font=body_font, fill=20)
            y += body_step
        y += round(body_step * 0.6)

    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", resolution=_PDF_DPI, save_all=True, append_images=pages[1:], title=title)
    return ContentFile(buffer.getvalue(), name=name)
