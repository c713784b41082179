"""Placeholders for an external engine: what is masked, how it comes back in the target form, and when
an answer is refused (no database: numbers come from the site's LOCALES_NUMBER_FINDER)."""

from dataclasses import dataclass, field

import pytest

from locales.masking import convert_figure, mask, number_format, unmask


@dataclass(frozen=True)
class Entry:
    source: str
    translations: dict[str, str] = field(default_factory=dict)
    do_not_translate: bool = False


GLOSSARY = [
    Entry("chuyển đổi số", {"en": "digital transformation", "uk": "цифрова трансформація"}),
    Entry("nghiên cứu & phát triển", {"en": "R&D"}),
    Entry("Petrovietnam", do_not_translate=True),
    Entry("kinh tế số", {"uk": "цифрова економіка"}),  # no English: left to the engine
]


def masked_parts(text: str, target: str, style: str = "xml", **options) -> list[tuple[str, str, str]]:
    return [
        (item.kind, item.source, item.target)
        for item in mask(text, "vi", target, GLOSSARY, style=style, **options).masks
    ]


def test_separators_come_from_djangos_locale_formats():
    assert (number_format("vi").decimal, number_format("vi").thousands) == (",", ".")
    assert (number_format("en").decimal, number_format("en").thousands) == (".", ",")
    assert (number_format("uk").decimal, number_format("uk").thousands) == (",", "\u00a0")
    assert number_format("uk").accepted_thousands == " \u00a0\u202f"


@pytest.mark.parametrize(
    ("source", "english", "ukrainian"),
    [
        ("2.500,5", "2,500.5", "2\u00a0500,5"),
        ("62.569", "62,569", "62\u00a0569"),
        ("1.000.000", "1,000,000", "1\u00a0000\u00a0000"),
        ("1,5", "1.5", "1,5"),
        ("2025", "2025", "2025"),  # not grouped in the source: not grouped in the target
        ("15%", "15%", "15%"),
        ("12,5 %", "12.5 %", "12,5 %"),
    ],
)
def test_figures_are_written_the_target_languages_way(source, english, ukrainian):
    assert masked_parts(f"Tăng {source} so với năm trước", "en") == [("figure", source, english)]
    assert masked_parts(f"Tăng {source} so với năm trước", "uk") == [("figure", source, ukrainian)]


def test_figures_are_read_in_the_source_languages_format():
    masked = mask("Up 2,500.5 and 1 500,5 (tax 7%)", "en", "vi", style="xml")
    assert [(item.source, item.target) for item in masked.masks] == [("2,500.5", "2.500,5"), ("7%", "7%")]
    masked = mask("Зросло на 25 000,5", "uk", "en", style="xml")
    assert [(item.source, item.target) for item in masked.masks] == [("25 000,5", "25,000.5")]


def test_convert_figure_groups_only_long_grouped_numbers():
    assert convert_figure("2500", "5", True, "en") == "2,500.5"
    assert convert_figure("2500", "", False, "en") == "2500"
    assert convert_figure("250", "75", True, "uk") == "250,75"


def test_the_figure_of_an_amount_is_masked_and_its_unit_left_to_the_engine():
    assert masked_parts("Dành 1.000 tỷ đồng", "en") == [("figure", "1.000", "1,000")]


def test_what_cannot_be_read_one_way_only_is_not_masked():
    # "1.5" is neither a Vietnamese decimal (1,5) nor a grouped thousand (1.500); one digit is no figure
    assert masked_parts("Tăng 1.5 lần trong 5 năm", "en") == []


def test_numeric_dates_come_back_as_written():
    assert masked_parts("Từ ngày 30/4/2026 đến 2026-05-01", "en") == [
        ("figure", "30/4/2026", "30/4/2026"),
        ("figure", "2026-05-01", "2026-05-01"),
    ]


def test_directive_number_comes_back_in_its_canonical_printed_form():
    assert masked_parts("Theo Công văn số 380 -CV/DU và 57NQ-TW", "en") == [
        ("number", "380 -CV/DU", "380-CV/ĐU"),
        ("number", "57NQ-TW", "57-NQ/TW"),
    ]


def test_glossary_terms_become_their_target_terms_and_do_not_translate_terms_stay():
    assert masked_parts("Chuyển đổi số tại Petrovietnam, kinh tế số", "en") == [
        ("term", "Chuyển đổi số", "digital transformation"),
        ("term", "Petrovietnam", "Petrovietnam"),
    ]  # "kinh tế số" has no English: the engine translates it
    assert masked_parts("Chuyển đổi số, kinh tế số", "uk") == [
        ("term", "Chuyển đổi số", "цифрова трансформація"),
        ("term", "kinh tế số", "цифрова економіка"),
    ]


def test_terms_are_matched_and_restored_as_html():
    assert masked_parts("Về nghiên cứu &amp; phát triển", "en") == [("term", "nghiên cứu &amp; phát triển", "R&amp;D")]
    masked = mask("Về chuyển đổi số", "vi", "en", [Entry("chuyển đổi số", {"en": "R&D <unit>"})], style="xml")
    assert masked.text == 'Về <x id="m1">R&amp;D &lt;unit&gt;</x>'
    assert unmask('On <x id="m1">R&amp;D &lt;unit&gt;</x>', masked) == "On R&amp;D &lt;unit&gt;"


def test_only_do_not_translate_terms_are_masked_when_a_glossary_does_the_terms():
    assert masked_parts("Chuyển đổi số tại Petrovietnam", "en", glossary_terms=False) == [
        ("term", "Petrovietnam", "Petrovietnam")
    ]


def test_nothing_inside_tags_entities_or_addresses_is_masked():
    text = '<a id="a12">Xem</a> &#39;https://example.vn/2.500/57-NQ/TW&#160; <b>2.500</b>'
    assert masked_parts(text, "en") == [("figure", "2.500", "2,500")]


def test_xml_placeholders_travel_with_the_target_form_and_come_back_by_number():
    masked = mask("Công văn 380 -CV/ĐU về chuyển đổi số: 2.500,5", "vi", "en", GLOSSARY, style="xml")

    assert masked.text == (
        'Công văn <x id="m1">380-CV/ĐU</x> về <x id="m2">digital transformation</x>: <x id="m3">2,500.5</x>'
    )
    # the engine moved them, emptied one and rewrote another's content: what comes back is ours
    answer = '<x id="m3">2.5</x> for <x id="m2"/> under dispatch <x id="m1">380-CV/DU</x>'
    assert unmask(answer, masked) == "2,500.5 for digital transformation under dispatch 380-CV/ĐU"


def test_html_placeholders_use_translate_no():
    masked = mask("Công văn 380-CV/ĐU tại Petrovietnam", "vi", "uk", GLOSSARY, style="html")

    assert masked.text == (
        'Công văn <span translate="no" class="notranslate" data-m="1">380-CV/ĐU</span> tại '
        '<span translate="no" class="notranslate" data-m="2">Petrovietnam</span>'
    )
    answer = "Лист <span class='notranslate' data-m='1' translate='no'>380</span> у <span data-m=2>x</span>"
    assert unmask(answer, masked) == "Лист 380-CV/ĐU у Petrovietnam"


def test_a_term_that_opens_the_translation_gets_a_capital():
    masked = mask("Đẩy mạnh chuyển đổi số", "vi", "en", GLOSSARY, style="xml")

    assert unmask('<x id="m1">digital transformation</x> is promoted', masked) == ("Digital transformation is promoted")
    assert unmask('Promoting <x id="m1">digital transformation</x>', masked) == "Promoting digital transformation"


@pytest.mark.parametrize(
    "answer",
    [
        "Dispatch, 2,500.5",  # dropped
        'Dispatch <x id="m1">a</x> <x id="m1">a</x>, <x id="m2">b</x>',  # duplicated
        'Dispatch <x id="m1">a</x>, <x id="m2">b</x> <x id="m3">c</x>',  # invented
        'Dispatch <x id="m1">a</x>, <x id="m2">b</x> </x>',  # a piece of one left over
    ],
)
def test_an_answer_whose_placeholders_did_not_survive_is_refused(answer):
    masked = mask("Công văn 380-CV/ĐU, 2.500,5", "vi", "en", style="xml")

    assert len(masked.masks) == 2
    assert unmask(answer, masked) is None


def test_a_segment_without_anything_to_mask_goes_as_it_is():
    masked = mask("Phó Bí thư Thường trực", "vi", "en", GLOSSARY, style="html")

    assert (masked.text, masked.masks) == ("Phó Bí thư Thường trực", ())
    assert unmask("Standing Deputy Secretary", masked) == "Standing Deputy Secretary"


def test_unknown_style_is_refused():
    with pytest.raises(ValueError, match="placeholder style"):
        mask("x", "vi", "en", style="brackets")
