"""Models of the articles app, split by role and re-exported so imports stay `from articles.models import X`."""

from articles.models.directives import (
    INVERSE_LABELS,
    NO_LONGER_IN_FORCE,
    DirectiveIndexPage,
    DirectivePage,
    DirectiveRelation,
    LegalStatus,
)
from articles.models.indexes import SectionIndexPage, ThemePage
from articles.models.media import (
    EXPLAINER_MODELS,
    ArticleIndexPage,
    ArticlePage,
    ExplainerPage,
    InfographicIndexPage,
    InfographicPage,
    PodcastEpisodePage,
    PodcastIndexPage,
    VideoCaptionTrack,
    VideoClipPage,
    VideoIndexPage,
)
from articles.models.taxonomy import DocumentType, IssuingBody, Theme

__all__ = [
    "EXPLAINER_MODELS",
    "INVERSE_LABELS",
    "NO_LONGER_IN_FORCE",
    "ArticleIndexPage",
    "ArticlePage",
    "DirectiveIndexPage",
    "DirectivePage",
    "DirectiveRelation",
    "DocumentType",
    "ExplainerPage",
    "InfographicIndexPage",
    "InfographicPage",
    "IssuingBody",
    "LegalStatus",
    "PodcastEpisodePage",
    "PodcastIndexPage",
    "SectionIndexPage",
    "Theme",
    "ThemePage",
    "VideoCaptionTrack",
    "VideoClipPage",
    "VideoIndexPage",
]
