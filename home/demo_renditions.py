"""Every live page of the demo drawn once at set-up, so the image renditions its templates ask for exist.

The first drawing of a page makes its renditions — the home page's cards alone ask for about 80
(three widths × AVIF, WebP and JPEG), some 20 s on a busy two-core machine, close to gunicorn's
worker timeout. A site in use has long made them; a freshly loaded demo has not, so `make setup`
runs `manage.py draw_pages` after `load_demo`: every live, public page drawn once through Django's
test client in that process (no server needed), and the first visitor of `make run` or `make serve`
gets the page at once. `bench/live_site.py` does the same for the sites it builds.
"""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from wagtail.models import Page, Site


def draw_every_live_page() -> tuple[int, int]:
    """Draw each live, public page once; returns (pages drawn, pages that did not answer 200)."""
    site = Site.objects.filter(is_default_site=True).first()
    host = site.hostname if site is not None else "localhost"
    if "*" not in settings.ALLOWED_HOSTS and host not in settings.ALLOWED_HOSTS:
        host = next((name for name in settings.ALLOWED_HOSTS if not name.startswith(".")), host)
    client = Client(HTTP_HOST=host, raise_request_exception=False)
    drawn = failed = 0
    for page in Page.objects.live().public().filter(depth__gt=1).specific().iterator():
        url = page.get_url()
        if not url:
            continue
        drawn += 1
        if client.get(url).status_code != 200:
            failed += 1
    return drawn, failed
