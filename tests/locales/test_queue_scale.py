"""The translation queue list at scale: 5,000 items cost the same number of queries as 50."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from locales.models import QueueItem

QUEUE = "/admin/translation-queue/"
QUERIES_PER_QUEUE_PAGE = 16


def _rows(response) -> list[str]:
    return BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr")


def _bulk_items(count: int, translators: list) -> None:
    """`count` queue items (half en, half uk) over synthetic source objects, written in bulk; most
    are assigned, so the translator column (name and avatar) is part of what is measured."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page
    from wagtail_localize.models import TranslatableObject

    page_type = ContentType.objects.get_for_model(Page)
    objects = TranslatableObject.objects.bulk_create(
        [TranslatableObject(translation_key=uuid.uuid4(), content_type=page_type) for _ in range(count // 2)]
    )
    locales = list(Locale.objects.exclude(language_code="vi"))
    QueueItem.objects.bulk_create(
        [
            QueueItem(
                object=obj,
                target_locale=locale,
                content_type=page_type,
                title=f"Item {i}",
                priority=1 + i % 4,
                due_date=None if i % 3 else f"2027-01-{1 + i % 28:02d}",
                total_segments=20,
                translated_segments=i % 21,
                assignee=translators[i % len(translators)] if i % 5 else None,
            )
            for i, obj in enumerate(objects)
            for locale in locales
        ],
        batch_size=1000,
    )


@pytest.mark.parametrize("ordering", ["-priority", "due_date", "-last_activity_at"])
def test_queue_list_at_5000_items_costs_what_it_costs_at_50(client, db, django_user_model, ordering, locales):
    """The number of queries does not grow with the queue (5,000 items, 50 per page)."""
    client.force_login(django_user_model.objects.create_superuser("root3", "r3@example.org", "x"))
    translators = [django_user_model.objects.create_user(f"translator{n}", f"t{n}@example.org", "x") for n in range(7)]
    _bulk_items(50, translators)
    with CaptureQueriesContext(connection) as small:
        assert client.get(QUEUE, {"ordering": ordering}).status_code == 200
    _bulk_items(5000 - 50, translators)
    assert QueueItem.objects.count() == 5000
    with CaptureQueriesContext(connection) as large:
        response = client.get(QUEUE, {"ordering": ordering})
    assert response.status_code == 200
    assert len(_rows(response)) == 50
    assert len(large.captured_queries) == len(small.captured_queries) <= QUERIES_PER_QUEUE_PAGE
