"""Wagtail admin registrations of the articles app."""

from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from articles import intake_views
from articles.viewsets import ReferenceDataViewSetGroup

register_snippet(ReferenceDataViewSetGroup)


@hooks.register("register_admin_urls")
def register_intake_urls() -> list:
    """The views of “New directive from document” (articles.intake_views)."""
    return [path("directives/from-document/", include((intake_views.urlpatterns, "articles_intake")))]


hooks.register("register_admin_menu_item", intake_views.menu_item)
hooks.register("register_page_header_buttons", intake_views.header_buttons)
