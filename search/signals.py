"""Signal handlers that keep the index following the content.

publish / unpublish / delete / move, view restrictions added or removed (on the page or an
ancestor: the whole subtree is re-checked), and translations published (an ordinary publish of
the translated page). Other apps call `schedule_update(page_ids)` when something their pages
carry changes, e.g. a theme label.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.tasks import delete_documents_task, update_pages_task


def schedule_update(page_ids: Iterable[int]) -> None:
    """Re-check these pages against the index once the current transaction commits."""
    ids = sorted(set(page_ids))
    if ids:
        transaction.on_commit(lambda: update_pages_task.enqueue(ids))


@receiver(page_published)
def _on_publish(sender, instance: Page, **kwargs) -> None:
    schedule_update([instance.pk])


@receiver(page_unpublished)
def _on_unpublish(sender, instance: Page, **kwargs) -> None:
    schedule_update([instance.pk])


@receiver(post_page_move)
def _on_move(sender, instance: Page, **kwargs) -> None:
    from search.indexing import subtree_ids

    schedule_update(subtree_ids(instance))


@receiver(post_delete)
def _on_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        page_id = instance.pk
        transaction.on_commit(lambda: delete_documents_task.enqueue([page_id]))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _on_view_restriction_change(sender, instance: PageViewRestriction, **kwargs) -> None:
    from search.indexing import subtree_ids

    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        schedule_update(subtree_ids(page))
