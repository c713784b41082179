"""The site's frame: the publisher's identity (a Wagtail site setting) and plain information pages.

`PublisherSettings` holds who publishes the site, edited per site under Settings in the admin. Its
texts (name, tagline, address, contact) have one column per language (django-modeltranslation,
cms/translation.py); phone, e-mail, logo and the accessibility statement are shared by every
language. `InformationPage` is a plain page of text under a home page (the accessibility
statement), translated with wagtail-localize like every other page.

What the frame shows is built and cached by `cms.navigation`; the signal handlers there drop the
cached frame when these settings or the pages it lists change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail_localize.fields import TranslatableField

INFORMATION_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def _per_language_panel(field: str, heading: str) -> MultiFieldPanel:
    """A field's column in every language of the site, edited one under the other."""
    return MultiFieldPanel(
        [FieldPanel(build_localized_fieldname(field, code)) for code, _name in settings.LANGUAGES],
        heading=heading,
    )


@register_setting(icon="site")
class PublisherSettings(BaseSiteSetting):
    """Who publishes the site: shown in the header and the footer of every page."""

    name = models.CharField(
        _("publisher's name"),
        max_length=200,
        blank=True,
        help_text=_("Shown next to the emblem in the header; the home page's title is shown when empty."),
    )
    tagline = models.CharField(
        _("tagline"),
        max_length=255,
        blank=True,
        help_text=_("One line under the name, e.g. what the site publishes."),
    )
    address = models.TextField(_("address"), blank=True, help_text=_("Postal address, one line per row."))
    contact = models.TextField(
        _("contact text"),
        blank=True,
        help_text=_("A sentence or two on how to reach the editors, shown in the footer."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A square emblem or logo; the site's own drawn emblem is shown when empty."),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the footer of every page, in the visitor's language when translated."),
    )

    panels = [
        _per_language_panel("name", _("Publisher's name")),
        _per_language_panel("tagline", _("Tagline")),
        FieldPanel("logo"),
        _per_language_panel("address", _("Address")),
        _per_language_panel("contact", _("Contact text")),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("Phone and e-mail")),
        PageChooserPanel("accessibility_page", page_type="cms.InformationPage"),
    ]

    class Meta:
        verbose_name = _("publisher")
        verbose_name_plural = _("publisher")


class InformationPage(Page):
    """A plain page of text about the site itself, such as the accessibility statement."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("heading"), max_length=255, form_classname="title")),
            ("paragraph", blocks.RichTextBlock(label=_("paragraph"), features=INFORMATION_FEATURES)),
        ],
        verbose_name=_("body"),
        blank=True,
    )

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    template = "cms/information_page.html"
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        TranslatableField("body"),
    ]

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")


from cms import navigation  # noqa: E402  (its signal handlers need the models above)

navigation.connect()
