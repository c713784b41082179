"""`manage.py search_index rebuild|verify [--fix]|stats`: the public search index against the database.

`rebuild` fills a new index while the site goes on publishing into the live one, swaps, then repairs
the drift: what changed during the rebuild is replayed into the new index."""

import sys
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError, CommandParser

from search.backends import get_backend
from search.backends.base import SearchQuery, SearchUnavailable
from search.documents import SearchDocument
from search.indexing import drift, indexable_pages, iter_documents, repair, update_pages


def _with_progress(documents: Iterator[SearchDocument], total: int, stream) -> Iterator[SearchDocument]:
    width = 30
    for done, document in enumerate(documents, start=1):
        if done == total or done % 50 == 0:
            filled = int(width * done / max(total, 1))
            stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            stream.flush()
        yield document
    stream.write("\n")


class Command(BaseCommand):
    help = "Rebuild the public search index, verify it against the database (and repair with --fix), or show stats."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "verify", "stats"])
        parser.add_argument("--fix", action="store_true", help="With verify: index missing/stale pages, drop extras.")

    def handle(self, *args, action: str, fix: bool = False, **options) -> None:
        try:
            getattr(self, action)(fix=fix)
        except SearchUnavailable as error:
            raise CommandError(str(error)) from error

    def rebuild(self, fix: bool) -> None:
        pages = indexable_pages()
        total = pages.count()
        stream = self.stdout if self.stdout.isatty() else sys.stderr
        count = get_backend().rebuild(_with_progress(iter_documents(pages), total, stream))
        # Pages published, changed or withdrawn while it ran were written to the old index: replay them.
        replayed = repair()
        if replayed:
            self.stdout.write(f"replayed what changed during the rebuild: {len(replayed.ids)} pages")
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} documents."))

    def verify(self, fix: bool) -> None:
        leftovers = get_backend().cleanup()
        if leftovers:
            self.stdout.write(f"removed what an interrupted rebuild left: {', '.join(leftovers)}")
        found = drift()
        self.stdout.write(f"missing: {len(found.missing)}  stale: {len(found.stale)}  extra: {len(found.extra)}")
        for label, ids in (("missing", found.missing), ("stale", found.stale), ("extra", found.extra)):
            if ids:
                self.stdout.write(f"  {label}: {', '.join(map(str, ids[:50]))}{' …' if len(ids) > 50 else ''}")
        if fix and found:
            update_pages(found.ids)
            self.stdout.write(self.style.SUCCESS("Repaired."))
        elif not found:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))

    def stats(self, fix: bool) -> None:
        backend = get_backend()
        results = backend.search(SearchQuery(per_page=1))
        self.stdout.write(f"documents: {backend.count()}")
        for facet in ("locale", "kind"):
            counts = ", ".join(f"{value.value}={value.count}" for value in results.facets.get(facet, []))
            self.stdout.write(f"{facet}: {counts}")
