"""E-mail notifications: on assignment and on moving to review, in the recipient's language, never to the actor."""

# The shared fixtures are imported from test_permissions; tests name them as arguments (F811).
# ruff: noqa: F811

import datetime

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from wagtail.users.models import UserProfile

from locales.models import QueueItem
from locales.notifications import item_admin_url
from tests.locales.test_permissions import (  # noqa: F401  (shared fixtures)
    _english,
    _member,
    items,
    people,
    published,
    teams,
)

Status = QueueItem.Status
DUE = datetime.date(2026, 12, 24)


@pytest.fixture
def item(items) -> QueueItem:
    item = items["uk"]
    QueueItem.objects.filter(pk=item.pk).update(due_date=DUE)
    item.refresh_from_db()
    return item


def test_assignment_mails_the_new_translator_in_their_language_with_a_link(
    item, people, mailoutbox, django_capture_on_commit_callbacks
):
    translator = people["translator_uk"]
    UserProfile.objects.filter(user=translator).update(preferred_language="uk")

    with django_capture_on_commit_callbacks(execute=True):
        item.assign(translator, user=people["manager"])

    (mail,) = mailoutbox
    assert mail.to == [translator.email]
    assert "Nghị quyết 57" in mail.subject and "\n" not in mail.subject
    assert item_admin_url(item) in mail.body
    with translation.override("uk"):
        assert date_format(DUE, "DATE_FORMAT") in mail.body
    assert "manager" in mail.body  # who assigned it


def test_english_recipients_get_english_dates(item, people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item.assign(people["translator_uk"], user=people["manager"])

    (mail,) = mailoutbox
    assert mail.subject == "Translation assigned to you: Nghị quyết 57 (Українська)"
    assert "Dec. 24, 2026" in mail.body


def test_claiming_mails_no_one(item, people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item.claim(people["translator_uk"])

    assert mailoutbox == []


def test_reviewer_assignment_mails_the_reviewer(item, people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item.assign(people["reviewer_uk"], user=people["manager"], role="reviewer")

    (mail,) = mailoutbox
    assert mail.to == [people["reviewer_uk"].email]
    assert mail.subject.startswith("Review assigned to you")


def test_moving_to_review_mails_the_languages_reviewers_and_the_items_reviewer_but_not_the_actor(
    item, people, mailoutbox, django_capture_on_commit_callbacks
):
    no_address = _member("reviewer_uk_no_mail", "Reviewers (uk)", email="")
    both = _member("translator_and_reviewer_uk", "Translators (uk)", "Reviewers (uk)")
    item.assign(people["manager"], role="reviewer")
    item.claim(both)

    with django_capture_on_commit_callbacks(execute=True):
        item.transition(Status.IN_REVIEW, user=both)

    assert sorted(address for mail in mailoutbox for address in mail.to) == sorted(
        [people["reviewer_uk"].email, people["manager"].email]
    )
    assert all(mail.subject == "Ready for review: Nghị quyết 57 (Українська)" for mail in mailoutbox)
    assert all("translator_and_reviewer_uk submitted" in mail.body for mail in mailoutbox)
    assert no_address.email == "" and people["reviewer_en"].email not in [m.to[0] for m in mailoutbox]


def test_a_rolled_back_assignment_mails_no_one(item, people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        item.assign(people["translator_uk"], user=people["manager"])
        raise RuntimeError("the request failed")

    assert mailoutbox == []


def test_item_admin_url_is_absolute(item):
    url = item_admin_url(item)

    assert url.startswith(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/")
    try:
        expected = reverse("locales_queue:inspect", args=[item.pk])
    except NoReverseMatch:
        expected = item.editor_url() or reverse("wagtailadmin_home")
    assert url.endswith(expected)
