"""The project as a Django app: it owns the full-page cache's signal handlers, Wagtail hooks and the
superuser-password deploy check."""

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"

    def ready(self) -> None:
        from cms import page_cache_invalidation, superuser_passwords  # noqa: F401  (registers its deploy check)

        page_cache_invalidation.connect()
