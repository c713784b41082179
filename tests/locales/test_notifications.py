"""E-mail notifications: one mail per event per person, in the recipient's language, never to the actor.

Assignment, moving to review (ours, not Wagtail's duplicate), a source change that reopens an item,
and due dates that pass (one reminder, then a daily digest), with links to WAGTAILADMIN_BASE_URL.
"""

# The shared fixtures are imported from test_permissions and test_review; tests name them as arguments (F811).
# ruff: noqa: F811

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowTask
from wagtail.users.models import UserProfile

from articles.models import DirectivePage
from cms import scheduler
from locales.models import QueueItem, QueueItemEvent
from locales.models.queue import OverdueDigest
from locales.notifications import item_admin_url
from locales.reminders import ReminderReport, send_due_reminders
from locales.review import approve, submit_for_review
from locales.translating import translate_object
from tests.locales.teams import named_group
from tests.locales.test_permissions import (  # noqa: F401  (shared fixtures)
    _english,
    _member,
    items,
    people,
    published,
    strings_for,
    teams,
)
from tests.locales.test_review import claimed, run_on_commit  # noqa: F401  (shared fixtures)

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
    with translation.override("en"):  # the site's English date format (cms/formats), not Vietnamese or Ukrainian
        assert date_format(DUE, "DATE_FORMAT") in mail.body


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


# --- a source change that reopens an item ------------------------------------------------------------

BASE_URL = "http://127.0.0.1:8111"


def _change_source(published, user, run_on_commit) -> None:
    """`user` publishes a three-character change to the summary of the Vietnamese source."""
    page = DirectivePage.objects.get(pk=published.pk)
    page.summary = page.summary.replace("quốc gia", "quốc gia năm")
    run_on_commit(page.save_revision(user=user).publish, user=user, skip_permission_checks=True)


@pytest.fixture
def finished(claimed, people, run_on_commit, mailoutbox) -> QueueItem:
    """The uk item translated by the (Ukrainian-speaking) uk translator and approved: done."""
    UserProfile.objects.filter(user=people["translator_uk"]).update(preferred_language="uk")
    run_on_commit(submit_for_review, claimed, people["translator_uk"])
    run_on_commit(approve, claimed, people["reviewer_uk"])
    claimed.refresh_from_db()
    assert claimed.status == Status.DONE
    mailoutbox.clear()
    return claimed


def test_a_source_change_that_reopens_an_item_mails_its_translator_once_in_their_language(
    finished, people, published, mailoutbox, run_on_commit, settings
):
    settings.WAGTAILADMIN_BASE_URL = BASE_URL

    _change_source(published, people["editor"], run_on_commit)

    finished.refresh_from_db()
    assert finished.status == Status.REOPENED and finished.changed_segments == 1
    (mail,) = mailoutbox
    assert mail.to == [people["translator_uk"].email]
    with translation.override("uk"):
        subject = gettext("Translation reopened: %(title)s (%(language)s)")
        changed = ngettext(
            "%(actor)s changed the source of “%(title)s”: %(count)s segment is new or changed, and the translation "
            "into %(language)s has been reopened.",
            "%(actor)s changed the source of “%(title)s”: %(count)s segments are new or changed, and the "
            "translation into %(language)s has been reopened.",
            1,
        )
    assert subject != "Translation reopened: %(title)s (%(language)s)"  # translated into Ukrainian
    assert mail.subject == subject % {"title": "Nghị quyết 57", "language": "Українська"}
    assert changed % {"actor": "editor", "title": "Nghị quyết 57", "count": 1, "language": "Українська"} in mail.body
    assert f"{BASE_URL}{reverse('locales_queue:inspect', args=[finished.pk])}" in mail.body


def test_a_reopened_review_mails_translator_and_reviewer_but_never_whoever_changed_the_source(
    claimed, people, published, locales, mailoutbox, run_on_commit
):
    reviewer = _member("reviewer_uk2", "Reviewers (uk)")
    claimed.assign(reviewer, role="reviewer")
    run_on_commit(submit_for_review, claimed, people["translator_uk"])
    mailoutbox.clear()

    _change_source(published, people["editor"], run_on_commit)

    claimed.refresh_from_db()
    assert claimed.status == Status.REOPENED
    assert sorted(address for mail in mailoutbox for address in mail.to) == sorted(
        [people["translator_uk"].email, reviewer.email]
    )
    assert all("editor changed the source" in mail.body for mail in mailoutbox)

    page = DirectivePage.objects.get(pk=published.pk)
    run_on_commit(
        translate_object, page, locales["uk"], strings_for(page, "uk"), user=people["translator_uk"], publish=False
    )
    run_on_commit(submit_for_review, claimed, people["translator_uk"])
    mailoutbox.clear()
    _change_source(page, reviewer, run_on_commit)  # now the item's reviewer changes the source

    assert [mail.to for mail in mailoutbox] == [[people["translator_uk"].email]]


# --- one mail per reviewer for a submission ----------------------------------------------------------


def _addresses(mailoutbox) -> list[str]:
    return sorted(address for mail in mailoutbox for address in mail.to)


def test_a_submission_mails_each_reviewer_once_ours_and_not_wagtails(claimed, people, mailoutbox, run_on_commit):
    reviewer = people["reviewer_uk"]
    claimed.assign(reviewer, role="reviewer")  # both the item's reviewer and a member of the uk reviewers
    UserProfile.objects.filter(user=reviewer).update(preferred_language="uk")
    mailoutbox.clear()

    run_on_commit(submit_for_review, claimed, people["translator_uk"])

    assert _addresses(mailoutbox) == [reviewer.email]  # not the superuser, not the submitter, once
    with translation.override("uk"):
        expected = gettext("Ready for review: %(title)s (%(language)s)") % {
            "title": "Nghị quyết 57",
            "language": "Українська",
        }
    assert mailoutbox[0].subject == expected


def test_a_submission_made_around_the_queue_keeps_wagtails_mails(
    claimed, people, published, locales, mailoutbox, run_on_commit
):
    page = Page.objects.get(translation_key=published.translation_key, locale=locales["uk"]).specific
    page.save_revision(user=people["translator_uk"])
    mailoutbox.clear()

    run_on_commit(page.get_workflow().start, page, people["translator_uk"])

    assert people["reviewer_uk"].email in _addresses(mailoutbox)  # Wagtail's task mail, as nothing else tells them
    assert people["superuser"].email in _addresses(mailoutbox)
    assert not any(mail.subject.startswith("Ready for review") for mail in mailoutbox)


def test_other_workflows_keep_wagtails_submission_mails(people, published, mailoutbox, run_on_commit):
    task = GroupApprovalTask.objects.create(name="Editors' check")
    task.groups.set([named_group("Reviewers (uk)")])
    workflow = Workflow.objects.create(name="Editorial")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    mailoutbox.clear()

    run_on_commit(workflow.start, published, people["editor"])

    assert _addresses(mailoutbox).count(people["reviewer_uk"].email) == 1
    assert people["superuser"].email in _addresses(mailoutbox)


# --- due dates -------------------------------------------------------------------------------------


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


@pytest.fixture
def overdue(items, people) -> dict[str, QueueItem]:
    """Both items of the directive, due on DUE: the uk one claimed by the uk translator, the en one unassigned."""
    QueueItem.objects.filter(pk__in=[item.pk for item in items.values()]).update(due_date=DUE)
    items["uk"].claim(people["translator_uk"])
    return {code: QueueItem.objects.get(pk=item.pk) for code, item in items.items()}


def test_a_passed_due_date_sends_one_reminder_then_one_digest_a_day(overdue, people, mailoutbox, settings):
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    translator = people["translator_uk"]
    UserProfile.objects.filter(user=translator).update(preferred_language="uk")
    day_after = DUE + datetime.timedelta(days=1)

    assert send_due_reminders(_at(DUE, 23)) == ReminderReport()  # due today is not overdue
    assert send_due_reminders(_at(day_after, 1)) == ReminderReport(reminders=1)
    assert send_due_reminders(_at(day_after, 2)) == ReminderReport()
    assert send_due_reminders(_at(day_after, 23)) == ReminderReport()  # no digest on the reminder's day

    (reminder,) = mailoutbox
    assert reminder.to == [translator.email]
    with translation.override("uk"):
        assert reminder.subject == gettext("Overdue: %(title)s (%(language)s)") % {
            "title": "Nghị quyết 57",
            "language": "Українська",
        }
        assert date_format(DUE, "DATE_FORMAT") in reminder.body
    assert f"{BASE_URL}{reverse('locales_queue:inspect', args=[overdue['uk'].pk])}" in reminder.body
    event = overdue["uk"].events.get(kind=QueueItemEvent.Kind.REMINDER)
    assert event.payload["to"] == translator.pk and "translator_uk" in event.describe()

    mailoutbox.clear()
    for hour in (1, 2, 13):
        send_due_reminders(_at(day_after + datetime.timedelta(days=1), hour))
    send_due_reminders(_at(day_after + datetime.timedelta(days=2), 1))

    assert [mail.to for mail in mailoutbox] == [[translator.email], [translator.email]]  # one digest a day
    with translation.override("uk"):
        subject = ngettext("%(count)s overdue translation", "%(count)s overdue translations", 1) % {"count": 1}
    assert all(mail.subject == subject for mail in mailoutbox)
    assert f"{BASE_URL}{reverse('locales_queue:inspect', args=[overdue['uk'].pk])}" in mailoutbox[0].body


def test_a_digest_lists_every_overdue_item_of_the_person_and_done_items_stop_reminding(
    overdue, people, mailoutbox, django_assert_max_num_queries
):
    translator = people["translator_uk"]
    overdue["en"].assign(translator)
    day_after = DUE + datetime.timedelta(days=1)

    assert send_due_reminders(_at(day_after, 9)).reminders == 2  # one reminder per item
    with django_assert_max_num_queries(3):  # items, their reminders, today's digests: whatever their number
        assert send_due_reminders(_at(day_after, 10)) == ReminderReport()
    assert send_due_reminders(_at(day_after + datetime.timedelta(days=1), 9)).digests == 1

    digest = mailoutbox[-1]
    assert digest.subject == "2 overdue translations"
    assert digest.body.count("Nghị quyết 57 (") == 2
    assert "English" in digest.body and "Українська" in digest.body

    QueueItem.objects.filter(pk__in=[overdue["en"].pk, overdue["uk"].pk]).update(status=Status.DONE)
    mailoutbox.clear()
    assert send_due_reminders(_at(day_after + datetime.timedelta(days=2), 9)) == ReminderReport()
    assert mailoutbox == []


def test_a_new_due_date_that_passes_gets_its_own_reminder(overdue, people, mailoutbox):
    day_after = DUE + datetime.timedelta(days=1)
    send_due_reminders(_at(day_after, 9))
    later = DUE + datetime.timedelta(days=7)
    QueueItem.objects.filter(pk=overdue["uk"].pk).update(due_date=later)

    assert send_due_reminders(_at(day_after + datetime.timedelta(days=1), 9)) == ReminderReport()
    assert send_due_reminders(_at(later + datetime.timedelta(days=1), 9)).reminders == 1
    assert len(mailoutbox) == 2


def test_an_item_in_review_reminds_its_reviewer_not_its_translator(overdue, people, mailoutbox):
    QueueItem.objects.filter(pk=overdue["uk"].pk).update(status=Status.IN_REVIEW, reviewer=people["reviewer_uk"])

    send_due_reminders(_at(DUE + datetime.timedelta(days=1), 9))

    (mail,) = mailoutbox
    assert mail.to == [people["reviewer_uk"].email]
    assert "review of the translation" in mail.body


def test_the_scheduler_runs_the_reminders_and_several_runs_send_nothing_twice(overdue, people, mailoutbox):
    QueueItem.objects.filter(pk=overdue["uk"].pk).update(due_date=timezone.localdate() - datetime.timedelta(days=2))
    job = next(job for job in scheduler.registered_jobs() if job.func is send_due_reminders)

    outcomes = [scheduler.Scheduler([job]).run_once() for _run in range(3)]

    assert outcomes == [{job.name: scheduler.Outcome.RAN}] * 3
    assert [mail.to for mail in mailoutbox] == [[people["translator_uk"].email]]
    assert OverdueDigest.objects.count() == 0  # the digest starts the day after the reminder
