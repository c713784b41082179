"""Panels on the Wagtail admin home: the signed-in translator's open work, and translation coverage.

Translators see their open items (nearest due date first) and how many are overdue; managers also see,
for each target language and kind of content, how much is translated, outdated or missing. Each panel
costs a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Locale

from locales import permissions
from locales.models import QueueItem

MY_ITEMS_SHOWN = 8


class MyTranslationWorkPanel(Component):
    name = "translation_work"
    template_name = "locales/dashboard/my_work.html"
    order = 90

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None) -> dict:
        today = timezone.localdate()
        reviewing = Q(reviewer=self.user, status=QueueItem.Status.IN_REVIEW)
        mine = QueueItem.objects.open().filter(Q(assignee=self.user) | reviewing)
        counts = mine.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
        items = mine.select_related("target_locale").order_by(F("due_date").asc(nulls_last=True), "-priority", "pk")[
            :MY_ITEMS_SHOWN
        ]
        return {"items": items, "total": counts["total"], "overdue": counts["overdue"], "today": today}


class TranslationCoveragePanel(Component):
    name = "translation_coverage"
    template_name = "locales/dashboard/coverage.html"
    order = 91

    def get_context_data(self, parent_context=None) -> dict:
        return {"rows": coverage()}


def coverage() -> list[dict]:
    """Per target language and kind: items translated (done, up to date), outdated, and missing (the rest)."""
    rows = (
        QueueItem.objects.values("target_locale", "content_type")
        .annotate(
            total=Count("pk"),
            outdated_count=Count("pk", filter=Q(outdated=True)),
            translated=Count("pk", filter=Q(status=QueueItem.Status.DONE, outdated=False)),
        )
        .order_by()
    )
    locales = {locale.pk: locale for locale in Locale.objects.all()}
    kinds = ContentType.objects.in_bulk([row["content_type"] for row in rows])
    table: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        missing = row["total"] - row["translated"] - row["outdated_count"]
        table[row["target_locale"]].append(
            {
                "kind": kinds[row["content_type"]].name,
                "total": row["total"],
                "translated": row["translated"],
                "outdated": row["outdated_count"],
                "missing": missing,
                "translated_percent": round(100 * row["translated"] / row["total"]),
                "outdated_percent": round(100 * row["outdated_count"] / row["total"]),
            }
        )
    return [
        {"locale": locales[pk], "kinds": sorted(kinds_rows, key=lambda r: r["kind"])}
        for pk, kinds_rows in sorted(table.items(), key=lambda pair: locales[pair[0]].language_code)
    ]


def homepage_panels(request, panels: list) -> None:
    """construct_homepage_panels hook: add the panels the user may see."""
    user = request.user
    if permissions.languages_of(user) or permissions.is_manager(user):
        panels.append(MyTranslationWorkPanel(user))
    if permissions.is_manager(user):
        panels.append(TranslationCoveragePanel())
