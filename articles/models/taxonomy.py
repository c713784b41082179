"""Reference data shared by every locale: themes, issuing bodies, document types.

These are plain models whose labels are translated side by side with django-modeltranslation
(`name_vi`, `name_en`, `name_uk`; see articles/translation.py). They must never use
wagtail's TranslatableMixin: the two translation systems corrupt each other's fields.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from search.analysis import fold

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hex digits, e.g. #b3261e."))


def _labels_panel(field: str, heading: str) -> FieldRowPanel:
    """One row holding a field's Vietnamese, English and Ukrainian columns, edited side by side."""
    return FieldRowPanel(
        [FieldPanel(f"{field}_vi"), FieldPanel(f"{field}_en"), FieldPanel(f"{field}_uk")],
        heading=heading,
    )


class SearchableLabels(index.Indexed):
    """Searchable in the admin's choosers and listings (Wagtail's own index) by the name in every
    language of the site, with or without tone marks, and as one types."""

    def labels_text(self) -> str:
        names = {getattr(self, build_localized_fieldname("name", code), "") or "" for code, _name in settings.LANGUAGES}
        text = " ".join(sorted(name for name in names if name))
        return f"{text} {fold(text)}"

    search_fields = [index.SearchField("labels_text"), index.AutocompleteField("labels_text")]


class Theme(SearchableLabels, models.Model):
    """A subject that directives and media are filed under; each has a special page."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        allow_unicode=False,
        help_text=_("Used in URLs and search filters; ASCII, e.g. chuyen-doi-so."),
    )
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[HEX_COLOUR],
        help_text=_("Optional accent colour for this theme's badges, e.g. #b3261e."),
    )

    panels = [
        _labels_panel("name", _("Name")),
        FieldPanel("slug"),
        MultiFieldPanel(
            [FieldPanel("description_vi"), FieldPanel("description_en"), FieldPanel("description_uk")],
            heading=_("Description"),
        ),
        FieldPanel("colour"),
    ]

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class IssuingBody(SearchableLabels, models.Model):
    """The Party or State body that issues directives, e.g. the Government Party Committee (ĐU)."""

    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=20,
        help_text=_("The issuer code as printed in directive numbers, e.g. ĐU, TW, BCĐTW."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("Optional: the body this one reports to."),
    )

    panels = [
        _labels_panel("name", _("Name")),
        FieldPanel("abbreviation"),
        FieldPanel("parent"),
    ]
    search_fields = [*SearchableLabels.search_fields, index.AutocompleteField("abbreviation")]

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})"


class DocumentType(SearchableLabels, models.Model):
    """A kind of directive and its code in numbers: NQ resolution, CV official dispatch, …"""

    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        help_text=_("The type code as printed in directive numbers, e.g. NQ, CV, KH, CTr, QĐ."),
    )
    name = models.CharField(_("name"), max_length=120)

    panels = [FieldPanel("code"), _labels_panel("name", _("Name"))]
    search_fields = [*SearchableLabels.search_fields, index.AutocompleteField("code")]

    class Meta:
        ordering = ["code"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"
