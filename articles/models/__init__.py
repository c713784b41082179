"""Models of the articles app, split by role and re-exported so imports stay `from articles.models import X`."""

from articles.models.directives import DirectiveIndexPage, DirectivePage, DirectiveRelation
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
    "PodcastEpisodePage",
    "PodcastIndexPage",
    "SectionIndexPage",
    "Theme",
    "ThemePage",
    "VideoCaptionTrack",
    "VideoClipPage",
    "VideoIndexPage",
]
