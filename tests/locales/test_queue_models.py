"""The localization queue: items follow publication, detect outdated sources, and move through the workflow."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation
from wagtail.rich_text import RichText
from wagtail_localize.models import StringSegment, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from articles.models import DirectivePage, Theme
from locales.models import QueueItem, QueueItemEvent
from locales.queue import is_queue_source, refresh_object, translatable_snippet_models, word_count
from locales.translating import translate_object
from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever the catalogues say."""
    with translation.override("en"):
        yield


Status = QueueItem.Status


@pytest.fixture
def register(home_pages):
    return DirectiveIndexPageFactory(parent=home_pages["vi"])


@pytest.fixture
def directive(register) -> DirectivePage:
    """A live Vietnamese directive that was never published through Wagtail's publish action."""
    page = DirectivePageFactory(
        parent=register,
        number="57-NQ/TW",
        title="Nghị quyết 57",
        slug="nq-57",
        summary="Đột phá phát triển khoa học, công nghệ và chuyển đổi số quốc gia.",
    )
    page.body = [
        ("paragraph", RichText("<p>Khoa học, công nghệ là đột phá quan trọng hàng đầu.</p>")),
        ("paragraph", RichText("<p>Chuyển đổi số là động lực chính.</p>")),
    ]
    page.save()
    return DirectivePage.objects.get(pk=page.pk)


@pytest.fixture
def users(db):
    User = get_user_model()
    return {name: User.objects.create_user(username=name, password="x") for name in ("lan", "olena", "reviewer")}


def _publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def _items(page) -> dict[str, QueueItem]:
    return {
        item.target_locale.language_code: item
        for item in QueueItem.objects.filter(object_id=page.translation_key).select_related("target_locale")
    }


def _translations_of(page, code: str) -> dict[str, str]:
    """A translation for every string segment of the page as it is now."""
    strings = {}
    for segment in extract_segments(page):
        if isinstance(segment, StringSegmentValue):
            text = segment.string.data
            strings[text] = f"{text}-{code}" if segment.path == "slug" else f"{text} [{code}]"
    return strings


@pytest.fixture
def published(directive, django_capture_on_commit_callbacks) -> DirectivePage:
    with django_capture_on_commit_callbacks(execute=True):
        return _publish(directive)


def _finish(item: QueueItem, user) -> None:
    item.transition(Status.IN_PROGRESS, user=user)
    item.transition(Status.IN_REVIEW, user=user)
    item.transition(Status.DONE, user=user)


def _revise(page: DirectivePage) -> DirectivePage:
    """Change the title and the first paragraph: two segments."""
    page.title = "Nghị quyết 57-NQ/TW"
    page.body[0].value = RichText("<p>Khoa học, công nghệ và đổi mới sáng tạo là đột phá quan trọng hàng đầu.</p>")
    return _publish(page)


# --- items follow publication ----------------------------------------------------------------------


def test_publishing_a_vietnamese_directive_creates_en_and_uk_items(directive, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _publish(directive)
        assert not QueueItem.objects.exists()  # nothing before the transaction commits

    items = _items(directive)
    assert sorted(items) == ["en", "uk"]
    source = TranslationSource.objects.get_for_instance(directive)
    segments = StringSegment.objects.filter(source=source).count()
    for item in items.values():
        assert item.status == Status.TO_DO
        assert item.content_type == ContentType.objects.get_for_model(DirectivePage)
        assert item.title == "Nghị quyết 57"
        assert item.source == source
        assert item.translation is None
        assert (item.total_segments, item.translated_segments) == (segments, 0)
        assert item.words_remaining > 0
        assert not item.outdated
        assert [event.kind for event in item.events.all()] == [QueueItemEvent.Kind.CREATED]


def test_publishing_twice_does_not_duplicate_items(published, django_capture_on_commit_callbacks):
    first = {code: item.pk for code, item in _items(published).items()}

    with django_capture_on_commit_callbacks(execute=True):
        _publish(published)

    assert {code: item.pk for code, item in _items(published).items()} == first
    assert QueueItem.objects.count() == 2


def test_publishing_an_english_translation_creates_no_items(directive, locales, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(directive, locales["en"], _translations_of(directive, "en"))

    assert not QueueItem.objects.exists()


def test_translating_updates_progress_and_activity_but_adds_no_item(
    published, locales, django_capture_on_commit_callbacks
):
    before = _items(published)["en"]

    with django_capture_on_commit_callbacks(execute=True):
        translate_object(published, locales["en"], _translations_of(published, "en"))

    items = _items(published)
    assert sorted(items) == ["en", "uk"]
    english = items["en"]
    assert english.translation == Translation.objects.get(source=english.source, target_locale=locales["en"])
    assert english.translated_segments == english.total_segments > 0
    assert english.words_remaining == 0
    assert english.last_activity_at > before.last_activity_at
    assert items["uk"].translated_segments == 0


def test_unpublished_source_and_other_locales_are_not_queue_sources(directive, home_pages, locales):
    assert is_queue_source(directive)
    assert not is_queue_source(home_pages["en"])
    directive.live = False
    assert not is_queue_source(directive)
    assert not is_queue_source(home_pages["vi"].get_parent())  # the root


def test_deleting_the_source_removes_its_items(published):
    assert QueueItem.objects.count() == 2

    published.delete()

    assert not QueueItem.objects.exists()


# --- outdated sources --------------------------------------------------------------------------------


def test_done_item_reopens_with_changed_segment_count_when_the_source_changes(
    published, locales, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(published, locales["en"], _translations_of(published, "en"))
    _finish(_items(published)["en"], users["lan"])

    with django_capture_on_commit_callbacks(execute=True):
        revised = _revise(published)

    english, ukrainian = _items(revised)["en"], _items(revised)["uk"]
    assert english.status == Status.REOPENED
    assert english.outdated and english.changed_segments == 2
    assert english.source_changed_at is not None
    reopening = english.events.last()
    assert reopening.kind == QueueItemEvent.Kind.SOURCE_CHANGED
    assert (reopening.from_status, reopening.to_status, reopening.actor) == (Status.DONE, Status.REOPENED, None)
    assert reopening.payload == {"changed_segments": 2}
    assert "2 segments are new or changed" in reopening.describe()
    # Continuous mode (the default): the translation source follows the live page at once.
    assert english.source.as_instance().title == "Nghị quyết 57-NQ/TW"
    assert english.total_segments - english.translated_segments == 2
    # Nothing was translated into Ukrainian: nothing there is "out of date".
    assert (ukrainian.status, ukrainian.outdated, ukrainian.changed_segments) == (Status.TO_DO, False, 0)


def test_translating_the_changes_clears_outdated_and_allows_done_again(
    published, locales, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(published, locales["en"], _translations_of(published, "en"))
    _finish(_items(published)["en"], users["lan"])
    with django_capture_on_commit_callbacks(execute=True):
        revised = _revise(published)

    with django_capture_on_commit_callbacks(execute=True):
        translate_object(revised, locales["en"], _translations_of(revised, "en"))

    english = _items(revised)["en"]
    assert (english.outdated, english.changed_segments) == (False, 0)
    assert english.translated_segments == english.total_segments
    english.transition(Status.IN_REVIEW, user=users["lan"])
    english.transition(Status.DONE, user=users["reviewer"])
    assert english.status == Status.DONE


def test_manual_mode_counts_changes_without_refreshing_the_source(
    published, locales, users, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(published, locales["en"], _translations_of(published, "en"))
    _finish(_items(published)["en"], users["lan"])
    settings.LOCALES_SYNC_MODE = "manual"

    with django_capture_on_commit_callbacks(execute=True):
        revised = _revise(published)

    english = _items(revised)["en"]
    assert english.status == Status.REOPENED
    assert (english.outdated, english.changed_segments) == (True, 2)
    # The stored source still holds what was translated: progress is complete against it.
    assert english.source.as_instance().title == "Nghị quyết 57"
    assert english.translated_segments == english.total_segments

    # The translator syncs (wagtail-localize's "Sync translated pages" calls update_from_db).
    with django_capture_on_commit_callbacks(execute=True):
        english.source.update_from_db()

    english.refresh_from_db()
    assert english.changed_segments == 2
    assert english.total_segments - english.translated_segments == 2


def test_in_progress_item_is_flagged_outdated_without_changing_status(
    published, locales, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(published, locales["en"], _translations_of(published, "en"))
    _items(published)["en"].claim(users["lan"])

    with django_capture_on_commit_callbacks(execute=True):
        revised = _revise(published)

    english = _items(revised)["en"]
    assert english.status == Status.IN_PROGRESS
    assert (english.outdated, english.changed_segments) == (True, 2)
    assert english.events.last().kind == QueueItemEvent.Kind.SOURCE_CHANGED


# --- the workflow -----------------------------------------------------------------------------------


def test_allowed_transitions_are_recorded_with_who_and_when(published, users):
    item = _items(published)["uk"]

    event = item.transition(Status.IN_PROGRESS, user=users["olena"], note="Bắt đầu")

    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    assert (event.actor, event.from_status, event.to_status, event.message) == (
        users["olena"],
        Status.TO_DO,
        Status.IN_PROGRESS,
        "Bắt đầu",
    )
    assert event.kind == QueueItemEvent.Kind.STATUS
    assert item.allowed_transitions() == [Status.TO_DO, Status.IN_REVIEW]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.TO_DO, Status.DONE),
        (Status.TO_DO, Status.IN_REVIEW),
        (Status.IN_PROGRESS, Status.DONE),
        (Status.DONE, Status.IN_PROGRESS),
        (Status.REOPENED, Status.DONE),
    ],
)
def test_refused_transitions_raise_and_change_nothing(published, users, start, target):
    item = _items(published)["uk"]
    QueueItem.objects.filter(pk=item.pk).update(status=start)
    events = item.events.count()

    with pytest.raises(ValidationError) as error:
        item.transition(target, user=users["olena"])

    assert error.value.code == "invalid_transition"
    item.refresh_from_db()
    assert item.status == start
    assert item.events.count() == events


def test_unknown_status_is_refused_with_a_message(published, users):
    with pytest.raises(ValidationError, match="not a status"):
        _items(published)["uk"].transition("finished", user=users["olena"])


def test_done_needs_every_segment_translated(published, locales, users, django_capture_on_commit_callbacks):
    partial = dict(list(_translations_of(published, "uk").items())[:2])
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(published, locales["uk"], partial)
    item = _items(published)["uk"]
    item.transition(Status.IN_PROGRESS, user=users["olena"])
    item.transition(Status.IN_REVIEW, user=users["olena"])

    with pytest.raises(ValidationError) as error:
        item.transition(Status.DONE, user=users["reviewer"])

    assert error.value.code == "incomplete"
    assert f"{item.total_segments - 2} segments are not translated yet" in error.value.messages[0]


def test_open_qa_problems_block_done_unless_overridden_and_the_override_is_recorded(
    published, locales, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(published, locales["uk"], _translations_of(published, "uk"))
    item = _items(published)["uk"]
    item.transition(Status.IN_PROGRESS, user=users["olena"])
    item.transition(Status.IN_REVIEW, user=users["olena"])
    QueueItem.objects.filter(pk=item.pk).update(qa_problem_count=2)

    with pytest.raises(ValidationError) as error:
        item.transition(Status.DONE, user=users["reviewer"])
    assert error.value.code == "qa_problems"

    event = item.transition(Status.DONE, user=users["reviewer"], qa_override=True, note="Số hiệu đúng như bản gốc")
    assert event.kind == QueueItemEvent.Kind.QA_OVERRIDE
    assert (event.actor, event.to_status, event.payload) == (users["reviewer"], Status.DONE, {"qa_problem_count": 2})
    assert "2 open QA problems" in event.describe()


def test_claiming_assigns_and_starts_and_a_second_translator_is_refused(published, users):
    item = _items(published)["uk"]

    item.claim(users["olena"])

    item.refresh_from_db()
    assert (item.assignee, item.status) == (users["olena"], Status.IN_PROGRESS)
    assert [event.kind for event in item.events.all()] == [
        QueueItemEvent.Kind.CREATED,
        QueueItemEvent.Kind.ASSIGNMENT,
        QueueItemEvent.Kind.STATUS,
    ]
    assert item.events.all()[1].describe() == "Assigned to olena."
    with pytest.raises(ValidationError) as error:
        item.claim(users["lan"])
    assert error.value.code == "claimed"


def test_reviewer_assignment_and_notes_are_in_the_history(published, users):
    item = _items(published)["en"]

    assert item.assign(users["reviewer"], user=users["lan"], role="reviewer") is not None
    assert item.assign(users["reviewer"], user=users["lan"], role="reviewer") is None  # no change, no event
    item.add_note("Chú ý số hiệu văn bản", user=users["lan"])
    with pytest.raises(ValidationError):
        item.add_note("   ", user=users["lan"])

    kinds = [event.kind for event in item.events.all()]
    assert kinds == [QueueItemEvent.Kind.CREATED, QueueItemEvent.Kind.ASSIGNMENT, QueueItemEvent.Kind.NOTE]
    assert item.events.all()[1].describe() == "Reviewer set to reviewer."


def test_overdue_and_open_filters(published, users):
    items = _items(published)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    QueueItem.objects.filter(pk=items["en"].pk).update(due_date=yesterday)
    QueueItem.objects.filter(pk=items["uk"].pk).update(due_date=yesterday, status=Status.DONE)

    assert list(QueueItem.objects.overdue()) == [items["en"]]
    assert list(QueueItem.objects.open()) == [items["en"]]


# --- numbers -------------------------------------------------------------------------------------


def test_progress_matches_wagtail_localize_and_counts_words_remaining(
    published, locales, django_capture_on_commit_callbacks
):
    strings = _translations_of(published, "uk")
    paragraph = "<p>Chuyển đổi số là động lực chính.</p>"
    untranslated = {"Chuyển đổi số là động lực chính.", published.summary}
    partial = {text: value for text, value in strings.items() if text not in untranslated}
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(published, locales["uk"], partial)

    item = _items(published)["uk"]
    assert (item.total_segments, item.translated_segments) == item.translation.get_progress()
    assert item.total_segments - item.translated_segments == 2
    assert item.words_remaining == word_count(published.summary) + word_count(paragraph) == 21
    assert item.progress_percent == int(100 * item.translated_segments / item.total_segments)


def test_refresh_is_idempotent(published):
    item = _items(published)["en"]
    events = item.events.count()

    refresh_object(published.translation_key)
    refresh_object(published.translation_key)

    again = _items(published)["en"]
    assert (again.total_segments, again.outdated, again.status) == (item.total_segments, False, Status.TO_DO)
    assert again.events.count() == events


# --- the sync command --------------------------------------------------------------------------------


def test_sync_command_queues_every_live_source_once_and_recognises_finished_translations(directive, locales):
    translate_object(directive, locales["en"], _translations_of(directive, "en"))  # before the queue knew it

    call_command("locales_queue", "sync")
    call_command("locales_queue", "sync")

    items = _items(directive)
    assert sorted(items) == ["en", "uk"]
    assert items["en"].status == Status.DONE
    assert items["uk"].status == Status.TO_DO
    # home page and register too, each exactly once per target locale
    assert QueueItem.objects.count() == 3 * 2
    assert not QueueItem.objects.filter(target_locale=locales["vi"]).exists()


def test_sync_command_reopens_a_translation_whose_source_moved_on(directive, locales, settings, capsys):
    translate_object(directive, locales["en"], _translations_of(directive, "en"))
    directive.title = "Nghị quyết 57-NQ/TW"
    directive.save_revision().publish()
    settings.LOCALES_SYNC_MODE = "manual"

    call_command("locales_queue", "sync")

    english = _items(directive)["en"]
    assert (english.status, english.changed_segments) == (Status.REOPENED, 1)
    assert "1 reopened" in capsys.readouterr().out


# --- snippets and reference data -----------------------------------------------------------------


def test_reference_data_is_not_queued(db, django_capture_on_commit_callbacks):
    # The project has no translatable snippet yet (themes, issuing bodies, document types and
    # glossary terms are modeltranslation reference data): nothing of theirs enters the queue.
    assert translatable_snippet_models() == []
    with django_capture_on_commit_callbacks(execute=True):
        theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số")

    assert not is_queue_source(theme)
    assert not QueueItem.objects.exists()
