"""django-modeltranslation registrations of the site's frame: the publisher's texts in every language.

Phone, e-mail, logo and the accessibility statement are shared by every language; name, tagline,
address and contact text have one column per language (`name_<code>`), the source language's
column being what a missing translation falls back to.
"""

from modeltranslation.translator import TranslationOptions, register

from cms.models import PublisherSettings


@register(PublisherSettings)
class PublisherSettingsTranslationOptions(TranslationOptions):
    fields = ("name", "tagline", "address", "contact")
