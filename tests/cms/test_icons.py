"""The site's icons: /favicon.ico answers, the web app manifest speaks each language, pages link both."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import Image

from cms.icons import short_name


def _static_image(url: str) -> Image.Image | None:
    """The static file a URL names, opened (the test server does not serve static files)."""
    assert url.startswith(settings.STATIC_URL), url
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    return Image.open(path) if path and not path.endswith(".svg") else path


def test_favicon_is_an_ico_with_small_sizes(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "public" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])


def test_favicon_refuses_other_methods(client, db):
    assert client.post("/favicon.ico").status_code == 405


@pytest.mark.parametrize(
    ("path", "language", "start"),
    [
        ("/manifest.webmanifest", "vi", "/"),
        ("/en/manifest.webmanifest", "en", "/en/"),
        ("/uk/manifest.webmanifest", "uk", "/uk/"),
    ],
)
def test_manifest_is_in_the_language_of_its_prefix(client, home_pages, path, language, start):
    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["lang"] == language
    assert manifest["start_url"] == start
    assert manifest["name"] and manifest["short_name"]
    assert len(manifest["short_name"]) <= 30
    assert manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in manifest["icons"]:
        image = _static_image(icon["src"])
        assert image is not None, icon["src"]
        if icon["sizes"] != "any":
            assert "x".join(map(str, image.size)) == icon["sizes"]


def test_manifest_names_differ_per_language(client, home_pages):
    names = {
        json.loads(client.get(path).content)["name"] for path in ("/manifest.webmanifest", "/uk/manifest.webmanifest")
    }
    assert len(names) == 2


@pytest.mark.parametrize("path", ["/", "/en/", "/uk/search/"])
def test_every_page_links_its_icons_and_its_manifest(client, home_pages, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")

    head = soup.head
    assert head.select_one('link[rel="icon"][type="image/svg+xml"]') is not None
    assert head.select_one('link[rel="icon"][type="image/png"][sizes="192x192"]') is not None
    assert head.select_one('link[rel="apple-touch-icon"]') is not None
    manifest = head.select_one('link[rel="manifest"]')["href"]
    prefix = path.split("/")[1]
    assert manifest == ("/manifest.webmanifest" if prefix in ("", "search") else f"/{prefix}/manifest.webmanifest")
    assert head.select_one('link[rel="icon"][href="/favicon.ico"]') is not None
    for link in head.select('link[rel="icon"]:not([href="/favicon.ico"]), link[rel="apple-touch-icon"]'):
        assert _static_image(link["href"]) is not None, link["href"]
    assert _static_image(head.select_one('link[rel="apple-touch-icon"]')["href"]).size == (180, 180)


def test_short_name_keeps_whole_words():
    assert short_name("Chuyển đổi số — Văn bản và truyền thông") == "Chuyển đổi số"
    assert short_name("Відділ пропаганди та роботи з населенням") == "Відділ пропаганди та роботи"
    assert short_name("Site") == "Site"
