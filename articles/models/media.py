"""The media that explain directives: infographics, podcast episodes, video clips, articles.

Every one of them is an `ExplainerPage`: dated, filed under themes, tied to the directives it
explains. Relations point at directive pages of the source locale (they are synchronized to
translations); look-ups go through the directive's translation key, so they hold in every locale.
A video clip's embedded player address comes from `articles.embeds` (allow-listed hosts only), and
its page lets exactly that player's origin into the response's CSP ``frame-src``.
"""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Prefetch
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from articles import api, embeds, public_files
from articles.blocks import PARAGRAPH_FEATURES, ArticleBodyBlock
from articles.directive_numbers import find_directive_numbers
from articles.directive_visibility import private_pages_q, visible_directives, withheld_keys, withheld_q
from articles.media_files import format_duration, read_audio_info, validate_webvtt
from articles.models.directives import PAGE_TRANSLATABLE_FIELDS, DirectivePage
from articles.models.indexes import SectionIndexPage
from articles.page_forms import CitedDirectivesPanel, ExplainerPageForm, FilterableCheckboxSelectMultiple
from articles.search_documents import explainer_document, stream_text
from search.documents import SearchDocument

# Guids of podcast episodes: stable per (item, locale), never reused for another episode.
EPISODE_GUID_NAMESPACE = uuid.UUID("5f0c2a8e-5f43-4d0a-9d57-6a3c1f3b8e21")

# Image sizes the API gives (the sizes the templates show; the feed's cover size).
IMAGE_RENDITION = "width-1200"
POSTER_RENDITION = "width-1280"
COVER_RENDITION = "fill-1400x1400"
DEFAULT_PLAYER_SIZE = (1280, 720)
# A transcript longer than this many characters shows its first paragraphs and folds the rest away.
TRANSCRIPT_SHOWN_CHARS = 700
TRANSCRIPT_FOLD_MIN_CHARS = 400


class TranscriptMixin:
    """The transcript as the page shows it: whole when short, else its first paragraphs and the rest
    (folded in a <details> by the template). Not a model: it adds no field."""

    transcript: str

    @property
    def transcript_parts(self) -> tuple[str, str]:
        """(shown, folded): paragraphs up to about `TRANSCRIPT_SHOWN_CHARS`, then the rest when the
        rest is worth folding (at least `TRANSCRIPT_FOLD_MIN_CHARS`); otherwise (all, "")."""
        text = (self.transcript or "").strip()
        paragraphs = [part for part in text.replace("\r\n", "\n").split("\n") if part.strip()]
        shown: list[str] = []
        length = 0
        for position, paragraph in enumerate(paragraphs):
            if shown and length + len(paragraph) > TRANSCRIPT_SHOWN_CHARS:
                rest = "\n\n".join(paragraphs[position:])
                if len(rest) >= TRANSCRIPT_FOLD_MIN_CHARS:
                    return "\n\n".join(shown), rest
                break
            shown.append(paragraph)
            length += len(paragraph)
        return text, ""


class ExplainerPage(Page):
    """Fields and behaviour shared by every kind of media item."""

    base_form_class = ExplainerPageForm

    kind: str = ""
    """Short machine name of the kind of item ("infographic", "podcast", …) used by search and listings."""

    date = models.DateField(_("date"), default=timezone.localdate, help_text=_("When this item was published."))
    summary = models.TextField(_("summary"), blank=True, help_text=_("Two or three sentences for listings and search."))
    themes = ParentalManyToManyField("articles.Theme", verbose_name=_("themes"), blank=True, related_name="+")
    related_directives = ParentalManyToManyField(
        "articles.DirectivePage",
        verbose_name=_("related directives"),
        blank=True,
        related_name="+",
        help_text=_("The directives this item explains or reports on."),
    )

    relations_panels = [
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_directives", widget=FilterableCheckboxSelectMultiple),
        CitedDirectivesPanel("cited_directives"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    explainer_translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("summary"),
        SynchronizedField("date"),
        SynchronizedField("themes"),
        SynchronizedField("related_directives"),
    ]
    # Read-only API v2 (/api/v2/pages/): each kind adds its own fields; see articles/api.py.
    explainer_api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("themes", serializer=api.ThemesField()),
        APIField("related_directives", serializer=api.RelatedDirectivesField()),
    ]
    api_fields = explainer_api_fields

    class Meta:
        abstract = True

    @classmethod
    def kind_label(cls) -> str:
        return cls._meta.verbose_name

    search_images: tuple[str, ...] = ()
    """Image fields `search_document()` shows as the thumbnail."""

    @classmethod
    def search_queryset(cls, queryset):
        """What `search_document()` reads, fetched once per batch (search.indexing); images come
        flagged when their collection is restricted (articles.public_files), so the thumbnail
        check costs no query per page."""
        images = [
            Prefetch(name, queryset=public_files.flagged(get_image_model().objects.all())) for name in cls.search_images
        ]
        related = Prefetch(
            "related_directives", queryset=DirectivePage.objects.exclude(withheld_q(OuterRef("number_key")))
        )
        return queryset.prefetch_related("themes", related, *images)

    @classmethod
    def api_queryset(cls, queryset):
        """What `api_fields` read, fetched once per API listing (cms/api.py); kinds add their files."""
        return queryset.prefetch_related("themes", api.related_directives_prefetch())

    def prose(self) -> tuple[str, str]:
        """(body, transcript) as plain text: what search indexes beside the summary, and where the
        editor's offer to tie the item to the directives it cites looks for numbers."""
        return "", ""

    def cited_number_keys(self) -> set[str]:
        """Keys of the directive numbers written in the summary, body and transcript."""
        return {number.key for text in (self.summary, *self.prose()) for number in find_directive_numbers(text)}

    def localized_related_directives(self) -> list[tuple[str, DirectivePage | None]]:
        """(number as printed, the live directive page in this locale or None), in four queries;
        directives the public may not be told about are left out (articles.directive_visibility)."""
        private = private_pages_q()
        related = list(self.related_directives.all())  # held in memory when previewed from the editor
        withheld = withheld_keys({page.number_key for page in related}, private)
        related = [page for page in related if page.number_key not in withheld]
        localized = {
            page.translation_key: page
            for page in visible_directives(private).filter(
                locale_id=self.locale_id, translation_key__in=[page.translation_key for page in related]
            )
        }
        return [(page.number, localized.get(page.translation_key)) for page in related]

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["related_directives"] = self.localized_related_directives()
        return context


class InfographicPage(ExplainerPage):
    kind = "infographic"
    search_images = ("image",)

    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    alt_text = models.CharField(
        _("short alternative text"),
        max_length=250,
        help_text=_("One sentence saying what the infographic shows, read out by screen readers."),
    )
    long_description = RichTextField(
        _("long description"),
        features=PARAGRAPH_FEATURES,
        help_text=_("Everything the infographic says, as text: figures, steps, conclusions."),
    )
    source_data = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("source data"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional spreadsheet or document with the figures shown."),
    )

    parent_page_types = ["articles.InfographicIndexPage"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("alt_text"),
        FieldPanel("long_description"),
        FieldPanel("source_data"),
        MultiFieldPanel(ExplainerPage.relations_panels, heading=_("Themes and directives")),
    ]
    search_fields = [*ExplainerPage.search_fields, index.SearchField("long_description")]
    translatable_fields = [
        *ExplainerPage.explainer_translatable_fields,
        TranslatableField("alt_text"),
        TranslatableField("long_description"),
        SynchronizedField("image", overridable=True),
        SynchronizedField("source_data"),
    ]
    api_fields = [
        *ExplainerPage.explainer_api_fields,
        *api.image_api_fields("image", IMAGE_RENDITION),
        APIField("alt_text"),
        APIField("long_description"),
        APIField("source_data", serializer=api.DocumentField()),
    ]

    class Meta:
        verbose_name = _("infographic")
        verbose_name_plural = _("infographics")

    def prose(self) -> tuple[str, str]:
        return "\n".join([self.alt_text, strip_tags(self.long_description)]), ""

    def search_document(self) -> SearchDocument:
        body, _transcript = self.prose()
        return explainer_document(self, body=body, image=self.image)

    @classmethod
    def api_queryset(cls, queryset):
        return (
            super()
            .api_queryset(queryset)
            .select_related("source_data")
            .prefetch_related(api.image_prefetch("image", IMAGE_RENDITION))
        )


class PodcastIndexPage(RoutablePageMixin, Page):
    """A podcast show: its episodes, and an RSS feed of them per locale at `feed/`."""

    description = models.TextField(_("description"), help_text=_("What the show is about, for podcast apps."))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Square, at least 1400×1400 pixels, as podcast directories require."),
    )
    author = models.CharField(_("author"), max_length=200)
    owner_email = models.EmailField(_("owner e-mail"), help_text=_("Contact address shown to podcast directories."))
    itunes_category = models.CharField(
        _("podcast category"), max_length=100, default="Government", help_text=_("An Apple Podcasts category.")
    )
    explicit = models.BooleanField(_("explicit"), default=False)

    subpage_types = ["articles.PodcastEpisodePage"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("cover_image"),
        FieldRowPanel([FieldPanel("author"), FieldPanel("owner_email")]),
        FieldRowPanel([FieldPanel("itunes_category"), FieldPanel("explicit")]),
    ]
    translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("description"),
        SynchronizedField("cover_image", overridable=True),
        SynchronizedField("author"),
        SynchronizedField("owner_email"),
        SynchronizedField("itunes_category"),
        SynchronizedField("explicit"),
    ]
    api_fields = [
        APIField("description"),
        *api.image_api_fields("cover_image", COVER_RENDITION),
        APIField("author"),
        APIField("itunes_category"),
        APIField("explicit"),
    ]

    class Meta:
        verbose_name = _("podcast show")
        verbose_name_plural = _("podcast shows")

    @classmethod
    def api_queryset(cls, queryset):
        """What `api_fields` read, fetched once per API listing (cms/api.py)."""
        return queryset.prefetch_related(api.image_prefetch("cover_image", COVER_RENDITION))

    def episodes(self):
        return (
            PodcastEpisodePage.objects.live()
            .public()
            .child_of(self)
            .select_related("audio")
            .order_by("-date", "-episode_number")
        )

    @path("")
    def index(self, request):
        return self.render(request)

    @path("feed/")
    def feed(self, request):
        from articles.feeds import PodcastFeed

        return PodcastFeed()(request, show=self)


class PodcastEpisodePage(TranscriptMixin, ExplainerPage):
    kind = "podcast"

    audio = models.ForeignKey(
        "wagtailmedia.Media", verbose_name=_("audio file"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    duration_seconds = models.FloatField(_("duration (seconds)"), editable=False, default=0)
    size_bytes = models.PositiveBigIntegerField(_("file size (bytes)"), editable=False, default=0)
    mime_type = models.CharField(_("file type"), max_length=50, editable=False, blank=True)
    episode_number = models.PositiveIntegerField(_("episode number"), null=True, blank=True)
    explicit = models.BooleanField(_("explicit"), default=False)
    transcript = models.TextField(_("transcript"), help_text=_("Everything said in the episode, as text."))
    show_notes = RichTextField(_("show notes"), blank=True, features=PARAGRAPH_FEATURES)

    parent_page_types = ["articles.PodcastIndexPage"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("episode_number"), FieldPanel("explicit")]),
        FieldPanel("summary"),
        FieldPanel("audio"),
        FieldPanel("show_notes"),
        FieldPanel("transcript"),
        MultiFieldPanel(ExplainerPage.relations_panels, heading=_("Themes and directives")),
    ]
    search_fields = [*ExplainerPage.search_fields, index.SearchField("transcript")]
    translatable_fields = [
        *ExplainerPage.explainer_translatable_fields,
        TranslatableField("transcript"),
        TranslatableField("show_notes"),
        SynchronizedField("audio"),
        SynchronizedField("episode_number"),
        SynchronizedField("explicit"),
    ]
    api_fields = [
        *ExplainerPage.explainer_api_fields,
        APIField("audio", serializer=api.MediaFileField()),
        APIField("duration_seconds"),
        APIField("size_bytes"),
        APIField("mime_type"),
        APIField("episode_number"),
        APIField("explicit"),
        APIField("show_notes"),
        APIField("transcript"),
    ]

    class Meta:
        verbose_name = _("podcast episode")
        verbose_name_plural = _("podcast episodes")

    def clean(self) -> None:
        super().clean()
        if self.audio is not None:
            try:
                info = read_audio_info(self.audio.file)
            except ValidationError as error:
                raise ValidationError({"audio": error.messages}) from error
            self.duration_seconds, self.size_bytes, self.mime_type = (
                info.duration_seconds,
                info.size_bytes,
                info.mime_type,
            )

    def prose(self) -> tuple[str, str]:
        return strip_tags(self.show_notes), self.transcript

    def search_document(self) -> SearchDocument:
        # The show's cover, flagged when its collection is restricted: one query.
        shows = PodcastIndexPage.objects.filter(path=self.path[: -self.steplen])
        cover = public_files.flagged(get_image_model().objects.filter(pk__in=shows.values("cover_image_id"))).first()
        body, transcript = self.prose()
        return explainer_document(
            self,
            body=body,
            transcript=transcript,
            image=cover,
        )

    @classmethod
    def api_queryset(cls, queryset):
        return super().api_queryset(queryset).select_related("audio")

    @property
    def guid(self) -> str:
        """Stable per locale: a translation is a different episode entry in that locale's feed."""
        return f"urn:uuid:{uuid.uuid5(EPISODE_GUID_NAMESPACE, f'{self.translation_key}/{self.locale_id}')}"

    @property
    def duration_display(self) -> str:
        return format_duration(self.duration_seconds)


class VideoClipPage(TranscriptMixin, ExplainerPage):
    kind = "video"
    search_images = ("poster",)

    video = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name=_("video file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Upload a video, or give an embed address below."),
    )
    embed_url = models.URLField(_("embed address"), blank=True, help_text=_("e.g. a YouTube or Vimeo address."))
    poster = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("poster image"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"))
    transcript = models.TextField(_("transcript"), help_text=_("Everything said and shown in the clip, as text."))

    parent_page_types = ["articles.VideoIndexPage"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("video"), FieldPanel("embed_url"), FieldPanel("poster"), FieldPanel("duration_seconds")],
            heading=_("Video"),
        ),
        InlinePanel("caption_tracks", heading=_("Caption tracks"), label=_("caption track")),
        FieldPanel("transcript"),
        MultiFieldPanel(ExplainerPage.relations_panels, heading=_("Themes and directives")),
    ]
    search_fields = [*ExplainerPage.search_fields, index.SearchField("transcript")]
    translatable_fields = [
        *ExplainerPage.explainer_translatable_fields,
        TranslatableField("transcript"),
        SynchronizedField("video"),
        SynchronizedField("embed_url"),
        SynchronizedField("poster", overridable=True),
        SynchronizedField("duration_seconds"),
        SynchronizedField("caption_tracks"),
    ]
    api_fields = [
        *ExplainerPage.explainer_api_fields,
        APIField("video", serializer=api.MediaFileField()),
        APIField("embed_url"),
        *api.image_api_fields("poster", POSTER_RENDITION),
        APIField("duration_seconds"),
        APIField("caption_tracks", serializer=api.CaptionTracksField()),
        APIField("transcript"),
    ]

    class Meta:
        verbose_name = _("video clip")
        verbose_name_plural = _("video clips")

    def clean(self) -> None:
        super().clean()
        if bool(self.video_id) == bool(self.embed_url):
            raise ValidationError({"embed_url": _("Give either an uploaded video or an embed address, not both.")})

    @property
    def duration_display(self) -> str:
        return format_duration(self.duration_seconds)

    @property
    def embed_player_url(self) -> str | None:
        """The privacy-friendly player of an embedded YouTube or Vimeo clip (articles.embeds), inserted
        only when the visitor asks; None for an uploaded video or an address on any other host."""
        if self.video_id or not self.embed_url:
            return None
        return embeds.player_url(self.embed_url)

    @property
    def embed_provider(self) -> str | None:
        """The service ("YouTube", "Vimeo") the embedded player comes from, named before it loads."""
        player = self.embed_player_url
        return embeds.provider(player) if player else None

    @property
    def player_size(self) -> tuple[int, int]:
        """Width and height the player reserves, so nothing shifts while it loads: the uploaded video's
        own size, else the poster's, else 16:9."""
        for item in (self.video if self.video_id else None, self.poster if self.poster_id else None):
            if item is not None and item.width and item.height:
                return item.width, item.height
        return DEFAULT_PLAYER_SIZE

    def serve(self, request, *args, **kwargs):
        """The page; with an embedded player, its origin (only that one) is allowed in the response's
        CSP ``frame-src`` through django-csp's per-response update (the project's middleware keeps
        only origins of `articles.embeds.PLAYER_ORIGINS`)."""
        response = super().serve(request, *args, **kwargs)
        player = self.embed_player_url
        if player is not None:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["frame-src"] = [embeds.player_origin(player)]
            response._csp_update = update
        return response

    def prose(self) -> tuple[str, str]:
        return "", self.transcript

    def search_document(self) -> SearchDocument:
        return explainer_document(self, transcript=self.prose()[1], image=self.poster)

    @classmethod
    def api_queryset(cls, queryset):
        return (
            super()
            .api_queryset(queryset)
            .select_related("video")
            .prefetch_related(
                api.image_prefetch("poster", POSTER_RENDITION),
                Prefetch("caption_tracks", queryset=VideoCaptionTrack.objects.select_related("file")),
            )
        )


class VideoCaptionTrack(Orderable):
    """A WebVTT caption file for one language of a video clip, served as a <track>."""

    page = ParentalKey(VideoClipPage, on_delete=models.CASCADE, related_name="caption_tracks")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("WebVTT file"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A .vtt caption file."),
    )

    panels = [FieldPanel("language"), FieldPanel("file")]

    class Meta(Orderable.Meta):
        verbose_name = _("caption track")
        verbose_name_plural = _("caption tracks")
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="one_caption_track_per_language")]

    def clean(self) -> None:
        super().clean()
        if self.file_id:
            try:
                with self.file.file.open("rb") as handle:
                    validate_webvtt(handle)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error


class ArticlePage(ExplainerPage):
    """News and reports on how units carry out the directives."""

    kind = "article"

    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    source_name = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Who first published this, e.g. Petrovietnam.")
    )
    source_url = models.URLField(_("source address"), blank=True)

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary", heading=_("lead")),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("source_name"), FieldPanel("source_url")]),
        MultiFieldPanel(ExplainerPage.relations_panels, heading=_("Themes and directives")),
    ]
    search_fields = [*ExplainerPage.search_fields, index.SearchField("body")]
    translatable_fields = [
        *ExplainerPage.explainer_translatable_fields,
        TranslatableField("body"),
        TranslatableField("source_name"),
        SynchronizedField("source_url"),
    ]
    api_fields = [
        *ExplainerPage.explainer_api_fields,
        APIField("body"),
        APIField("source_name"),
        APIField("source_url"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def prose(self) -> tuple[str, str]:
        return stream_text(self.body), ""

    def search_document(self) -> SearchDocument:
        return explainer_document(self, body=self.prose()[0])


class InfographicIndexPage(SectionIndexPage):
    child_model = InfographicPage
    subpage_types = ["articles.InfographicPage"]
    template = "articles/section_index_page.html"

    class Meta:
        verbose_name = _("infographics section")
        verbose_name_plural = _("infographics sections")

    def items(self):
        return super().items().select_related("image")


class VideoIndexPage(SectionIndexPage):
    child_model = VideoClipPage
    subpage_types = ["articles.VideoClipPage"]
    template = "articles/section_index_page.html"

    class Meta:
        verbose_name = _("video section")
        verbose_name_plural = _("video sections")

    def items(self):
        return super().items().select_related("poster")


class ArticleIndexPage(SectionIndexPage):
    child_model = ArticlePage
    subpage_types = ["articles.ArticlePage"]
    template = "articles/section_index_page.html"

    class Meta:
        verbose_name = _("articles section")
        verbose_name_plural = _("articles sections")


EXPLAINER_MODELS: list[type[ExplainerPage]] = [InfographicPage, PodcastEpisodePage, VideoClipPage, ArticlePage]
