from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Directives and media")

    def ready(self) -> None:
        from articles import signals  # noqa: F401  (re-index pages when reference labels change)
