"""The review step: submitting a translation, approving or rejecting it through Wagtail's workflow."""

# The shared fixtures are imported from test_permissions; tests name them as arguments (F811).
# ruff: noqa: F811

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import Page, WorkflowPage, WorkflowState

from locales.models import QueueItem, QueueItemEvent
from locales.review import approve, submit_for_review
from locales.translating import translate_object
from tests.locales.test_permissions import (  # noqa: F401  (shared fixtures)
    _english,
    items,
    people,
    published,
    strings_for,
    teams,
)

Status = QueueItem.Status


def _target(published, locale) -> Page:
    return Page.objects.get(translation_key=published.translation_key, locale=locale)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run a callable as its own committed transaction would (the queue and e-mails follow on commit)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def claimed(items, people, published, locales, run_on_commit) -> QueueItem:
    """The uk item, claimed by the uk translator, who translated every segment faithfully (a draft)."""
    item = items["uk"]
    run_on_commit(item.claim, people["translator_uk"])
    run_on_commit(
        translate_object,
        published,
        locales["uk"],
        strings_for(published, "uk"),
        user=people["translator_uk"],
        publish=False,
    )
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    assert item.translation is not None and item.translated_segments == item.total_segments
    return item


def _mistyped(published) -> dict[str, str]:
    strings = strings_for(published, "uk")
    return {source: text.replace("57-NQ/TW", "75-NQ/TW") for source, text in strings.items()}


def _current_task_state(page: Page):
    state = Page.objects.get(pk=page.pk).current_workflow_state
    return state, state.current_task_state.specific


# --- submitting --------------------------------------------------------------------------------------


def test_full_review_flow_from_claim_to_live_page(claimed, people, published, locales, mailoutbox, run_on_commit):
    translator, reviewer = people["translator_uk"], people["reviewer_uk"]
    page = _target(published, locales["uk"])
    assert not page.live

    mailoutbox.clear()
    event = run_on_commit(submit_for_review, claimed, translator, note="Xong")

    claimed.refresh_from_db()
    assert claimed.status == Status.IN_REVIEW
    assert (event.actor, event.kind, event.message) == (translator, QueueItemEvent.Kind.STATUS, "Xong")
    page = _target(published, locales["uk"])
    assert not page.live and page.has_unpublished_changes
    state, task_state = _current_task_state(page)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Duyệt bản dịch (uk)"  # named in the site's source language
    assert task_state.task.name == "Bước duyệt (uk)"
    ours = [mail for mail in mailoutbox if mail.subject.startswith("Ready for review")]
    assert [mail.to for mail in ours] == [[reviewer.email]]

    run_on_commit(task_state.task.specific.on_action, task_state, reviewer, "approve", comment="Tốt")

    page = _target(published, locales["uk"])
    assert page.live and not page.has_unpublished_changes
    assert page.title == "Nghị quyết 57 [uk]"
    claimed.refresh_from_db()
    assert claimed.status == Status.DONE
    done = claimed.events.last()
    assert (done.actor, done.kind, done.to_status, done.message) == (
        reviewer,
        QueueItemEvent.Kind.STATUS,
        Status.DONE,
        "Tốt",
    )


def test_requesting_changes_sends_the_item_back_with_the_reviewers_comment_and_resubmitting_resumes(
    claimed, people, published, locales, run_on_commit
):
    translator, reviewer = people["translator_uk"], people["reviewer_uk"]
    run_on_commit(submit_for_review, claimed, translator)
    page = _target(published, locales["uk"])
    state, task_state = _current_task_state(page)

    run_on_commit(task_state.task.specific.on_action, task_state, reviewer, "reject", comment="Sửa tiêu đề")

    claimed.refresh_from_db()
    assert claimed.status == Status.IN_PROGRESS
    back = claimed.events.last()
    assert (back.actor, back.from_status, back.to_status, back.message) == (
        reviewer,
        Status.IN_REVIEW,
        Status.IN_PROGRESS,
        "Sửa tiêu đề",
    )
    assert not _target(published, locales["uk"]).live

    run_on_commit(submit_for_review, claimed, translator)

    claimed.refresh_from_db()
    assert claimed.status == Status.IN_REVIEW
    resumed, _task_state = _current_task_state(page)
    assert resumed.pk == state.pk and resumed.status == WorkflowState.STATUS_IN_PROGRESS


def test_only_the_languages_translators_may_submit(claimed, people):
    for who in ("translator_en", "reviewer_uk", "editor", "translator_uk2"):
        with pytest.raises(ValidationError) as error:
            submit_for_review(claimed, people[who])
        assert error.value.code == "permission_denied"
    claimed.refresh_from_db()
    assert claimed.status == Status.IN_PROGRESS


def test_missing_segments_block_submitting(items, people, published, locales, run_on_commit):
    item = items["uk"]
    run_on_commit(item.claim, people["translator_uk"])
    partial = dict(list(strings_for(published, "uk").items())[:2])
    run_on_commit(translate_object, published, locales["uk"], partial, publish=False)

    with pytest.raises(ValidationError) as error:
        submit_for_review(item, people["translator_uk"])

    assert error.value.code == "incomplete"
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS


# --- QA ----------------------------------------------------------------------------------------------


def test_a_mistyped_directive_number_blocks_submitting_until_fixed(items, people, published, locales, run_on_commit):
    translator = people["translator_uk"]
    item = items["uk"]
    run_on_commit(item.claim, translator)
    run_on_commit(translate_object, published, locales["uk"], _mistyped(published), publish=False)

    with pytest.raises(ValidationError) as error:
        submit_for_review(item, translator)

    assert error.value.messages[0] == "1 QA problem is still open: fix it, or submit with an override."
    assert "57-NQ/TW" in error.value.messages[1] and "75-NQ/TW" in error.value.messages[1]
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    assert _target(published, locales["uk"]).current_workflow_state is None

    # The translator fixes the number: the translation goes to review without an override.
    run_on_commit(translate_object, published, locales["uk"], strings_for(published, "uk"), publish=False)
    event = run_on_commit(submit_for_review, item, translator)
    assert event.kind == QueueItemEvent.Kind.STATUS
    item.refresh_from_db()
    assert (item.status, item.qa_problem_count) == (Status.IN_REVIEW, 0)


def test_a_qa_override_is_recorded_at_submit_and_again_at_approval(items, people, published, locales, run_on_commit):
    translator, reviewer = people["translator_uk"], people["reviewer_uk"]
    item = items["uk"]
    run_on_commit(item.claim, translator)
    run_on_commit(translate_object, published, locales["uk"], _mistyped(published), publish=False)

    event = run_on_commit(submit_for_review, item, translator, qa_override=True, note="Số hiệu theo bản in")

    assert (event.kind, event.actor, event.to_status) == (QueueItemEvent.Kind.QA_OVERRIDE, translator, Status.IN_REVIEW)
    assert event.payload["qa_problem_count"] == 1 and event.payload["stage"] == "submit"
    assert event.message == "Số hiệu theo bản in"
    with translation.override("en"):
        assert event.describe() == "Submitted for review with 1 open QA problem."

    _state, task_state = _current_task_state(_target(published, locales["uk"]))
    run_on_commit(task_state.task.specific.on_action, task_state, reviewer, "approve")

    item.refresh_from_db()
    assert item.status == Status.DONE
    done = item.events.last()
    assert (done.kind, done.actor, done.to_status) == (QueueItemEvent.Kind.QA_OVERRIDE, reviewer, Status.DONE)
    assert done.payload["qa_problem_count"] == 1
    with translation.override("en"):
        assert done.describe() == "Marked as done with 1 open QA problem."


# --- approving through the queue ---------------------------------------------------------------------


def test_queue_approval_goes_through_the_workflow_when_the_reviewer_can_act_on_it(
    claimed, people, published, locales, run_on_commit
):
    run_on_commit(submit_for_review, claimed, people["translator_uk"])
    state, _task_state = _current_task_state(_target(published, locales["uk"]))

    event = run_on_commit(approve, claimed, people["reviewer_uk"], note="Đồng ý")

    assert (event.actor, event.to_status, event.message) == (people["reviewer_uk"], Status.DONE, "Đồng ý")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert _target(published, locales["uk"]).live


def test_without_a_workflow_the_item_waits_in_review_and_queue_approval_publishes(
    claimed, people, published, locales, home_pages, run_on_commit
):
    WorkflowPage.objects.all().delete()
    assert _target(published, locales["uk"]).get_workflow() is None
    run_on_commit(submit_for_review, claimed, people["translator_uk"])
    claimed.refresh_from_db()
    assert claimed.status == Status.IN_REVIEW
    assert _target(published, locales["uk"]).current_workflow_state is None

    for who in ("translator_uk", "reviewer_en", "editor"):
        with pytest.raises(ValidationError) as error:
            approve(claimed, people[who])
        assert error.value.code == "permission_denied"
    event = run_on_commit(approve, claimed, people["reviewer_uk"])

    assert (event.actor, event.to_status) == (people["reviewer_uk"], Status.DONE)
    page = _target(published, locales["uk"])
    assert page.live and page.title == "Nghị quyết 57 [uk]"


def test_publishing_a_target_in_review_outside_the_workflow_finishes_the_item(
    claimed, people, published, locales, run_on_commit
):
    run_on_commit(submit_for_review, claimed, people["translator_uk"])
    page = _target(published, locales["uk"])
    state, _task_state = _current_task_state(page)

    run_on_commit(page.get_latest_revision().publish, user=people["reviewer_uk"])

    claimed.refresh_from_db()
    assert claimed.status == Status.DONE
    assert claimed.events.last().actor == people["reviewer_uk"]
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED  # Wagtail cancels the workflow on publishing


def test_cancelling_the_review_sends_the_item_back_to_the_translator(
    claimed, people, published, locales, run_on_commit
):
    run_on_commit(submit_for_review, claimed, people["translator_uk"])
    state, _task_state = _current_task_state(_target(published, locales["uk"]))

    run_on_commit(state.cancel, user=people["translator_uk"])

    claimed.refresh_from_db()
    assert claimed.status == Status.IN_PROGRESS
    assert claimed.events.last().message == "The review was cancelled."
    assert not _target(published, locales["uk"]).live


def test_a_retranslation_of_a_live_page_stays_private_until_approved(
    claimed, people, published, locales, run_on_commit
):
    """The public page keeps its reviewed text while a new translation waits for review."""
    from wagtail_localize.models import StringTranslation

    translator, reviewer = people["translator_uk"], people["reviewer_uk"]
    run_on_commit(submit_for_review, claimed, translator)
    page = _target(published, locales["uk"])
    _state, task_state = _current_task_state(page)
    run_on_commit(task_state.task.specific.on_action, task_state, reviewer, "approve")
    assert _target(published, locales["uk"]).title == "Nghị quyết 57 [uk]"

    source = Page.objects.get(pk=published.pk).specific
    source.summary = "Đột phá phát triển khoa học và công nghệ."
    run_on_commit(source.save_revision().publish)
    claimed.refresh_from_db()
    assert claimed.status == Status.REOPENED
    run_on_commit(translate_object, source, locales["uk"], strings_for(source, "uk"), user=translator, publish=False)
    # translate_object saves a draft through wagtail-localize; the row must not change before review either
    StringTranslation.objects.filter(locale=locales["uk"], data="Nghị quyết 57 [uk]").update(
        data="Nghị quyết 57 [uk, v2]"
    )
    claimed.refresh_from_db()
    run_on_commit(submit_for_review, claimed, translator)

    public = _target(published, locales["uk"])
    assert public.title == "Nghị quyết 57 [uk]"
    assert public.has_unpublished_changes
    assert public.get_latest_revision().as_object().title == "Nghị quyết 57 [uk, v2]"

    _state, task_state = _current_task_state(public)
    run_on_commit(task_state.task.specific.on_action, task_state, reviewer, "approve")
    assert _target(published, locales["uk"]).title == "Nghị quyết 57 [uk, v2]"
