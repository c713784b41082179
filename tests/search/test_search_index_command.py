"""`manage.py search_index verify [--fix]`: drift between the index and the published pages.

A page's indexed version is its *published* revision: an editor's saved draft changes nothing the
public sees, so verify must not call the page stale (monitoring built on it would alarm on every
edit); a publish the index missed is stale until --fix.
"""

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from articles.models import ArticlePage
from search.backends import get_backend
from search.backends.base import SearchQuery
from search.backends.tantivy import TantivyBackend
from search.indexing import iter_documents, update_pages
from search.management.commands import search_index as search_index_command
from tests.articles.test_feeds import build_feed_site


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict]:
    """The feed test site, indexed; rolled back and the index emptied at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_feed_site()
        get_backend().rebuild(iter_documents())
        yield built
        transaction.set_rollback(True)
    get_backend().clear()


def _verify(*options: str) -> str:
    out = StringIO()
    call_command("search_index", "verify", *options, stdout=out)
    return out.getvalue()


def test_a_saved_draft_is_not_drift_and_a_missed_publish_is_until_fixed(db, site):
    article = ArticlePage.objects.live().filter(locale__language_code="vi").first()
    assert "missing: 0  stale: 0  extra: 0" in _verify()

    try:
        with transaction.atomic():  # undone at the end, then the index is rebuilt to match
            article.title = "Bản nháp chưa xuất bản"
            article.save_revision()  # a draft: the public page and its document are unchanged

            assert "missing: 0  stale: 0  extra: 0" in _verify()

            article.title = "Tiêu đề mới đã xuất bản"
            article.save_revision().publish()  # inside the test's transaction: the index update never runs

            assert f"missing: 0  stale: 1  extra: 0\n  stale: {article.pk}\n" in _verify()
            _verify("--fix")
            assert "missing: 0  stale: 0  extra: 0" in _verify()
            query = SearchQuery(text="Tiêu đề mới", locale="vi")
            assert [hit.document.title for hit in get_backend().search(query).hits] == ["Tiêu đề mới đã xuất bản"]
            transaction.set_rollback(True)
    finally:
        get_backend().rebuild(iter_documents())


def test_verify_removes_what_a_killed_rebuild_left_half_built(db, site):
    backend = get_backend()
    leftover = backend.index_dir / "gen-1000-99999"  # a rebuild's generation, never made live
    leftover.mkdir()
    (leftover / "half-written.segment").write_bytes(b"\0" * 1024)

    output = _verify()

    (removed,) = [line for line in output.splitlines() if line.startswith("removed what an interrupted rebuild left:")]
    assert "gen-1000-99999" in removed
    assert not leftover.exists()
    assert "missing: 0  stale: 0  extra: 0" in output  # the live generation is untouched


def test_a_publish_during_a_rebuild_is_written_at_once_and_replayed_into_the_new_index(db, site, monkeypatch):
    """The rebuild holds no write lock while it reads: the publish's index update goes through (it
    would wait for the lock and fail before), and what it wrote is replayed into the new index."""
    article = ArticlePage.objects.live().filter(locale__language_code="vi").first()
    documents = list(iter_documents())  # what the rebuild read before the editor published
    backend = get_backend()
    during = {}

    def read_while_an_editor_publishes(pages):
        yield documents[0]
        article.title = "Xuất bản trong lúc dựng lại chỉ mục"
        article.save_revision().publish()
        update_pages([article.pk])  # the publish's own index update (its task), into the live index
        # A worker process's write (its own lock handle) does not wait for the rebuild either.
        TantivyBackend(backend.index_dir, lock_timeout=0.5).delete([-1])
        during["cleanup"] = backend.cleanup()  # a rebuild's half-filled generation is no leftover
        yield from documents[1:]

    monkeypatch.setattr(search_index_command, "iter_documents", read_while_an_editor_publishes)
    try:
        with transaction.atomic():
            out = StringIO()
            call_command("search_index", "rebuild", stdout=out)

            assert during["cleanup"] == []
            assert "replayed what changed during the rebuild: 1 pages" in out.getvalue()
            query = SearchQuery(text="dựng lại chỉ mục", locale="vi")
            assert [hit.document.id for hit in backend.search(query).hits] == [article.pk]
            assert "missing: 0  stale: 0  extra: 0" in _verify()
            transaction.set_rollback(True)
    finally:
        backend.rebuild(iter_documents())


def test_a_missing_index_is_a_command_error_naming_the_command_to_run(db, tmp_path, settings):
    settings.SEARCH_INDEX_DIR = tmp_path / "never-built"
    get_backend.cache_clear()
    try:
        with pytest.raises(CommandError, match="search_index rebuild"):
            _verify()
    finally:
        get_backend.cache_clear()
