"""Embedded video clips: from the address an editor stores to the privacy-friendly player's address.

A clip's `embed_url` is whatever address the editor pasted (a YouTube watch page, a short youtu.be
link, a Vimeo page…). The page never frames that address: it shows a poster and a "Play" link to it,
and a small script of ours (`articles/static/articles/js/video-embed.js`) inserts the player only
when the visitor asks. The player's address is built here, in Python, from an allow-list of hosts:

- YouTube (``youtube.com``, ``www.``/``m.``/``music.``, ``youtu.be``, ``youtube-nocookie.com``) →
  ``https://www.youtube-nocookie.com/embed/<id>`` (no cookies until the visitor plays);
- Vimeo (``vimeo.com``, ``player.vimeo.com``) → ``https://player.vimeo.com/video/<id>?dnt=1``
  (Do Not Track: no cookies, no session data), with the hash of an unlisted video kept.

Anything else (another host, a malformed id) gives None: the page then offers only the link.
`PLAYER_ORIGINS` is every origin a page may frame, and `player_origin()` the one a given player
needs in its page's CSP ``frame-src``. Nothing here knows page types or the CSP.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

YOUTUBE_PLAYER = "https://www.youtube-nocookie.com"
VIMEO_PLAYER = "https://player.vimeo.com"
PLAYER_ORIGINS: tuple[str, ...] = (YOUTUBE_PLAYER, VIMEO_PLAYER)
"""Every origin a clip's player may come from: the only hosts a page may frame."""
PROVIDERS = {YOUTUBE_PLAYER: "YouTube", VIMEO_PLAYER: "Vimeo"}
"""The service behind each player origin, named to the visitor before the player loads."""

_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"})
_YOUTUBE_NOCOOKIE_HOSTS = frozenset({"youtube-nocookie.com", "www.youtube-nocookie.com"})
_VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"})
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_VIMEO_ID = re.compile(r"[0-9]{1,12}")
_VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")


def _youtube_id(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    parts = [part for part in path.split("/") if part]
    if host == "youtu.be":
        candidate = parts[0] if parts else ""
    elif host in _YOUTUBE_HOSTS and parts == ["watch"]:
        candidate = (query.get("v") or [""])[0]
    elif (host in _YOUTUBE_HOSTS or host in _YOUTUBE_NOCOOKIE_HOSTS) and len(parts) == 2:
        candidate = parts[1] if parts[0] in ("embed", "shorts", "live", "v") else ""
    else:
        candidate = ""
    return candidate if _YOUTUBE_ID.fullmatch(candidate) else None


def _vimeo_player(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    parts = [part for part in path.split("/") if part]
    if host == "player.vimeo.com":
        parts = parts[1:] if parts[:1] == ["video"] else []
    if not parts or not _VIMEO_ID.fullmatch(parts[0]) or len(parts) > 2:
        return None
    parameters = {}
    unlisted = parts[1] if len(parts) == 2 else (query.get("h") or [""])[0]
    if unlisted:
        if not _VIMEO_HASH.fullmatch(unlisted):
            return None
        parameters["h"] = unlisted
    parameters["dnt"] = "1"
    return f"{VIMEO_PLAYER}/video/{parts[0]}?{urlencode(parameters)}"


def player_url(address: str) -> str | None:
    """The privacy-friendly player address for a YouTube or Vimeo clip address, else None.

    Only ``http``/``https`` addresses on the allow-listed hosts with a well-formed clip id qualify;
    the result always starts with one of `PLAYER_ORIGINS` and carries no parameter of the input
    except Vimeo's unlisted hash.
    """
    if not isinstance(address, str) or len(address) > 2048:
        return None
    try:
        parts = urlsplit(address.strip())
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or port not in (None, 80, 443) or parts.username or parts.password:
        return None
    query = parse_qs(parts.query)
    if host == "youtu.be" or host in _YOUTUBE_HOSTS or host in _YOUTUBE_NOCOOKIE_HOSTS:
        video = _youtube_id(host, parts.path, query)
        return f"{YOUTUBE_PLAYER}/embed/{video}" if video else None
    if host in _VIMEO_HOSTS:
        return _vimeo_player(host, parts.path, query)
    return None


def player_origin(player: str) -> str | None:
    """The origin (one of `PLAYER_ORIGINS`) of a player address `player_url()` gave, else None:
    what a page showing that player must allow in its CSP's ``frame-src``."""
    return next((origin for origin in PLAYER_ORIGINS if player.startswith(f"{origin}/")), None)


def provider(player: str) -> str | None:
    """The name of the service ("YouTube", "Vimeo") a player address `player_url()` gave comes from."""
    origin = player_origin(player)
    return PROVIDERS.get(origin) if origin else None
