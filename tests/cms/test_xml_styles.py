"""The XSL stylesheets that show feeds and sitemaps in a browser (cms/xml_styles.py), and who points at them.

The transformation itself runs in Chromium (tests/browser/test_accessibility.py); here: the
stylesheets are well-formed XSLT in the requested language, cost no query, and every sitemap
points at the stylesheet of its own language.
"""

import xml.etree.ElementTree as ET

import pytest

XSL = "{http://www.w3.org/1999/XSL/Transform}"


def _stylesheet(client, path: str, django_assert_max_num_queries) -> ET.Element:
    with django_assert_max_num_queries(0):
        response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xsl; charset=utf-8"
    assert "public" in response["Cache-Control"]
    return ET.fromstring(response.content)


def _html(stylesheet: ET.Element) -> ET.Element:
    root_template = stylesheet.find(f"{XSL}template[@match='/']")
    assert root_template is not None
    return root_template.find("html")


@pytest.mark.parametrize(("path", "language"), [("/feeds/style.xsl", "vi"), ("/en/feeds/style.xsl", "en")])
def test_feed_stylesheet_is_xslt_in_the_requested_language(client, db, path, language, django_assert_max_num_queries):
    stylesheet = _stylesheet(client, path, django_assert_max_num_queries)

    assert stylesheet.tag == f"{XSL}stylesheet"
    html = _html(stylesheet)
    assert html.get("lang") == language
    assert html.find("head/link[@rel='stylesheet']").get("href") == "/static/css/site.css"
    assert stylesheet.find(f"{XSL}output").get("method") == "html"
    text = ET.tostring(stylesheet, encoding="unicode")
    assert "{%" not in text and "{{" not in text
    # Both feed formats are handled: RSS items and Atom entries.
    assert {"item | atom:entry"} <= {template.get("match") for template in stylesheet.findall(f"{XSL}template")}


def test_ukrainian_feed_stylesheet_links_the_reader_address_field(client, db, django_assert_max_num_queries):
    stylesheet = _stylesheet(client, "/uk/feeds/style.xsl", django_assert_max_num_queries)

    html = _html(stylesheet)
    assert html.get("lang") == "uk"
    label = next(element for element in html.iter("label"))
    assert label.get("for") == "feed-address"
    assert html.find(".//input[@id='feed-address']").get("readonly") == "readonly"


@pytest.mark.parametrize(("path", "language", "home"), [("/sitemap.xsl", "vi", "/"), ("/uk/sitemap.xsl", "uk", "/uk/")])
def test_sitemap_stylesheet_is_xslt_in_the_requested_language(
    client, db, path, language, home, django_assert_max_num_queries
):
    stylesheet = _stylesheet(client, path, django_assert_max_num_queries)

    html = _html(stylesheet)
    assert html.get("lang") == language
    assert html.find("body/header/a").get("href") == home
    matches = {template.get("match") for template in stylesheet.findall(f"{XSL}template")}
    assert {"sm:sitemapindex", "sm:urlset"} <= matches
    # hreflang alternates are named in their own language.
    names = ET.tostring(stylesheet.find(f"{XSL}template[@name='language-name']"), encoding="unicode")
    assert "Tiếng Việt" in names and "English" in names and "Українська" in names


def test_stylesheets_refuse_other_methods(client, db):
    assert client.post("/feeds/style.xsl").status_code == 405
    assert client.post("/sitemap.xsl").status_code == 405


@pytest.mark.parametrize(
    ("path", "stylesheet"),
    [("/sitemap.xml", "/sitemap.xsl"), ("/sitemap-en.xml", "/en/sitemap.xsl"), ("/sitemap-uk.xml", "/uk/sitemap.xsl")],
)
def test_each_sitemap_points_at_the_stylesheet_of_its_language(client, home_pages, path, stylesheet):
    response = client.get(path)

    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("<?xml ")
    assert lines[1] == f'<?xml-stylesheet type="text/xsl" href="{stylesheet}"?>'
    ET.fromstring(response.content)  # still well-formed
