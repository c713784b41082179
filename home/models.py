"""HomePage: the campaign front page, one per language (en and uk are translations of vi)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField, TranslatableField

LATEST_COUNT = 6


class HomePage(Page):
    """The front page of one language tree; the site root serves its localised copy."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("The lead paragraph under the page title: what this campaign is about."),
    )

    parent_page_types = ["wagtailcore.Page"]

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs) -> dict:
        from articles.listings import latest_items

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().in_menu()
        context["latest"] = latest_items(self.locale_id, LATEST_COUNT)
        return context

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        SynchronizedField("show_in_menus"),
    ]
    # Read-only API v2 (/api/v2/pages/).
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")
