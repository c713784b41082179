"""The queue's rules at wagtail-localize's and Wagtail's own doors (locales.guards, locales.review).

The permission matrix of a claimed, in-progress Ukrainian translation, through the real admin views:
at wagtail-localize's endpoints (string save, PO upload, machine translation, editor publish) and at
the queue's (machine translation, PO upload), for the assignee, a second translator of the same
language, a translator who also reviews, a reviewer, a translator of another language, a translation
manager and a superuser. Each call asserts the status and what was written (strings, page, history).
Then four eyes (the translator-reviewer approving their own work, at the queue and through Wagtail's
workflow), publishing around the review (editor, bulk publish, "Sync translated pages"), and
wagtail-localize's PO upload answering bad input with 400.
"""

# The shared fixtures are imported from test_permissions; tests name them as arguments (F811).
# ruff: noqa: F811

import json
from dataclasses import dataclass
from urllib.parse import urlencode

import polib
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission, Locale, Page, TaskState
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from locales import exchange
from locales.models import QueueItem, QueueItemEvent
from locales.review import submit_for_review
from locales.translating import translate_object
from tests.locales.test_permissions import (  # noqa: F401  (shared fixtures)
    _english,
    _member,
    items,
    people,
    published,
    strings_for,
    teams,
)

Status = QueueItem.Status
Kind = QueueItemEvent.Kind
DUMMY_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run a callable as its own committed transaction would (the queue follows on commit)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def crew(people, teams) -> dict:
    """The shared people, plus a Ukrainian translator who also reviews Ukrainian."""
    return {**people, "translator_reviewer_uk": _member("olha", "Translators (uk)", "Reviewers (uk)")}


@dataclass
class Work:
    item: QueueItem
    translation: Translation
    page: Page
    locale: Locale

    def strings(self) -> list[tuple]:
        return sorted(StringTranslation.objects.filter(locale=self.locale).values_list("pk", "context_id", "data"))

    def refresh(self) -> "Work":
        self.item.refresh_from_db()
        self.page = Page.objects.get(pk=self.page.pk)
        return self

    def events(self, kind: str) -> list[QueueItemEvent]:
        return list(QueueItemEvent.objects.filter(item=self.item, kind=kind).order_by("pk"))


@pytest.fixture
def work(items, crew, published, locales, run_on_commit, settings) -> Work:
    """The uk item claimed by the uk translator and fully translated as a draft: "in progress", not live."""
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = DUMMY_TRANSLATOR
    item = items["uk"]
    run_on_commit(item.claim, crew["translator_uk"])
    strings = strings_for(published, "uk")
    run_on_commit(translate_object, published, locales["uk"], strings, user=crew["translator_uk"], publish=False)
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS and item.translated_segments == item.total_segments
    page = Page.objects.get(translation_key=published.translation_key, locale=locales["uk"])
    assert not page.live
    return Work(item, item.translation, page, locales["uk"])


def _segment(work: Work, path: str = "title") -> StringSegment:
    return StringSegment.objects.get(source=work.translation.source, context__path=path)


def _translated(work: Work, path: str = "title") -> str:
    segment = _segment(work, path)
    return StringTranslation.objects.get(
        translation_of_id=segment.string_id, context_id=segment.context_id, locale=work.locale
    ).data


def _gap(work: Work) -> None:
    """Remove the summary's translation, so that machine translation has a segment to fill."""
    segment = _segment(work, "summary")
    StringTranslation.objects.filter(
        translation_of_id=segment.string_id, context_id=segment.context_id, locale=work.locale
    ).delete()


def _po_upload(work: Work, text: str, name: str = "nq57.po") -> SimpleUploadedFile:
    po = work.translation.export_po()
    for entry in po:
        if entry.msgctxt == "title":
            entry.msgstr = text
    return SimpleUploadedFile(name, str(po).encode("utf-8"))


def _refused_by_admin(response) -> bool:
    """Wagtail's own refusal (PermissionDenied in the admin): a redirect to the dashboard."""
    return response.status_code == 302 and response.url == "/admin/"


# --- the matrix --------------------------------------------------------------------------------------

ENDPOINTS = ("string_save", "po_upload", "machine_translate", "queue_machine_translate", "queue_po_upload", "publish")

# Who may do what to the claimed, in-progress uk item (True: allowed and written).
MATRIX = {
    "translator_uk": {"string_save", "po_upload", "machine_translate", "queue_machine_translate", "queue_po_upload"},
    "translator_uk2": set(),
    "translator_reviewer_uk": set(),
    "reviewer_uk": set(),
    "translator_en": set(),
    "manager": set(ENDPOINTS),
    "superuser": set(ENDPOINTS),
}


def _call(client, endpoint: str, work: Work, who: str, capture):
    """One request to `endpoint` as the logged-in user; returns the response."""
    translation_id = work.translation.pk
    with capture(execute=True):
        if endpoint == "string_save":
            url = reverse("wagtail_localize:edit_string_translation", args=[translation_id, _segment(work).pk])
            return client.put(
                url, urlencode({"value": f"Saved by {who}"}), content_type="application/x-www-form-urlencoded"
            )
        if endpoint == "po_upload":
            url = reverse("wagtail_localize:upload_pofile", args=[translation_id])
            return client.post(url, {"file": _po_upload(work, f"Uploaded by {who}"), "next": "/admin/pages/"})
        if endpoint == "machine_translate":
            url = reverse("wagtail_localize:machine_translate", args=[translation_id])
            return client.post(url, {"next": "/admin/pages/"})
        if endpoint == "queue_machine_translate":
            return client.post(reverse("locales_queue:act", args=[work.item.pk, "machine-translate"]))
        if endpoint == "queue_po_upload":
            url = reverse("locales_queue:upload_po", args=[work.item.pk])
            return client.post(url, {"file": _po_upload(work, f"Queue upload by {who}")})
        if endpoint == "publish":
            return client.post(reverse("wagtailadmin_pages:edit", args=[work.page.pk]), {"action": "publish"})
    raise AssertionError(endpoint)


def _written(endpoint: str, work: Work, who: str, before: list[tuple]) -> bool:
    if endpoint == "string_save":
        return _translated(work) == f"Saved by {who}"
    if endpoint == "po_upload":
        return _translated(work) == f"Uploaded by {who}"
    if endpoint == "queue_po_upload":
        return _translated(work) == f"Queue upload by {who}"
    if endpoint in ("machine_translate", "queue_machine_translate"):
        return len(work.strings()) == len(before) + 1
    return work.refresh().page.live


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix_of_a_claimed_translation_at_wagtail_localize_and_at_the_queue(
    client, crew, work, who, django_capture_on_commit_callbacks
):
    client.force_login(crew[who])
    allowed = MATRIX[who]
    for endpoint in ENDPOINTS:
        if endpoint in ("machine_translate", "queue_machine_translate"):
            _gap(work)
        before = work.strings()
        response = _call(client, endpoint, work, who, django_capture_on_commit_callbacks)

        written = _written(endpoint, work, who, before)
        if endpoint in allowed:
            assert response.status_code in (200, 201, 302), (endpoint, response.status_code)
            assert not _refused_by_admin(response), endpoint
            assert written, endpoint
        else:
            # 403 from the rules, Wagtail's own "no permission" redirect, or 404 (another language's item)
            assert response.status_code in (403, 404) or _refused_by_admin(response), (endpoint, response.status_code)
            assert not written, endpoint
            assert work.strings() == before, endpoint
            assert not work.refresh().page.live
    work.refresh()
    assert work.item.assignee == crew["translator_uk"]


def test_a_second_translator_is_refused_with_the_reason_and_nothing_changes(client, crew, work):
    client.force_login(crew["translator_uk2"])
    before = work.strings()
    string_url = reverse("wagtail_localize:edit_string_translation", args=[work.translation.pk, _segment(work).pk])

    saved = client.put(string_url, urlencode({"value": "Mine now"}), content_type="application/x-www-form-urlencoded")
    deleted = client.delete(string_url)
    stopped = client.post(reverse("wagtail_localize:stop_translation", args=[work.translation.pk]))
    uploaded = client.post(
        reverse("wagtail_localize:upload_pofile", args=[work.translation.pk]), {"file": _po_upload(work, "Mine")}
    )
    aliased = client.post(reverse("wagtail_localize:convert_to_alias", args=[work.page.pk]))

    reason = "translator_uk has claimed this translation: only they or a translation manager may change it now."
    assert (saved.status_code, saved.json()) == (403, {**saved.json(), "detail": reason})
    assert deleted.status_code == 403
    assert stopped.status_code == 403 and reason in stopped.content.decode()
    assert uploaded.status_code == 403 and reason in uploaded.content.decode()
    assert aliased.status_code == 403
    assert Page.objects.get(pk=work.page.pk).alias_of_id is None
    assert work.strings() == before
    assert Translation.objects.get(pk=work.translation.pk).enabled


def test_a_refusal_comes_in_the_users_language(client, crew, work):
    profile = crew["translator_uk2"].wagtail_userprofile
    profile.preferred_language = "uk"
    profile.save()
    client.force_login(crew["translator_uk2"])
    url = reverse("wagtail_localize:edit_string_translation", args=[work.translation.pk, _segment(work).pk])

    response = client.put(url, urlencode({"value": "x"}), content_type="application/x-www-form-urlencoded")

    assert response.status_code == 403
    assert "translator_uk" in response.json()["detail"]
    assert "claimed" not in response.json()["detail"]  # Ukrainian, not English


def test_an_unclaimed_item_stays_open_to_whoever_may_edit_the_page(client, crew, work):
    QueueItem.objects.filter(pk=work.item.pk).update(assignee=None)
    client.force_login(crew["translator_uk2"])
    url = reverse("wagtail_localize:edit_string_translation", args=[work.translation.pk, _segment(work).pk])

    response = client.put(url, urlencode({"value": "Shared"}), content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert _translated(work) == "Shared"


# --- four eyes ---------------------------------------------------------------------------------------


@pytest.fixture
def self_submitted(items, crew, published, locales, run_on_commit) -> Work:
    """The translator-reviewer claimed, translated and submitted the uk item: it waits in review."""
    author = crew["translator_reviewer_uk"]
    item = items["uk"]
    run_on_commit(item.claim, author)
    run_on_commit(translate_object, published, locales["uk"], strings_for(published, "uk"), user=author, publish=False)
    item.refresh_from_db()
    run_on_commit(submit_for_review, item, author)
    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW
    page = Page.objects.get(translation_key=published.translation_key, locale=locales["uk"])
    return Work(item, item.translation, page, locales["uk"])


def _workflow_approve_url(work: Work) -> tuple[str, TaskState]:
    task_state = Page.objects.get(pk=work.page.pk).current_workflow_state.current_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[work.page.pk, "approve", task_state.pk]), task_state


FOUR_EYES = (
    "Approval refused: whoever translated or submitted a translation may not approve it; "
    "another reviewer must (four-eyes rule)."
)


def test_the_translator_reviewer_cannot_approve_their_own_translation_at_the_queue(
    client, crew, self_submitted, django_capture_on_commit_callbacks
):
    work = self_submitted
    client.force_login(crew["translator_reviewer_uk"])
    item_page = client.get(reverse("locales_queue:inspect", args=[work.item.pk]))
    assert item_page.status_code == 200
    assert reverse("locales_queue:act", args=[work.item.pk, "approve"]) not in item_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("locales_queue:act", args=[work.item.pk, "approve"]), follow=True)

    assert response.status_code == 200
    assert FOUR_EYES in [str(message) for message in response.context["messages"]]
    work.refresh()
    assert work.item.status == Status.IN_REVIEW and not work.page.live
    [refusal] = work.events(Kind.REFUSED)
    assert (refusal.actor, refusal.payload) == (
        crew["translator_reviewer_uk"],
        {"rule": "four_eyes", "action": "approve"},
    )
    with translation.override("en"):
        assert refusal.describe() == FOUR_EYES
    assert FOUR_EYES in response.content.decode()  # the item page shows its history


def test_the_translator_reviewer_cannot_approve_their_own_translation_through_wagtails_workflow(
    client, crew, self_submitted, django_capture_on_commit_callbacks
):
    work = self_submitted
    url, task_state = _workflow_approve_url(work)
    client.force_login(crew["translator_reviewer_uk"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": ""})

    assert response.status_code == 302
    assert response.url == reverse("locales_queue:inspect", args=[work.item.pk])  # where the history says why
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    work.refresh()
    assert work.item.status == Status.IN_REVIEW and not work.page.live
    [refusal] = work.events(Kind.REFUSED)
    assert refusal.payload == {"rule": "four_eyes", "action": "approve"}

    # Another reviewer of the language approves the same task: it goes live and the item is done.
    client.force_login(crew["reviewer_uk"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": "Tốt"})
    assert response.status_code == 302
    work.refresh()
    assert work.page.live and work.item.status == Status.DONE
    assert work.item.events.last().actor == crew["reviewer_uk"]
    assert work.events(Kind.RULE_OVERRIDE) == []


def test_four_eyes_holds_for_translation_managers_and_superusers_override_it_on_record(
    crew, items, published, locales, run_on_commit
):
    from django.core.exceptions import ValidationError

    from locales.review import approve

    item = items["uk"]
    manager, root = crew["manager"], crew["superuser"]
    run_on_commit(item.claim, manager)
    run_on_commit(translate_object, published, locales["uk"], strings_for(published, "uk"), user=manager, publish=False)
    item.refresh_from_db()
    run_on_commit(submit_for_review, item, manager)
    with pytest.raises(ValidationError) as error:
        approve(item, manager)
    assert error.value.code == "four_eyes"

    item.refresh_from_db()
    run_on_commit(item.assign, root, user=manager)
    run_on_commit(approve, item, root)

    item.refresh_from_db()
    assert item.status == Status.DONE
    [override] = item.events.filter(kind=Kind.RULE_OVERRIDE)
    assert (override.actor, override.payload["rule"]) == (root, "four_eyes")
    assert override.describe() == "Published by its own translator or submitter, overriding the four-eyes rule."


# --- publishing around the review --------------------------------------------------------------------

AROUND_REVIEW = (
    "Publication refused: a translation goes live only through the approval of its submitted queue item "
    "(translation managers may override)."
)


def test_a_reviewer_cannot_publish_an_in_progress_translation_from_the_editor(client, crew, work):
    client.force_login(crew["reviewer_uk"])
    before = work.strings()

    response = client.post(reverse("wagtailadmin_pages:edit", args=[work.page.pk]), {"action": "publish"})
    wagtails_own = client.post(
        reverse("wagtailadmin_pages:edit", args=[work.page.pk]), {"action-publish": "action-publish"}
    )

    assert response.status_code == 403 and AROUND_REVIEW in response.content.decode()
    assert wagtails_own.status_code == 403
    work.refresh()
    assert not work.page.live and work.item.status == Status.IN_PROGRESS
    assert work.strings() == before
    refusals = work.events(Kind.REFUSED)
    assert [(event.actor, event.payload["rule"]) for event in refusals] == [
        (crew["reviewer_uk"], "review_required")
    ] * 2
    with translation.override("en"):
        assert refusals[0].describe() == AROUND_REVIEW


def test_a_reviewer_cannot_bulk_publish_an_in_progress_translation(client, crew, work):
    client.force_login(crew["reviewer_uk"])
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={work.page.pk}"

    response = client.post(url, {"next": "/admin/pages/"})

    assert response.status_code == 403
    assert not work.refresh().page.live


def test_a_manager_may_publish_around_the_review_and_it_is_recorded(
    client, crew, work, django_capture_on_commit_callbacks
):
    client.force_login(crew["manager"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[work.page.pk]), {"action": "publish"})

    assert response.status_code == 302
    work.refresh()
    assert work.page.live
    [override] = work.events(Kind.RULE_OVERRIDE)
    assert (override.actor, override.payload) == (
        crew["manager"],
        {"rule": "review_required", "action": "publish", "status": "in_progress"},
    )
    with translation.override("en"):
        assert "overriding the rule" in override.describe()


def test_a_reviewer_publishing_an_item_in_review_from_the_editor_approves_it(
    client, crew, work, run_on_commit, django_capture_on_commit_callbacks
):
    run_on_commit(submit_for_review, work.item, crew["translator_uk"])
    client.force_login(crew["reviewer_uk"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[work.page.pk]), {"action": "publish"})

    assert response.status_code == 302
    work.refresh()
    assert work.page.live and work.item.status == Status.DONE
    assert work.item.events.last().actor == crew["reviewer_uk"]


def test_sync_translated_pages_cannot_publish_translations_around_the_review(
    client, crew, work, published, home_pages, django_user_model
):
    editor = _member("bien_tap")
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="submit_translation", content_type__app_label="wagtail_localize"),
    )
    editors = Group.objects.create(name="Editors (source)")
    editors.user_set.add(editor)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=editors, page=home_pages["vi"], permission=Permission.objects.get(codename=codename)
        )
    client.force_login(editor)
    url = reverse("wagtail_localize:update_translations", args=[work.translation.source_id])

    response = client.post(url, {"publish_translations": "on"})

    assert response.status_code == 403
    assert not work.refresh().page.live
    assert [event.payload["rule"] for event in work.events(Kind.REFUSED)] == ["review_required"]


# --- wagtail-localize's PO upload: bad input is a 400 with a message ----------------------------------


def _upload(client, work: Work, data: dict):
    return client.post(reverse("wagtail_localize:upload_pofile", args=[work.translation.pk]), data)


def test_po_upload_without_a_file_or_without_the_translation_id_is_a_400_and_changes_nothing(client, crew, work):
    client.force_login(crew["translator_uk"])
    before = work.strings()
    po = work.translation.export_po()
    del po.metadata["X-WagtailLocalize-TranslationID"]
    headerless = SimpleUploadedFile("headerless.po", str(po).encode("utf-8"))
    other = polib.POFile()
    other.metadata = {"X-WagtailLocalize-TranslationID": "9c0b0a3e-1f7e-4a53-9f43-2a4f9d3b8e10"}

    cases = {
        "no file": (_upload(client, work, {}), "Choose a PO file to upload."),
        "no header": (
            _upload(client, work, {"file": headerless}),
            "“headerless.po” has no “X-WagtailLocalize-TranslationID” header",
        ),
        "another translation": (
            _upload(client, work, {"file": SimpleUploadedFile("other.po", str(other).encode())}),
            "“other.po” was exported for another translation",
        ),
        "not a PO file": (
            _upload(client, work, {"file": SimpleUploadedFile("x.po", b"\x00\x01binary")}),
            "“x.po” is not a PO file (it is not UTF-8 text).",
        ),
        "empty": (_upload(client, work, {"file": SimpleUploadedFile("empty.po", b"")}), "“empty.po” is empty."),
    }
    for case, (response, message) in cases.items():
        assert response.status_code == 400, case
        assert message in response.content.decode(), case
    json_response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[work.translation.pk]),
        {},
        headers={"accept": "application/json"},
    )
    assert (json_response.status_code, json.loads(json_response.content)["detail"]) == (
        400,
        "Choose a PO file to upload.",
    )
    assert work.strings() == before


def test_po_upload_refuses_a_file_with_too_many_entries_before_parsing_it(client, crew, work, monkeypatch):
    client.force_login(crew["translator_uk"])
    before = work.strings()
    lines = ['msgid ""', 'msgstr ""', f'"X-WagtailLocalize-TranslationID: {work.translation.uuid}\\n"', ""]
    lines += [f'msgid "{index}"\nmsgstr "x"\n' for index in range(exchange.MAX_ENTRIES + 1)]
    monkeypatch.setattr(exchange.polib, "pofile", lambda *args, **kwargs: pytest.fail("parsed"))

    response = _upload(client, work, {"file": SimpleUploadedFile("many.po", "\n".join(lines).encode())})

    assert response.status_code == 400
    assert f"“many.po” has more than {exchange.MAX_ENTRIES} entries." in response.content.decode()
    assert work.strings() == before


def test_po_upload_by_the_assignee_imports_through_the_exchange(client, crew, work):
    client.force_login(crew["translator_uk"])

    response = _upload(client, work, {"file": _po_upload(work, "Nghị quyết 57 (uk, PO)"), "next": "/admin/pages/"})

    assert response.status_code == 302 and response.url == "/admin/pages/"
    assert _translated(work) == "Nghị quyết 57 (uk, PO)"
    assert QueueItem.objects.get(pk=work.item.pk).assignee == crew["translator_uk"]
