"""The translation memory: exact matches across pages, numbers and glossary terms swapped or substituted,
segments it cannot fill left out, and an external engine behind it with only its HTTP calls mocked."""

import json
from dataclasses import dataclass, field
from unittest import mock

import pytest
import requests
from django.contrib.auth import get_user_model
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue
from wagtail_localize.views.edit_translation import apply_machine_translation

from locales.machine_translation import TranslationMemoryTranslator
from locales.translating import translate_object
from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory

UK_COMMUNICATION = "Посилення роз'яснювальної роботи щодо цифрової трансформації."
MEMORY = "locales.machine_translation.TranslationMemoryTranslator"
LIBRETRANSLATE = "wagtail_localize.machine_translators.libretranslate.LibreTranslator"


@dataclass(frozen=True)
class Entry:
    source: str
    translations: dict[str, str] = field(default_factory=dict)
    do_not_translate: bool = False


def sample_glossary() -> list[Entry]:
    return [
        Entry("chuyển đổi số", {"en": "digital transformation", "uk": "цифрова трансформація"}),
        Entry("Bộ Chính trị", {"en": "Politburo", "uk": "Політбюро"}),
        Entry("an ninh mạng", {"en": "cybersecurity", "uk": "кібербезпека"}),
        Entry("Petrovietnam", do_not_translate=True),
    ]


@pytest.fixture(autouse=True)
def plugged_in(settings):
    settings.LOCALES_GLOSSARY_PROVIDER = "tests.locales.test_machine_translation.sample_glossary"


@pytest.fixture
def register(home_pages):
    return DirectiveIndexPageFactory(parent=home_pages["vi"])


@pytest.fixture
def translated_resolution(register, locales):
    """57-NQ/TW, translated by hand into Ukrainian and English."""
    page = DirectivePageFactory(
        parent=register,
        number="57-NQ/TW",
        title="Nghị quyết 57",
        slug="nq-57",
        subject="Quán triệt, triển khai 57-NQ/TW của Bộ Chính trị",
        summary="Tăng cường công tác tuyên truyền về chuyển đổi số.",
        place="Hà Nội",
    )
    translate_object(
        page,
        locales["uk"],
        {
            "Nghị quyết 57": "Резолюція 57",
            "nq-57": "rezoliutsiia-57",
            "Quán triệt, triển khai 57-NQ/TW của Bộ Chính trị": "Вивчення та виконання 57-NQ/TW Політбюро",
            "Tăng cường công tác tuyên truyền về chuyển đổi số.": UK_COMMUNICATION,
            "Hà Nội": "Ханой",
        },
    )
    translate_object(
        page,
        locales["en"],
        {
            "Nghị quyết 57": "Resolution 57",
            "nq-57": "resolution-57",
            "Quán triệt, triển khai 57-NQ/TW của Bộ Chính trị": "Studying and implementing the Politburo's 57-NQ/TW",
            "Tăng cường công tác tuyên truyền về chuyển đổi số.": (
                "Stepping up communication on digital transformation."
            ),
        },
    )
    return page


@pytest.fixture
def dispatch(register, translated_resolution):
    """380-CV/ĐU: shares strings with 57-NQ/TW, has some of its own; not translated yet."""
    return DirectivePageFactory(
        parent=register,
        number="380-CV/ĐU",
        title="Công văn 380",
        slug="cv-380",
        subject="Quán triệt, triển khai 380-CV/ĐU của Bộ Chính trị",  # same sentence, another number
        summary="Tăng cường công tác tuyên truyền về chuyển đổi số.",  # exact match
        place="Hà Nội",  # exact match
        recipients="Đẩy mạnh chuyển đổi số trong Đảng ủy Petrovietnam",  # only terms known: partial
        signer_title="Phó Bí thư Thường trực",  # nothing known
        body=[("paragraph", "<p>Chuyển đổi số, 380-CV/ĐU.</p>")],  # nothing but a term and a number
    )


def values(*texts: str) -> list[StringValue]:
    return [StringValue(text) for text in texts]


def data(results: dict[StringValue, StringValue]) -> dict[str, str]:
    return {source.data: target.data for source, target in results.items()}


def test_exact_match_is_reused_across_pages(translated_resolution, locales):
    results = TranslationMemoryTranslator({}).translate(
        locales["vi"], locales["uk"], values("Tăng cường công tác tuyên truyền về chuyển đổi số.", "Hà Nội")
    )

    assert data(results) == {
        "Tăng cường công tác tuyên truyền về chuyển đổi số.": UK_COMMUNICATION,
        "Hà Nội": "Ханой",
    }


def test_same_sentence_with_another_number_reuses_the_translation(translated_resolution, locales):
    results = TranslationMemoryTranslator({}).translate(
        locales["vi"], locales["uk"], values("Quán triệt, triển khai 380 -CV/ĐU của Bộ Chính trị")
    )

    assert data(results) == {
        "Quán triệt, triển khai 380 -CV/ĐU của Bộ Chính trị": "Вивчення та виконання 380-CV/ĐU Політбюро"
    }


def test_same_sentence_with_another_glossary_term_reuses_the_translation(translated_resolution, locales):
    results = TranslationMemoryTranslator({}).translate(
        locales["vi"], locales["en"], values("Tăng cường công tác tuyên truyền về an ninh mạng.")
    )

    assert data(results) == {
        "Tăng cường công tác tuyên truyền về an ninh mạng.": "Stepping up communication on cybersecurity."
    }


def test_sentence_that_differs_in_other_words_is_not_taken_for_the_same(translated_resolution, locales):
    results = TranslationMemoryTranslator({"PARTIAL": False}).translate(
        locales["vi"], locales["en"], values("Quán triệt, thực hiện 380-CV/ĐU của Bộ Chính trị")
    )

    assert results == {}


def test_segment_of_numbers_and_terms_only_is_substituted(db, locales):
    results = TranslationMemoryTranslator({}).translate(
        locales["vi"], locales["en"], values("Chuyển đổi số, 380 -CV/ĐU.", "Petrovietnam: 57NQ-TW")
    )

    assert data(results) == {
        "Chuyển đổi số, 380 -CV/ĐU.": "Digital transformation, 380-CV/ĐU.",
        "Petrovietnam: 57NQ-TW": "Petrovietnam: 57-NQ/TW",
    }


def test_unknown_segment_with_terms_becomes_a_partial_draft(db, locales):
    results = TranslationMemoryTranslator({}).translate(
        locales["vi"], locales["en"], values("Đẩy mạnh chuyển đổi số theo 57-NQ/TW")
    )

    assert data(results) == {"Đẩy mạnh chuyển đổi số theo 57-NQ/TW": "Đẩy mạnh digital transformation theo 57-NQ/TW"}


def test_partial_drafts_can_be_switched_off(db, locales):
    results = TranslationMemoryTranslator({"PARTIAL": False}).translate(
        locales["vi"], locales["en"], values("Đẩy mạnh chuyển đổi số theo 57-NQ/TW")
    )

    assert results == {}


def test_unknown_segment_without_numbers_or_terms_is_left_out(db, locales):
    results = TranslationMemoryTranslator({}).translate(
        locales["vi"], locales["en"], values("Phó Bí thư Thường trực", "Theo Công văn 380-CV/ĐU, các đơn vị báo cáo")
    )

    assert results == {}


def test_manual_translation_is_preferred_then_the_most_recent(translated_resolution, dispatch, locales):
    source = "Hà Nội"
    [dispatch_segment] = StringSegment.objects.filter(
        source=TranslationSource.get_or_create_from_instance(dispatch)[0], string__data=source
    )
    StringTranslation.objects.create(
        translation_of=dispatch_segment.string,
        locale=locales["uk"],
        context=dispatch_segment.context,
        data="Ха Ной",
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        tool_name="DeepL",
    )
    translator = TranslationMemoryTranslator({})

    assert data(translator.translate(locales["vi"], locales["uk"], values(source))) == {source: "Ханой"}

    StringTranslation.objects.filter(data="Ханой").delete()
    assert data(translator.translate(locales["vi"], locales["uk"], values(source))) == {source: "Ха Ной"}


def test_its_own_drafts_are_not_used_as_memory(dispatch, locales):
    [segment] = StringSegment.objects.filter(
        source=TranslationSource.get_or_create_from_instance(dispatch)[0], string__data__startswith="Đẩy mạnh"
    )
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=locales["en"],
        context=segment.context,
        data="Đẩy mạnh digital transformation trong Đảng ủy Petrovietnam",
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        tool_name="Translation memory",
    )

    results = TranslationMemoryTranslator({"PARTIAL": False}).translate(
        locales["vi"], locales["en"], [segment.string.as_value()]
    )

    assert results == {}


def test_can_translate_between_different_languages(locales):
    translator = TranslationMemoryTranslator({})

    assert translator.can_translate(locales["vi"], locales["uk"])
    assert translator.can_translate(locales["en"], locales["uk"])
    assert not translator.can_translate(locales["vi"], locales["vi"])


def test_translator_fills_a_page_through_wagtail_localize(dispatch, locales, settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": MEMORY, "OPTIONS": {}}
    translator = get_machine_translator()
    assert isinstance(translator, TranslationMemoryTranslator)
    translate_object(dispatch, locales["uk"], {"Công văn 380": "Лист 380", "cv-380": "lyst-380"}, publish=False)
    translation = Translation.objects.get(source__object_id=dispatch.translation_key, target_locale=locales["uk"])
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "password")

    assert apply_machine_translation(translation.id, admin, translator)

    filled = {
        row.translation_of.data: (row.data, row.translation_type, row.tool_name)
        for row in StringTranslation.objects.filter(
            locale=locales["uk"], translation_of__segments__source=translation.source
        ).select_related("translation_of")
    }
    assert filled["Tăng cường công tác tuyên truyền về chuyển đổi số."][0].startswith("Посилення")
    assert filled["Hà Nội"][0] == "Ханой"
    assert filled["Quán triệt, triển khai 380-CV/ĐU của Bộ Chính trị"][0] == "Вивчення та виконання 380-CV/ĐU Політбюро"
    assert filled["Chuyển đổi số, 380-CV/ĐU."][0] == "Цифрова трансформація, 380-CV/ĐU."
    assert filled["Đẩy mạnh chuyển đổi số trong Đảng ủy Petrovietnam"][0] == (
        "Đẩy mạnh цифрова трансформація trong Đảng ủy Petrovietnam"
    )
    assert "Phó Bí thư Thường trực" not in filled  # the translator sees it is still missing
    assert filled["Hà Nội"][1:] == (StringTranslation.TRANSLATION_TYPE_MACHINE, "Translation memory")
    assert filled["Công văn 380"][1] == StringTranslation.TRANSLATION_TYPE_MANUAL  # left as the translator made it


def test_memory_queries_do_not_grow_with_the_number_of_segments(
    translated_resolution, locales, django_assert_max_num_queries
):
    many = values(*(f"Câu mới số {n} về chuyển đổi số và Nghị quyết {n}-NQ/TW của Bộ Chính trị" for n in range(1, 60)))

    with django_assert_max_num_queries(2):
        TranslationMemoryTranslator({}).translate(locales["vi"], locales["uk"], many)


# --- An external engine behind the memory -----------------------------------------------------------------------


def _fallback_options() -> dict:
    return {
        "FALLBACK": {"CLASS": LIBRETRANSLATE, "OPTIONS": {"LIBRETRANSLATE_URL": "https://lt.example", "API_KEY": "k"}}
    }


def _libretranslate_answer(prefix: str):
    def post(url, data, headers, timeout):
        answer = mock.Mock()
        answer.json.return_value = {"translatedText": [f"{prefix}{text}" for text in json.loads(data)["q"]]}
        answer.raise_for_status.return_value = None
        return answer

    return post


def test_segments_the_memory_cannot_fill_go_to_the_fallback(translated_resolution, locales):
    translator = TranslationMemoryTranslator(_fallback_options())
    strings = values("Hà Nội", "Phó Bí thư Thường trực", "Đẩy mạnh chuyển đổi số")

    with mock.patch("requests.post", side_effect=_libretranslate_answer("UK: ")) as post:
        results = translator.translate(locales["vi"], locales["uk"], strings)

    [call] = post.call_args_list
    assert call.args[0] == "https://lt.example/translate"
    assert json.loads(call.kwargs["data"])["q"] == ["Phó Bí thư Thường trực", "Đẩy mạnh chuyển đổi số"]
    assert data(results) == {
        "Hà Nội": "Ханой",
        "Phó Bí thư Thường trực": "UK: Phó Bí thư Thường trực",
        "Đẩy mạnh chuyển đổi số": "UK: Đẩy mạnh chuyển đổi số",
    }
    assert str(translator.display_name) == "Translation memory + LibreTranslate"


def test_fallback_is_not_called_when_the_memory_fills_everything(translated_resolution, locales):
    with mock.patch("requests.post") as post:
        results = TranslationMemoryTranslator(_fallback_options()).translate(
            locales["vi"], locales["uk"], values("Hà Nội")
        )

    post.assert_not_called()
    assert data(results) == {"Hà Nội": "Ханой"}


def test_fallback_outage_keeps_what_the_memory_found(translated_resolution, locales):
    strings = values("Hà Nội", "Phó Bí thư Thường trực", "Đẩy mạnh chuyển đổi số")

    with mock.patch("requests.post", side_effect=requests.ConnectionError("down")):
        results = TranslationMemoryTranslator(_fallback_options()).translate(locales["vi"], locales["uk"], strings)

    assert data(results) == {"Hà Nội": "Ханой", "Đẩy mạnh chuyển đổi số": "Đẩy mạnh цифрова трансформація"}
