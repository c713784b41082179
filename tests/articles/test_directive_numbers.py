"""Directive numbers: every printed variant parses to one value and key, garbage is refused clearly."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from articles.directive_numbers import (
    KNOWN_ISSUER_CODES,
    KNOWN_TYPE_CODES,
    MAX_LENGTH,
    DirectiveNumber,
    InvalidDirectiveNumber,
    find_directive_numbers,
    parse_directive_number,
    validate_directive_number,
)

# Cyrillic capitals that look like Latin ones, written as escapes so the test says what it tests.
CYR_C, CYR_T, CYR_B, CYR_H, CYR_K = "\u0421", "\u0422", "\u0412", "\u041d", "\u041a"
CYR_O, CYR_P, CYR_A, CYR_E, CYR_M, CYR_X, CYR_I = "\u041e", "\u0420", "\u0410", "\u0415", "\u041c", "\u0425", "\u0406"
LOOKALIKES = dict(
    zip(
        "CTBHKOPAEMXI",
        CYR_C + CYR_T + CYR_B + CYR_H + CYR_K + CYR_O + CYR_P + CYR_A + CYR_E + CYR_M + CYR_X + CYR_I,
        strict=True,
    )
)
LOOKALIKES |= {latin.lower(): cyrillic.lower() for latin, cyrillic in LOOKALIKES.items()}

DASHES = ["-", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212"]  # hyphen, non-breaking, en, em, minus
SLASHES = ["/", "\u2044", "\u2215", "\uff0f"]

PARSED = [
    # The chain from the source documents, as printed there.
    ("57-NQ/TW", "57-NQ/TW", "57-nq-tw"),
    ("02-KH/BCĐTW", "02-KH/BCĐTW", "2-kh-bcdtw"),
    ("03-KH/BCĐTW", "03-KH/BCĐTW", "3-kh-bcdtw"),
    ("380-CV/ĐU", "380-CV/ĐU", "380-cv-du"),
    ("02-NQ/ĐUK", "02-NQ/ĐUK", "2-nq-duk"),
    ("184-NQ/ĐU", "184-NQ/ĐU", "184-nq-du"),
    ("03/CTr-ĐU", "03/CTr-ĐU", "3-ctr-du"),
    ("208-QĐ/ĐU", "208-QĐ/ĐU", "208-qd-du"),
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "30-nd-cp-2020"),
    # Variants found in the wild.
    ("Số 380 -CV/ĐU", "380-CV/ĐU", "380-cv-du"),
    ("số 380-CV/ĐU", "380-CV/ĐU", "380-cv-du"),
    ("SỐ: 02-KH/BCĐTW", "02-KH/BCĐTW", "2-kh-bcdtw"),
    ("No. 57-NQ/TW", "57-NQ/TW", "57-nq-tw"),
    ("№ 57-NQ/TW", "57-NQ/TW", "57-nq-tw"),
    ("№57-NQ/TW", "57-NQ/TW", "57-nq-tw"),
    ("  57-NQ/TW\n", "57-NQ/TW", "57-nq-tw"),
    ("57NQ-TW", "57-NQ/TW", "57-nq-tw"),
    ("57NQ/TW", "57-NQ/TW", "57-nq-tw"),
    ("57-NQ-TW", "57-NQ/TW", "57-nq-tw"),
    ("380-CV/DU", "380-CV/ĐU", "380-cv-du"),
    ("02-NQ/DUK", "02-NQ/ĐUK", "2-nq-duk"),
    ("02-KH/BCDTW", "02-KH/BCĐTW", "2-kh-bcdtw"),
    ("208-QD/DU", "208-QĐ/ĐU", "208-qd-du"),
    ("380-cv/du", "380-CV/ĐU", "380-cv-du"),
    ("380-cv/đu", "380-CV/ĐU", "380-cv-du"),
    ("03/ctr-du", "03/CTr-ĐU", "3-ctr-du"),
    ("30/2020/nđ-cp", "30/2020/NĐ-CP", "30-nd-cp-2020"),
    ("57\u2013NQ/TW", "57-NQ/TW", "57-nq-tw"),  # en dash
    ("57\u2014NQ/TW", "57-NQ/TW", "57-nq-tw"),  # em dash
    ("57\u2212NQ/TW", "57-NQ/TW", "57-nq-tw"),  # minus sign
    ("57\u2011NQ/TW", "57-NQ/TW", "57-nq-tw"),  # non-breaking hyphen
    ("03/CTr\u2013ĐU", "03/CTr-ĐU", "3-ctr-du"),
    ("57 - NQ / TW", "57-NQ/TW", "57-nq-tw"),
    ("03 / CTr - ĐU", "03/CTr-ĐU", "3-ctr-du"),
    ("30 / 2020 / NĐ \u2013 CP", "30/2020/NĐ-CP", "30-nd-cp-2020"),
    ("57-NQ\u00a0/\u00a0TW", "57-NQ/TW", "57-nq-tw"),
    ("57-NQ\u2215TW", "57-NQ/TW", "57-nq-tw"),  # division slash
    ("380-CV/\u00d0U", "380-CV/ĐU", "380-cv-du"),  # Icelandic eth from an old encoding
    ("57-NQ/\u00adTW", "57-NQ/TW", "57-nq-tw"),  # soft hyphen
    # Cyrillic look-alikes, as Ukrainian keyboards leave them.
    (f"57-NQ/{CYR_T}W", "57-NQ/TW", "57-nq-tw"),
    (f"380-{CYR_C}V/ĐU", "380-CV/ĐU", "380-cv-du"),
    (f"02-{CYR_K}{CYR_H}/{CYR_B}{CYR_C}Đ{CYR_T}W", "02-KH/BCĐTW", "2-kh-bcdtw"),
    (f"380-{CYR_C.lower()}v/đu", "380-CV/ĐU", "380-cv-du"),
    # Unicode decomposed input (Đ has no decomposition; the prefix does).
    (unicodedata.normalize("NFD", "Số 208-QĐ/ĐU"), "208-QĐ/ĐU", "208-qd-du"),
    # Codes with mixed-case canonical spellings, and codes outside the table.
    ("10-QYĐ/TW", "10-QyĐ/TW", "10-qyd-tw"),
    ("5-ttr/đu", "5-TTr/ĐU", "5-ttr-du"),
    ("12/ĐA-CP", "12/ĐA-CP", "12-da-cp"),
    ("7-CĐ/TW", "7-CĐ/TW", "7-cd-tw"),
    ("749/QĐ-TTg", "749/QĐ-TTG", "749-qd-ttg"),
]

REJECTED = [
    ("", "empty"),
    ("   ", "empty"),
    ("abc", "no_number"),
    ("-/", "no_number"),
    ("NQ/TW", "no_number"),
    ("Số", "no_number"),
    ("57", "no_type"),
    ("22/12/2024", "no_type"),
    ("62.569", "no_type"),
    ("1'; DROP TABLE articles; --", "invalid"),
    ("57-NQ", "invalid"),
    ("57-NQ/", "invalid"),
    ("57 NQ/TW", "invalid"),
    ("57-NQ/TW 380-CV/ĐU", "invalid"),
    ("57-NQ/TW;", "invalid"),
    ("٥٧-NQ/TW", "no_number"),  # Arabic-Indic digits are not directive digits
    ("x" * 500, "too_long"),
    ("57-NQ/TW" + "!" * MAX_LENGTH, "too_long"),
]


@pytest.mark.parametrize(("text", "printed", "key"), PARSED)
def test_parse_gives_canonical_printed_form_and_key(text, printed, key):
    number = parse_directive_number(text)

    assert (number.printed, number.key) == (printed, key)
    assert str(number) == printed
    assert number.key.isascii()


@pytest.mark.parametrize(("text", "reason"), REJECTED)
def test_garbage_is_refused_with_a_message_showing_the_expected_form(text, reason):
    with pytest.raises(InvalidDirectiveNumber) as caught:
        parse_directive_number(text)

    assert caught.value.reason == reason
    for language in ("vi", "en", "uk"):
        with translation.override(language):
            message = str(caught.value)
        assert "57-NQ/TW" in message
        assert "03/CTr-ĐU" in message


def test_messages_are_translated():
    with pytest.raises(InvalidDirectiveNumber) as caught:
        parse_directive_number("abc")

    messages = {}
    for language in ("vi", "en", "uk"):
        with translation.override(language):
            messages[language] = str(caught.value)
    assert len(set(messages.values())) == 3
    assert all("“abc”" in message or "«abc»" in message for message in messages.values())


def test_parts_of_a_parsed_number():
    assert parse_directive_number("Số 02-KH/BCĐTW") == DirectiveNumber("02", "KH", "BCĐTW", None, "party")
    assert parse_directive_number("30/2020/nd-cp") == DirectiveNumber("30", "NĐ", "CP", 2020, "state")
    assert parse_directive_number("03/CTr-ĐU").style == "state"


def test_decision_and_regulations_keep_different_keys():
    assert parse_directive_number("1-QĐ/TW").key == "1-qd-tw"
    assert parse_directive_number("1-QyĐ/TW").key == "1-qyd-tw"


def test_leading_zeros_are_printed_but_not_keyed():
    assert parse_directive_number("002-KH/BCĐTW").printed == "002-KH/BCĐTW"
    assert parse_directive_number("002-KH/BCĐTW").key == parse_directive_number("2-KH/BCĐTW").key
    assert parse_directive_number("0-KH/BCĐTW").key == "0-kh-bcdtw"


def test_style_does_not_change_the_key():
    assert parse_directive_number("03/CTr-ĐU").key == parse_directive_number("03-CTr/ĐU").key


def test_constructed_values_are_spelled_canonically():
    number = DirectiveNumber(number="380", type_code="cv", issuer_code="du")

    assert number == parse_directive_number("380-CV/ĐU")
    assert number.printed == "380-CV/ĐU"


def test_party_style_carries_no_year():
    with pytest.raises(ValueError, match="no year"):
        DirectiveNumber("30", "NĐ", "CP", 2020, "party")


def test_code_tables_cover_the_domain_note():
    assert set(KNOWN_TYPE_CODES) == {
        *("NQ", "QĐ", "CT", "KL", "QC", "QyĐ", "HD", "KH", "CTr"),
        *("CV", "TB", "TC", "BC", "TTr", "ĐA", "CĐ", "NĐ", "TT"),
    }
    assert set(KNOWN_ISSUER_CODES) == {"TW", "ĐU", "ĐUK", "BCĐTW", "CP"}
    with translation.override("en"):
        assert str(KNOWN_TYPE_CODES["CV"]) == "Official dispatch"
    with translation.override("vi"):
        assert str(KNOWN_TYPE_CODES["CV"]) == "Công văn"


def test_validator_accepts_numbers_and_refuses_garbage_with_its_code():
    validate_directive_number("Số 380 -CV/ĐU")

    with pytest.raises(ValidationError) as caught:
        validate_directive_number("NQ/TW")

    assert caught.value.code == "invalid_directive_number"
    with translation.override("en"):
        assert caught.value.messages == [
            "“NQ/TW” has no number. A directive number starts with digits, for example 57-NQ/TW or 03/CTr-ĐU."
        ]


# --- Running text ----------------------------------------------------------------------------------


def _printed(text: str) -> list[str]:
    return [number.printed for number in find_directive_numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị và Công văn số 380 -CV/ĐU "
            "ngày 18/8/2025, các đảng ủy trực thuộc lập kế hoạch truyền thông.",
            ["57-NQ/TW", "380-CV/ĐU"],
        ),
        (
            "Hưởng ứng văn bản 380-CV/ĐU và Nghị quyết 57NQ-TW, Đảng ủy Petrovietnam giao nhiệm vụ cho toàn hệ thống.",
            ["380-CV/ĐU", "57-NQ/TW"],
        ),
        (
            "Sau Nghị quyết 02-NQ/ĐUK (7/6/2021) và Nghị quyết 184-NQ/ĐU (15/2/2022), PVEP có Chương trình "
            "03/CTr-ĐU ngày 12/4/2022, rồi Quyết định 208-QĐ/ĐU ngày 10/9/2024 kiện toàn Ban Chỉ đạo.",
            ["02-NQ/ĐUK", "184-NQ/ĐU", "03/CTr-ĐU", "208-QĐ/ĐU"],
        ),
        (
            "Kế hoạch 02-KH/BCĐTW (19/6/2025) được cụ thể hóa bằng Kế hoạch truyền thông 03-KH/BCĐTW (28/7/2025).",
            ["02-KH/BCĐTW", "03-KH/BCĐTW"],
        ),
        (
            "The dispatch 380-CV/ĐU builds on plan 02-KH/BCĐTW, while decree 30/2020/NĐ-CP sets out how "
            "documents are laid out.",
            ["380-CV/ĐU", "02-KH/BCĐTW", "30/2020/NĐ-CP"],
        ),
        (
            "Міністерство виконує Резолюцію № 57-NQ/TW від 22 грудня 2024 року, лист № 380-CV/DU "
            "та План № 02-KH/BCĐTW Центрального керівного комітету.",
            ["57-NQ/TW", "380-CV/ĐU", "02-KH/BCĐTW"],
        ),
        (f"Резолюції 57-NQ/{CYR_T}W присвячено цифровій трансформації.", ["57-NQ/TW"]),
        ("Nghị quyết 57-NQ/TW được nhắc lại: 57-NQ/TW.", ["57-NQ/TW", "57-NQ/TW"]),
    ],
)
def test_find_numbers_in_running_text(text, expected):
    assert _printed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị ngày 4/10/2023 kết nối 709 điểm cầu với 62.569 đại biểu; 25/35 đảng ủy tham gia.",
        "Ngày 22/12/2024 Bộ Chính trị họp; giai đoạn 2021-2030; ngày 27-28/03/2021.",
        "Theo Kế hoạch số 02 và Kế hoạch số 03 (gọi tắt), v/v kiện toàn Ban Chỉ đạo.",
        "Speed limit 60-km/h, storage 2TB/s, a 24-hour/day service, COVID-19/2020.",
        "x57-NQ/TW and 57-NQ/TWđảng are not numbers on their own.",
        "",
    ],
)
def test_ordinary_words_dates_and_figures_are_not_numbers(text):
    assert find_directive_numbers(text) == []


def test_found_numbers_can_be_deduplicated_by_key():
    found = find_directive_numbers("57-NQ/TW, 57NQ-TW và 380-CV/DU, 380-CV/ĐU")

    assert list(dict.fromkeys(number.key for number in found)) == ["57-nq-tw", "380-cv-du"]


@pytest.mark.parametrize(
    "text",
    [
        "1" + " " * 100_000,
        "1-" * 50_000,
        "57-NQ/" * 17_000,
        "9" * 100_000,
        "57 -  " * 17_000,
        "1/2020/" * 15_000,
        "57-NQ/T" + "W" * 100_000,
        "Số " * 35_000,
    ],
    ids=["spaces", "hyphens", "unfinished", "digits", "separators", "years", "long-issuer", "prefixes"],
)
def test_long_adversarial_text_is_scanned_without_finding_anything(text):
    # No timing: catastrophic backtracking would simply never finish.
    assert find_directive_numbers(text) == []


def test_a_hundred_kilobytes_of_prose_yields_every_number():
    sentence = "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 và Chương trình 03/CTr-ĐU, 62.569 đại biểu. "
    text = sentence * (100_000 // len(sentence) + 1)

    found = find_directive_numbers(text)

    assert len(text) > 100_000
    assert [number.key for number in found] == ["57-nq-tw", "3-ctr-du"] * text.count(sentence)


# --- Properties ------------------------------------------------------------------------------------

digits = st.text(alphabet="0123456789", min_size=1, max_size=4)
type_codes = st.sampled_from(sorted(KNOWN_TYPE_CODES))
issuer_codes = st.sampled_from(sorted(KNOWN_ISSUER_CODES))
years = st.none() | st.integers(min_value=1945, max_value=2099)


@st.composite
def directive_numbers(draw) -> DirectiveNumber:
    style = draw(st.sampled_from(["party", "state"]))
    year = draw(years) if style == "state" else None
    return DirectiveNumber(draw(digits), draw(type_codes), draw(issuer_codes), year, style)


@st.composite
def garbled(draw, number: DirectiveNumber) -> str:
    """The same number as a careless typist, a translator or an old PDF might print it."""

    def letters(code: str) -> str:
        out = []
        for letter in code:
            letter = draw(st.sampled_from([letter, letter.lower(), letter.upper()]))
            if letter in "Đđ" and draw(st.booleans()):
                letter = "D" if letter == "Đ" else "d"
            if letter in LOOKALIKES and draw(st.booleans()):
                letter = LOOKALIKES[letter]
            out.append(letter)
        return "".join(out)

    def around(separator: str) -> str:
        spaces = st.text(alphabet=" \u00a0\t", max_size=2)
        return draw(spaces) + separator + draw(spaces)

    type_code, issuer = letters(number.type_code), letters(number.issuer_code)
    if number.style == "party":
        first = draw(st.sampled_from(["", *DASHES]))
        head = number.number + (around(first) if first else "") + type_code
        text = head + around(draw(st.sampled_from(DASHES + SLASHES))) + issuer
    else:
        year = "" if number.year is None else str(number.year) + around(draw(st.sampled_from(SLASHES)))
        slash = around(draw(st.sampled_from(SLASHES)))
        text = number.number + slash + year + type_code + around(draw(st.sampled_from(DASHES))) + issuer
    prefix = draw(st.sampled_from(["", "Số ", "số ", "SỐ ", "So ", "No. ", "№ ", "№"]))
    text = draw(st.sampled_from(["", " ", "\n"])) + prefix + text + draw(st.sampled_from(["", " ", "\n"]))
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text)


@given(directive_numbers())
def test_printed_form_round_trips(number):
    parsed = parse_directive_number(number.printed)

    assert parsed == number
    assert parse_directive_number(parsed.printed).printed == parsed.printed
    assert parse_directive_number(str(parse_directive_number(number.printed))).key == number.key


@given(st.data())
def test_garbled_variants_keep_the_key(data):
    number = data.draw(directive_numbers())
    text = data.draw(garbled(number))

    assert parse_directive_number(text).key == number.key


@given(directive_numbers())
def test_a_printed_number_is_found_in_prose(number):
    found = find_directive_numbers(f"Văn bản số {number.printed} ngày 22/12/2024 đã được ban hành.")

    assert [item.key for item in found] == [number.key]


NOISY = st.text(alphabet=st.sampled_from([*"0123456789-/ .:NQTWĐđCVKHrSốNo№\u2013\u2212\u00a0", CYR_T, CYR_C]))


@given(st.text() | NOISY)
def test_parse_returns_a_number_or_refuses_cleanly(text):
    try:
        number = parse_directive_number(text)
    except InvalidDirectiveNumber as error:
        assert str(error)
    else:
        assert parse_directive_number(number.printed).key == number.key


@given(st.text() | NOISY)
def test_find_never_raises_and_finds_only_parseable_numbers(text):
    for number in find_directive_numbers(text):
        assert parse_directive_number(number.printed).key == number.key
