"""The translation memory after a change (locales.fuzzy_memory): previous translations with a score and
the source's word diff, fuzzy matches ranked and cut at 75 %, leverage, and "Use this" on the item page."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import constants, get_messages
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rapidfuzz import fuzz
from wagtail.models import Locale
from wagtail.rich_text import RichText
from wagtail_localize.models import String, StringSegment, StringTranslation, Translation
from wagtail_localize.strings import StringValue

from articles.models import DirectivePage
from home.demo import ensure_home_pages
from locales import fuzzy_memory
from locales.models import QueueItem
from locales.permissions import ensure_locale_teams
from locales.translating import translate_object
from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory
from tests.locales.teams import named_group

pytestmark = pytest.mark.django_db

Status = QueueItem.Status

# The summary as translated, and as edited afterwards: three characters of one word changed.
SUMMARY = (
    "Các cấp ủy, tổ chức đảng xây dựng kế hoạch thực hiện chuyển đổi số trong công tác tuyên giáo, "
    "báo cáo kết quả trong vòng 180 ngày kể từ ngày ký và gửi về Ban Thường vụ Đảng ủy để theo dõi."
)
EDITED_SUMMARY = SUMMARY.replace("180 ngày", "365 ngày")
PARAGRAPH = "Mỗi đơn vị cử một cán bộ phụ trách truyền thông số và cập nhật trang tin nội bộ hằng tuần."
# A paragraph added to the source after translation; what other pages translated that resembles it.
NEW_PARAGRAPH = "Các đơn vị sản xuất video ngắn, infographic và podcast để tuyên truyền Nghị quyết trên mạng xã hội."
NEAR = "Các đơn vị sản xuất video ngắn, infographic và podcast để tuyên truyền Nghị quyết trên các mạng xã hội."
FAIR = "Các đơn vị sản xuất phim ngắn và podcast để giới thiệu Nghị quyết trên mạng xã hội."
FAR = "Các chi bộ tổ chức hội nghị để quán triệt Nghị quyết cho đảng viên."
OWN_SIMILAR = "Các đơn vị sản xuất video ngắn, infographic và podcast để tuyên truyền Chỉ thị trên mạng xã hội."
UNMATCHED = "Lịch họp giao ban được công bố trên cổng thông tin điện tử vào sáng thứ Hai."


@pytest.fixture(autouse=True)
def _english_and_a_fresh_memory():
    """Messages in English whatever the catalogues say; no memory cached from an earlier test's data."""
    fuzzy_memory.forget()
    with translation.override("en"):
        yield
    fuzzy_memory.forget()


def _publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def _marked(strings, code: str) -> dict[str, str]:
    return {text: f"[{code}] {text}" for text in strings}


def _translate(page, locale, code: str, paragraphs, extra: dict[str, str] | None = None) -> None:
    """The title, summary and `paragraphs` of `page` translated as "[code] text" (the slug as text-code)."""
    strings = {
        **_marked([page.title, page.summary, *paragraphs], code),
        page.slug: f"{page.slug}-{code}",
        **(extra or {}),
    }
    translate_object(page, locale, strings)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """A directive translated into en and uk and finished, another page whose translations feed the memory,
    then the directive's summary edited (3 characters) and two paragraphs added, published. Built once for
    the module through the same signals as in the admin (their on-commit work run at once), rolled back
    at the end; each test runs in its own transaction inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        home = ensure_home_pages()
        ensure_locale_teams()
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        register = DirectiveIndexPageFactory(parent=home["vi"])
        with TestCase.captureOnCommitCallbacks(execute=True):
            page = DirectivePageFactory(parent=register, number="57-NQ/TW", title="Nghị quyết 57", summary=SUMMARY)
            page.body = [
                ("paragraph", RichText(f"<p>{PARAGRAPH}</p>")),
                ("paragraph", RichText(f"<p>{OWN_SIMILAR}</p>")),
            ]
            page = _publish(page)
        with TestCase.captureOnCommitCallbacks(execute=True):
            for code in ("en", "uk"):
                old_summary = {SUMMARY: f"[{code}] Bản dịch cũ của tóm tắt, 180 ngày"}
                _translate(page, locales[code], code, [PARAGRAPH, OWN_SIMILAR], old_summary)
        for item in QueueItem.objects.filter(object_id=page.translation_key):
            item.transition(Status.IN_PROGRESS)
            item.transition(Status.IN_REVIEW)
            item.transition(Status.DONE)

        with TestCase.captureOnCommitCallbacks(execute=True):
            other = DirectivePageFactory(parent=register, number="380-CV/ĐU", title="Công văn 380", summary="Tóm tắt.")
            other.body = [("paragraph", RichText(f"<p>{text}</p>")) for text in (NEAR, FAIR, FAR)]
            other = _publish(other)
            for code in ("en", "uk"):
                _translate(other, locales[code], code, [NEAR, FAIR, FAR])
        machine = StringTranslation.objects.get(translation_of__data=FAIR, locale=locales["uk"])
        machine.translation_type, machine.tool_name = StringTranslation.TRANSLATION_TYPE_MACHINE, "DeepL"
        machine.save()

        with TestCase.captureOnCommitCallbacks(execute=True):
            page.summary = EDITED_SUMMARY
            page.body.append(("paragraph", RichText(f"<p>{NEW_PARAGRAPH}</p>")))
            page.body.append(("paragraph", RichText(f"<p>{UNMATCHED}</p>")))
            page = _publish(page)
        yield {"page": page, "other": other, "locales": locales}
        transaction.set_rollback(True)


def _item(site, code: str) -> QueueItem:
    return QueueItem.objects.select_related("translation").get(
        object_id=site["page"].translation_key, target_locale=site["locales"][code]
    )


def _segment_id(item: QueueItem, text: str) -> int:
    return StringSegment.objects.get(source=item.translation.source, string__data=text).pk


# --- the memory ---------------------------------------------------------------------------------------------


def test_the_strings_are_as_alike_as_the_tests_say():
    """The scenario's texts: 99 % alike after the edit; near, fair and far matches around the 75 % cut."""
    assert fuzz.ratio(SUMMARY.casefold(), EDITED_SUMMARY.casefold()) >= 98
    scores = [fuzz.ratio(NEW_PARAGRAPH.casefold(), text.casefold()) for text in (NEAR, FAIR, FAR)]
    assert scores[0] > scores[1] >= 75 > scores[2]


def test_the_word_diff_escapes_everything_and_marks_whole_words():
    diff = fuzzy_memory.word_diff('Điều 3 "A" & <b> trong 180 ngày', 'Điều 3 "A" & <b> trong  365 ngày')

    assert "<b>" not in diff and "&lt;b&gt;" in diff and "&amp;" in diff and "&quot;A&quot;" in diff
    soup = BeautifulSoup(diff, "html.parser")
    assert [tag.get_text() for tag in soup.find_all("del")] == ["180"]
    assert [tag.get_text() for tag in soup.find_all("ins")] == ["365"]
    assert soup.get_text() == 'Điều 3 "A" & <b> trong 180365 ngày'  # whitespace runs shown as one space


@pytest.mark.parametrize("code", ["en", "uk"])
def test_a_three_character_change_reopens_the_item_and_the_memory_offers_the_previous_translation(site, code):
    item = _item(site, code)
    assert item.status == Status.REOPENED and item.changed_segments == 3

    summary = _segment_id(item, EDITED_SUMMARY)
    found = fuzzy_memory.suggestions_for(item.translation, [summary])[summary]

    previous = found.previous
    assert previous is not None
    assert previous.translation == f"[{code}] Bản dịch cũ của tóm tắt, 180 ngày"
    assert previous.source_text == SUMMARY
    assert previous.score >= 95
    assert not previous.machine
    soup = BeautifulSoup(previous.diff_html, "html.parser")
    assert [tag.get_text() for tag in soup.find_all("del")] == ["180"]
    assert [tag.get_text() for tag in soup.find_all("ins")] == ["365"]
    assert soup.get_text().replace("180", "", 1) == EDITED_SUMMARY


def test_fuzzy_matches_are_ranked_cut_at_75_and_marked_machine_or_human(site):
    item = _item(site, "uk")
    paragraph = _segment_id(item, NEW_PARAGRAPH)

    found = fuzzy_memory.suggestions_for(item.translation, [paragraph])[paragraph]

    assert found.previous is None  # a new block: nothing was there before
    assert [match.source_text for match in found.matches] == [NEAR, FAIR]  # not FAR (< 75), not its own
    assert [match.translation for match in found.matches] == [f"[uk] {NEAR}", f"[uk] {FAIR}"]
    assert found.matches[0].score > found.matches[1].score >= fuzzy_memory.MATCH_CUTOFF
    assert [(match.machine, match.tool_name) for match in found.matches] == [(False, ""), (True, "DeepL")]


def test_no_mixing_of_target_languages_and_no_suggestion_from_the_translation_itself(site):
    item = _item(site, "uk")
    found = fuzzy_memory.suggestions_for(item.translation)

    offered = [suggestion for segment in found.values() for suggestion in (segment.previous, *segment.matches)]
    rows = StringTranslation.objects.filter(
        pk__in=[suggestion.string_translation_id for suggestion in offered if suggestion]
    )
    assert {row.locale.language_code for row in rows} == {"uk"}
    own_object = item.translation.source.object_id
    matched = [match for segment in found.values() for match in segment.matches]
    assert matched and all(
        StringTranslation.objects.get(pk=match.string_translation_id).context.object_id != own_object
        for match in matched
    )
    assert OWN_SIMILAR not in {match.source_text for match in matched}  # 95 % alike, but this page's own text


def test_only_untranslated_segments_are_answered(site):
    item = _item(site, "uk")
    title = _segment_id(item, "Nghị quyết 57")
    summary = _segment_id(item, EDITED_SUMMARY)

    assert set(fuzzy_memory.suggestions_for(item.translation, [title, summary, 10**9])) == {summary}
    assert len(fuzzy_memory.suggestions_for(item.translation)) == 3


def test_leverage_counts_filled_fuzzy_and_new(site):
    item = _item(site, "uk")

    leverage = fuzzy_memory.leverage(item.translation)

    assert leverage.total == item.total_segments
    assert leverage.filled == item.translated_segments == item.total_segments - 3
    assert (leverage.fuzzy, leverage.new) == (2, 1)  # the summary and the new paragraph; the unmatched one
    assert leverage.sentence == f"{leverage.filled} of {leverage.total} segments filled, 2 fuzzy, 1 new"


def test_leverage_sentence_is_translated_with_plural_forms():
    leverage = fuzzy_memory.Leverage(total=21, filled=12, fuzzy=5)
    with translation.override("uk"):
        ukrainian = leverage.sentence
    with translation.override("vi"):
        vietnamese = leverage.sentence
    assert "21" in ukrainian and "segments" not in ukrainian and "сегмента" in ukrainian  # 21 → singular form
    assert "5" in vietnamese and "fuzzy" not in vietnamese


def test_the_memory_follows_new_translations(site):
    item = _item(site, "uk")
    paragraph = _segment_id(item, UNMATCHED)
    assert not fuzzy_memory.suggestions_for(item.translation, [paragraph])[paragraph].matches

    with translation.override("en"):
        other = DirectivePage.objects.get(pk=site["other"].pk)
        other.body.append(("paragraph", RichText(f"<p>{UNMATCHED.replace('thứ Hai', 'thứ Ba')}</p>")))
        other = _publish(other)
        _translate(other, site["locales"]["uk"], "uk", [NEAR, FAIR, FAR, UNMATCHED.replace("thứ Hai", "thứ Ba")])

    matches = fuzzy_memory.suggestions_for(item.translation, [paragraph])[paragraph].matches
    assert [match.translation for match in matches] == [f"[uk] {UNMATCHED.replace('thứ Hai', 'thứ Ba')}"]


def test_changes_made_by_other_processes_are_seen_at_the_next_recheck(site):
    """Rows written without this process's signals (another worker) are read by the periodic freshness check."""
    item = _item(site, "uk")
    paragraph = _segment_id(item, UNMATCHED)
    source = item.translation.source
    memory = fuzzy_memory.memory_for(source.locale_id, item.target_locale_id)
    text = fuzzy_memory.normalise(UNMATCHED)
    near = StringTranslation.objects.get(translation_of__data=NEAR, locale=site["locales"]["uk"])
    twin = String.from_value(source.locale, StringValue(UNMATCHED.replace("thứ Hai", "Chủ nhật")))
    StringTranslation.objects.bulk_create(  # no signals
        [StringTranslation(translation_of=twin, locale=near.locale, context=near.context, data="[uk] twin")]
    )
    assert not memory.matches(text)  # not seen before the recheck

    memory.checked_at = float("-inf")
    found = fuzzy_memory.suggestions_for(item.translation, [paragraph])[paragraph].matches
    assert [match.translation for match in found] == ["[uk] twin"]

    StringTranslation.objects.filter(translation_of=twin)._raw_delete(StringTranslation.objects.db)  # no signals
    memory.checked_at = float("-inf")
    assert not fuzzy_memory.suggestions_for(item.translation, [paragraph])[paragraph].matches


# --- the item page and "Use this" ---------------------------------------------------------------------------


@pytest.fixture
def people(db, site, django_user_model):
    def member(username: str, group: str):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "secret")
        user.groups.add(named_group(group))
        return user

    return {
        "oksana": member("oksana", "Translators (uk)"),
        "taras": member("taras", "Translators (uk)"),
        "emma": member("emma", "Translators (en)"),
    }


def _use(client, item: QueueItem, segment: int | str, suggestion: int | str):
    return client.post(
        reverse("locales_queue:use_memory", args=[item.pk]), {"segment": segment, "suggestion": suggestion}
    )


def test_the_item_page_shows_leverage_previous_translation_diff_and_matches(site, people, client):
    item = _item(site, "uk")
    client.force_login(people["oksana"])

    response = client.get(reverse("locales_queue:inspect", args=[item.pk]))

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.select_one("section.memory")
    state = soup.find(id="queue-item-state")
    assert section is not None and section.find_next(id="queue-item-state") is state  # above the item's state
    assert section.select_one("[data-leverage]").get_text(strip=True)
    previous = section.select_one("[data-memory-previous]")
    assert int(previous["data-score"]) >= 95
    assert previous.select_one("del").get_text() == "180" and previous.select_one("ins").get_text() == "365"
    assert "[uk] Bản dịch cũ của tóm tắt, 180 ngày" in previous.get_text()
    scores = [int(row["data-score"]) for row in section.select("[data-memory-match]")]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 75
    assert section.select("[data-origin=machine]")
    assert len(section.select("[data-use-suggestion]")) == 1 + len(scores)


def test_use_this_stores_the_suggestion_and_refreshes_the_item(site, people, client):
    item = _item(site, "uk")
    item.assign(people["oksana"])
    client.force_login(people["oksana"])
    summary = _segment_id(item, EDITED_SUMMARY)
    previous = fuzzy_memory.suggestions_for(item.translation, [summary])[summary].previous

    response = _use(client, item, summary, previous.string_translation_id)

    assert response.status_code == 302
    segment = StringSegment.objects.get(pk=summary)
    stored = StringTranslation.objects.get(
        translation_of=segment.string, context=segment.context, locale=site["locales"]["uk"]
    )
    assert stored.data == "[uk] Bản dịch cũ của tóm tắt, 180 ngày"
    assert (stored.translation_type, stored.tool_name) == ("manual", fuzzy_memory.PREVIOUS_TOOL_NAME)
    assert stored.last_translated_by == people["oksana"]
    item.refresh_from_db()
    assert (item.changed_segments, item.translated_segments) == (2, item.total_segments - 2)
    assert summary not in fuzzy_memory.suggestions_for(item.translation)
    # Taken once: asking again changes nothing.
    _use(client, item, summary, previous.string_translation_id)
    assert StringTranslation.objects.filter(translation_of=segment.string, locale=site["locales"]["uk"]).count() == 1


def test_a_fuzzy_match_can_be_used_too(site, people, client):
    item = _item(site, "uk")
    client.force_login(people["taras"])  # unclaimed: any translator of the language
    paragraph = _segment_id(item, NEW_PARAGRAPH)
    near = fuzzy_memory.suggestions_for(item.translation, [paragraph])[paragraph].matches[0]

    assert _use(client, item, paragraph, near.string_translation_id).status_code == 302

    stored = StringTranslation.objects.get(translation_of__data=NEW_PARAGRAPH, locale=site["locales"]["uk"])
    assert (stored.data, stored.tool_name) == (f"[uk] {NEAR}", fuzzy_memory.MATCH_TOOL_NAME)


def test_use_this_is_refused_to_a_non_assignee_while_claimed_and_to_another_languages_translator(site, people, client):
    item = _item(site, "uk")
    item.assign(people["oksana"])
    summary = _segment_id(item, EDITED_SUMMARY)
    previous = fuzzy_memory.suggestions_for(item.translation, [summary])[summary].previous

    client.force_login(people["taras"])
    assert _use(client, item, summary, previous.string_translation_id).status_code == 403
    page = client.get(reverse("locales_queue:inspect", args=[item.pk]))
    assert not BeautifulSoup(page.content, "html.parser").select("[data-use-suggestion]")

    client.force_login(people["emma"])
    assert _use(client, item, summary, previous.string_translation_id).status_code == 404

    segment = StringSegment.objects.get(pk=summary)
    assert not StringTranslation.objects.filter(
        translation_of=segment.string, context=segment.context, locale=site["locales"]["uk"]
    ).exists()


@pytest.mark.parametrize(
    "segment, suggestion",
    [("", ""), ("abc", "1"), ("1" * 30, "1"), ("-1", "1"), ("summary", "english"), ("summary", "other-segment")],
)
def test_bad_or_stale_choices_get_a_message_and_change_nothing(site, people, client, segment, suggestion):
    item = _item(site, "uk")
    client.force_login(people["oksana"])
    summary = _segment_id(item, EDITED_SUMMARY)
    english = _item(site, "en")
    english_previous = fuzzy_memory.suggestions_for(english.translation, [_segment_id(english, EDITED_SUMMARY)])
    paragraph = _segment_id(item, NEW_PARAGRAPH)
    values = {
        "summary": summary,
        "english": next(iter(english_previous.values())).previous.string_translation_id,
        "other-segment": fuzzy_memory.suggestions_for(item.translation, [paragraph])[paragraph]
        .matches[0]
        .string_translation_id,
    }
    before = StringTranslation.objects.count()

    response = _use(client, item, values.get(segment, segment), values.get(suggestion, suggestion))

    assert response.status_code == 302
    assert StringTranslation.objects.count() == before
    levels = [message.level for message in get_messages(response.wsgi_request)]
    assert levels == [constants.ERROR]


def test_use_this_answers_only_post(site, people, client):
    client.force_login(people["oksana"])
    assert client.get(reverse("locales_queue:use_memory", args=[_item(site, "uk").pk])).status_code == 405


def test_the_item_page_costs_a_bounded_number_of_queries(site, people, client):
    item = _item(site, "uk")
    client.force_login(people["oksana"])
    url = reverse("locales_queue:inspect", args=[item.pk])
    client.get(url)  # the memory read once, as a running server has it

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    # More segments with suggestions cost no more queries.
    page = DirectivePage.objects.get(pk=site["page"].pk)
    for text in (NEAR, FAIR, FAR, PARAGRAPH):
        page.body.append(("paragraph", RichText(f"<p>{text} (bổ sung)</p>")))
    page = _publish(page)
    Translation.objects.get(pk=item.translation_id).source.update_from_db()
    client.get(url)
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)

    assert (
        len(BeautifulSoup(response.content, "html.parser").select("[data-memory-segment]")) == 5
    )  # not the one like its own text
    assert len(more) == len(few) <= QUERIES_PER_ITEM_PAGE, [query["sql"] for query in more.captured_queries]


QUERIES_PER_ITEM_PAGE = 30  # the item page as it was (≈24) and the memory: segments, previous translations
