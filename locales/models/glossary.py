"""The glossary: terms and what they become in each language, shared by every locale.

`GlossaryTerm` is reference data, translated side by side with django-modeltranslation
(`term_vi`, `term_en`, `term_uk`, `note_*`; see locales/translation.py). It must never use
wagtail's TranslatableMixin: the two translation systems corrupt each other's fields. Code that
checks or fills translations reads it through `locales.glossary.entries()`, not this model.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from locales import conf


class GlossaryTerm(models.Model):
    """A term translators must render consistently, e.g. “chuyển đổi số” → “digital transformation”."""

    class PartOfSpeech(models.TextChoices):
        NOUN = "noun", _("Noun")
        VERB = "verb", _("Verb")
        ADJECTIVE = "adjective", _("Adjective")
        ADVERB = "adverb", _("Adverb")
        PHRASE = "phrase", _("Phrase")
        PROPER_NOUN = "proper_noun", _("Proper noun")
        ABBREVIATION = "abbreviation", _("Abbreviation")
        OTHER = "other", _("Other")

    term = models.CharField(_("term"), max_length=200, help_text=_("The term as written in this language."))
    part_of_speech = models.CharField(_("part of speech"), max_length=20, choices=PartOfSpeech.choices, blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("Usage advice for translators."))
    do_not_translate = models.BooleanField(
        _("do not translate"),
        default=False,
        help_text=_("Keep the term as written in the source in every language, e.g. a name or an abbreviation."),
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("term_vi"), FieldPanel("term_en"), FieldPanel("term_uk")],
            heading=_("Term"),
        ),
        FieldRowPanel([FieldPanel("part_of_speech"), FieldPanel("do_not_translate")]),
        MultiFieldPanel(
            [FieldPanel("note_vi"), FieldPanel("note_en"), FieldPanel("note_uk")],
            heading=_("Note"),
        ),
    ]

    class Meta:
        ordering = ["term_vi"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return self.source_term

    @property
    def source_term(self) -> str:
        return getattr(self, f"term_{conf.source_language()}") or ""

    def clean(self) -> None:
        super().clean()
        field = f"term_{conf.source_language()}"
        value = (getattr(self, field) or "").strip()
        setattr(self, field, value)
        # Compared in Python: SQLite's case folding is ASCII only (Vietnamese and Cyrillic would slip by).
        others = GlossaryTerm.objects.exclude(pk=self.pk).values_list(field, flat=True)
        if value and any((other or "").casefold() == value.casefold() for other in others):
            raise ValidationError({field: gettext("The glossary already has the term “%(term)s”.") % {"term": value}})
