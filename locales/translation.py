"""django-modeltranslation registrations: glossary terms and notes in vi, en and uk columns."""

from modeltranslation.translator import TranslationOptions, register

from locales.models import GlossaryTerm


@register(GlossaryTerm)
class GlossaryTermTranslationOptions(TranslationOptions):
    fields = ("term", "note")
    required_languages = ("vi",)
