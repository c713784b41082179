"""The project as a Django app: it owns the full-page cache's signal handlers, Wagtail hooks and the
superuser-password deploy check; and Wagtail's users app with our user forms (`cms.user_forms`)."""

from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class CmsConfig(AppConfig):
    default = True
    name = "cms"
    verbose_name = "Site"

    def ready(self) -> None:
        from cms import page_cache_invalidation, slugs, superuser_passwords  # noqa: F401  (registers its deploy check)
        from cms.redis_cache import cache_recovered

        slugs.register()
        cache_recovered.connect(_stale_after_cache_outage, dispatch_uid="page-cache-after-outage")

        page_cache_invalidation.connect()


def _stale_after_cache_outage(sender: object, **kwargs: object) -> None:
    """Changes published while the cache was down could not mark their pages stale: mark them all."""
    from cms import page_cache

    page_cache.touch_all()


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, whose create and edit forms also set the user's admin language."""

    user_viewset = "cms.user_forms.UserViewSet"
