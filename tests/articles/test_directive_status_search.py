"""A directive's legal status in search: a facet, a filter and a badge, kept right as the date turns.

Through the real index (the test settings' embedded backend), the real `/search/` page and API, and
the scheduler's own jobs (`cms.scheduler.directive_statuses`, `search_index_repair`).
"""

import datetime
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone, translation

from articles.directive_status import statuses_turning
from articles.models import DirectivePage, DirectiveRelation
from cms import page_cache, scheduler
from search.backends import get_backend
from search.backends.base import SearchQuery
from search.indexing import drift, iter_documents
from tests.articles.factories import DirectiveIndexPageFactory
from tests.articles.site_builder import add_directive
from tests.articles.test_directive_documents import STATUS_LABELS

PAST = datetime.date(2025, 1, 1)


@pytest.fixture
def directives(home_pages) -> Iterator[dict[str, DirectivePage]]:
    """57-NQ/TW replaced by 99-NQ/TW (in force), and 12-NQ/TW not in force until tomorrow; indexed."""
    register = DirectiveIndexPageFactory(parent=home_pages["vi"])
    old = add_directive(register, number="57-NQ/TW", title="Nghị quyết 57 về chuyển đổi số", slug="nq-57")
    new = add_directive(
        register,
        number="99-NQ/TW",
        title="Nghị quyết 99 về chuyển đổi số",
        slug="nq-99",
        issue_date=PAST,
        effective_date=PAST,
        relations=[DirectiveRelation(relation_type="replaces", target_page=old)],
    )
    coming = add_directive(
        register,
        number="12-NQ/TW",
        title="Nghị quyết 12 về chuyển đổi số",
        slug="nq-12",
        effective_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    get_backend().rebuild(iter_documents())
    yield {"old": old, "new": new, "coming": coming}
    get_backend().clear()


def _statuses(**query) -> dict[str, str]:
    results = get_backend().search(SearchQuery(kinds=("directive",), **query))
    return {hit.document.directive_number: hit.document.status for hit in results.hits}


def test_documents_carry_the_status_and_the_facet_counts_and_filters_it(directives):
    assert _statuses() == {"57-NQ/TW": "replaced", "99-NQ/TW": "in_force", "12-NQ/TW": "not_yet_in_force"}
    assert _statuses(statuses=("replaced", "not_yet_in_force")) == {
        "57-NQ/TW": "replaced",
        "12-NQ/TW": "not_yet_in_force",
    }
    facet = get_backend().search(SearchQuery(statuses=("replaced",))).facets["status"]
    # Multi-select: its own filter does not narrow the status counts.
    assert {value.value: value.count for value in facet} == {"replaced": 1, "in_force": 1, "not_yet_in_force": 1}


def test_the_search_page_offers_the_status_as_a_labelled_filter_and_badge(client, directives):
    soup = BeautifulSoup(client.get("/search/", {"q": "chuyển đổi số"}).content, "html.parser")
    sections = {section.h2.get_text(strip=True): section for section in soup.select(".facets section")}
    links = {a.get_text(" ", strip=True): a["href"] for a in sections["Tình trạng hiệu lực"].select("a")}
    assert set(links) == {"Còn hiệu lực", "Chưa có hiệu lực", "Hết hiệu lực: bị thay thế"}

    filtered = BeautifulSoup(client.get("/search/" + links["Hết hiệu lực: bị thay thế"]).content, "html.parser")
    cards = filtered.select("article.result")
    assert [card.select_one(".directive-number").get_text() for card in cards] == ["57-NQ/TW"]
    assert cards[0].select_one(".status-badge").get_text(strip=True) == "Hết hiệu lực: bị thay thế"

    api = client.get(
        "/api/search/", {"q": "chuyển đổi số", "status": "in_force", "locale": "all"}, HTTP_ACCEPT_LANGUAGE="uk"
    ).json()
    assert [(hit["directive_number"], hit["status"]) for hit in api["results"]] == [("99-NQ/TW", "in_force")]
    assert {value["value"]: value["label"] for value in api["facets"]["status"]}[
        "replaced"
    ] == "Втратив чинність: замінений"


FACET_HEADINGS = {"vi": "Tình trạng hiệu lực", "en": "Legal status", "uk": "Чинність"}


@pytest.mark.parametrize("language", STATUS_LABELS)
def test_the_replaced_directive_reads_replaced_in_the_facet_and_on_its_result_in_every_language(
    client, directives, language
):
    with translation.override(language):
        url = reverse("search")
    soup = BeautifulSoup(client.get(url, {"q": "chuyển đổi số", "locale": "all"}).content, "html.parser")

    sections = {section.h2.get_text(strip=True): section for section in soup.select(".facets section")}
    labels = [a.get_text(" ", strip=True) for a in sections[FACET_HEADINGS[language]].select("a")]
    assert STATUS_LABELS[language] in labels
    old = next(card for card in soup.select("article.result") if "57-NQ/TW" in card.get_text())
    assert old.select_one(".status-badge").get_text(strip=True) == STATUS_LABELS[language]


def test_a_status_value_that_is_no_code_is_ignored(client, directives):
    response = client.get("/api/search/", {"q": "chuyển đổi số", "status": ['x" OR kind:"article', "in_force"]})
    assert [hit["directive_number"] for hit in response.json()["results"]] == ["99-NQ/TW"]


def test_when_the_day_comes_the_jobs_put_the_status_right_in_search_and_the_page_cache(
    client, directives, page_cache, django_capture_on_commit_callbacks
):
    coming = directives["coming"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.get(coming.url)  # stored in the page cache, showing "not yet in force"
    tags_before = page_cache_tag_times(coming)

    # The day it takes effect, as the scheduler sees it: what turned today is found by its date.
    assert coming.pk in set(statuses_turning(tomorrow).values_list("pk", flat=True))
    assert coming.pk not in set(statuses_turning(timezone.localdate()).values_list("pk", flat=True))
    DirectivePage.objects.filter(pk=coming.pk).update(effective_date=timezone.localdate())  # the day has come

    assert drift().stale == [coming.pk]  # the indexed version carries the status
    with django_capture_on_commit_callbacks(execute=True):
        scheduler.directive_statuses()
    assert _statuses(statuses=("in_force",)) == {"99-NQ/TW": "in_force", "12-NQ/TW": "in_force"}
    assert not drift()
    assert page_cache_tag_times(coming) != tags_before
    assert (
        "Còn hiệu lực"
        in BeautifulSoup(client.get(coming.url).content, "html.parser").select_one(".directive__status").get_text()
    )


def test_the_repair_job_catches_a_status_the_date_job_missed(directives):
    coming = directives["coming"]
    DirectivePage.objects.filter(pk=coming.pk).update(effective_date=PAST)  # turned long ago, scheduler was down

    assert not statuses_turning().filter(pk=coming.pk).exists()
    scheduler.search_index_repair()

    assert _statuses()["12-NQ/TW"] == "in_force"
    assert not drift()


def test_publishing_a_replacement_reindexes_the_directive_it_replaces(directives, django_capture_on_commit_callbacks):
    coming = directives["coming"]
    register = coming.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        add_directive(
            register,
            number="13-NQ/TW",
            slug="nq-13",
            issue_date=PAST,
            relations=[DirectiveRelation(relation_type="repeals", target_page=coming)],
        )

    assert _statuses()["12-NQ/TW"] == "repealed"


def page_cache_tag_times(page: DirectivePage) -> dict:
    from django.core.cache import cache

    keys = [
        f"{page_cache.TAG_PREFIX}directive:{page.number_key}",
        f"{page_cache.TAG_PREFIX}page:{page.translation_key}",
    ]
    return cache.get_many(keys)
