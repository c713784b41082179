"""Background tasks (django-tasks) that apply content changes to the index.

Enqueued from signal handlers after the transaction commits (see search/signals.py). With the
default immediate backend they run right after the commit, in the same request, so a page that
is unpublished disappears from results before the editor's next click.
"""

from django_tasks import task

from search import indexing


@task()
def update_pages_task(page_ids: list[int]) -> None:
    indexing.update_pages(page_ids)


@task()
def delete_documents_task(page_ids: list[int]) -> None:
    from search.backends import get_backend

    get_backend().delete(page_ids)
