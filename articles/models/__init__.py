"""Models of the articles app, split by role and re-exported so imports stay `from articles.models import X`."""

from articles.models.directives import DirectiveIndexPage, DirectivePage, DirectiveRelation
from articles.models.taxonomy import DocumentType, IssuingBody, Theme

__all__ = [
    "DirectiveIndexPage",
    "DirectivePage",
    "DirectiveRelation",
    "DocumentType",
    "IssuingBody",
    "Theme",
]
