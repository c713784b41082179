"""Wagtail admin registrations of the articles app."""

from wagtail.snippets.models import register_snippet

from articles.viewsets import ReferenceDataViewSetGroup

register_snippet(ReferenceDataViewSetGroup)
