from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Public search")

    def ready(self) -> None:
        from search import signals  # noqa: F401  (connects the index to content changes)
