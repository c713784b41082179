"""Wagtail hooks of the project: pages Wagtail serves may go into the full-page cache."""

from typing import Any

from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from cms import page_cache
from cms.page_cache_invalidation import served_page_tags


@hooks.register("before_serve_page")
def mark_page_cacheable(page: Page, request: HttpRequest, serve_args: Any, serve_kwargs: Any) -> None:
    parameters = getattr(page, page_cache.QUERY_PARAMETERS_ATTRIBUTE, ())
    page_cache.mark_cacheable(request, served_page_tags(page), parameters)
