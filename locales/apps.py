from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocalesConfig(AppConfig):
    name = "locales"
    verbose_name = _("Translation workflow")

    def ready(self) -> None:
        from locales import signals  # noqa: F401  (connects the localization queue to content changes)
