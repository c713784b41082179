"""Re-index the pages that carry a piece of reference data when its labels change.

Search documents hold theme, issuing-body and document-type labels in every language, so a
renamed theme must reach every page filed under it; the search page's cached facet labels are
dropped too.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import EXPLAINER_MODELS, DirectivePage, DocumentType, IssuingBody, Theme
from articles.search_documents import forget_facet_labels
from search.signals import schedule_update


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
