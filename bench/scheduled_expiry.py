"""Scheduled expiry and go-live end to end against a running server, with nobody running a command.

Run from the project root while `make serve` (or `make run`) serves the project's database, e.g. as
`.ci/run` does::

    .venv/bin/python bench/scheduled_expiry.py --base-url http://127.0.0.1:8766

1. Picks a live article through the API v2 that is on all five public surfaces: its page, the search
   API (its title, in its language), the latest Atom feed of its language, the sitemaps, and
   ``/api/v2/pages/<id>/``.
2. Publishes it again with ``expire_at`` ``--lead`` seconds ahead (default 5), as an editor does:
   a Wagtail revision published in this process, on the server's database (``DATABASE_URL``;
   ``DJANGO_SETTINGS_MODULE`` defaults to ``cms.settings.dev``).
3. Reads the five surfaces over HTTP every ``--poll`` seconds (default 2): it must still be
   everywhere before its expiry, and gone from every surface at most ``--within`` seconds
   (default 60) after it. Prints how long each surface took, counted from ``expire_at``.
4. Puts it back the same way, unless ``--no-restore``: a revision with ``go_live_at`` ``--lead``
   seconds ahead (scheduled, not live), which must be back on every surface within ``--within``
   seconds of that moment.

Only the scheduler that `make serve`/`make run` start (`manage.py run_scheduler`) can make either
happen. Exit status 0 when both held, 1 otherwise (PASS/FAIL lines say which).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURFACES = ("page", "search", "feed", "sitemap", "API v2")


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


class Surfaces:
    """Where one page is shown publicly, read over HTTP from the server at `base`."""

    def __init__(self, base: str, page_id: int, path: str, title: str, language: str) -> None:
        from django.urls import reverse
        from django.utils import translation

        self.base, self.page_id, self.path = base.rstrip("/"), page_id, path
        with translation.override(language):
            self.feed = reverse("feed_latest_atom")
        self.search = "/api/search/?" + urllib.parse.urlencode({"q": title, "locale": language})

    def _sitemaps(self) -> str:
        _status, index = _get(self.base + "/sitemap.xml")
        parts = re.findall(r"<loc>([^<]+)</loc>", index)
        return "".join(_get(self.base + urllib.parse.urlsplit(url).path)[1] for url in parts)

    def shown(self) -> dict[str, bool]:
        """Whether each surface shows the page now."""
        search_status, search_body = _get(self.base + self.search)
        search_urls = [hit["url"] for hit in json.loads(search_body)["results"]] if search_status == 200 else []
        feed = _get(self.base + self.feed)[1]
        return {
            "page": _get(self.base + self.path)[0] == 200,
            "search": any(urllib.parse.urlsplit(url).path == self.path for url in search_urls),
            "feed": f'{self.path}"' in feed or f"{self.path}<" in feed,  # <link href="…"> or <link>…</link>
            "sitemap": f"{self.path}</loc>" in self._sitemaps(),
            "API v2": _get(f"{self.base}/api/v2/pages/{self.page_id}/")[0] == 200,
        }


def _candidates(base: str) -> list[dict]:
    _status, body = _get(f"{base}/api/v2/pages/?type=articles.ArticlePage&fields=title,locale&limit=20")
    return json.loads(body)["items"]


def _pick(base: str) -> tuple[dict, Surfaces]:
    for item in _candidates(base):
        if not item["meta"]["html_url"]:
            continue
        path = urllib.parse.urlsplit(item["meta"]["html_url"]).path
        surfaces = Surfaces(base, item["id"], path, item["title"], item["meta"]["locale"])
        if all(surfaces.shown().values()):
            return item, surfaces
    raise SystemExit("FAIL  no live article is on all five surfaces to begin with (run `make setup` first?)")


def _schedule(page_id: int, *, expire_at: datetime.datetime | None, go_live_at: datetime.datetime | None) -> None:
    """Publish the page's current content again with these dates, as the editor's Publish button does."""
    from wagtail.models import Page

    page = Page.objects.get(pk=page_id).specific
    page.expire_at, page.go_live_at = expire_at, go_live_at
    page.save_revision(log_action=True).publish()


def _watch(surfaces: Surfaces, moment: datetime.datetime, *, want: bool, within: float, poll: float) -> dict:
    """Poll until every surface shows the page (`want`) or none does; seconds after `moment` for each."""
    from django.utils import timezone

    reached: dict[str, float] = {}
    early: list[str] = []
    deadline = moment + datetime.timedelta(seconds=within)
    while True:
        now = timezone.now()
        for surface, shown in surfaces.shown().items():
            if now < moment and shown == want:
                early.append(surface)
            if surface not in reached and shown == want and now >= moment:
                reached[surface] = (now - moment).total_seconds()
            elif surface in reached and shown != want:
                del reached[surface]  # flapped back: not done yet
        if len(reached) == len(SURFACES) or now > deadline:
            return {"reached": reached, "early": sorted(set(early))}
        time.sleep(poll)


def _report(what: str, outcome: dict, within: float) -> bool:
    reached, early = outcome["reached"], outcome["early"]
    for surface in SURFACES:
        seconds = reached.get(surface)
        print(f"  {surface:8} " + (f"not within {within:g} s" if seconds is None else f"{seconds:5.1f} s"))
    ok = len(reached) == len(SURFACES) and not early
    if early:
        print(f"  changed before its time on: {', '.join(early)}")
    slowest = max(reached.values(), default=float("nan"))
    print(f"{'PASS' if ok else 'FAIL'}  {what} on every surface {slowest:.1f} s after its time (target ≤ {within:g} s)")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--lead", type=float, default=5.0, help="seconds ahead for expire_at and go_live_at")
    parser.add_argument("--within", type=float, default=60.0, help="seconds allowed after that moment")
    parser.add_argument("--poll", type=float, default=2.0, help="seconds between two readings")
    parser.add_argument("--no-restore", action="store_true", help="leave the article expired")
    args = parser.parse_args()
    _django()
    from django.utils import timezone

    item, surfaces = _pick(args.base_url)
    print(f"Article {item['id']} ({item['meta']['locale']}) {surfaces.path}")

    moment = timezone.now() + datetime.timedelta(seconds=args.lead)
    _schedule(item["id"], expire_at=moment, go_live_at=None)
    print(f"expire_at set to {args.lead:g} s ahead; gone from:")
    gone = _watch(surfaces, moment, want=False, within=args.within, poll=args.poll)
    ok = _report("gone", gone, args.within)

    if not args.no_restore:
        moment = timezone.now() + datetime.timedelta(seconds=args.lead)
        _schedule(item["id"], expire_at=None, go_live_at=moment)
        print(f"go_live_at set to {args.lead:g} s ahead; back on:")
        back = _watch(surfaces, moment, want=True, within=args.within, poll=args.poll)
        ok = _report("back", back, args.within) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
