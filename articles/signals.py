"""Re-index the pages whose search documents show something that changed elsewhere.

- Reference data: search documents hold theme, issuing-body and document-type labels in every
  language, so a renamed theme must reach every page filed under it; the search page's cached
  facet labels are dropped too.
- Directive visibility: a document lists the numbers its item cites only while the public may be
  told about them (articles.directive_visibility), so when a directive is published, unpublished,
  restricted or opened up, the pages that cite it (relations, "directives this explains") are
  re-checked; so are the directives it repeals or replaces, whose legal status follows it.
- Wagtail's own index (the admin's choosers): reference data is in it (`SearchableLabels`), and it
  follows saves; rows a migration made (historical models send no signal to the index) are indexed
  after every `migrate` of this app — a few dozen rows.
- File visibility: a document's thumbnail is shown only while the public may fetch the image
  (articles.public_files), so when a collection is restricted or opened up (or moved), or a file
  changes collection, the pages that use its files (Wagtail's reference index) and the pages below
  them (an episode shows its show's cover) are re-checked.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, Q, QuerySet
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, ReferenceIndex
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from articles.directive_status import ENDING_RELATIONS
from articles.models import EXPLAINER_MODELS, DirectivePage, DirectiveRelation, DocumentType, IssuingBody, Theme
from articles.search_documents import forget_facet_labels
from search.signals import schedule_update


@receiver(post_migrate)
def _index_reference_data(sender, using: str = "default", **kwargs) -> None:
    """Put the reference data in Wagtail's index (the admin choosers' search) after a migrate."""
    if getattr(sender, "name", None) != "articles" or using != "default":
        return
    from django.db import connection
    from wagtail.search.models import IndexEntry

    tables = set(connection.introspection.table_names())
    models = (Theme, IssuingBody, DocumentType)
    if IndexEntry._meta.db_table not in tables or any(model._meta.db_table not in tables for model in models):
        return  # a partial migrate (`migrate auth`), or migrated back before these tables
    for model in models:
        for instance in model.objects.all():
            index.insert_or_update_object(instance)


@receiver(post_save, sender=Theme)
@receiver(post_save, sender=IssuingBody)
@receiver(post_save, sender=DocumentType)
@receiver(post_delete, sender=Theme)
@receiver(post_delete, sender=IssuingBody)
@receiver(post_delete, sender=DocumentType)
def _reference_data_changed(sender, **kwargs) -> None:
    forget_facet_labels()


@receiver(post_save, sender=Theme)
def _theme_changed(sender, instance: Theme, created: bool, **kwargs) -> None:
    if created:
        return
    ids = list(DirectivePage.objects.filter(themes=instance).values_list("pk", flat=True))
    for model in EXPLAINER_MODELS:
        ids += model.objects.filter(themes=instance).values_list("pk", flat=True)
    schedule_update(ids)


@receiver(post_save, sender=IssuingBody)
def _issuer_changed(sender, instance: IssuingBody, created: bool, **kwargs) -> None:
    if not created:
        schedule_update(DirectivePage.objects.filter(issuing_body=instance).values_list("pk", flat=True))


@receiver(post_save, sender=DocumentType)
def _document_type_changed(sender, instance: DocumentType, created: bool, **kwargs) -> None:
    if not created:
        schedule_update(DirectivePage.objects.filter(document_type=instance).values_list("pk", flat=True))


def _reindex_citers(keys: Iterable[str]) -> None:
    keys = set(keys)
    if not keys:
        return
    ids = list(DirectiveRelation.objects.filter(target_key__in=keys).values_list("page_id", flat=True))
    for model in EXPLAINER_MODELS:
        ids += model.objects.filter(related_directives__number_key__in=keys).values_list("pk", flat=True)
    schedule_update(ids)


@receiver(page_published, sender=DirectivePage)
@receiver(page_unpublished, sender=DirectivePage)
def _directive_visibility_changed(sender, instance: DirectivePage, **kwargs) -> None:
    _reindex_citers([instance.number_key])
    # The directives it repeals or replaces change status with it (articles.directive_status).
    ending = instance.relations.filter(relation_type__in=ENDING_RELATIONS.values()).values("target_key")
    schedule_update(DirectivePage.objects.filter(number_key__in=ending).values_list("pk", flat=True))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _restriction_changed(sender, instance: PageViewRestriction, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        keys = DirectivePage.objects.filter(path__startswith=page.path).values_list("number_key", flat=True)
        _reindex_citers(keys)


# --- File visibility ------------------------------------------------------------------------------


def _file_models() -> list[type[Model]]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtailmedia.models import get_media_model

    return [get_image_model(), get_document_model(), get_media_model()]


def _reindex_pages_using(files: Iterable[QuerySet]) -> None:
    """Re-check the pages that use any of these files, and the pages below them."""
    references = Q(pk__in=[])
    for queryset in files:
        references |= Q(
            to_content_type=ContentType.objects.get_for_model(queryset.model),
            to_object_id__in=queryset.annotate(key=Cast("pk", CharField())).values("key"),
        )
    used_by = ReferenceIndex.objects.filter(references, base_content_type=ContentType.objects.get_for_model(Page))
    used_by = used_by.values("object_id")
    paths = Page.objects.annotate(key=Cast("pk", CharField())).filter(key__in=used_by).values_list("path", flat=True)
    below = Q(pk__in=[])
    for path in paths:
        below |= Q(path__startswith=path)
    schedule_update(Page.objects.filter(below).values_list("pk", flat=True))


def _reindex_collection(path: str) -> None:
    _reindex_pages_using(model.objects.filter(collection__path__startswith=path) for model in _file_models())


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def _collection_restriction_changed(sender, instance: CollectionViewRestriction, **kwargs) -> None:
    path = Collection.objects.filter(pk=instance.collection_id).values_list("path", flat=True).first()
    if path is not None:
        _reindex_collection(path)


@receiver(post_save, sender=Collection)
def _collection_saved(sender, instance: Collection, created: bool, **kwargs) -> None:
    if not created:  # a move (the admin saves, then moves): what the collection inherits may change
        _reindex_collection(instance.path)


def _file_saved(sender, instance: Model, created: bool, update_fields=None, **kwargs) -> None:
    if created or (update_fields is not None and "collection" not in update_fields):
        return
    _reindex_pages_using([sender.objects.filter(pk=instance.pk)])


for _model in _file_models():
    post_save.connect(_file_saved, sender=_model, dispatch_uid=f"articles_file_saved_{_model._meta.label}")
