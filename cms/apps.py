"""The project as a Django app: it owns the full-page cache's signal handlers and Wagtail hooks."""

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"

    def ready(self) -> None:
        from cms import page_cache_invalidation

        page_cache_invalidation.connect()
