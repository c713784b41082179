"""Share links on content pages: plain links to Facebook, Zalo, X and e-mail built from the canonical
URL, a "Copy link" button for share.js, names in the page's language, no third-party script."""

from collections.abc import Iterator
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from wagtail.models import Page

from home.demo import ensure_home_pages
from tests.articles.test_media_pages import _build_site

CONTENT = ["directive", "infographic", "podcast_episode", "video", "article"]
NOT_CONTENT = ["home", "directive_index", "infographic_index", "podcast_show", "article_index", "theme"]
LABELS = {
    "vi": ("Chia sẻ lên Facebook", "Sao chép liên kết"),
    "en": ("Share on Facebook", "Copy link"),
    "uk": ("Поділитися у Facebook", "Копіювати посилання"),
}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict[str, Page]]:
    with django_db_blocker.unblock(), transaction.atomic():
        pages = _build_site()
        yield {"home": ensure_home_pages()["vi"], **pages}
        transaction.set_rollback(True)


def _soup(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def _links(soup: BeautifulSoup) -> dict[str, dict]:
    return {
        a["class"][1].removeprefix("share-links__link--"): a for a in soup.select(".share-links a.share-links__link")
    }


@pytest.mark.parametrize("language", ["vi", "en", "uk"])
@pytest.mark.parametrize("kind", CONTENT)
def test_content_pages_offer_share_links_built_from_their_canonical_url(client, db, site, locales, kind, language):
    page = site[kind].get_translation(locales[language])
    soup = _soup(client, page.url)
    canonical = soup.head.find("link", rel="canonical")["href"]
    links = _links(soup)

    assert set(links) == {"facebook", "zalo", "x", "email"}
    facebook = urlsplit(links["facebook"]["href"])
    assert (facebook.scheme, facebook.netloc, facebook.path) == ("https", "www.facebook.com", "/sharer/sharer.php")
    assert parse_qs(facebook.query) == {"u": [canonical]}
    assert links["facebook"]["href"].endswith(quote(canonical, safe=""))
    assert parse_qs(urlsplit(links["zalo"]["href"]).query) == {"url": [canonical]}
    assert parse_qs(urlsplit(links["x"]["href"]).query) == {"url": [canonical], "text": [page.title]}
    mail = urlsplit(links["email"]["href"])
    assert mail.scheme == "mailto"
    assert parse_qs(mail.query) == {"subject": [page.title], "body": [f"{page.title}\r\n{canonical}"]}
    for network in ("facebook", "zalo", "x"):
        assert links[network]["rel"] == ["noopener"]
        assert links[network]["target"] == "_blank"
    assert links["facebook"].get_text(" ", strip=True).startswith(LABELS[language][0])

    copy = soup.select_one(".share-links__copy")
    assert copy.has_attr("hidden")  # shown by share.js only where the clipboard works
    button = copy.find("button")
    assert button["data-share-url"] == canonical
    assert button.get_text(strip=True) == LABELS[language][1]


@pytest.mark.parametrize("kind", NOT_CONTENT)
def test_home_listings_and_theme_pages_have_no_share_links(client, db, site, locales, kind):
    assert _soup(client, site[kind].get_translation(locales["en"]).url).select_one(".share-links") is None


def test_search_has_no_share_links(client, db, site):
    assert _soup(client, "/en/search/?q=57").select_one(".share-links") is None


def test_no_third_party_script_and_only_our_share_script(client, db, site):
    soup = _soup(client, site["video"].url)
    sources = [script["src"] for script in soup.find_all("script", src=True)]
    assert all(source.startswith("/static/") for source in sources), sources
    assert "/static/js/share.js" in sources
    assert not soup.find_all(style=True)  # no inline style either (CSP)


def test_titles_with_quotes_ampersands_and_brackets_are_url_encoded(client, db, site):
    article = type(site["article"]).objects.get(pk=site["article"].pk)
    article.title = "Q&A: 'số hoá' <nhanh> #1 ?"
    article.save_revision().publish()

    soup = _soup(client, article.url)
    links = _links(soup)

    x = links["x"]["href"]
    assert "&A" not in x.split("?", 1)[1].split("&text=", 1)[1]  # the & of the title is encoded
    assert parse_qs(urlsplit(x).query)["text"] == ["Q&A: 'số hoá' <nhanh> #1 ?"]
    subject = links["email"]["href"].split("subject=", 1)[1].split("&", 1)[0]
    assert unquote(subject) == "Q&A: 'số hoá' <nhanh> #1 ?"
    assert "#" not in links["email"]["href"]
