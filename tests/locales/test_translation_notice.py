"""The notice on a translated page: that it is a translation, where the original is, and whether it
is out of date — and the full-page cache dropping the page as soon as the queue changes its mind.

A Vietnamese directive is published, translated into English through wagtail-localize (as the demo
and the translators do) and its queue items followed, as in tests/locales/test_queue_models.py.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import RichText
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from articles.models import DirectivePage
from locales.models import QueueItem
from locales.templatetags.translation_notices import translation_notice_for
from locales.translating import translate_object
from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory

Status = QueueItem.Status


def _strings(page, code: str) -> dict[str, str]:
    strings = {}
    for segment in extract_segments(page):
        if isinstance(segment, StringSegmentValue):
            text = segment.string.data
            strings[text] = f"{text}-{code}" if segment.path == "slug" else f"{text} [{code}]"
    return strings


def _publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def directive(home_pages, locales, django_capture_on_commit_callbacks) -> DirectivePage:
    """A live Vietnamese directive, translated into English and Ukrainian, its items done."""
    register = DirectiveIndexPageFactory(parent=home_pages["vi"])
    with django_capture_on_commit_callbacks(execute=True):
        _publish(register)
        translate_object(register, locales["en"], _strings(register, "en"))
        translate_object(register, locales["uk"], _strings(register, "uk"))
    page = DirectivePageFactory(parent=register, number="57-NQ/TW", title="Nghị quyết 57", slug="nq-57")
    page.body = [("paragraph", RichText("<p>Chuyển đổi số là động lực chính.</p>"))]
    page.save()
    with django_capture_on_commit_callbacks(execute=True):
        page = _publish(page)
    with django_capture_on_commit_callbacks(execute=True):
        for code in ("en", "uk"):
            translate_object(page, locales[code], _strings(page, code))
    for item in QueueItem.objects.filter(object_id=page.translation_key):
        item.transition(Status.IN_PROGRESS)
        item.transition(Status.IN_REVIEW)
        item.transition(Status.DONE)
    return page


def _in(page: Page, locale) -> Page:
    return Page.objects.get(translation_key=page.translation_key, locale=locale).specific


def _item(page: Page, locale) -> QueueItem:
    return QueueItem.objects.get(object_id=page.translation_key, target_locale=locale)


def _notice(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("main .notice--translation"), response


def _revise(page: DirectivePage, callbacks) -> DirectivePage:
    with callbacks(execute=True):
        page.title = "Nghị quyết 57-NQ/TW"
        return _publish(page)


def test_english_and_ukrainian_pages_say_they_are_translations_and_link_the_original(client, directive, locales):
    for code, words in (("en", "This page is a translation"), ("uk", "Ця сторінка — переклад")):
        notice, _response = _notice(client, _in(directive, locales[code]).url)
        assert notice is not None, code
        assert words in notice.get_text()
        original = notice.find("a", hreflang="vi")
        assert original["href"] == f"http://testserver{directive.url}"
        assert notice.select_one(".notice__warning") is None  # up to date


def test_vietnamese_page_has_no_translation_notice(client, directive):
    notice, _response = _notice(client, directive.url)
    assert notice is None


def test_source_language_is_named_in_the_readers_language(client, directive, locales):
    english, _response = _notice(client, _in(directive, locales["en"]).url)
    ukrainian, _response = _notice(client, _in(directive, locales["uk"]).url)
    assert "(Vietnamese)" in english.get_text()
    assert "(в'єтнамська)" in ukrainian.get_text().lower()


def test_a_restricted_original_is_never_linked(rf, directive, locales):
    english = _in(directive, locales["en"])
    PageViewRestriction.objects.create(page=directive, restriction_type="password", password="x")
    english = Page.objects.get(pk=english.pk).specific

    notice = translation_notice_for(english, rf.get(english.url))
    assert notice is not None and notice.source_url is None


def test_an_outdated_translation_warns_with_the_date_the_original_changed(
    client, directive, locales, django_capture_on_commit_callbacks
):
    revised = _revise(directive, django_capture_on_commit_callbacks)
    item = _item(revised, locales["en"])
    assert item.status == Status.REOPENED and item.outdated
    changed = timezone.localtime(item.source_changed_at)

    notice, _response = _notice(client, _in(revised, locales["en"]).url)
    warning = notice.select_one(".notice__warning")
    assert warning is not None
    assert "This translation may be out of date." in warning.get_text()
    time = warning.find("time")
    assert time["datetime"] == changed.date().isoformat()
    assert time.get_text() == f"{changed.day} {changed.strftime('%B')} {changed.year}"  # en DATE_FORMAT "j F Y"
    assert "notice--warning" in notice["class"]

    ukrainian, _response = _notice(client, _in(revised, locales["uk"]).url)
    assert "Цей переклад може бути застарілим." in ukrainian.select_one(".notice__warning").get_text()
    assert ukrainian.find("time").get_text().endswith(f"{changed.year}\u00a0р.")


def test_the_notice_costs_one_query(rf, directive, locales, django_assert_num_queries):
    from locales.alternates import language_alternates

    english = _in(directive, locales["en"])
    request = rf.get(english.url)
    language_alternates(request, english)  # the hreflang links fetched them already
    with django_assert_num_queries(1):
        translation_notice_for(english, request)


# --- the page cache follows the queue -------------------------------------------------------------------------


def _state(response) -> str:
    return response.get("X-Page-Cache", "none")


def _warm(client, url: str) -> None:
    """Rendered and stored (the first rendering of a site may also store the frame's settings, which
    makes that first entry stale: cms.navigation), then served from the cache."""
    client.get(url)
    client.get(url)
    assert _state(client.get(url)) == "hit"


def test_reopening_the_item_drops_the_cached_translation(
    client, page_cache, directive, locales, django_capture_on_commit_callbacks
):
    english = _in(directive, locales["en"])
    _warm(client, english.url)
    manager = get_user_model().objects.create_user(username="manager", password="x")

    with django_capture_on_commit_callbacks(execute=True):
        _item(directive, locales["en"]).transition(Status.REOPENED, user=manager)

    assert _state(client.get(english.url)) == "miss"


def test_done_again_drops_the_cached_warning(
    client, page_cache, directive, locales, django_capture_on_commit_callbacks
):
    revised = _revise(directive, django_capture_on_commit_callbacks)
    # The translator translates the change; the live English page stays as it was until approval.
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(revised, locales["en"], _strings(revised, "en"), publish=False)
    item = _item(revised, locales["en"])
    assert not item.outdated and item.status == Status.REOPENED
    url = _in(revised, locales["en"]).url
    notice, _response = _notice(client, url)
    assert notice.select_one(".notice__warning") is not None  # the live page is older than the change
    _warm(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        item.transition(Status.IN_REVIEW)
        item.transition(Status.DONE)

    notice, response = _notice(client, url)
    assert _state(response) == "miss"
    assert notice.select_one(".notice__warning") is None


def test_alias_copy_says_it_is_not_translated(client, directive, locales, django_capture_on_commit_callbacks):
    page = DirectivePageFactory(parent=directive.get_parent(), number="99-NQ/TW", title="Nghị quyết 99", slug="nq-99")
    with django_capture_on_commit_callbacks(execute=True):
        page = _publish(page)
    alias = page.copy_for_translation(locales["en"], copy_parents=False, alias=True)

    notice, _response = _notice(client, alias.url)
    assert "has not been translated yet" in notice.get_text()


def test_views_that_are_not_pages_have_no_notice(client, home_pages):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select_one(".notice--translation") is None
