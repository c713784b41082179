"""Which page-cache tags a response depends on, and which ones each change touches.

The tags are described in `cms.page_cache`. This module holds the site's knowledge of its page
types: a theme page lists everything filed under its theme, a directive page lists what
implements it and the chain around it, an index lists what is below it.

Changes and what they touch (at once, and again after the transaction commits, reading the
committed state):

- a page saved while live, or taken offline (publish, unpublish, a live edit), or deleted: the
  page in every language, its ancestors' listings, the theme pages of its themes in its locale,
  and the directive pages it belongs to (its own number, the numbers it relates to). Tags touched
  for a page are remembered, so a theme or relation removed later still reaches the listing
  that showed it;
- a page moved or its slug changed: every page of its subtree (their URLs changed) and the
  listings of the old and the new ancestors;
- a view restriction added, changed or removed (on a page, or on a collection: its files vanish
  from every page, articles.public_files); collections (a move changes what they inherit);
  reference data (themes, issuing bodies, document types); images, documents, audio and video;
  sites and locales: everything (``all``), since they are rare and shown on many pages;
- a translation queue item reopened, done again or found outdated (`locales.signals.
  translation_state_changed`, after the commit): the page in every language, since a translated
  page says whether it follows its original (locales.templatetags.translation_notices).

Saving a draft of a live page changes nothing public and touches nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_slug_changed, post_page_move

from articles.models import DirectivePage, DirectiveRelation, ExplainerPage, IssuingBody, Theme, ThemePage
from articles.models.taxonomy import DocumentType
from cms import page_cache
from locales.signals import translation_state_changed

REMEMBERED_PREFIX = "page-cache:touched-by:"

DRAFT_ONLY_FIELDS = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "live_revision",
    }
)
"""Fields a save may write without changing what visitors see (a draft, a lock)."""


def _ancestor_listings(path: str) -> set[str]:
    return {f"under:{path[:end]}" for end in range(Page.steplen, len(path), Page.steplen)}


def served_page_tags(page: Page) -> set[str]:
    """What the response of `page` lists beyond the pages it loads (no queries)."""
    tags = {f"under:{page.path}"}
    if isinstance(page, ThemePage):
        tags.add(f"theme:{page.theme_id}:{page.locale_id}")
    if isinstance(page, DirectivePage):
        tags.add(f"directive:{page.number_key}")
    return tags


def _record_loaded_instance(sender: type, instance: Any, **kwargs: Any) -> None:
    """post_init: the response being rendered depends on every page and directive relation it loads."""
    if isinstance(instance, Page):
        instance._page_cache_was_live = instance.__dict__.get("live")
        translation_key = instance.__dict__.get("translation_key")
        if translation_key is not None:
            page_cache.add_tag(f"page:{translation_key}")
    elif isinstance(instance, DirectiveRelation):
        target_key = instance.__dict__.get("target_key")
        if target_key:
            page_cache.add_tag(f"directive:{target_key}")


def change_tags(page: Page) -> set[str]:
    """The tags a change of `page` touches, from the database's current state (a few queries)."""
    page = page.specific
    tags = {f"page:{page.translation_key}", *_ancestor_listings(page.path)}
    if isinstance(page, DirectivePage | ExplainerPage):
        tags |= {f"theme:{theme_id}:{page.locale_id}" for theme_id in page.themes.values_list("pk", flat=True)}
    if isinstance(page, DirectivePage):
        tags.add(f"directive:{page.number_key}")
        tags |= {f"directive:{key}" for key in page.relations.values_list("target_key", flat=True)}
    if isinstance(page, ExplainerPage):
        tags |= {f"directive:{key}" for key in page.related_directives.values_list("number_key", flat=True)}
    return tags


def _touch_with_memory(page_id: int, tags: set[str]) -> None:
    """Touch `tags` and those touched last time for the same page, then remember `tags`."""
    remembered_key = f"{REMEMBERED_PREFIX}{page_id}"
    previous = cache.get(remembered_key, set())
    page_cache.touch(tags | previous)
    cache.set(remembered_key, tags, timeout=None)


def _now_and_after_commit(callback) -> None:
    """Run `callback` now and again once the transaction commits.

    Now: readers inside this transaction (and a test's never-committed one) see the change at once.
    After the commit: a page another process rendered from the old state in between is dropped,
    and relations saved after the page row (themes, directive relations) are taken into account.
    """
    callback()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(callback)


# --- Pages ------------------------------------------------------------------------------------


def _page_saved(sender: type, instance: Any, update_fields: Iterable[str] | None = None, **kwargs: Any) -> None:
    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    if not instance.live and not getattr(instance, "_page_cache_was_live", False):
        return
    page_id = instance.pk

    def touch() -> None:
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            _touch_with_memory(page_id, change_tags(page))

    _now_and_after_commit(touch)


def _page_deleting(sender: type, instance: Any, **kwargs: Any) -> None:
    if not isinstance(instance, Page):
        return
    tags = change_tags(instance) if instance.live else {f"page:{instance.translation_key}"}
    page_id = instance.pk
    _now_and_after_commit(lambda: _touch_with_memory(page_id, tags))


def _subtree_changed(root_path: str, extra: set[str]) -> None:
    def touch() -> None:
        keys = Page.objects.filter(path__startswith=root_path).values_list("translation_key", flat=True)
        page_cache.touch({f"page:{key}" for key in keys} | _ancestor_listings(root_path) | extra)

    _now_and_after_commit(touch)


def _page_moved(sender: type, instance: Page, parent_page_before: Page, **kwargs: Any) -> None:
    _subtree_changed(instance.path, {f"under:{parent_page_before.path}", *_ancestor_listings(parent_page_before.path)})


def _slug_changed(sender: type, instance: Page, **kwargs: Any) -> None:
    _subtree_changed(instance.path, set())


# --- Everything else public pages show ---------------------------------------------------------


BOOKKEEPING_FIELDS = frozenset({"file_hash", "file_size"})
"""Fields Wagtail fills in lazily on images and documents (while a page renders): no visible change."""


def _touch_everything(sender: type, update_fields: Iterable[str] | None = None, **kwargs: Any) -> None:
    if update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    _now_and_after_commit(page_cache.touch_all)


def _translation_state_changed(sender: Any, translation_key: Any, **kwargs: Any) -> None:
    page_cache.touch({f"page:{translation_key}"})


def _sitewide_models() -> list[type]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, CollectionViewRestriction, Locale
    from wagtailmedia.models import get_media_model

    return [
        Theme,
        IssuingBody,
        DocumentType,
        PageViewRestriction,
        CollectionViewRestriction,
        Collection,
        Site,
        Locale,
        get_image_model(),
        get_document_model(),
        get_media_model(),
    ]


def connect() -> None:
    """Connect the collector and the handlers (called once from `CmsConfig.ready`)."""
    post_init.connect(_record_loaded_instance, dispatch_uid="page_cache_loaded")
    post_save.connect(_page_saved, dispatch_uid="page_cache_page_saved")
    pre_delete.connect(_page_deleting, dispatch_uid="page_cache_page_deleting")
    post_page_move.connect(_page_moved, dispatch_uid="page_cache_page_moved")
    page_slug_changed.connect(_slug_changed, dispatch_uid="page_cache_slug_changed")
    translation_state_changed.connect(_translation_state_changed, dispatch_uid="page_cache_translation_state")
    for model in _sitewide_models():
        post_save.connect(_touch_everything, sender=model, dispatch_uid=f"page_cache_all_saved_{model._meta.label}")
        post_delete.connect(_touch_everything, sender=model, dispatch_uid=f"page_cache_all_deleted_{model._meta.label}")
