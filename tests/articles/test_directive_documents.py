"""Directives as documents: typed relations read both ways, legal status, stable identifiers (ELI).

Through the real views: the directive page, the register, API v2, the directive feed, JSON-LD and
the `/eli/…` redirects, in every language, with translations made through wagtail-localize.
"""

import datetime
import importlib
import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.utils import timezone, translation
from django.utils.text import capfirst
from wagtail.models import PageViewRestriction

from articles.models import DirectivePage, DirectiveRelation, IssuingBody
from tests.articles.factories import DirectiveIndexPageFactory
from tests.articles.site_builder import add_directive, translate_everywhere

# What each relation says, read from the directive that holds it and from the one it points at.
READINGS = {
    "en": {
        "implements": ("implements", "implemented by"),
        "based_on": ("is based on", "basis for"),
        "deploys": ("deploys", "deployed by"),
        "guides": ("guides", "guided by"),
        "amends": ("amends", "amended by"),
        "supplements": ("supplements", "supplemented by"),
        "replaces": ("replaces", "replaced by"),
        "repeals": ("repeals", "repealed by"),
        "corrects": ("corrects", "corrected by"),
        "related": ("related to", "related to"),
    },
    "vi": {
        "implements": ("thực hiện", "được thực hiện bởi"),
        "based_on": ("căn cứ", "là căn cứ của"),
        "deploys": ("triển khai", "được triển khai bởi"),
        "guides": ("hướng dẫn", "được hướng dẫn bởi"),
        "amends": ("sửa đổi", "được sửa đổi bởi"),
        "supplements": ("bổ sung", "được bổ sung bởi"),
        "replaces": ("thay thế", "bị thay thế bởi"),
        "repeals": ("bãi bỏ", "bị bãi bỏ bởi"),
        "corrects": ("đính chính", "được đính chính bởi"),
        "related": ("liên quan đến", "liên quan đến"),
    },
    "uk": {
        "implements": ("виконує", "виконується документом"),
        "based_on": ("ґрунтується на", "є підставою для"),
        "deploys": ("розгортає", "розгортається документом"),
        "guides": ("роз’яснює", "роз’яснюється документом"),
        "amends": ("змінює", "змінений документом"),
        "supplements": ("доповнює", "доповнений документом"),
        "replaces": ("замінює", "замінений документом"),
        "repeals": ("скасовує", "скасований документом"),
        "corrects": ("виправляє", "виправлений документом"),
        "related": ("пов’язаний із", "пов’язаний із"),
    },
}
STATUS_LABELS = {
    "vi": "Hết hiệu lực: bị thay thế",
    "en": "No longer in force: replaced",
    "uk": "Втратив чинність: замінений",
}
PAST = datetime.date(2025, 1, 1)


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


@pytest.fixture
def register(home_pages):
    return DirectiveIndexPageFactory(parent=home_pages["vi"])


@pytest.fixture
def resolution(register):
    return add_directive(register, number="57-NQ/TW", title="Nghị quyết 57", slug="nq-57")


def _relation(kind: str, target: DirectivePage) -> DirectiveRelation:
    return DirectiveRelation(relation_type=kind, target_page=target)


# --- relations ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", READINGS)
def test_every_relation_reads_correctly_both_ways(language):
    assert set(READINGS[language]) == set(DirectiveRelation.Type.values)
    with translation.override(language):
        readings = {
            kind: (DirectiveRelation(relation_type=kind).label(), DirectiveRelation(relation_type=kind).inverse_label())
            for kind in DirectiveRelation.Type.values
        }

    assert readings == READINGS[language]


def test_each_inverse_relation_has_its_own_heading_in_every_language(client, register, resolution, locales):
    kinds = DirectiveRelation.Type.values
    citing = add_directive(
        register,
        number="12-NQ/TW",
        title="Nghị quyết 12",
        slug="nq-12",
        issue_date=PAST,
        # In the order an editor's form would save them (sort_order set), as the chain lists them.
        relations=[
            DirectiveRelation(relation_type=kind, target_page=resolution, sort_order=position)
            for position, kind in enumerate(kinds)
        ],
    )
    for page in (register, resolution, citing):
        translate_everywhere(page, locales)

    for language, readings in READINGS.items():
        page = resolution.get_translation(locales[language])
        soup = _soup(client.get(page.url))
        headings = [_text(node) for node in soup.select("section.directive__chain h2[id$='-by']")]
        assert headings == [capfirst(readings[kind][1]) for kind in kinds], language
        for kind in kinds:
            items = [_text(li) for li in soup.select(f"#chain-{kind}-by + ul li")]
            assert [item.split(" — ")[0] for item in items] == ["12-NQ/TW"], (language, kind)
        # and the citing directive reads each relation forward
        upward = [
            _text(li)
            for li in _soup(client.get(citing.get_translation(locales[language]).url)).select("#chain-up + ul li")
        ]
        assert [item.split(" — ")[0] for item in upward] == [f"{readings[kind][0]} 57-NQ/TW" for kind in kinds]


def test_api_relations_carry_direction_and_inverse_label(client, register, resolution):
    citing = add_directive(register, number="12-NQ/TW", slug="nq-12", relations=[_relation("repeals", resolution)])

    data = client.get(f"/api/v2/pages/{citing.pk}/").json()

    [relation] = data["relations"]
    assert relation["relation"] == "repeals"
    assert (relation["direction"], relation["label"], relation["inverse_label"]) == (
        "outgoing",
        "bãi bỏ",
        "bị bãi bỏ bởi",
    )


def test_responds_to_relations_are_migrated_to_implements(register, resolution):
    citing = add_directive(register, number="12-NQ/TW", slug="nq-12")
    DirectiveRelation.objects.create(page=citing, relation_type="responds_to", target_page=resolution)
    revision = citing.save_revision()
    revision.content["relations"][0]["relation_type"] = "responds_to"
    revision.save()

    migration = importlib.import_module("articles.migrations.0005_directive_status_and_relations")
    migration.retire_responds_to(apps, None)

    assert list(citing.relations.values_list("relation_type", flat=True)) == ["implements"]
    revision.refresh_from_db()
    assert revision.content["relations"][0]["relation_type"] == "implements"


# --- status ---------------------------------------------------------------------------------------


@pytest.fixture
def replaced(register, resolution):
    """57-NQ/TW replaced by 99-NQ/TW, in force since PAST; both translated into en and uk."""
    replacing = add_directive(
        register,
        number="99-NQ/TW",
        title="Nghị quyết 99",
        slug="nq-99",
        issue_date=PAST,
        effective_date=PAST,
        relations=[_relation("replaces", resolution)],
    )
    return {"old": resolution, "new": replacing}


def _status(soup) -> tuple[str, str]:
    badge = soup.select_one(".directive__status")
    return badge["data-status"], _text(badge)


def test_replaced_directive_shows_replaced_with_date_and_link_in_every_language(client, register, replaced, locales):
    for page in (register, replaced["old"], replaced["new"]):
        translate_everywhere(page, locales)

    for language, label in STATUS_LABELS.items():
        old = replaced["old"].get_translation(locales[language])
        new = replaced["new"].get_translation(locales[language])
        soup = _soup(client.get(old.url))
        code, text = _status(soup)
        assert code == "replaced"
        assert text.startswith(label)
        with translation.override(language):
            assert str(DirectiveRelation(relation_type="replaces").inverse_label()) in text
        assert soup.select_one(".directive__status a")["href"] == new.url
        assert [_text(li).split(" — ")[0] for li in soup.select("#chain-replaces-by + ul li")] == ["99-NQ/TW"]
        new_soup = _soup(client.get(new.url))
        assert _status(new_soup)[0] == "in_force"
        assert _text(new_soup.select_one("#chain-up + ul li")).startswith(READINGS[language]["replaces"][0])


def test_register_shows_and_filters_the_status(client, register, replaced, django_assert_max_num_queries):
    rows = {
        _text(row.select_one("td")): row.select_one("td.register__status")["data-status"]
        for row in _soup(client.get(register.url)).select("table.register tbody tr")
    }
    assert rows == {"57-NQ/TW": "replaced", "99-NQ/TW": "in_force"}

    def numbers(**params) -> list[str]:
        soup = _soup(client.get(register.url, params))
        return [_text(td) for td in soup.select("table.register tbody td:first-child")]

    assert numbers(status="replaced") == ["57-NQ/TW"]
    assert numbers(status="no_longer_in_force") == ["57-NQ/TW"]
    assert numbers(status="in_force") == ["99-NQ/TW"]
    assert numbers(status="'; DROP") == ["99-NQ/TW", "57-NQ/TW"]  # ignored with a message

    for number in range(100, 130):  # the query count does not grow with the rows
        add_directive(register, number=f"{number}-NQ/TW", slug=f"nq-{number}", expiry_date=PAST)
    with django_assert_max_num_queries(18):
        assert numbers(status="expired")[:1] == ["100-NQ/TW"]


def test_status_in_api_json_ld_and_feed(client, replaced):
    old = replaced["old"]

    status = client.get(f"/api/v2/pages/{old.pk}/").json()["status"]
    assert status == {
        "code": "replaced",
        "label": "Hết hiệu lực: bị thay thế",
        "since": PAST.isoformat(),
        "by": {"number": "99-NQ/TW", "relation": "replaces"},
        "reason": "",
        "overridden": False,
    }
    listing = client.get("/api/v2/pages/", {"type": "articles.DirectivePage", "fields": "status"}).json()
    assert {item["id"]: item["status"]["code"] for item in listing["items"]} == {
        old.pk: "replaced",
        replaced["new"].pk: "in_force",
    }

    day_before = timezone.localdate()
    soup = _soup(client.get(old.url))
    days = {day_before.isoformat(), timezone.localdate().isoformat()}  # the request may cross midnight
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["legislationLegalForce"] == "https://schema.org/NotInForce"
    assert data["legislationDateVersion"] in days

    feed = feedparser.parse(client.get("/feeds/directives/57-nq-tw.atom").content)
    categories = {entry.link.rsplit("/", 2)[-2]: [tag.term for tag in entry.tags] for entry in feed.entries}
    assert "Hết hiệu lực: bị thay thế" in categories["nq-57"]
    assert "Còn hiệu lực" in categories["nq-99"]


def test_replacement_that_is_private_or_not_yet_effective_changes_nothing(client, register, resolution):
    future = add_directive(
        register,
        number="98-NQ/TW",
        slug="nq-98",
        effective_date=timezone.localdate() + datetime.timedelta(days=30),
        relations=[_relation("repeals", resolution)],
    )
    hidden = add_directive(register, number="97-NQ/TW", slug="nq-97", relations=[_relation("replaces", resolution)])
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)

    soup = _soup(client.get(resolution.url))

    assert _status(soup)[0] == "in_force"
    assert "97-NQ/TW" not in soup.get_text()
    assert _status(_soup(client.get(future.url)))[0] == "not_yet_in_force"


def test_dates_and_the_editors_override_set_the_status(client, register):
    expired = add_directive(register, number="90-NQ/TW", slug="nq-90", expiry_date=PAST)
    overridden = add_directive(
        register,
        number="91-NQ/TW",
        slug="nq-91",
        status_override="partly_in_force",
        status_reason="Mục 2 bị bãi bỏ",
        expiry_date=PAST,
    )

    assert _status(_soup(client.get(expired.url)))[0] == "expired"
    code, text = _status(_soup(client.get(overridden.url)))
    assert code == "partly_in_force"
    assert text == "Còn hiệu lực một phần Mục 2 bị bãi bỏ"


# --- stable identifiers ---------------------------------------------------------------------------


@pytest.fixture
def dispatch(register, locales):
    page = add_directive(
        register,
        number="380-CV/ĐU",
        title="Công văn 380",
        slug="cv-380",
        issuing_body=IssuingBody.objects.get(abbreviation="ĐU"),
        issue_date=datetime.date(2025, 8, 18),
    )
    translate_everywhere(register, locales)
    translate_everywhere(page, locales, summary=False)
    return page


def _eli(page: DirectivePage, client) -> str:
    return _soup(client.get(page.url)).select_one(".directive__cite-as a")["href"]


def test_eli_is_the_same_in_every_language_and_redirects_to_the_visitors_language(client, dispatch, locales):
    eli = _eli(dispatch, client)
    path = eli.removeprefix("http://testserver")
    assert path.startswith("/eli/") and path.endswith("/cv/2025/380/")
    assert path.isascii()
    for language in ("en", "uk"):
        assert _eli(dispatch.get_translation(locales[language]), client) == eli

    def target(url: str, **headers) -> str:
        response = client.get(url, headers=headers)
        assert response.status_code == 301
        return response["Location"]

    english = dispatch.get_translation(locales["en"]).url
    assert target(path) == dispatch.url
    assert target(path, accept_language="en-GB,en;q=0.8") == english
    assert target(path, accept_language="uk") == dispatch.get_translation(locales["uk"]).url
    assert target(f"/en{path}") == english
    assert target(f"{path}uk/") == dispatch.get_translation(locales["uk"]).url


def test_eli_falls_back_to_the_source_page_and_hides_what_is_not_public(client, register):
    page = add_directive(register, number="57-NQ/TW", slug="nq-57")
    path = _eli(page, client).removeprefix("http://testserver")

    assert client.get(path, headers={"accept_language": "uk"})["Location"] == page.url  # no Ukrainian page
    assert client.get(path.replace("/57/", "/58/")).status_code == 404
    assert client.get(f"{path}xx/").status_code == 404

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(path).status_code == 404
