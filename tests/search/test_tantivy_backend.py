"""What only the embedded backend must get right: one index directory shared by several processes.

Web workers, task workers and `manage.py search_index` each open the same directory with their own
`TantivyBackend`. Writes serialise through a file lock, readers see commits without a restart, and a
rebuild swaps generations so a search never finds the index empty.
"""

import fcntl
import multiprocessing
import shutil
from datetime import date
from pathlib import Path

import pytest

from search.backends.base import SearchQuery, SearchUnavailable
from search.backends.tantivy import TantivyBackend
from search.documents import Label, SearchDocument

THEME = Label("chuyen-doi-so", {"vi": "Chuyển đổi số", "en": "Digital transformation", "uk": "Цифрова трансформація"})


def make_document(pk: int, title: str = "", version: str = "1") -> SearchDocument:
    return SearchDocument(
        id=pk,
        translation_key=f"item-{pk}",
        locale="vi",
        kind="article",
        title=title or f"Bài viết số {pk} về chuyển đổi số",
        url=f"/bai-viet/{pk}/",
        summary="Đảng ủy triển khai kế hoạch chuyển đổi số.",
        body=f"Nội dung bài viết {pk}: các chi bộ số hóa hồ sơ đảng viên.",
        themes=(THEME,),
        date=date(2025, 1, 1 + pk % 28),
        version=version,
    )


def write_batches(directory: str, first: int, batches: int, size: int) -> None:
    """Runs in a child process: index `batches` separate commits of `size` new documents each."""
    backend = TantivyBackend(Path(directory))
    for batch in range(batches):
        start = first + batch * size
        backend.index(make_document(pk) for pk in range(start, start + size))


def rebuild_repeatedly(directory: str, rounds: int, size: int) -> None:
    """Runs in a child process: rebuild the whole index `rounds` times."""
    backend = TantivyBackend(Path(directory))
    for round_ in range(rounds):
        backend.rebuild(make_document(pk, version=str(round_)) for pk in range(1, size + 1))


def _spawn(target, *args) -> multiprocessing.Process:
    process = multiprocessing.get_context("spawn").Process(target=target, args=args)
    process.start()
    return process


def created(directory: Path, **options) -> TantivyBackend:
    """A backend on a new, empty index (only a rebuild creates one, as `make setup` does)."""
    backend = TantivyBackend(directory, **options)
    backend.clear()
    return backend


def test_a_missing_index_is_unavailable_until_a_rebuild_makes_it(tmp_path):
    directory = tmp_path / "var" / "search" / "index"
    backend = TantivyBackend(directory)
    assert directory.is_dir()
    for call in (backend.count, lambda: backend.search(SearchQuery(text="chuyển đổi số")), lambda: backend.index([])):
        with pytest.raises(SearchUnavailable, match="search_index rebuild"):
            call()

    backend.rebuild([])
    assert backend.count() == 0
    backend.index([make_document(1)])
    assert backend.count() == 1


def test_an_index_deleted_under_a_running_process_is_unavailable_not_empty(tmp_path):
    backend = created(tmp_path / "index")
    backend.index([make_document(1)])
    shutil.rmtree(tmp_path / "index")

    with pytest.raises(SearchUnavailable, match="search_index rebuild"):
        backend.search(SearchQuery(text="chuyen doi so"))
    assert not (tmp_path / "index" / "CURRENT").exists()  # nothing made behind the operator's back


def test_another_instance_sees_a_commit_without_restarting(tmp_path):
    writer, reader = created(tmp_path), TantivyBackend(tmp_path)
    assert reader.count() == 0  # the reader has opened the index before the write

    writer.index([make_document(1), make_document(2)])
    assert reader.count() == 2
    assert {hit.document.id for hit in reader.search(SearchQuery(text="chuyen doi so")).hits} == {1, 2}

    writer.index([make_document(2, title="Tiêu đề mới về an ninh mạng")])
    assert [hit.document.id for hit in reader.search(SearchQuery(text="an ninh mạng")).hits] == [2]

    writer.delete([1])
    assert dict(reader.versions()) == {2: "1"}

    writer.rebuild([make_document(pk) for pk in range(10, 15)])
    assert reader.count() == 5


def test_writers_in_several_processes_all_succeed(tmp_path):
    batches, size = 6, 10
    starts = [1_000, 2_000, 3_000]
    created(tmp_path)
    processes = [_spawn(write_batches, str(tmp_path), start, batches, size) for start in starts]
    for process in processes:
        process.join(timeout=120)
    assert [process.exitcode for process in processes] == [0, 0, 0]

    backend = TantivyBackend(tmp_path)
    expected = {start + n for start in starts for n in range(batches * size)}
    assert backend.count() == len(expected)
    assert {pk for pk, _version in backend.versions()} == expected


def test_a_rebuild_never_shows_an_empty_index_to_searches_in_between(tmp_path):
    created(tmp_path).index(make_document(pk) for pk in range(1, 31))
    reader = TantivyBackend(tmp_path)
    rebuilder = TantivyBackend(tmp_path)
    totals: list[int] = []

    def new_documents():
        for pk in range(100, 140):
            if pk % 10 == 0:  # between batches, another instance searches
                totals.append(reader.search(SearchQuery(text="chuyen doi so")).total)
                totals.append(reader.count())
            yield make_document(pk)

    assert rebuilder.rebuild(new_documents()) == 40
    assert totals == [30] * 8
    assert reader.count() == 40
    assert {pk for pk, _version in reader.versions()} == set(range(100, 140))


def test_searches_keep_answering_while_another_process_rebuilds(tmp_path):
    size = 50
    TantivyBackend(tmp_path).rebuild(make_document(pk) for pk in range(1, size + 1))
    reader = TantivyBackend(tmp_path)
    process = _spawn(rebuild_repeatedly, str(tmp_path), 8, size)
    answers = 0
    while process.is_alive() or answers == 0:
        results = reader.search(SearchQuery(text="chuyen doi so", per_page=5))
        assert results.total == size
        assert len(results.hits) == 5
        answers += 1
    process.join(timeout=120)
    assert process.exitcode == 0
    assert {version for _pk, version in reader.versions()} == {"7"}


def test_old_generations_are_removed_after_a_rebuild(tmp_path):
    backend = TantivyBackend(tmp_path)
    for round_ in range(4):
        backend.rebuild([make_document(1, version=str(round_))])
    generations = sorted(path.name for path in tmp_path.glob("gen-*"))
    assert len(generations) == 2  # the live one and the one before, for readers still opening it
    assert (tmp_path / "CURRENT").read_text() == generations[-1]
    assert dict(backend.versions()) == {1: "3"}


def test_a_failed_rebuild_keeps_the_live_index(tmp_path):
    backend = created(tmp_path)
    backend.index([make_document(1), make_document(2)])

    def broken():
        yield make_document(3)
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(broken())
    assert backend.count() == 2
    assert len(list(tmp_path.glob("gen-*"))) == 1


def test_a_write_gives_up_with_a_clear_error_while_another_holds_the_lock(tmp_path):
    backend = created(tmp_path, lock_timeout=0.2)
    backend.index([make_document(1)])
    with open(tmp_path / "write.lock", "w") as other_process:
        fcntl.flock(other_process, fcntl.LOCK_EX)
        with pytest.raises(SearchUnavailable, match=r"write\.lock"):
            backend.index([make_document(2)])
        assert backend.search(SearchQuery()).total == 1  # readers never wait for the lock
    backend.index([make_document(2)])
    assert backend.count() == 2


def test_an_index_built_with_another_schema_asks_for_a_rebuild(tmp_path):
    import tantivy

    backend = created(tmp_path)
    backend.index([make_document(1)])
    stale = tmp_path / "gen-0-0"
    stale.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True)
    tantivy.Index(builder.build(), path=str(stale))
    (tmp_path / "CURRENT").write_text(stale.name)

    reader = TantivyBackend(tmp_path)
    with pytest.raises(SearchUnavailable, match="rebuild"):
        reader.search(SearchQuery(text="chuyen"))
    assert reader.rebuild([make_document(5)]) == 1
    assert reader.count() == 1


def test_duplicate_ids_in_one_batch_keep_the_last(tmp_path):
    backend = created(tmp_path)
    backend.index([make_document(1, version="a"), make_document(1, version="b")])
    assert dict(backend.versions()) == {1: "b"}
    assert backend.rebuild([make_document(2, version="a"), make_document(2, version="b")]) == 1
    assert dict(backend.versions()) == {2: "b"}


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery(text="lone \ud800 surrogate"),
        SearchQuery(locale="\udfff", kinds=("\ud800",), themes=("\udc00",), issuer="\ud800", document_type="\ud800"),
        SearchQuery(directive_keys=("\ud800", "")),
        SearchQuery(page=0, per_page=0),
        SearchQuery(page=-3, per_page=-1),
        SearchQuery(per_page=10**9),
        SearchQuery(page=10**30),
        SearchQuery(sort="sideways"),  # type: ignore[arg-type]
        SearchQuery(year=-1),
        SearchQuery(date_from=date(2030, 1, 1), date_to=date(2000, 1, 1)),
        SearchQuery(text="x" * 100_000, prefix=True),
    ],
)
def test_odd_queries_are_answered(tmp_path, query):
    backend = created(tmp_path)
    backend.index([make_document(1), make_document(2)])
    results = backend.search(query)
    assert results.total >= len(results.hits)
    assert backend.suggest("\ud800 chuy", "\ud800") == []


def test_one_rebuild_at_a_time_and_no_cleanup_of_the_generation_one_is_filling(tmp_path):
    backend = created(tmp_path)
    filling = tmp_path / "gen-9999-1"  # the generation another process's rebuild is filling
    filling.mkdir()
    with open(tmp_path / "rebuild.lock", "w") as other_process:
        fcntl.flock(other_process, fcntl.LOCK_EX)
        with pytest.raises(SearchUnavailable, match="Another rebuild"):
            backend.rebuild([make_document(1)])
        assert backend.cleanup() == []
        assert filling.exists()
        backend.index([make_document(2)])  # writes go on meanwhile
    assert backend.cleanup() == ["gen-9999-1"]
    assert dict(backend.versions()) == {2: "1"}
