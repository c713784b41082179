"""The shared language analysis (search/analysis.py), relevance rules (search/relevance.py) and
snippets (search/snippets.py), without an engine: what both backends are fed."""

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from search import analysis, relevance
from search.analysis import analyser, exact_terms, fold
from search.documents import Label, SearchDocument
from search.relevance import Words, corrected_text, corrections, one_edit_apart, parse_words, required_words
from search.snippets import Snippets, highlighted, marker

# --- Exact terms: the same in every language ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Đảng ủy", ["đảng", "ủy"]),
        ("Đảng uỷ", ["đảng", "ủy"]),  # old tone placement
        ("Hoá học, HOÀ GIẢI", ["hóa", "học", "hòa", "giải"]),
        ("khoẻ mạnh", ["khỏe", "mạnh"]),
        ("Quý, quỳnh, Huỳnh, hoàng, thuở", ["quý", "quỳnh", "huỳnh", "hoàng", "thuở"]),  # not final oa/oe/uy
        ("e\u0301", ["é"]),  # decomposed marks are composed
        ("пам'ять пам\u2019ять пам\u02bcять", ["пам\u02bcять"] * 3),  # U+02BC, a letter: one word
        ("don\u2019t 'quoted'", ["don\u02bct", "quoted"]),
        ("цифровi ЦИФРОВI", ["цифрові", "цифрові"]),  # a Latin i inside a Cyrillic word
        ("Cервіс", ["сервіс"]),  # a Latin C
        ("Latin words stay", ["latin", "words", "stay"]),
        ("57-NQ/TW, 03/CTr-ĐU", ["57", "nq", "tw", "03", "ctr", "đu"]),
        ("'quoted' -- text_with_underscore", ["quoted", "text", "with", "underscore"]),
        ("x" * 60, ["x" * analysis.MAX_TERM_LENGTH]),
    ],
)
def test_exact_terms(text, terms):
    assert exact_terms(text) == terms


def test_folding_drops_the_marks_of_latin_letters_only():
    assert fold("đảng ủy chuyển đổi số") == "dang uy chuyen doi so"
    assert fold("їхній йти ґрунт") == "їхній йти ґрунт"
    assert fold("café naïve") == "cafe naive"


# --- Match terms: by the rules of each language -----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "terms"),
    [
        ("vi", "Đảng ủy chuyển đổi số", ["dang", "uy", "chuyen", "doi", "so"]),
        ("vi", "bàn bán bạn ban", ["ban"] * 4),
        ("en", "transforming transformation transformations", ["transform"] * 3),
        ("en", "organisation organization", ["organiz"] * 2),
        ("en", "programme programmes program", ["program"] * 3),
        ("en", "centre centres center", ["center"] * 3),
        ("en", "labour labor", ["labor"] * 2),
        ("en", "analysed analyzed", ["analyz"] * 2),
        ("en", "travelled traveled", ["travel"] * 2),
        ("uk", "цифрова цифрової цифровій цифрову цифровою", ["цифровий"] * 5),
        ("uk", "трансформація трансформації трансформацією", ["трансформація"] * 3),
        ("uk", "пам'яті пам\u02bcять", ["пам'ять"] * 2),
        ("uk", "Chuyển đổi", ["chuyen", "doi"]),  # Latin words in Ukrainian text are folded too
        ("uk", "2030", ["2030"]),
    ],
)
def test_match_terms(language, text, terms):
    words = analyser(language)
    assert words.match_terms(exact_terms(text)) == terms
    assert words.analyse(text)[1] == " ".join(terms)


def test_prefix_terms_are_folded_but_never_stemmed_or_lemmatised():
    assert analyser("en").prefix_text("Organisations transforming") == "organisations transforming"
    assert analyser("uk").prefix_text("Цифрової трансформації") == "цифрової трансформації"
    assert analyser("vi").prefix_text("Công văn") == "cong van"


def test_languages_come_from_the_settings():
    assert analysis.languages() == ("vi", "en", "uk")
    assert analyser("en-gb").code == "en"
    assert analyser("fr").code == "vi"  # unknown languages are read like the site's own
    assert analyser(None).code == "vi"
    with override_settings(LANGUAGES=[("vi", "Tiếng Việt"), ("en", "English")]):
        assert analysis.languages() == ("vi", "en")
        assert analyser("uk").code == "vi"


def test_each_languages_rules_come_from_the_settings():
    assert analysis.rules_for("en").stemmer == "english"
    assert analysis.rules_for("uk").lemmas == "uk"
    assert analysis.rules_for("vi") == analysis.Rules()
    with override_settings(SEARCH_LANGUAGE_ANALYSIS={"vi": {"fold": False}}):
        assert analysis.rules_for("vi") == analysis.Rules(fold=False)
        assert analysis.rules_for("en") == analysis.Rules()


@pytest.mark.parametrize(
    ("language", "function", "content"),
    [
        ("vi", ["của", "và", "các", "cho", "với"], ["số", "đảng", "cua"]),
        ("uk", ["і", "для", "про"], ["цифрова"]),
        ("en", ["the", "of", "and"], ["program"]),
    ],
)
def test_function_words_come_from_each_languages_data_file(language, function, content):
    words = analyser(language)
    assert all(words.is_function_word(term) for term in function)
    assert not any(words.is_function_word(term) for term in content)


# --- Relevance rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "required"), [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (5, 4), (8, 6), (12, 9)])
def test_from_three_words_on_not_every_word_is_required(count, required):
    assert required_words(count) == required


def test_function_words_are_optional_only_from_three_words():
    assert relevance.optional_positions(parse_words("của đảng"), "vi") == set()
    assert relevance.optional_positions(parse_words("kế hoạch của đảng ủy"), "vi") == {2}
    assert relevance.optional_positions(parse_words("của và các"), "vi") == set()  # all of them: none optional
    assert relevance.optional_positions(parse_words("plan of the", prefix=True), "en") == {1}  # "the" is being typed


@pytest.mark.parametrize(
    ("text", "words", "phrases"),
    [
        ("Đảng ủy", ("đảng", "ủy"), ()),
        ("- dang", ("dang",), ()),
        ("dang -uy +x", ("dang", "uy", "x"), ()),
        ("(((", (), ()),
        ('"chuyển đổi" số', ("số",), (("chuyển", "đổi"),)),
        ("\u201cchuyển đổi\u201d", (), (("chuyển", "đổi"),)),
        ('"unclosed phrase', ("unclosed", "phrase"), ()),
        ("\x00da\x01ng\u200b", ("da", "ng"), ()),
        ("title:x AND y", ("title", "x", "and", "y"), ()),
    ],
)
def test_visitor_text_is_only_words_and_phrases(text, words, phrases):
    parsed = parse_words(text)
    assert (parsed.words, parsed.phrases) == (words, phrases)


def test_visitor_text_is_bounded():
    assert len(parse_words("đ " * 5000).words) == relevance.MAX_WORDS
    assert parse_words("x" * 10_000).words == ("x" * analysis.MAX_TERM_LENGTH,)
    assert parse_words("lone \ud800 surrogate").words == ("lone", "surrogate")


@settings(deadline=None)  # unit tests do not time things; the first call loads a dictionary
@given(st.text(max_size=600), st.booleans())
def test_any_text_gives_a_query_tree_or_none(text, prefix):
    words = parse_words(text, prefix)
    tree = relevance.text_query(words)
    assert (tree is None) == words.is_empty


def test_document_fields_hold_every_word_and_the_theme_labels_in_every_language():
    document = SearchDocument(
        id=1,
        translation_key="k",
        locale="vi",
        kind="article",
        title="Hoá đơn điện tử",
        url="/x/",
        body="Nội dung",
        directive_number="57-NQ/TW",
        themes=(Label("so", {"vi": "Chuyển đổi số", "en": "Digital transformation", "uk": "Цифрова трансформація"}),),
    )
    fields = relevance.document_fields(document)
    assert set(fields) == {f"{part}_vi" for part in ("text", "exact", "title", "directive_number", "prefix")}
    assert fields["exact_vi"][0] == "hóa đơn điện tử"
    assert fields["text_vi"][0] == "hoa don dien tu"
    assert "digital transformation" in fields["text_vi"]
    assert "цифрова трансформація" in fields["text_vi"]
    assert fields["prefix_vi"] == ["hoa don dien tu 57 nq tw"]


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("chuyen", "chuyen", False),
        ("chuyen", "chuyeen", True),
        ("chuyen", "chuyn", True),
        ("chuyen", "chuyan", True),
        ("chuyen", "cuhyen", True),
        ("chuyen", "uhcyen", False),
        ("chuyen", "chuy", False),
        ("", "a", True),
    ],
)
def test_one_edit_apart(a, b, near):
    assert one_edit_apart(a, b) is near
    assert one_edit_apart(b, a) is near


def _doc(pk: int, locale: str, text: str) -> SearchDocument:
    return SearchDocument(id=pk, translation_key=str(pk), locale=locale, kind="article", title=text, url="/")


def test_corrections_take_the_commonest_near_word_written_like_the_visitor():
    hits = [_doc(1, "vi", "Chuyển đổi số"), _doc(2, "vi", "chuyển giao"), _doc(3, "vi", "chuyến đi")]
    assert corrections(parse_words("chuyeen doi so"), hits) == {"chuyeen": "chuyen"}
    assert corrections(parse_words("chuyểnn"), hits) == {"chuyểnn": "chuyển"}
    assert corrections(parse_words("chuyen"), hits) == {}  # present as typed: nothing to correct
    assert corrections(parse_words("dang"), hits) == {}  # too short to be corrected
    english = [_doc(4, "en", "Digital transformation"), _doc(5, "en", "transformations")]
    assert corrections(parse_words("digital transfromation"), english) == {"transfromation": "transformation"}


def test_corrected_text_keeps_everything_else_as_typed():
    assert corrected_text("Chuyeen  đổi số 57-NQ/TW!", {"chuyeen": "chuyển"}) == "Chuyển  đổi số 57-NQ/TW!"
    assert corrected_text("x", {}) == "x"
    assert corrected_text("Petrovietnamm PETROVIETNAMM", {"petrovietnamm": "petrovietnam"}) == (
        "Petrovietnam PETROVIETNAM"
    )


# --- Snippets -----------------------------------------------------------------------------------------


def test_snippets_mark_words_as_they_were_matched_and_escape_the_rest():
    mark = marker(parse_words("dang uy"), "vi")
    assert highlighted("Đảng ủy <b>họp</b>", mark) == "<mark>Đảng</mark> <mark>ủy</mark> &lt;b&gt;họp&lt;/b&gt;"
    assert highlighted("Nothing here", mark) is None


def test_snippets_mark_lemmas_prefixes_and_near_words():
    assert "<mark>цифрової</mark>" in highlighted("етапи цифрової трансформації", marker(parse_words("цифрова"), "uk"))
    assert "<mark>transforming</mark>" in highlighted("transforming it", marker(parse_words("transfo", True), "en"))
    fuzzy = marker(parse_words("chuyeen"), "vi", fuzzy=True)
    assert "<mark>chuyển</mark>" in highlighted("Về chuyển đổi", fuzzy)


def test_function_words_of_a_long_query_are_not_marked():
    found = highlighted("kế hoạch của đảng ủy", marker(parse_words("kế hoạch của đảng ủy"), "vi"))
    assert "<mark>của</mark>" not in found and "<mark>kế</mark>" in found


def test_a_long_text_shows_the_passage_with_the_most_matches():
    text = "mở đầu " * 60 + "an ninh mạng và an ninh mạng " + "kết thúc " * 60
    snippet = highlighted(text, marker(parse_words("an ninh mạng"), "vi"))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert snippet.count("<mark>") == 6
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 202 + 2


def test_without_words_the_snippet_is_the_start_of_the_text():
    document = SearchDocument(
        id=1, translation_key="k", locale="vi", kind="article", title="t", url="/", summary="<b>Tóm tắt</b>"
    )
    assert Snippets(None).snippet(document) == "&lt;b&gt;Tóm tắt&lt;/b&gt;"
    assert Snippets(Words(words=())).snippet(document) == "&lt;b&gt;Tóm tắt&lt;/b&gt;"
