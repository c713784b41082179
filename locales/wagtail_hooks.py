"""Wagtail admin registrations of the translation workflow: the queue, its tools and the dashboard."""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from locales import dashboard, permissions
from locales.bulk_actions import BULK_ACTIONS
from locales.models import QueueItem
from locales.viewsets import GlossaryTermViewSet, QueueItemViewSet


@hooks.register("register_admin_urls")
def register_admin_urls() -> list:
    return [path("translation-queue/tools/", include(("locales.admin_urls", "locales"), namespace="locales"))]


register_permission_policy(QueueItem, permissions.queue_permission_policy)
register_snippet(QueueItemViewSet)
register_snippet(GlossaryTermViewSet)

for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)

hooks.register("construct_homepage_panels", dashboard.homepage_panels)
