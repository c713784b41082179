"""A translation is never more public than its source: privacy and withdrawal follow the source page.

**Withdrawal.** When a page in the source language is unpublished — by an editor, or by the
scheduler when its `expire_at` passes — every live translation and alias copy of it is unpublished
at once (logged as a system action in each page's history). Publishing the source again does not
republish them: a translator or reviewer publishes each again, after checking it still matches.

**Privacy.** Privacy is set on the page in the source language (`LOCALES_SOURCE_LANGUAGE`). The
moment a view restriction (login, password, groups) is added to, changed on or removed from such a
page, every other page of its translation group — translations and alias copies in every other
locale — carries exactly the same restrictions. A restriction on an ancestor reaches the
translations of its descendants the same way: the ancestor's translations carry it, and Wagtail
applies a restriction to the whole subtree below the page that has it.

wagtail-localize copies restrictions when it creates or re-saves a translation (and Wagtail's
`copy_for_translation` copies them when it makes one); this module closes the gap in between.
Everything downstream follows the restriction rows themselves: page serving and every
`.public()` listing (sitemaps, feeds, API v2, language alternates), the search index
(`search.signals`) and the page cache (`cms.page_cache_invalidation`), because the copies
are saved through the ORM like any restriction an editor adds.

A restriction set on a translation alone is allowed (it can only make that translation more
private); it is replaced by the source's restrictions when the source's privacy changes again, as
wagtail-localize does when it syncs.

This module knows no page type; it reads Wagtail's Page and PageViewRestriction.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_unpublished

from locales import conf

Signature = tuple[str, str, frozenset[int]]


def _signature(restriction: PageViewRestriction) -> Signature:
    return (restriction.restriction_type, restriction.password, frozenset(g.pk for g in restriction.groups.all()))


def _is_source_page(page_id: int) -> bool:
    return Page.objects.filter(pk=page_id, locale__language_code=conf.source_language()).exists()


def mirror_view_restrictions(source: Page) -> int:
    """Give every other page of `source`'s translation group exactly its restrictions.

    Returns how many restriction rows were created or deleted. Rows that already match are left
    alone, so calling it again changes nothing (and touches no cache).
    """
    wanted = {_signature(r): r for r in source.view_restrictions.prefetch_related("groups")}
    changes = 0
    others = Page.objects.filter(translation_key=source.translation_key).exclude(pk=source.pk)
    with transaction.atomic():
        for page in others:
            existing = list(page.view_restrictions.prefetch_related("groups"))
            have = {_signature(r) for r in existing}
            for restriction in existing:
                if _signature(restriction) not in wanted:
                    restriction.delete()
                    changes += 1
            for signature, original in wanted.items():
                if signature in have:
                    continue
                copy = PageViewRestriction(
                    page=page, restriction_type=original.restriction_type, password=original.password
                )
                copy.save()
                copy.groups.set(signature[2])
                changes += 1
    return changes


def _mirror_from(page_id: int | None) -> None:
    if page_id is None or not _is_source_page(page_id):
        return
    source = Page.objects.filter(pk=page_id).first()
    if source is not None:
        mirror_view_restrictions(source)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="locales_mirror_restriction_saved")
def _restriction_saved(sender, instance: PageViewRestriction, **kwargs) -> None:
    _mirror_from(instance.page_id)


@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="locales_mirror_restriction_deleted")
def _restriction_deleted(sender, instance: PageViewRestriction, origin=None, **kwargs) -> None:
    # Deleting the source page cascades to its restrictions: its translations keep theirs.
    if isinstance(origin, PageViewRestriction) or getattr(origin, "model", None) is PageViewRestriction:
        _mirror_from(instance.page_id)


@receiver(m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="locales_mirror_restriction_groups")
def _restriction_groups_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    if action.startswith("post_") and not reverse and isinstance(instance, PageViewRestriction):
        _mirror_from(instance.page_id)


@receiver(page_unpublished, dispatch_uid="locales_withdraw_translations")
def _source_unpublished(sender, instance: Page, **kwargs) -> None:
    if not _is_source_page(instance.pk):
        return
    translations = Page.objects.filter(translation_key=instance.translation_key, live=True).exclude(pk=instance.pk)
    for page in translations.specific():
        page.unpublish()
