"""The translation memory: exact matches across pages, numbers and glossary terms swapped or substituted,
segments it cannot fill left out, and an external engine behind it with only its HTTP calls mocked."""

import hashlib
import json
import re
from dataclasses import dataclass, field
from unittest import mock

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue
from wagtail_localize.views.edit_translation import apply_machine_translation

from locales.machine_translation import TranslationMemoryTranslator
from locales.qa import check_segment
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
    assert json.loads(call.kwargs["data"])["q"] == [
        "Phó Bí thư Thường trực",
        'Đẩy mạnh <span translate="no" class="notranslate" data-m="1">цифрова трансформація</span>',
    ]
    assert data(results) == {
        "Hà Nội": "Ханой",
        "Phó Bí thư Thường trực": "UK: Phó Bí thư Thường trực",
        "Đẩy mạnh chuyển đổi số": "UK: Đẩy mạnh цифрова трансформація",
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


# --- Masking on the way to the engine: numbers, figures and terms come back in their target form ---------------

DEEPL = "wagtail_localize.machine_translators.deepl.DeepLTranslator"
FAKE_DEEPL = "tests.locales.test_machine_translation.FakeDeepL"
SEGMENT = "Thực hiện Công văn 380 -CV/ĐU, dành 2.500,5 tỷ đồng cho chuyển đổi số"
"""The must-show segment: a directive number (written loosely), a Vietnamese figure, a glossary term."""
X_ELEMENT = re.compile(r'<x id="m(\d+)">.*?</x>|<x id="m(\d+)"/>')

PHRASE_BOOK = {
    # What the engine makes of a sentence, its ignored elements shown as {1}, {2}…; they move with the words.
    "en": {
        "Thực hiện Công văn {1}, dành {2} tỷ đồng cho {3}": "{3}: {2} billion dong under Official Dispatch {1}",
        "Đẩy mạnh {1} trong Đảng ủy {2}": "Promoting {1} in the {2} Party Committee",
        SEGMENT: "Digital transformation: 2.500,5 billion dong under Official Dispatch 380-CV/ĐU",
    },
    "uk": {
        "Thực hiện Công văn {1}, dành {2} tỷ đồng cho {3}": "{3}: {2} млрд донгів згідно з Листом {1}",
    },
}


def engine_output(text: str, language: str) -> str:
    """A DeepL-like answer with tag_handling=xml and ignore_tags=x: each <x> element kept whole, as sent,
    and placed where its words go; everything else translated from the phrase book (unknown: echoed)."""
    held: dict[str, str] = {}

    def hold(match: re.Match[str]) -> str:
        number = match[1] or match[2]
        held[number] = match[0]
        return "{" + number + "}"

    template = X_ELEMENT.sub(hold, text)
    translated = PHRASE_BOOK.get(language, {}).get(template, template)
    return re.sub(r"\{(\d+)\}", lambda match: held[match[1]], translated)


class FakeDeepL(BaseMachineTranslator):
    """An external engine as wagtail-localize sees one, answering like DeepL with its tag handling."""

    display_name = "Fake DeepL"

    def __init__(self, options):
        super().__init__(options)
        self.received: list[list[str]] = []

    def can_translate(self, source_locale, target_locale):
        return source_locale.language_code != target_locale.language_code

    def translate(self, source_locale, target_locale, strings):
        self.received.append([string.data for string in strings])
        return {string: StringValue(self.answer(string.data, target_locale.language_code)) for string in strings}

    def answer(self, text: str, language: str) -> str:
        return engine_output(text, language)


class NumberManglingEngine(FakeDeepL):
    """Keeps ignored elements, but mangles every number, figure and name left in the text it translates."""

    def answer(self, text, language):
        pieces = re.split(r"(<x\b.*?</x>)", engine_output(text, language))
        mangled = [
            piece
            if piece.startswith("<x")
            else re.sub(r"(\d+)-CV/ĐU", r"CV \1", piece).replace(",", "").replace("Petrovietnam", "PetroVietnam")
            for piece in pieces
        ]
        return "".join(mangled)


class PlaceholderDroppingEngine(FakeDeepL):
    def answer(self, text, language):
        return re.sub(r'<x id="m1">.*?</x>', "", engine_output(text, language), count=1)


class PlaceholderDuplicatingEngine(FakeDeepL):
    def answer(self, text, language):
        output = engine_output(text, language)
        first = re.search(r'<x id="m1">.*?</x>', output)
        return output + " " + first[0] if first else output


def _engine(path: str, **options) -> TranslationMemoryTranslator:
    return TranslationMemoryTranslator({"FALLBACK": {"CLASS": path, "OPTIONS": options}, "PARTIAL": False})


def _fake(name: str) -> TranslationMemoryTranslator:
    """The memory with one of this module's fake engines behind it, told to use DeepL's placeholders."""
    return _engine(f"{__name__}.{name}", PLACEHOLDERS="xml")


def _qa_codes(source: str, target: str, language: str) -> set[str]:
    problems = check_segment(source, target, "vi", language, sample_glossary())
    return {problem.code for problem in problems} & {"directive_number", "glossary", "figure"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Digital transformation: 2,500.5 billion dong under Official Dispatch 380-CV/ĐU"),
        ("uk", "Цифрова трансформація: 2\u00a0500,5 млрд донгів згідно з Листом 380-CV/ĐU"),
    ],
)
def test_number_figure_and_term_come_back_from_deepl_in_their_target_form(db, locales, language, expected):
    """Must show: wagtail-localize's DeepL translator behind the memory, only its HTTP call mocked."""
    sent = []

    def deepl(url, parameters, timeout, headers):
        sent.append(parameters)
        answer = mock.Mock()
        answer.json.return_value = {
            "translations": [{"text": engine_output(text, language)} for text in parameters["text"]]
        }
        return answer

    with mock.patch("requests.post", side_effect=deepl) as post:
        results = _engine(DEEPL, AUTH_KEY="key:fx").translate(locales["vi"], locales[language], values(SEGMENT))

    assert data(results) == {SEGMENT: expected}
    [parameters] = sent
    assert post.call_args.args[0] == "https://api-free.deepl.com/v2/translate"
    assert (parameters["tag_handling"], parameters["ignore_tags"]) == ("xml", "x")
    assert "glossary_id" not in parameters
    [text] = parameters["text"]
    assert re.sub(r'(<x id="m\d">)[^<]*(</x>)', r"\1\2", text) == (  # what the engine must not touch is in <x>
        'Thực hiện Công văn <x id="m1"></x>, dành <x id="m2"></x> tỷ đồng cho <x id="m3"></x>'
    )
    assert _qa_codes(SEGMENT, results[StringValue(SEGMENT)].data, language) == set()


def test_masking_protects_numbers_from_an_engine_that_mangles_them(db, locales):
    translator = _fake("NumberManglingEngine")
    unprotected = translator.fallback.answer(SEGMENT, "en")
    assert unprotected == "Digital transformation: 2.5005 billion dong under Official Dispatch CV 380"
    assert _qa_codes(SEGMENT, unprotected, "en") == {"directive_number", "figure"}

    results = translator.translate(locales["vi"], locales["en"], values(SEGMENT))

    assert data(results) == {SEGMENT: "Digital transformation: 2,500.5 billion dong under Official Dispatch 380-CV/ĐU"}


def test_do_not_translate_term_is_kept_as_written(db, locales):
    source = "Đẩy mạnh chuyển đổi số trong Đảng ủy Petrovietnam"
    translator = _fake("NumberManglingEngine")

    results = translator.translate(locales["vi"], locales["en"], values(source))

    assert data(results) == {source: "Promoting digital transformation in the Petrovietnam Party Committee"}
    [[sent]] = translator.fallback.received
    assert '<x id="m2">Petrovietnam</x>' in sent


@pytest.mark.parametrize("engine", ["PlaceholderDroppingEngine", "PlaceholderDuplicatingEngine"])
def test_segment_whose_placeholder_did_not_survive_is_left_untranslated(db, locales, caplog, engine):
    translator = _fake(engine)

    with caplog.at_level("WARNING", logger="locales.machine_translation"):
        results = translator.translate(locales["vi"], locales["en"], values(SEGMENT))

    assert results == {}  # not returned corrupted: the translator sees the segment is missing
    assert [record.getMessage() for record in caplog.records] == [
        f"Fake DeepL dropped, duplicated or altered a placeholder; segment left untranslated: {SEGMENT}"
    ]


def test_placeholder_style_is_chosen_per_engine_and_can_be_set(db):
    assert _engine(DEEPL, AUTH_KEY="k").placeholders == "xml"
    assert _engine(LIBRETRANSLATE, LIBRETRANSLATE_URL="https://lt.example", API_KEY="k").placeholders == "html"
    assert _engine(FAKE_DEEPL, PLACEHOLDERS="xml").placeholders == "xml"
    with pytest.raises(ImproperlyConfigured):
        _engine(FAKE_DEEPL, PLACEHOLDERS="brackets")


# --- DeepL glossaries made from ours -------------------------------------------------------------------------------


class FakeDeepLAPI:
    """DeepL's glossary endpoints (through requests.request) and /v2/translate (requests.post), in memory."""

    def __init__(self, pairs=(("vi", "en"), ("vi", "uk")), glossaries=(), applies_glossary=True):
        self.pairs = [{"source_lang": source, "target_lang": target} for source, target in pairs]
        self.glossaries = list(glossaries)
        self.applies_glossary = applies_glossary
        self.calls: list[tuple[str, str]] = []
        self.created: list[dict] = []
        self.translations: list[dict] = []

    def request(self, method, url, headers, timeout, json=None):
        assert headers == {"Authorization": "DeepL-Auth-Key secret"}
        path = url.removeprefix("https://api.deepl.com/v2/")
        self.calls.append((method, path))
        body = {}
        if (method, path) == ("GET", "glossary-language-pairs"):
            body = {"supported_languages": self.pairs}
        elif (method, path) == ("GET", "glossaries"):
            body = {"glossaries": self.glossaries}
        elif (method, path) == ("POST", "glossaries"):
            self.created.append(json)
            body = {"glossary_id": f"g-{len(self.created)}", "name": json["name"], "ready": True}
            self.glossaries.append(body)
        elif method == "DELETE":
            self.glossaries = [item for item in self.glossaries if f"glossaries/{item['glossary_id']}" != path]
        return self._answer(body)

    def post(self, url, parameters, timeout, headers):
        assert url == "https://api.deepl.com/v2/translate"
        self.translations.append(parameters)
        entries = {}
        if parameters.get("glossary_id") and self.applies_glossary:
            created = self.created[int(parameters["glossary_id"].removeprefix("g-")) - 1]
            entries = dict(line.split("\t") for line in created["entries"].split("\n"))
        texts = []
        for text in parameters["text"]:  # <x> elements are left alone: only Vietnamese is replaced
            for source, target in entries.items():
                text = text.replace(source, target)
            text = text.replace("chuyển đổi số", "digital conversion").replace("Báo cáo tiến độ", "Progress report on")
            texts.append(text)
        return self._answer({"translations": [{"text": text} for text in texts]})

    @staticmethod
    def _answer(body):
        answer = mock.Mock()
        answer.json.return_value = body
        answer.raise_for_status.return_value = None
        return answer


GLOSSARY_SEGMENT = "Báo cáo tiến độ chuyển đổi số"


def _with_glossary(api: FakeDeepLAPI, locales, strings=(GLOSSARY_SEGMENT,), target="en"):
    translator = _engine(DEEPL, AUTH_KEY="secret", DEEPL_GLOSSARY=True)
    with mock.patch("requests.request", side_effect=api.request), mock.patch("requests.post", side_effect=api.post):
        return translator.translate(locales["vi"], locales[target], values(*strings))


def test_deepl_glossary_is_created_from_ours_and_used(db, locales):
    cache.clear()
    api = FakeDeepLAPI(glossaries=[{"glossary_id": "stale", "name": "locales vi-en 0123456789abcdef"}])

    results = _with_glossary(api, locales)

    [created] = api.created
    entries = "chuyển đổi số\tdigital transformation\nBộ Chính trị\tPolitburo\nan ninh mạng\tcybersecurity"
    assert created == {
        "name": "locales vi-en " + hashlib.sha256(entries.encode()).hexdigest()[:16],
        "source_lang": "vi",
        "target_lang": "en",
        "entries": entries,  # Petrovietnam (do not translate) is masked instead
        "entries_format": "tsv",
    }
    assert api.calls == [
        ("GET", "glossary-language-pairs"),
        ("GET", "glossaries"),
        ("POST", "glossaries"),
        ("DELETE", "glossaries/stale"),
    ]
    [parameters] = api.translations
    assert parameters["glossary_id"] == "g-1"
    assert parameters["text"] == [GLOSSARY_SEGMENT]  # the term is left to the glossary, which inflects it
    assert data(results) == {GLOSSARY_SEGMENT: "Progress report on digital transformation"}

    api.calls.clear()
    _with_glossary(api, locales)
    assert api.calls == []  # unchanged glossary: the cached id, no request
    assert api.translations[-1]["glossary_id"] == "g-1"


def test_changed_glossary_gets_a_new_deepl_glossary(db, locales, settings):
    cache.clear()
    api = FakeDeepLAPI()
    _with_glossary(api, locales)
    settings.LOCALES_GLOSSARY_PROVIDER = "tests.locales.test_machine_translation.changed_glossary"

    _with_glossary(api, locales)

    assert [item["entries"].split("\n")[0] for item in api.created] == [
        "chuyển đổi số\tdigital transformation",
        "chuyển đổi số\tdigitalisation",
    ]
    assert ("DELETE", "glossaries/g-1") in api.calls
    assert api.translations[-1]["glossary_id"] == "g-2"


def changed_glossary() -> list[Entry]:
    return [Entry("chuyển đổi số", {"en": "digitalisation"}), *sample_glossary()[1:]]


def test_segment_the_glossary_did_not_fix_is_asked_again_with_its_terms_masked(db, locales):
    cache.clear()
    api = FakeDeepLAPI(applies_glossary=False)

    results = _with_glossary(api, locales)

    assert [parameters["text"] for parameters in api.translations] == [
        [GLOSSARY_SEGMENT],
        ['Báo cáo tiến độ <x id="m1">digital transformation</x>'],
    ]
    assert api.translations[1]["glossary_id"] == "g-1"
    assert data(results) == {GLOSSARY_SEGMENT: "Progress report on digital transformation"}


def test_pair_without_deepl_glossaries_masks_the_terms(db, locales):
    cache.clear()
    api = FakeDeepLAPI(pairs=[("en", "de")])

    results = _with_glossary(api, locales)

    assert api.created == []
    [parameters] = api.translations
    assert "glossary_id" not in parameters
    assert parameters["text"] == ['Báo cáo tiến độ <x id="m1">digital transformation</x>']
    assert data(results) == {GLOSSARY_SEGMENT: "Progress report on digital transformation"}


def test_deepl_glossary_outage_falls_back_to_masking(db, locales):
    cache.clear()
    api = FakeDeepLAPI()
    translator = _engine(DEEPL, AUTH_KEY="secret", DEEPL_GLOSSARY=True)

    with (
        mock.patch("requests.request", side_effect=requests.ConnectionError("down")),
        mock.patch("requests.post", side_effect=api.post),
    ):
        results = translator.translate(locales["vi"], locales["en"], values(GLOSSARY_SEGMENT))

    assert "glossary_id" not in api.translations[0]
    assert data(results) == {GLOSSARY_SEGMENT: "Progress report on digital transformation"}
