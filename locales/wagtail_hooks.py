"""Wagtail admin registrations of the translation workflow: the queue, its tools, the dashboard, and the
queue's rules at wagtail-localize's and Wagtail's own doors (locales.guards), registered before
wagtail-localize's hooks (order -1) so that they run, and their URLs resolve, first."""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from locales import dashboard, guards, permissions
from locales.bulk_actions import BULK_ACTIONS
from locales.models import QueueItem
from locales.viewsets import GlossaryTermViewSet, QueueItemViewSet

FIRST = -1  # before wagtail-localize's hooks (order 0)


@hooks.register("register_admin_urls")
def register_admin_urls() -> list:
    return [path("translation-queue/tools/", include(("locales.admin_urls", "locales"), namespace="locales"))]


hooks.register("register_admin_urls", guards.localize_urlpatterns, order=FIRST)
hooks.register("before_edit_page", guards.before_edit, order=FIRST)
hooks.register("before_edit_snippet", guards.before_edit, order=FIRST)
hooks.register("before_bulk_action", guards.before_bulk_action, order=FIRST)

register_permission_policy(QueueItem, permissions.queue_permission_policy)
register_snippet(QueueItemViewSet)
register_snippet(GlossaryTermViewSet)

for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)

hooks.register("construct_homepage_panels", dashboard.homepage_panels)
