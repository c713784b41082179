"""django-modeltranslation registrations: reference-data labels in vi, en and uk columns."""

from modeltranslation.translator import TranslationOptions, register

from articles.models import DocumentType, IssuingBody, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("vi",)


@register(IssuingBody)
class IssuingBodyTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("vi",)


@register(DocumentType)
class DocumentTypeTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("vi",)
