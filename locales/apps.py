from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocalesConfig(AppConfig):
    name = "locales"
    verbose_name = _("Translation workflow")

    def ready(self) -> None:
        # Signal handlers: the queue following content changes (signals), locale teams and their rights
        # (permissions), the review step following Wagtail's workflow (review), e-mails (notifications),
        # privacy and withdrawal of each source page reaching its translations (source_visibility).
        from locales import notifications, permissions, review, signals, source_visibility  # noqa: F401
