"""QA where the translator types (locales/views/editor_qa.py and the editor's template override).

A Ukrainian directive claimed and fully translated by its translator; a wrong directive number is saved
through wagtail-localize's own string-save endpoint, as its editor does. The QA endpoint then names the
problem on that segment; who may ask for it follows the item (another language: 404; a second
translator while the item is claimed: 403 with the reason; anonymous: the login page). The editor page
carries our panel and script without inline code, and the panel's submit form goes to the item's own
submit action, refused with open problems unless the override is ticked.
"""

# The shared fixtures are imported from test_permissions; tests name them as arguments (F811).
# ruff: noqa: F811

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringSegment, Translation

from locales.models import QueueItem, QueueItemEvent
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
NUMBER = "57-NQ/TW"
MISTYPED = "75-NQ/TW"


@pytest.fixture
def work(items, people, published, locales, django_capture_on_commit_callbacks) -> dict:
    """The uk item claimed by the uk translator and fully translated as a draft ("in progress")."""
    item = items["uk"]
    with django_capture_on_commit_callbacks(execute=True):
        item.claim(people["translator_uk"])
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(
            published, locales["uk"], strings_for(published, "uk"), user=people["translator_uk"], publish=False
        )
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS and item.translated_segments == item.total_segments
    translation = Translation.objects.get(source=item.source, target_locale=locales["uk"])
    page = Page.objects.get(translation_key=published.translation_key, locale=locales["uk"])
    numbered = next(
        segment
        for segment in StringSegment.objects.filter(source=translation.source).select_related("string")
        if NUMBER in segment.string.data and segment.string.data != published.title
    )
    return {"item": item, "translation": translation, "page": page, "numbered": numbered}


def _qa_url(work: dict) -> str:
    return reverse("locales_queue:editor_qa", args=[work["translation"].pk])


def _save_string(client, work: dict, segment: StringSegment, text: str, capture) -> None:
    """Save a string the way wagtail-localize's editor does: PUT to its edit endpoint."""
    url = reverse("wagtail_localize:edit_string_translation", args=[work["translation"].pk, segment.pk])
    with capture(execute=True):
        response = client.put(url, urlencode({"value": text}), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.content


# --- the endpoint ------------------------------------------------------------------------------------


def test_a_clean_translation_has_no_problems_and_offers_the_submit_without_override(client, people, work):
    client.force_login(people["translator_uk"])
    response = client.get(_qa_url(work))
    assert response.status_code == 200
    data = response.json()
    assert data["problems"] == [] and data["errors"] == 0 and data["warnings"] == 0
    assert data["summary"] == "No problems found."
    assert data["item"]["id"] == work["item"].pk
    assert data["item"]["url"] == reverse("locales_queue:inspect", args=[work["item"].pk])
    assert data["submit"] == {
        "url": reverse("locales_queue:act", args=[work["item"].pk, "submit"]),
        "override": False,
    }


def test_a_wrong_number_saved_in_the_editor_is_reported_on_its_segment(
    client, people, work, django_capture_on_commit_callbacks
):
    client.force_login(people["translator_uk"])
    numbered = work["numbered"]
    wrong = numbered.string.data.replace(NUMBER, MISTYPED) + " [uk]"
    _save_string(client, work, numbered, wrong, django_capture_on_commit_callbacks)

    data = client.get(_qa_url(work)).json()
    assert [(problem["segment"], problem["code"], problem["severity"]) for problem in data["problems"]] == [
        (numbered.pk, "directive_number", "error")
    ]
    problem = data["problems"][0]
    assert NUMBER in problem["message"] and MISTYPED in problem["message"]
    assert problem["severity_label"] == "Error"
    assert data["summary"] == "Open QA problems in this translation: 1 error."
    assert data["submit"]["override"] is True
    # The item page counts the same error.
    work["item"].refresh_from_db()
    assert work["item"].qa_problem_count == 1

    # Fixed in the editor: the problem is gone.
    _save_string(client, work, numbered, numbered.string.data + " [uk]", django_capture_on_commit_callbacks)
    assert client.get(_qa_url(work)).json()["problems"] == []


def test_the_summary_is_in_the_users_admin_language(client, people, work, django_capture_on_commit_callbacks):
    translator = people["translator_uk"]
    client.force_login(translator)
    numbered = work["numbered"]
    _save_string(
        client, work, numbered, numbered.string.data.replace(NUMBER, MISTYPED), django_capture_on_commit_callbacks
    )
    profile = translator.wagtail_userprofile
    profile.preferred_language = "uk"
    profile.save()
    data = client.get(_qa_url(work)).json()
    assert data["summary"] == "Невирішені проблеми якості в цьому перекладі: 1 помилка."
    assert data["problems"][0]["severity_label"] == "Помилка"


def test_who_may_ask_follows_the_item_and_its_claim(client, people, work):
    url = _qa_url(work)

    response = client.get(url)  # anonymous: Wagtail's login page
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))

    client.force_login(people["translator_en"])  # another language: not there
    assert client.get(url).status_code == 404

    client.force_login(people["translator_uk2"])  # same language, claimed by someone else
    response = client.get(url)
    assert response.status_code == 403
    assert "translator_uk has claimed this translation" in response.json()["detail"]

    client.force_login(people["manager"])  # managers may change a claimed translation: they see its QA
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["submit"] is not None

    client.force_login(people["translator_uk"])
    assert client.get(reverse("locales_queue:editor_qa", args=[987654])).status_code == 404
    assert client.post(url).status_code == 405


def test_the_endpoint_costs_a_bounded_number_of_queries(client, people, work, django_assert_max_num_queries):
    client.force_login(people["translator_uk"])
    client.get(_qa_url(work))  # the session and the user's teams, read once
    with django_assert_max_num_queries(20):
        response = client.get(_qa_url(work))
    assert response.status_code == 200


# --- the editor page ---------------------------------------------------------------------------------


def test_the_editor_page_carries_the_panel_and_its_script_without_inline_code(client, people, work):
    client.force_login(people["translator_uk"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[work["page"].pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".js-translation-editor[data-props]") is not None  # wagtail-localize's editor
    panel = soup.select_one("section.editor-qa[data-editor-qa]")
    assert panel is not None
    assert panel["data-editor-qa"] == _qa_url(work)
    assert panel.select_one("[role=status][aria-live=polite]") is not None
    form = panel.select_one("form[data-editor-qa-submit][method=post]")
    assert form.select_one("input[name=csrfmiddlewaretoken]") is not None
    assert form.select_one("input[type=checkbox][name=qa_override]") is not None
    assert form.select_one("button[type=submit]").get_text(strip=True) == "Submit for review"

    scripts = [script["src"] for script in soup.find_all("script", src=True)]
    assert any(src.endswith("/locales/js/editor_qa.js") for src in scripts)
    assert scripts.index(next(s for s in scripts if s.endswith("/locales/js/editor_qa.js"))) > scripts.index(
        next(s for s in scripts if "wagtail-localize.js" in s)
    )
    assert any(link["href"].endswith("/locales/css/editor_qa.css") for link in soup.find_all("link", href=True))
    # No inline code of ours: the panel has no script, no style attribute, no event handler attribute.
    assert panel.find("script") is None
    for element in [panel, *panel.find_all(True)]:
        assert "style" not in element.attrs
        assert not [name for name in element.attrs if name.startswith("on")]
    inline = [script.get_text() for script in soup.find_all("script", src=False)]
    assert not any("editor-qa" in text or "editor_qa" in text for text in inline)


def test_the_editor_panel_speaks_ukrainian_to_a_ukrainian_translator(client, people, work):
    translator = people["translator_uk"]
    profile = translator.wagtail_userprofile
    profile.preferred_language = "uk"
    profile.save()
    client.force_login(translator)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[work["page"].pk]))
    panel = BeautifulSoup(response.content, "html.parser").select_one("section.editor-qa")
    assert panel.select_one("h2").get_text(strip=True) == "Перевірки якості"
    assert panel.select_one("button[type=submit]").get_text(strip=True) == "Надіслати на рецензування"
    assert panel["data-label-go-to"] == "Показати сегмент"


# --- submitting from the editor --------------------------------------------------------------------------


def test_submitting_from_the_editor_needs_the_override_while_a_problem_is_open(
    client, people, work, django_capture_on_commit_callbacks
):
    client.force_login(people["translator_uk"])
    numbered = work["numbered"]
    _save_string(
        client, work, numbered, numbered.string.data.replace(NUMBER, MISTYPED), django_capture_on_commit_callbacks
    )
    submit = client.get(_qa_url(work)).json()["submit"]
    item_page = reverse("locales_queue:inspect", args=[work["item"].pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit["url"])
    assert response.status_code == 302 and response.url == item_page
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "1 QA problem is still open: fix it, or submit with an override.",
        f"The directive number “{NUMBER}” is missing from the translation, which has “{MISTYPED}” instead.",
    ]
    work["item"].refresh_from_db()
    assert work["item"].status == Status.IN_PROGRESS

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit["url"], {"qa_override": "1"})
    assert response.status_code == 302 and response.url == item_page
    work["item"].refresh_from_db()
    assert work["item"].status == Status.IN_REVIEW
    override = QueueItemEvent.objects.get(item=work["item"], kind=QueueItemEvent.Kind.QA_OVERRIDE)
    assert override.payload["qa_problem_count"] == 1
    # In review, the translator is offered no submit any more.
    assert client.get(_qa_url(work)).json()["submit"] is None


def test_a_clean_translation_is_submitted_from_the_editor_without_override(
    client, people, work, django_capture_on_commit_callbacks
):
    client.force_login(people["translator_uk"])
    submit = client.get(_qa_url(work)).json()["submit"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit["url"])
    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "“Nghị quyết 57” was submitted for review."
    ]
    work["item"].refresh_from_db()
    assert work["item"].status == Status.IN_REVIEW
    assert not QueueItemEvent.objects.filter(item=work["item"], kind=QueueItemEvent.Kind.QA_OVERRIDE).exists()
