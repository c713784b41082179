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
    assert html.find("body/header/div/a").get("href") == home  # in the frame's header band
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


FEED_WORDS = [
    "Back to the website",
    "This is a feed",
    "Address of this feed",
    "Latest items",
    "This feed has no items yet.",
]
SITEMAP_WORDS = [
    "Back to the website",
    "This is a sitemap",
    "Sitemaps of this website",
    "Last changed",
    "Other languages",
]


@pytest.mark.parametrize(
    ("path", "words", "expected"),
    [
        ("/uk/feeds/style.xsl", FEED_WORDS, ["Повернутися на вебсайт", "Це стрічка новин", "Найновіші матеріали"]),
        ("/feeds/style.xsl", FEED_WORDS, ["Quay lại trang web", "Đây là một nguồn tin (feed)", "Mục mới nhất"]),
        ("/uk/sitemap.xsl", SITEMAP_WORDS, ["Повернутися на вебсайт", "Це карта сайту", "Інші мови"]),
        ("/sitemap.xsl", SITEMAP_WORDS, ["Quay lại trang web", "Đây là sơ đồ trang", "Ngôn ngữ khác"]),
    ],
)
def test_every_visible_string_of_a_stylesheet_is_in_its_language(
    client, db, path, words, expected, django_assert_max_num_queries
):
    text = ET.tostring(_stylesheet(client, path, django_assert_max_num_queries), encoding="unicode")

    assert [word for word in words if word in text] == []
    assert all(word in text for word in expected)


def test_feed_stylesheet_shows_the_feeds_human_date_and_unescapes_descriptions_once(
    client, db, django_assert_max_num_queries
):
    from articles.syndication import HUMAN_DATE_NAMESPACE

    stylesheet = _stylesheet(client, "/uk/feeds/style.xsl", django_assert_max_num_queries)
    entry = ET.tostring(stylesheet.find(f"{XSL}template[@match='item | atom:entry']"), encoding="unicode")

    # The date as written in the feed's language (articles.syndication.HumanDates), in a <time>.
    assert f'xmlns:site="{HUMAN_DATE_NAMESPACE}"' in client.get("/uk/feeds/style.xsl").content.decode()
    assert 'test="site:date"' in entry and "{site:date/@datetime}" in entry
    # Descriptions are HTML-escaped text: turned back into text by a named template, never output as markup.
    assert "html-text" in entry
    unescape = stylesheet.find(f"{XSL}template[@name='html-text']")
    assert unescape is not None
    assert not [node for node in stylesheet.iter() if node.get("disable-output-escaping")]
