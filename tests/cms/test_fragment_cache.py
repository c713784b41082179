"""The fragment cache (cms.fragment_cache): a directive page's "Explained in" section is kept rendered,
and every change that must show in it drops it — with the full-page cache off (each request renders
the page, the fragment alone is kept) and on (a page rendered from a kept fragment depends on it).

The site and helpers are the page cache's (tests/cms/test_page_cache.py): a directive, an article
tied to it, publishing through Wagtail's revisions with the after-commit pass run.
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms import fragment_cache
from tests.cms.test_page_cache import _add_article, _publish, _state, _warm, site  # noqa: F401  (fixture)


@pytest.fixture
def fragments_only(site, settings):  # noqa: F811
    settings.PAGE_CACHE_ENABLED = False
    return site


def _explainers(client, page) -> list[str]:
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return [title.get_text(strip=True) for title in soup.select(".directive__explainers .card__title")]


def _render(client, page) -> tuple[bytes, int]:
    with CaptureQueriesContext(connection) as queries:
        content = client.get(page.url).content
        count = len(queries.captured_queries)
    return content, count


def test_a_kept_fragment_gives_the_same_page_with_fewer_queries(client, fragments_only):
    directive = fragments_only["directive"]

    first, first_queries = _render(client, directive)
    second, second_queries = _render(client, directive)

    assert second == first
    assert "Bài viết thứ nhất" in second.decode()
    assert second_queries < first_queries - 3  # the explainers' listing, cards, themes and images


def test_a_new_tied_item_an_edit_and_a_withdrawal_show_at_once(
    client, fragments_only, django_capture_on_commit_callbacks
):
    built, directive = fragments_only, fragments_only["directive"]
    assert _explainers(client, directive) == ["Bài viết thứ nhất"]

    added = _add_article(built, django_capture_on_commit_callbacks, "Bai moi", directives=[directive])
    assert _explainers(client, directive) == ["Bai moi", "Bài viết thứ nhất"]

    _publish(built["article"], django_capture_on_commit_callbacks, title="Tiêu đề đã sửa")
    assert _explainers(client, directive) == ["Bai moi", "Tiêu đề đã sửa"]

    _publish(added, django_capture_on_commit_callbacks, related_directives=[])  # untied
    assert _explainers(client, directive) == ["Tiêu đề đã sửa"]

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=built["article"], restriction_type=PageViewRestriction.LOGIN)
    assert _explainers(client, directive) == []


def test_a_page_rendered_from_a_kept_fragment_depends_on_what_the_fragment_shows(
    client,
    site,  # noqa: F811  (the page cache tests' fixture)
    django_capture_on_commit_callbacks,
):
    directive = site["directive"]
    _warm(client, directive)
    _publish(directive, django_capture_on_commit_callbacks, summary="Tóm tắt mới.")  # the page, not its explainers
    response = client.get(directive.url)
    assert _state(response) == "miss" and "Tóm tắt mới." in response.content.decode()
    assert _state(client.get(directive.url)) == "hit"  # stored again, from the kept fragment

    _add_article(site, django_capture_on_commit_callbacks, "Bai moi", directives=[directive])

    response = client.get(directive.url)
    assert _state(response) == "miss"
    assert "Bai moi" in response.content.decode()


def test_previews_and_the_switch_bypass_it(rf, settings):
    settings.FRAGMENT_CACHE_ENABLED = True
    request = rf.get("/")
    assert fragment_cache.enabled(request)
    request.is_dummy = True
    assert not fragment_cache.enabled(request)
    settings.FRAGMENT_CACHE_ENABLED = False
    assert not fragment_cache.enabled(rf.get("/"))


def _chain_numbers(client, url: str) -> list[str]:
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [link.get_text(strip=True) for link in soup.select(".chain-diagram .chain__link a.directive-number")]


def test_an_old_version_keeps_its_own_chain_and_never_lends_it_to_the_current_page(
    client, fragments_only, django_capture_on_commit_callbacks
):
    from articles.models import DirectivePage, DirectiveRelation
    from tests.articles.site_builder import add_directive

    directive, register = fragments_only["directive"], fragments_only["register"]
    first = add_directive(register, number="57-NQ/TW", slug="nq-57")
    second = add_directive(register, number="12-NQ/TW", slug="nq-12")
    directive = DirectivePage.objects.get(pk=directive.pk)
    directive.relations = [DirectiveRelation(relation_type="implements", target_page=first)]
    with django_capture_on_commit_callbacks(execute=True):
        old_revision = directive.save_revision()
        old_revision.publish()
    directive.relations = [DirectiveRelation(relation_type="implements", target_page=second)]
    _publish(directive, django_capture_on_commit_callbacks)
    old_url = f"{directive.url}versions/{old_revision.pk}/"

    for _ in range(2):  # each served twice: rendered, then from its kept fragment
        assert _chain_numbers(client, directive.url) == ["12-NQ/TW"]
        assert _chain_numbers(client, old_url) == ["57-NQ/TW"]
