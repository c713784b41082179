"""The translation queue in the admin: list and filters, item page, actions, bulk actions, dashboard.

Runs on the demo site (its queue is built by `locales_queue sync`, as `load_demo` does), with users in
the locale teams that the locales migration creates.
"""

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation

from locales.models import QueueItem
from locales.permissions import ensure_locale_teams
from locales.queue import refresh_item
from tests.locales.teams import named_group

QUEUE = "/admin/translation-queue/"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demo site with its translation queue, loaded once for the module and rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        ensure_locale_teams()
        yield
        transaction.set_rollback(True)


def _member(django_user_model, username: str, *groups: str):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "secret", is_staff=False)
    user.groups.add(*(named_group(name) for name in groups))
    return user


@pytest.fixture
def translator_uk(db, demo, django_user_model):
    return _member(django_user_model, "oksana", "Translators (uk)")


@pytest.fixture
def admin_client(client, db, demo, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.org", "secret"))
    return client


def _rows(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [row.get_text(" ", strip=True) for row in soup.select("table.listing tbody tr")]


def test_the_demo_queue_has_an_item_per_page_and_target_language(db, demo):
    items = QueueItem.objects.all()
    assert {item.target_locale.language_code for item in items} == {"en", "uk"}
    assert items.filter(status=QueueItem.Status.REOPENED, outdated=True).count() == 2  # the edited infographic
    assert items.filter(target_locale__language_code="uk").exclude(status=QueueItem.Status.DONE).exists()


def test_list_filters_by_language_status_and_outdated(admin_client):
    uk = Locale.objects.get(language_code="uk")
    everything = admin_client.get(QUEUE, {"per_page": 100})
    assert everything.status_code == 200
    only_uk = _rows(admin_client.get(QUEUE, {"target_locale": uk.pk}))
    assert only_uk and all("Українська" in row or "Ukrainian" in row for row in only_uk)
    outdated = _rows(admin_client.get(QUEUE, {"outdated": "true"}))
    assert len(outdated) == QueueItem.objects.filter(outdated=True).count() == 2
    reopened = _rows(admin_client.get(QUEUE, {"status": "reopened"}))
    assert len(reopened) == 2


def test_list_sorts_by_due_date(admin_client):
    first, second = QueueItem.objects.order_by("pk")[:2]
    QueueItem.objects.filter(pk=first.pk).update(due_date="2027-03-01")
    QueueItem.objects.filter(pk=second.pk).update(due_date="2027-01-01")
    rows = _rows(admin_client.get(QUEUE, {"ordering": "due_date"}))
    assert "2027-01-01" in rows[0]
    assert "2027-03-01" in rows[1]


def test_the_list_shows_open_work_first_in_a_compact_table(admin_client):
    response = admin_client.get(QUEUE, {"per_page": 200})

    soup = BeautifulSoup(response.content, "html.parser")
    statuses = [row.select_one("td .w-status") for row in soup.select("table.listing tbody tr")]
    done_label = str(QueueItem.Status.DONE.label)
    is_done = [status is not None and status.get_text(strip=True) == done_label for status in statuses]
    assert False in is_done and True in is_done  # the demo queue has both
    assert is_done == sorted(is_done)  # every open item before the first done one
    assert len(soup.select("table.listing thead th")) <= 10


def test_translator_sees_only_items_of_their_language(client, translator_uk):
    client.force_login(translator_uk)
    response = client.get(QUEUE, {"per_page": 200})
    assert response.status_code == 200
    rows = _rows(response)
    assert len(rows) == QueueItem.objects.filter(target_locale__language_code="uk").count()
    english = QueueItem.objects.filter(target_locale__language_code="en").first()
    assert client.get(reverse("locales_queue:inspect", args=[english.pk])).status_code == 404
    assert client.post(reverse("locales_queue:act", args=[english.pk, "claim"])).status_code == 404


def test_item_page_lists_qa_problems_and_glossary_terms(admin_client):
    from locales.models import GlossaryTerm

    GlossaryTerm.objects.create(
        term_vi="chuyển đổi số", term_en="digital transformation", term_uk="цифрова трансформація"
    )
    item = QueueItem.objects.filter(target_locale__language_code="uk", title__contains="380").first()
    assert item is not None and item.translation_id
    numbered = StringSegment.objects.filter(source=item.translation.source, string__data__contains="380-CV/ĐU").first()
    wrong = StringTranslation.objects.get(
        translation_of=numbered.string, context=numbered.context, locale__language_code="uk"
    )
    wrong.data = wrong.data.replace("380-CV/ĐU", "308-CV/ĐU").replace("380-CV/DU", "308-CV/DU")
    wrong.save()
    refresh_item(item)

    response = admin_client.get(reverse("locales_queue:inspect", args=[item.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    codes = [li["data-qa-code"] for li in soup.select("[data-qa-code]")]
    assert "directive_number" in codes
    assert "цифрова трансформація" in soup.get_text()
    item.refresh_from_db()
    assert item.qa_problem_count >= 1


def test_claim_starts_the_translation_and_records_history(client, translator_uk):
    item = QueueItem.objects.filter(target_locale__language_code="uk", translation__isnull=True).first()
    assert item is not None, "the demo leaves one article untranslated in Ukrainian"
    client.force_login(translator_uk)
    response = client.post(reverse("locales_queue:act", args=[item.pk, "claim"]), follow=True)
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.assignee == translator_uk
    assert item.status == QueueItem.Status.IN_PROGRESS
    assert item.translation_id is not None
    assert item.events.filter(actor=translator_uk).exists()


def test_bulk_actions_set_priority_and_due_date(admin_client):
    items = list(QueueItem.objects.order_by("pk")[:3])
    ids = [("id", item.pk) for item in items]
    url = reverse("wagtail_bulk_action", args=["locales", "queueitem", "set_priority"])
    query = "&".join(f"id={item.pk}" for item in items)
    response = admin_client.post(f"{url}?{query}&next={QUEUE}", {"priority": QueueItem.Priority.URGENT})
    assert response.status_code == 302, ids
    assert set(QueueItem.objects.filter(pk__in=[i.pk for i in items]).values_list("priority", flat=True)) == {4}

    url = reverse("wagtail_bulk_action", args=["locales", "queueitem", "set_due_date"])
    admin_client.post(f"{url}?{query}&next={QUEUE}", {"due_date": "2027-02-01"})
    assert {
        str(d) for d in QueueItem.objects.filter(pk__in=[i.pk for i in items]).values_list("due_date", flat=True)
    } == {"2027-02-01"}


def test_bulk_assign_skips_translators_of_another_language(admin_client, translator_uk):
    en_item = QueueItem.objects.filter(target_locale__language_code="en").first()
    uk_item = QueueItem.objects.filter(target_locale__language_code="uk").first()
    url = reverse("wagtail_bulk_action", args=["locales", "queueitem", "assign"])
    admin_client.post(f"{url}?id={en_item.pk}&id={uk_item.pk}&next={QUEUE}", {"assignee": translator_uk.pk})
    en_item.refresh_from_db()
    uk_item.refresh_from_db()
    assert uk_item.assignee == translator_uk
    assert en_item.assignee is None


def test_translator_cannot_use_bulk_actions(client, translator_uk):
    item = QueueItem.objects.filter(target_locale__language_code="uk").first()
    client.force_login(translator_uk)
    url = reverse("wagtail_bulk_action", args=["locales", "queueitem", "set_priority"])
    client.post(f"{url}?id={item.pk}&next={QUEUE}", {"priority": 4})
    item.refresh_from_db()
    assert item.priority != 4


def test_dashboard_shows_the_translators_work_and_the_managers_coverage(client, translator_uk, django_user_model):
    item = QueueItem.objects.open().filter(target_locale__language_code="uk").first()
    item.assign(translator_uk)
    QueueItem.objects.filter(pk=item.pk).update(due_date="2020-01-01")
    client.force_login(translator_uk)
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    work = soup.select_one("[data-open-count]")
    assert work["data-open-count"] == "1" and work["data-overdue-count"] == "1"
    assert soup.select_one("[data-coverage-locale]") is None

    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.org", "secret"))
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    coverage = {table["data-coverage-locale"] for table in soup.select("[data-coverage-locale]")}
    assert coverage == {"en", "uk"}


@pytest.mark.parametrize("user_kind", ["superuser", "translator"])
def test_queue_list_answers_in_a_bounded_number_of_queries(
    client, db, demo, django_user_model, user_kind, django_assert_max_num_queries
):
    user = (
        django_user_model.objects.create_superuser("root2", "r@example.org", "x")
        if user_kind == "superuser"
        else _member(django_user_model, "taras", "Translators (uk)")
    )
    client.force_login(user)
    client.get(QUEUE)
    with django_assert_max_num_queries(QUERIES_PER_QUEUE_PAGE):
        response = client.get(QUEUE, {"ordering": "-due_date", "status": ["to_do", "done"], "per_page": 50})
    assert response.status_code == 200


QUERIES_PER_QUEUE_PAGE = 16


def test_item_page_takes_its_own_po_file_back_and_refuses_a_foreign_one(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = QueueItem.objects.open().filter(target_locale__language_code="uk", translation__isnull=False).first()
    other = QueueItem.objects.filter(target_locale__language_code="uk", translation__isnull=False).exclude(pk=item.pk)[
        0
    ]
    po = admin_client.get(reverse("wagtail_localize:download_pofile", args=[item.translation_id])).content
    foreign = admin_client.get(reverse("wagtail_localize:download_pofile", args=[other.translation_id])).content
    url = reverse("locales_queue:upload_po", args=[item.pk])
    before = list(StringTranslation.objects.filter(locale__language_code="uk").values_list("pk", "data"))

    response = admin_client.post(url, {"file": SimpleUploadedFile("other.po", foreign)}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert list(StringTranslation.objects.filter(locale__language_code="uk").values_list("pk", "data")) == before

    response = admin_client.post(url, {"file": SimpleUploadedFile("mine.po", po)}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_list_searches_by_source_title(admin_client):
    rows = _rows(admin_client.get(QUEUE, {"q": "Petrovietnam"}))
    expected = QueueItem.objects.filter(title__icontains="Petrovietnam").count()
    assert expected and len(rows) == expected
    assert all("Petrovietnam" in row for row in rows)
