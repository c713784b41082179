"""Translation QA: each check passing and failing from Vietnamese into English and Ukrainian, and the
checks run over a real page translated through wagtail-localize."""

from dataclasses import dataclass, field

import pytest
from django.utils import translation as translation_utils
from wagtail_localize.models import Translation

from locales.qa import (
    QAProblem,
    check_directive_numbers,
    check_figures,
    check_glossary,
    check_links_and_placeholders,
    check_not_empty,
    check_segment,
    check_translation,
)
from locales.translating import translate_object
from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory


@dataclass(frozen=True)
class Entry:
    source: str
    translations: dict[str, str] = field(default_factory=dict)
    do_not_translate: bool = False


GLOSSARY = [
    Entry("chuyển đổi số", {"en": "digital transformation", "uk": "цифрова трансформація"}),
    Entry("chuyển đổi", {"en": "transition", "uk": "перехід"}),
    Entry("Bộ Chính trị", {"en": "Politburo", "uk": "Політбюро"}),
    Entry("số", {"en": "number", "uk": "номер"}),
    Entry("Petrovietnam", do_not_translate=True),
]


def codes(problems: list[QAProblem]) -> list[str]:
    return [problem.code for problem in problems]


# (check, source, target, target language, expected codes, words the messages must contain)
CASES = {
    # 1. Directive numbers
    "number kept": (check_directive_numbers, "Thực hiện Công văn 380-CV/ĐU.", "Implementing 380-CV/ĐU.", "en", [], []),
    "number with D for Đ is the same key": (
        check_directive_numbers,
        "Thực hiện Công văn 380-CV/ĐU.",
        "Implementing Dispatch 380-CV/DU.",
        "en",
        [],
        [],
    ),
    "number with Cyrillic look-alikes": (
        check_directive_numbers,
        "Theo Nghị quyết 57-NQ/TW.",
        "Згідно з резолюцією 57-NQ/ТW.",
        "uk",
        [],
        [],
    ),
    "number mistyped": (
        check_directive_numbers,
        "Thực hiện Công văn 380-CV/ĐU.",
        "Implementing Dispatch 308-CV/DU.",
        "en",
        ["directive_number"],
        ["380-CV/ĐU", "308-CV/DU"],
    ),
    "number dropped": (
        check_directive_numbers,
        "Căn cứ Kế hoạch 02-KH/BCĐTW và Nghị quyết 57-NQ/TW.",
        "Відповідно до плану 02-KH/BCĐTW.",
        "uk",
        ["directive_number"],
        ["57-NQ/TW"],
    ),
    "number added": (
        check_directive_numbers,
        "Theo Nghị quyết.",
        "Under Resolution 57-NQ/TW.",
        "en",
        ["directive_number_extra"],
        ["57-NQ/TW"],
    ),
    # 2. Glossary
    "term translated": (
        check_glossary,
        "Đẩy mạnh chuyển đổi số trong doanh nghiệp.",
        "Speeding up digital transformation in enterprises.",
        "en",
        [],
        [],
    ),
    "term translated, Ukrainian case ending": (
        check_glossary,
        "Đẩy mạnh chuyển đổi số.",
        "Прискорення цифрової трансформації.",
        "uk",
        [],
        [],
    ),
    "term not translated as the glossary says": (
        check_glossary,
        "Chuyển đổi số là nhiệm vụ trọng tâm.",
        "Digital change is a key task.",
        "en",
        ["glossary"],
        ["Chuyển đổi số", "digital transformation"],
    ),
    "longest term wins, the shorter one inside it is not required": (
        check_glossary,
        "Chuyển đổi số quốc gia.",
        "Національна цифрова трансформація.",
        "uk",
        [],
        [],
    ),
    "word boundaries and diacritics respected": (
        check_glossary,
        "Cuộc sống so với năm ngoái.",  # neither "số" nor "chuyển đổi" occurs
        "Life compared with last year.",
        "en",
        [],
        [],
    ),
    "do-not-translate term kept": (
        check_glossary,
        "Đảng ủy Petrovietnam triển khai.",
        "The Petrovietnam Party Committee deploys.",
        "en",
        [],
        [],
    ),
    "do-not-translate term translated": (
        check_glossary,
        "Đảng ủy Petrovietnam triển khai.",
        "Партком Петровєтнаму розгортає.",
        "uk",
        ["glossary"],
        ["Petrovietnam"],
    ),
    "term of the Politburo named in the message": (
        check_glossary,
        "Nghị quyết của Bộ Chính trị.",
        "Резолюція Центрального комітету.",
        "uk",
        ["glossary"],
        ["Bộ Chính trị", "Політбюро"],
    ),
    # 3. Figures
    "thousands in English": (check_figures, "Có 62.569 đảng viên.", "There are 62,569 members.", "en", [], []),
    "bare digits accepted": (check_figures, "Có 62.569 đảng viên.", "There are 62569 members.", "en", [], []),
    "thousands in Ukrainian with a space": (check_figures, "Có 62.569 đảng viên.", "Є 62 569 членів.", "uk", [], []),
    "thousands in Ukrainian with a no-break space": (
        check_figures,
        "Có 62.569 đảng viên.",
        "Є 62\u00a0569 членів.",
        "uk",
        [],
        [],
    ),
    "thousands in Ukrainian with a narrow no-break space": (
        check_figures,
        "Có 62.569 đảng viên.",
        "Є 62\u202f569 членів.",
        "uk",
        [],
        [],
    ),
    "decimal in English": (check_figures, "Tăng 1,5 lần.", "Up 1.5 times.", "en", [], []),
    "decimal in Ukrainian": (check_figures, "Tăng 1,5 lần.", "Зросло в 1,5 раза.", "uk", [], []),
    "Vietnamese thousands left in English": (
        check_figures,
        "Có 62.569 đảng viên.",
        "There are 62.569 members.",
        "en",
        ["figure"],
        ["62.569", "62,569"],
    ),
    "Vietnamese decimal left in English": (
        check_figures,
        "Tăng 1,5 lần.",
        "Up 1,5 times.",
        "en",
        ["figure"],
        ["1,5", "1.5"],
    ),
    "figure missing in Ukrainian": (
        check_figures,
        "Có 62.569 đảng viên, tăng 12%.",
        "Є 62 596 членів, на 12% більше.",
        "uk",
        ["figure"],
        ["62.569", "62\u00a0569"],
    ),
    "digits of numbers and dates are not figures": (
        check_figures,
        "Công văn 380-CV/ĐU ngày 18/8/2025, ngày 25 tháng 12 năm 2025, hạn tháng 10/2025.",
        "Dispatch 380-CV/DU of August 18, 2025, 25 December 2025, due October 2025.",
        "en",
        [],
        [],
    ),
    "year kept": (check_figures, "Đến năm 2030.", "By 2030.", "en", [], []),
    "year changed": (check_figures, "Đến năm 2030.", "By 2003.", "en", ["figure"], ["2030"]),
    # 4. Links, addresses, placeholders, markup
    "link kept": (
        check_links_and_placeholders,
        'Xem <a id="a1">toàn văn</a> tại https://chinhphu.vn/van-ban.',
        'See the <a id="a1">full text</a> at https://chinhphu.vn/van-ban.',
        "en",
        [],
        [],
    ),
    "link dropped": (
        check_links_and_placeholders,
        'Xem <a id="a1">toàn văn</a> và <a id="a2">phụ lục</a>.',
        'See the <a id="a1">full text</a> and the annex.',
        "en",
        ["link"],
        ["phụ lục"],
    ),
    "unknown link id": (
        check_links_and_placeholders,
        'Xem <a id="a1">toàn văn</a>.',
        'Див. <a id="a3">повний текст</a>.',
        "uk",
        ["link", "link_extra"],
        ["toàn văn", "повний текст"],
    ),
    "address changed": (
        check_links_and_placeholders,
        'Xem <a href="https://chinhphu.vn/a">văn bản</a> và https://dangcongsan.vn/b.',
        'See <a href="https://chinhphu.vn/a">the text</a> and https://dangcongsan.vn/c.',
        "en",
        ["address"],
        ["https://dangcongsan.vn/b"],
    ),
    "placeholders kept": (
        check_links_and_placeholders,
        "Còn {count} mục, %(days)s ngày, %s.",
        "Залишилось {count} пунктів, %(days)s днів, %s.",
        "uk",
        [],
        [],
    ),
    "placeholder renamed": (
        check_links_and_placeholders,
        "Còn {count} mục.",
        "{total} items left.",
        "en",
        ["placeholder", "placeholder_extra"],
        ["{count}", "{total}"],
    ),
    "bold dropped": (
        check_links_and_placeholders,
        "<b>Quan trọng:</b> hạn chót.",
        "Important: deadline.",
        "en",
        ["markup"],
        ["<b>"],
    ),
    # 5. Nothing empty
    "translated": (check_not_empty, "Kế hoạch truyền thông.", "Communication plan.", "en", [], []),
    "empty": (check_not_empty, "Kế hoạch truyền thông.", "  ", "uk", ["empty"], ["Kế hoạch truyền thông"]),
    "markup only is empty": (check_not_empty, "Kế hoạch<br>truyền thông", "<br>", "en", ["empty"], []),
    "long sentence left in Vietnamese": (
        check_not_empty,
        "Tăng cường công tác tuyên truyền về chuyển đổi số.",
        "Tăng cường công tác tuyên truyền về chuyển đổi số.",
        "en",
        ["untranslated"],
        ["Tăng cường công tác tuyên truyền"],
    ),
    "short name may stay as it is": (check_not_empty, "Hà Nội", "Hà Nội", "en", [], []),
}


@pytest.mark.parametrize(
    ("check", "source", "target", "language", "expected", "named"),
    list(CASES.values()),
    ids=list(CASES),
)
def test_check(check, source, target, language, expected, named):
    problems = check(source, target, "vi", language, GLOSSARY, segment="body")

    assert codes(problems) == expected
    messages = " ".join(problem.message for problem in problems)
    for text in named:
        assert text in messages
    assert all(problem.segment == "body" for problem in problems)


def test_untranslated_is_a_warning_and_errors_are_errors():
    untranslated = check_not_empty("Tăng cường công tác tuyên truyền.", "Tăng cường công tác tuyên truyền.", "vi", "en")
    empty = check_not_empty("Tăng cường công tác tuyên truyền.", "", "vi", "en")

    assert [problem.severity for problem in untranslated] == ["warning"]
    assert [problem.severity for problem in empty] == ["error"]


def test_empty_target_is_reported_once():
    problems = check_segment("Công văn 380-CV/ĐU về chuyển đổi số, 62.569 người.", "", "vi", "en", GLOSSARY)

    assert codes(problems) == ["empty"]


def test_a_good_translation_has_no_problem():
    source = 'Thực hiện Công văn 380-CV/ĐU, <a id="a1">62.569</a> đảng viên tham gia chuyển đổi số, tăng 1,5 lần.'
    english = 'Implementing Dispatch 380-CV/DU, <a id="a1">62,569</a> members joined digital transformation, 1.5 times.'
    ukrainian = (
        'На виконання листа 380-CV/ĐU <a id="a1">62 569</a> членів долучилися до цифрової трансформації, в 1,5 раза.'
    )

    assert check_segment(source, english, "vi", "en", GLOSSARY) == []
    assert check_segment(source, ukrainian, "vi", "uk", GLOSSARY) == []


def test_number_check_is_skipped_without_a_number_finder(settings):
    settings.LOCALES_NUMBER_FINDER = ""

    assert check_directive_numbers("Công văn 380-CV/ĐU.", "Dispatch 308-CV/DU.", "vi", "en") == []


def test_messages_are_in_the_active_language():
    with translation_utils.override("en"):
        [problem] = check_figures("Có 62.569 người.", "62.569 people.", "vi", "en")

    assert problem.message.startswith("The figure")


# --- Over a real translation --------------------------------------------------------------------------------------


@pytest.fixture
def directive(home_pages):
    register = DirectiveIndexPageFactory(parent=home_pages["vi"])
    return DirectivePageFactory(
        parent=register,
        number="380-CV/ĐU",
        title="Công văn 380",
        slug="cv-380",
        subject="Về việc tuyên truyền Nghị quyết 57-NQ/TW",
        summary="Có 62.569 đảng viên tham gia chuyển đổi số.",
        place="Hà Nội",
        body=[("paragraph", '<p>Xem <a href="https://dangcongsan.vn/nq-57">toàn văn</a> Nghị quyết.</p>')],
    )


def translation_of(page, locale) -> Translation:
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


GOOD = {
    "Công văn 380": "Official dispatch 380",
    "cv-380": "dispatch-380",
    "Về việc tuyên truyền Nghị quyết 57-NQ/TW": "On communicating Resolution 57-NQ/TW",
    "Có 62.569 đảng viên tham gia chuyển đổi số.": "62,569 Party members take part in digital transformation.",
    "Hà Nội": "Hanoi",
    'Xem <a id="a1">toàn văn</a> Nghị quyết.': 'See the <a id="a1">full text</a> of the resolution.',
}


def test_good_translation_of_a_page_has_no_problem(directive, locales):
    translate_object(directive, locales["en"], GOOD)
    translation = translation_of(directive, locales["en"])

    assert check_translation(translation, GLOSSARY) == []


def test_problems_of_a_page_name_their_segment(directive, locales):
    translate_object(
        directive,
        locales["en"],
        {
            **GOOD,
            "Về việc tuyên truyền Nghị quyết 57-NQ/TW": "On communicating Resolution 75-NQ/TW",
            "Có 62.569 đảng viên tham gia chuyển đổi số.": "62.569 Party members take part in digital change.",
            'Xem <a id="a1">toàn văn</a> Nghị quyết.': "See the full text of the resolution.",
        },
    )
    translation = translation_of(directive, locales["en"])

    problems = check_translation(translation, GLOSSARY)

    assert {(problem.segment, problem.code) for problem in problems} == {
        ("subject", "directive_number"),
        ("summary", "glossary"),
        ("summary", "figure"),
        (next(p.segment for p in problems if p.code == "link"), "link"),
    }
    assert next(p.segment for p in problems if p.code == "link").startswith("body.")
    assert any("57-NQ/TW" in problem.message and "75-NQ/TW" in problem.message for problem in problems)


def test_missing_segments_are_reported_only_when_asked(directive, locales):
    translate_object(directive, locales["uk"], {"Công văn 380": "Лист 380", "cv-380": "lyst-380"})
    translation = translation_of(directive, locales["uk"])

    assert check_translation(translation) == []
    missing = check_translation(translation, include_missing=True)
    segments = {problem.segment for problem in missing}
    assert {"subject", "summary", "place"} < segments
    assert [segment for segment in segments if segment.startswith("body.")]
    assert all(problem.code == "missing" for problem in missing)


def test_check_translation_runs_in_a_fixed_number_of_queries(directive, locales, django_assert_max_num_queries):
    translate_object(directive, locales["en"], GOOD)
    translation = translation_of(directive, locales["en"])

    with django_assert_max_num_queries(4):
        check_translation(translation, GLOSSARY)
