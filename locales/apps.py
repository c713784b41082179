from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocalesConfig(AppConfig):
    name = "locales"
    verbose_name = _("Translation workflow")

    def ready(self) -> None:
        # Signal handlers: the queue following content changes (signals), locale teams and their rights
        # (permissions), the review step following Wagtail's workflow (review), e-mails (notifications),
        # view restrictions copied from each source page to its translations (restrictions).
        from locales import notifications, permissions, restrictions, review, signals  # noqa: F401
