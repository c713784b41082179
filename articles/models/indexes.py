"""Pages that list items: the base of the media section indexes, and the special page per theme."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField, TranslatableField

from articles import api
from articles.models.directives import PAGE_TRANSLATABLE_FIELDS

PER_PAGE = 12


class SectionIndexPage(Page):
    """A paginated list of the live, public items below it, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    child_model: type[Page]
    cache_query_parameters = ("page",)
    """What `get_context` reads from the query string (the full-page cache keys pages by these only)."""
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    translatable_fields = [*PAGE_TRANSLATABLE_FIELDS, TranslatableField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True

    def items(self):
        return self.child_model.objects.live().public().child_of(self).order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["items"] = Paginator(self.items(), PER_PAGE).get_page(request.GET.get("page"))
        return context


class ThemePage(Page):
    """The special page of one theme: every directive and media item filed under it."""

    theme = models.ForeignKey("articles.Theme", verbose_name=_("theme"), on_delete=models.PROTECT, related_name="+")
    intro = models.TextField(_("introduction"), blank=True)

    subpage_types: list[str] = []
    cache_query_parameters = ("page",)
    """What `get_context` reads from the query string (the full-page cache keys pages by these only)."""
    content_panels = [*Page.content_panels, FieldPanel("theme"), FieldPanel("intro")]
    translatable_fields = [*PAGE_TRANSLATABLE_FIELDS, TranslatableField("intro"), SynchronizedField("theme")]
    api_fields = [
        APIField("theme", serializer=api.ReferenceField(["slug", "colour"], labels=["name", "description"])),
        APIField("intro"),
    ]

    class Meta:
        verbose_name = _("theme page")
        verbose_name_plural = _("theme pages")

    def clean(self) -> None:
        super().clean()
        other = (
            ThemePage.objects.filter(theme_id=self.theme_id, locale_id=self.locale_id)
            .exclude(translation_key=self.translation_key)
            .first()
        )
        if other is not None:
            raise ValidationError(
                {"theme": _("This theme already has a special page: “%(title)s”.") % {"title": other.title}}
            )

    @classmethod
    def api_queryset(cls, queryset):
        """What `api_fields` read, fetched once per API listing (cms/api.py)."""
        return queryset.select_related("theme")

    def get_context(self, request, *args, **kwargs) -> dict:
        from articles.listings import items_for_theme

        context = super().get_context(request, *args, **kwargs)
        context["items"] = items_for_theme(self.theme_id, self.locale_id).page(request.GET.get("page"), PER_PAGE)
        return context
