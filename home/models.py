"""HomePage: the campaign front page, one per language (en and uk are translations of vi).

Editors choose the lead directive and the featured items on the source page; both are synchronized
to the translations and resolved, when shown, to the pages of the visitor's locale (by translation
key), so a choice made once holds in every language. Without a choice the front page shows the
newest directive in force and the newest items.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail_localize.fields import SynchronizedField, TranslatableField

LATEST_COUNT = 6
"""Items in the "latest" feed links' listing (kept for the API and older templates)."""
ROW_COUNT = 3
"""Items per kind in the front page's rows."""
FEATURED_COUNT = 3
"""Featured items shown when editors chose none (the newest of any kind)."""
MAX_FEATURED = 6

FEATURABLE_TYPES = [
    "articles.DirectivePage",
    "articles.InfographicPage",
    "articles.PodcastEpisodePage",
    "articles.VideoClipPage",
    "articles.ArticlePage",
]
"""What an editor may feature: directives and every media kind (articles.models.EXPLAINER_MODELS)."""


class HomePage(Page):
    """The front page of one language tree; the site root serves its localised copy."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("The lead paragraph under the page title: what this campaign is about."),
    )
    lead_directive = models.ForeignKey(
        "articles.DirectivePage",
        verbose_name=_("lead directive"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The directive shown first on the front page, in every language. "
            "Empty: the most recently issued directive in force."
        ),
    )

    parent_page_types = ["wagtailcore.Page"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                PageChooserPanel("lead_directive", "articles.DirectivePage"),
                InlinePanel(
                    "featured_items",
                    label=_("featured item"),
                    max_num=MAX_FEATURED,
                    help_text=_("Empty: the newest items of any kind."),
                ),
            ],
            heading=_("Front page choices"),
        ),
    ]

    def get_context(self, request, *args, **kwargs) -> dict:
        from articles.directive_visibility import private_pages_q
        from articles.listings import (
            latest_by_kind,
            localized_pages,
            newest_in_force_directive,
            prepare_cards,
            sections_by_kind,
            theme_directory,
        )

        context = super().get_context(request, *args, **kwargs)
        private = private_pages_q()  # one query, shared by every listing below
        children = list(self.get_children().live().exclude(private).filter(alias_of__isnull=True))
        context["sections"] = [page for page in children if page.show_in_menus]
        section_of = sections_by_kind(children)

        lead = localized_pages(self._chosen_keys(lead=True), self.locale_id, private)
        lead = lead[0] if lead else newest_in_force_directive(self.locale_id, private)
        rows = latest_by_kind(self.locale_id, ROW_COUNT, private)
        featured = localized_pages(self._chosen_keys(), self.locale_id, private)
        if not featured:
            newest = sorted((item for items in rows.values() for item in items), key=lambda p: (p.date, p.pk))
            featured = newest[::-1][:FEATURED_COUNT]
        prepare_cards(
            [*featured, *(item for items in rows.values() for item in items), *([lead] if lead else [])],
            request,
            eager=len(featured),
        )

        context["lead"] = lead
        context["featured"] = featured
        context["rows"] = [
            {
                "kind": kind,
                "label": capfirst(type(items[0])._meta.verbose_name_plural),
                "items": items,
                "section": section_of.get(kind),
            }
            for kind, items in rows.items()
            if items
        ]
        episodes = rows.get("podcast") or [None]
        context["latest_episode"] = episodes[0]
        context["themes"] = [badge for badge in theme_directory(request).values() if badge.url]
        return context

    def _prefetched_featured(self) -> list:
        """The featured-item rows, read once (in memory in an editor's preview)."""
        if not hasattr(self, "_featured_rows"):
            self._featured_rows = list(self.featured_items.all().select_related("item"))
        return self._featured_rows

    def _chosen_keys(self, *, lead: bool = False) -> list:
        """Translation keys of the editors' choice: the lead directive, or the featured items in order."""
        if lead:
            return [self.lead_directive.translation_key] if self.lead_directive_id and self.lead_directive else []
        return [row.item.translation_key for row in self._prefetched_featured() if row.item_id]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        SynchronizedField("show_in_menus"),
        SynchronizedField("lead_directive"),
        SynchronizedField("featured_items"),
    ]
    # Read-only API v2 (/api/v2/pages/).
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class HomeFeaturedItem(Orderable):
    """One item editors feature on the front page: a directive or a media item of any kind."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_items")
    item = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("item"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A directive, infographic, podcast episode, video clip or article."),
    )

    panels = [PageChooserPanel("item", FEATURABLE_TYPES)]

    class Meta(Orderable.Meta):
        verbose_name = _("featured item")
        verbose_name_plural = _("featured items")

    def clean(self) -> None:
        super().clean()
        if self.item_id:
            allowed = {name.split(".")[1].lower() for name in FEATURABLE_TYPES}
            if self.item.specific_class is None or self.item.specific_class._meta.model_name not in allowed:
                raise ValidationError({"item": _("Choose a directive or a media item.")})
