"""Sitemaps: one per language, every live public page once with its hreflang alternates; robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Page, PageViewRestriction

from locales.translating import translate_object

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _page(parent: Page, title: str, slug: str, *, publish: bool = True) -> Page:
    page = Page(title=title, slug=slug, live=False)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return Page.objects.get(pk=page.pk)


@pytest.fixture
def site(home_pages, locales) -> dict:
    """A translated news page, plus every kind of page that must never be listed."""
    news = _page(home_pages["vi"], "Tin tức", "tin-tuc")
    for code in ("en", "uk"):
        translate_object(news, locales[code], {"Tin tức": f"News {code}", "tin-tuc": f"news-{code}"})
    _page(home_pages["vi"], "Bản nháp", "ban-nhap", publish=False)
    gone = _page(home_pages["vi"], "Đã gỡ", "da-go")
    gone.unpublish()
    private = _page(home_pages["vi"], "Nội bộ", "noi-bo")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    _page(private, "Trang con nội bộ", "trang-con")
    return {"news": news}


def _urls(client, path: str) -> dict[str, dict[str, str]]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        for url in root.findall("s:url", NS)
    }


def test_index_lists_one_sitemap_per_language(client, site):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]
    assert locations == [f"http://testserver/sitemap-{code}.xml" for code in ("vi", "en", "uk")]


def test_each_page_once_with_its_translations_and_x_default(client, site):
    vi = _urls(client, "/sitemap-vi.xml")
    uk = _urls(client, "/sitemap-uk.xml")
    news = "http://testserver/tin-tuc/"
    assert news in vi
    assert vi[news] == {
        "vi": news,
        "en": "http://testserver/en/news-en/",
        "uk": "http://testserver/uk/news-uk/",
        "x-default": news,
    }
    assert uk["http://testserver/uk/news-uk/"]["x-default"] == news
    assert "http://testserver/" in vi and "http://testserver/uk/" in uk  # the home pages


def test_drafts_unpublished_and_restricted_pages_are_never_listed(client, site):
    everything = " ".join(str(_urls(client, f"/sitemap-{code}.xml")) for code in ("vi", "en", "uk"))
    for slug in ("ban-nhap", "da-go", "noi-bo", "trang-con"):
        assert slug not in everything


def test_an_unknown_language_or_part_is_not_found(client, site):
    assert client.get("/sitemap-fr.xml").status_code == 404
    assert client.get("/sitemap-vi-7.xml").status_code == 404


@pytest.mark.parametrize("part", ["3", "9223372036854775807", "9223372036854775808", "9" * 40, "1" * 5000])
def test_a_part_past_the_last_is_not_found_however_large(client, site, part):
    """The part number once became an SQL offset: 9223372036854775807 was a 500."""
    assert client.get(f"/sitemap-vi-{part}.xml").status_code == 404


def test_pages_past_the_first_part_are_in_numbered_parts(client, site, monkeypatch):
    from locales import sitemaps

    monkeypatch.setattr(sitemaps, "URLS_PER_SITEMAP", 1)  # two Vietnamese pages: the home and the news page
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]
    assert locations[:2] == ["http://testserver/sitemap-vi.xml", "http://testserver/sitemap-vi-2.xml"]
    assert list(_urls(client, "/sitemap-vi.xml")) == ["http://testserver/"]
    assert list(_urls(client, "/sitemap-vi-2.xml")) == ["http://testserver/tin-tuc/"]
    assert client.get("/sitemap-vi-3.xml").status_code == 404


def test_sitemap_costs_the_same_queries_for_more_pages(client, site, home_pages, django_assert_max_num_queries):
    client.get("/sitemap-vi.xml")  # site root paths are cached from here on
    with django_assert_max_num_queries(SITEMAP_QUERIES):
        client.get("/sitemap-vi.xml")
    for n in range(20):
        _page(home_pages["vi"], f"Trang {n}", f"trang-{n}")
    with django_assert_max_num_queries(SITEMAP_QUERIES):
        assert len(_urls(client, "/sitemap-vi.xml")) > 20


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, site):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


SITEMAP_QUERIES = 5


def test_sitemaps_point_to_the_stylesheet_in_their_own_language(client, site):
    assert b'<?xml-stylesheet type="text/xsl" href="/sitemap.xsl"?>' in client.get("/sitemap.xml").content
    assert b'href="/en/sitemap.xsl"' in client.get("/sitemap-en.xml").content


@pytest.mark.urls("tests.locales.urls_without_stylesheet")
def test_a_site_without_the_stylesheet_gets_plain_sitemaps(client, site):
    for url in ("/sitemap.xml", "/sitemap-en.xml"):
        response = client.get(url)
        assert response.status_code == 200
        assert b"xml-stylesheet" not in response.content
        ET.fromstring(response.content)
