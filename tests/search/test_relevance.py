"""The relevance set: what visitors type in Vietnamese, Ukrainian and English, and what they must get.

Part of the backend contract suite: every case runs on each backend of
tests/search/test_backend_contract.py (Tantivy always, Elasticsearch when a server is given).
Each case names the problem of issue 13 it guards. Expected items are derived from the documents'
own text by the small, independent readers below (word stems and forms written out by hand,
Unicode folding done here), never from what an engine answered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest

from articles.number_queries import keys_in_query
from search import relevance
from search.backends.base import SearchBackend, SearchQuery
from search.documents import Label, SearchDocument
from tests.search.test_backend_contract import BACKENDS, make_backend

DIGITAL = Label("chuyen-doi-so", {"vi": "Chuyển đổi số", "en": "Digital transformation", "uk": "Цифрова трансформація"})
WELFARE = Label("an-sinh-xa-hoi", {"vi": "An sinh xã hội", "en": "Social welfare", "uk": "Соціальний захист"})
PARTY = Label("xay-dung-dang", {"vi": "Xây dựng Đảng", "en": "Party building", "uk": "Партійне будівництво"})
CENTRAL = Label("tw", {"vi": "Ban Chấp hành Trung ương", "en": "Central Committee", "uk": "Центральний комітет"})
PARTY_COMMITTEE = Label("du", {"vi": "Đảng ủy", "en": "Party committee", "uk": "Партком"})
RESOLUTION = Label("NQ", {"vi": "Nghị quyết", "en": "Resolution", "uk": "Резолюція"})
DISPATCH = Label("CV", {"vi": "Công văn", "en": "Official dispatch", "uk": "Службовий лист"})

# --- The corpus -----------------------------------------------------------------------------------


def doc(pk: int, locale: str, title: str, body: str = "", **fields) -> SearchDocument:
    fields.setdefault("kind", "article")
    fields.setdefault("translation_key", f"relevance-{pk}")
    fields.setdefault("date", date(2025, 1, 1 + pk % 28))
    return SearchDocument(
        id=pk, locale=locale, title=title, body=body, url=f"/{locale}/r/{pk}/", version=str(pk), **fields
    )


LATIN_I = "i"  # written apart so that the look-alike below is visible
UKRAINIAN = [
    doc(101, "uk", "Цифрова трансформація громад", "Громади запускають електронні послуги для мешканців."),
    doc(102, "uk", "Стратегія цифрової трансформації", "Документ визначає етапи цифрової трансформації до 2030 року."),
    doc(103, "uk", "Успіхи у цифровій трансформації", "Звіт про навчання працівників районних рад."),
    doc(104, "uk", "Кошти на цифрову трансформацію", "Уряд виділяє кошти на цифрову трансформацію областей."),
    doc(105, "uk", "Керувати цифровою трансформацією", "Керівники вчаться керувати цифровою трансформацією."),
    doc(
        106,
        "uk",
        "Партійні організації і навчання",
        "Партійна організація проводить збори; членів партійних організацій навчають щомісяця.",
    ),
    doc(107, "uk", "Пам'ять про героїв", "Вшанування пам\u2019яті загиблих відбулося в неділю."),
    doc(108, "uk", "Пам\u02bcять поколінь", "Виставка про минуле міста."),
    doc(109, "uk", f"Цифров{LATIN_I} сервіси міста", "Мешканці отримують довідки онлайн."),
    doc(110, "uk", "Державна служба зайнятості", "Працівники державної служби допомагають шукати роботу."),
    doc(111, "uk", "Навчання працівників", "Курси для нових працівників тривають місяць.", themes=(WELFARE,)),
]
VIETNAMESE = [
    doc(201, "vi", "Bàn giao hồ sơ đảng viên", "Chi bộ hoàn thành bàn giao hồ sơ trước tháng sáu."),
    doc(202, "vi", "Bán đấu giá tài sản công", "Quy định mới về bán tài sản nhà nước."),
    doc(203, "vi", "Bạn đọc góp ý dự thảo", "Ý kiến của bạn đọc gửi về tòa soạn."),
    doc(204, "vi", "Ban Tuyên giáo triển khai kế hoạch", "Ban chỉ đạo họp định kỳ hằng tháng."),
    doc(205, "vi", "Hoà giải ở cơ sở", "Tổ hoà giải giúp người dân giải quyết mâu thuẫn."),
    doc(206, "vi", "Thuỷ lợi nội đồng", "Xã nạo vét kênh mương phục vụ sản xuất."),
    doc(207, "vi", "Hòa nhập cộng đồng", "Người khuyết tật được hỗ trợ học nghề."),
    doc(208, "vi", "Thủy sản xuất khẩu", "Giá cá tra tăng trong quý ba."),
    doc(209, "vi", "Hóa chất độc hại", "Quy định về lưu giữ chất độc trong kho."),
    doc(210, "vi", "Hoá đơn điện tử", "Doanh nghiệp chuyển sang dùng chứng từ điện tử."),
    doc(211, "vi", "Sắp xếp bộ máy tinh gọn", "Trung ương yêu cầu sắp xếp bộ máy trước tháng sáu."),
    doc(212, "vi", "Lịch làm việc của Bộ", "Sắp tới, Bộ sẽ xếp lịch kiểm tra máy móc ở các nhà máy."),
    doc(213, "vi", "Tinh gọn hành chính", "Việc sắp xếp lại bộ máy hành chính được đẩy nhanh."),
    doc(214, "vi", "Kế hoạch tuyên truyền năm 2025", "Đảng ủy ban hành kế hoạch tuyên truyền cho cả năm."),
    doc(215, "vi", "Chính sách hỗ trợ người lao động", "Người lao động mất việc được hỗ trợ học nghề."),
    doc(216, "vi", "Hội nghị tổng kết", "Các đại biểu thảo luận về nhiệm vụ năm tới.", themes=(DIGITAL,)),
    doc(217, "vi", "Bản tin tháng", "Tổng hợp các hoạt động trong tháng.", themes=(WELFARE,)),
    doc(218, "vi", "Bảo vệ dữ liệu máy chủ", "Cơ quan bảo vệ dữ liệu trên máy chủ của mình."),
    doc(219, "vi", "Bảo vệ dữ liệu cá nhân", "Người dân cần bảo vệ dữ liệu trên máy tính."),
]
ENGLISH = [
    doc(
        301,
        "en",
        "Organisation of the training programme centre",
        "The centre organises training programmes and analysed labour data.",
    ),
    doc(302, "en", "Organization of the program center", "The center organizes training programs every year."),
    doc(303, "en", "Transforming public services", "Public services moved online with digital platforms."),
    doc(304, "en", "Annual report", "A summary of the year's events and meetings.", themes=(DIGITAL,)),
    doc(305, "en", "Labor market update", "Employment grew in the second quarter."),
]
DIRECTIVES = [
    doc(
        401,
        "vi",
        "Nghị quyết 57-NQ/TW về chuyển đổi số",
        "Nghị quyết về khoa học, công nghệ.",
        kind="directive",
        directive_number="57-NQ/TW",
        directive_key="57-nq-tw",
        issuer=CENTRAL,
        document_type=RESOLUTION,
    ),
    doc(
        402,
        "uk",
        "Резолюція 57-NQ/TW про цифрову трансформацію",
        "Резолюція про науку і технології.",
        kind="directive",
        translation_key="relevance-401",
        directive_number="57-NQ/TW",
        directive_key="57-nq-tw",
        issuer=CENTRAL,
        document_type=RESOLUTION,
    ),
    doc(
        403,
        "en",
        "Resolution 57-NQ/TW on digital transformation",
        "A resolution on science and technology.",
        kind="directive",
        translation_key="relevance-401",
        directive_number="57-NQ/TW",
        directive_key="57-nq-tw",
        issuer=CENTRAL,
        document_type=RESOLUTION,
    ),
    doc(
        404,
        "vi",
        "Công văn 380-CV/ĐU về tuyên truyền",
        "Đảng ủy hướng dẫn tuyên truyền Nghị quyết 57-NQ/TW.",
        kind="directive",
        directive_number="380-CV/ĐU",
        directive_key="380-cv-du",
        cited_numbers=("57-NQ/TW",),
        cited_keys=("57-nq-tw",),
        issuer=PARTY_COMMITTEE,
        document_type=DISPATCH,
    ),
    doc(
        405,
        "vi",
        "Chi bộ học tập Nghị quyết",
        "Thực hiện Công văn 380-CV/ĐU và Nghị quyết 57-NQ/TW.",
        cited_numbers=("380-CV/ĐU", "57-NQ/TW"),
        cited_keys=("380-cv-du", "57-nq-tw"),
    ),
]

PHRASE_PAIRS = [
    # (language, phrase, filler words): one item holds the phrase, its twin the same words scattered.
    ("vi", "sắp xếp bộ máy", "năm nay các đơn vị cần hoàn thành kiểm tra báo cáo"),
    ("vi", "chuyển đổi số", "năm nay các đơn vị cần hoàn thành kiểm tra báo cáo"),
    ("vi", "an ninh mạng", "cán bộ phụ trách thường xuyên theo dõi hệ thống thông tin"),
    ("vi", "đảng viên mới", "chi bộ tổ chức lễ kết nạp vào cuối tháng tại hội trường"),
    ("vi", "kinh tế số", "hội thảo bàn về những cơ hội và thách thức trong giai đoạn"),
    ("vi", "cải cách hành chính", "tỉnh đặt mục tiêu rút ngắn thời gian giải quyết hồ sơ"),
    ("en", "public health policy", "the committee met on monday to review the annual budget"),
    ("en", "national digital strategy", "the committee met on monday to review the annual budget"),
    ("uk", "державна служба зайнятості", "комітет зібрався в понеділок щоб переглянути річний бюджет"),
    ("uk", "цифрова освіта молоді", "комітет зібрався в понеділок щоб переглянути річний бюджет"),
]


def _pair_documents() -> list[SearchDocument]:
    documents = []
    for n, (language, phrase, filler) in enumerate(PHRASE_PAIRS):
        words, rest = phrase.split(), filler.split()
        together = " ".join([*rest[:4], *words, *rest[4:]])
        scattered = " ".join([rest[0], words[0], *rest[1:4], words[1], *rest[4:7], *words[2:3], *rest[7:], *words[3:]])
        title = {"vi": "Tin vắn", "en": "Brief", "uk": "Коротко"}[language]
        documents.append(doc(500 + 2 * n, language, f"{title} {2 * n}", together))
        documents.append(doc(501 + 2 * n, language, f"{title} {2 * n + 1}", scattered))
    return documents


PAIRS = _pair_documents()
CORPUS = [*UKRAINIAN, *VIETNAMESE, *ENGLISH, *DIRECTIVES, *PAIRS]
BY_ID = {document.id: document for document in CORPUS}

# --- Reading the documents' text, independently of the engines -------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['\u2019\u02bc][^\W_]+)*")
_LATIN_LOOKALIKES = str.maketrans("aceiopxy", "асеіорху")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not ("\u0300" <= c <= "\u036f")))


def words_of(document: SearchDocument, folded: bool = False) -> list[str]:
    labels = " ".join(label for theme in document.themes for label in theme.labels.values())
    text = " ".join([document.title, document.summary, document.body, document.transcript, labels]).lower()
    words = []
    for word in _WORD.findall(text):
        word = re.sub("['\u2019\u02bc]", "'", word)
        if re.search("[а-яіїєґ]", word):
            word = word.translate(_LATIN_LOOKALIKES)
        words.append(_fold(word) if folded else unicodedata.normalize("NFC", word))
    return words


def with_stems(*stems: str, language: str | None = None) -> set[int]:
    """Items in `language` having, for every stem, a word starting with it (forms written by hand)."""
    return {
        d.id
        for d in CORPUS
        if (language is None or d.locale == language) and all(any(w.startswith(s) for w in words_of(d)) for s in stems)
    }


def with_words(*words: str, folded: bool = False, language: str | None = None) -> set[int]:
    """Items having every one of these words (as whole words; compared without tones when `folded`)."""
    wanted = [_fold(w) if folded else w for w in words]
    return {
        d.id
        for d in CORPUS
        if (language is None or d.locale == language) and set(wanted) <= set(words_of(d, folded=folded))
    }


def with_phrase(phrase: str, language: str | None = None) -> set[int]:
    """Items whose text holds the words of `phrase` one after the other, exactly."""
    wanted = phrase.lower().split()
    found = set()
    for d in CORPUS:
        words = words_of(d)
        if (language is None or d.locale == language) and any(
            words[i : i + len(wanted)] == wanted for i in range(len(words))
        ):
            found.add(d.id)
    return found


def filed_under(theme: Label, language: str | None = None) -> set[int]:
    return {d.id for d in CORPUS if theme in d.themes and (language is None or d.locale == language)}


# --- Backends -------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request, tmp_path_factory) -> Iterator[SearchBackend]:
    with make_backend(request.param, tmp_path_factory.mktemp(f"relevance-{request.param}")) as backend:
        backend.rebuild(CORPUS)
        yield backend


def ranked(backend: SearchBackend, text: str, locale: str | None = None, **params) -> list[int]:
    """Ids of the first page at the API's largest page size (phrases reorder the first pages)."""
    query = SearchQuery(text=text, locale=locale, per_page=relevance.RESCORE_WINDOW, **params)
    results = backend.search(query)
    assert results.total <= relevance.RESCORE_WINDOW, "a case must find no more than a page"
    return [hit.document.id for hit in results.hits]


@dataclass(frozen=True)
class Case:
    problem: str
    text: str
    locale: str | None
    includes: Callable[[], set[int]] = set
    """Items that must be found."""
    excludes: Callable[[], set[int]] = set
    """Items that must not be found."""
    first: Callable[[], set[int]] = set
    """Items that must come before every other result (in any order among themselves)."""
    before: tuple[Callable[[], set[int]], Callable[[], set[int]]] | None = None
    """Every item of the first set ranks above every item of the second."""
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.problem}: {self.text!r}"


def _not(ids: set[int], *others: int) -> Callable[[], set[int]]:
    return lambda: ids - set(others)


UK_FORMS = [
    ("цифрова трансформація", 101),
    ("цифрової трансформації", 102),
    ("цифровій трансформації", 103),
    ("цифрову трансформацію", 104),
    ("цифровою трансформацією", 105),
]
CASES: list[Case] = [
    # Ukrainian: every case form finds the others, its own form first.
    *(
        Case(
            "uk inflection",
            text,
            "uk",
            includes=lambda: with_stems("цифров", "трансформаці", language="uk"),
            first=lambda own=own: {own},
        )
        for text, own in UK_FORMS
    ),
    Case(
        "uk inflection",
        "трансформацією",
        "uk",
        includes=lambda: with_stems("трансформаці", language="uk"),
        first=lambda: {105},
    ),
    Case("uk inflection", "трансформації", None, includes=lambda: with_stems("трансформаці", language="uk")),
    Case(
        "uk inflection",
        "партійна організація",
        "uk",
        includes=lambda: with_stems("партійн", "організаці", language="uk"),
    ),
    Case("uk inflection", "партійних організацій", "uk", includes=lambda: {106}, first=lambda: {106}),
    Case("uk inflection", "державної служби", "uk", includes=lambda: with_stems("державн", "служб", language="uk")),
    Case("uk inflection", "державна служба", "uk", first=lambda: {110, *with_phrase("державна служба")}),
    Case("uk inflection", "працівник", "uk", includes=lambda: with_stems("працівник", language="uk")),
    Case("uk inflection", "громада", "uk", includes=lambda: {101}),
    Case("uk inflection", "кошти", "uk", includes=lambda: {104}, excludes=lambda: {101, 102, 103}),
    # Apostrophes: ' ’ ʼ are one letter.
    *(
        Case("uk apostrophe", text, "uk", includes=lambda: with_stems("пам'ят", language="uk"))
        for text in ("пам'ять", "пам\u2019ять", "пам\u02bcять", "ПАМ'ЯТЬ")
    ),
    Case("uk apostrophe", "пам\u02bcяті", "uk", includes=lambda: {107, 108}),
    # Latin look-alikes inside Cyrillic words, in queries and in documents.
    Case("uk look-alike", f"цифров{LATIN_I}", "uk", includes=lambda: with_stems("цифров", language="uk")),
    Case("uk look-alike", "цифрові сервіси", "uk", includes=lambda: {109}, first=lambda: {109}),
    Case("uk look-alike", "сeрвіси", "uk", includes=lambda: {109}),  # a Latin e
    Case("uk look-alike", "CЕРВІСИ", "uk", includes=lambda: {109}),  # a Latin C
    # Vietnamese: folded matching, exact tones first.
    Case("vi tones", "bán", "vi", includes=lambda: with_words("ban", folded=True), first=lambda: {202}),
    Case("vi tones", "bàn", "vi", includes=lambda: with_words("ban", folded=True), first=lambda: {201}),
    Case("vi tones", "bạn", "vi", includes=lambda: with_words("ban", folded=True), first=lambda: {203}),
    # Typed without tones, every tone is as good: all are found, none is preferred.
    Case("vi tones", "ban", "vi", includes=lambda: with_words("ban", folded=True)),
    Case("vi tones", "bàn giao", "vi", first=lambda: {201}),
    Case("vi tones", "ban giao", "vi", includes=lambda: with_words("ban", "giao", folded=True)),
    Case("vi tones", "dang vien", "vi", includes=lambda: with_words("dang", "vien", folded=True)),
    # Vietnamese: both tone placements are one spelling.
    Case("vi tone placement", "hòa giải", "vi", first=lambda: {205}),
    Case("vi tone placement", "hoà nhập", "vi", first=lambda: {207}),
    Case("vi tone placement", "thủy lợi", "vi", first=lambda: {206}),
    Case("vi tone placement", "thuỷ sản", "vi", first=lambda: {208}),
    Case("vi tone placement", "hóa", "vi", first=lambda: {209, 210}, includes=lambda: {205, 207}),
    Case("vi tone placement", "hoà", "vi", first=lambda: {205, 207}, includes=lambda: {209, 210}),
    # Phrases: the exact phrase first, then the words near each other, then scattered.
    Case(
        "vi phrase",
        "sắp xếp bộ máy",
        "vi",
        first=lambda: with_phrase("sắp xếp bộ máy", "vi"),
        before=(lambda: {213}, lambda: {212}),
    ),
    # Function words are optional once there are three words or more.
    Case(
        "vi function words",
        "kế hoạch của đảng ủy",
        "vi",
        includes=lambda: with_words("kế", "hoạch", "đảng", "ủy", language="vi"),
    ),
    Case(
        "vi function words",
        "chính sách cho người lao động",
        "vi",
        includes=lambda: with_words("chính", "sách", "người", "lao", "động"),
        first=lambda: {215},
    ),
    Case("vi function words", "các hồ sơ của đảng viên", "vi", includes=lambda: {201}, first=lambda: {201}),
    Case("uk function words", "навчання для працівників", "uk", includes=lambda: {111}, first=lambda: {111}),
    Case("uk function words", "стратегія з цифрової трансформації", "uk", first=lambda: {102}),
    Case("en function words", "the organization of a program", "en", includes=lambda: {301, 302}),
    Case("en function words", "transformation of the public services", "en", includes=lambda: {303}),
    # From three words on, one may be missing; items with them all rank first.
    Case(
        "vi minimum should match",
        "bảo vệ dữ liệu máy chủ",
        "vi",
        includes=lambda: {218, 219},
        first=lambda: with_words("bảo", "vệ", "dữ", "liệu", "máy", "chủ", language="vi"),
    ),
    Case("vi minimum should match", "tuyên truyền kế hoạch 2025 đảng ủy", "vi", includes=lambda: {214}),
    Case(
        "uk minimum should match",
        "звіт про навчання працівників рад",
        "uk",
        includes=lambda: {103},
        first=lambda: {103},
    ),
    # Theme labels in every language find the items filed under the theme.
    Case("themes", "Digital transformation", "vi", includes=lambda: filed_under(DIGITAL, "vi")),
    Case("themes", "Цифрова трансформація", "vi", includes=lambda: filed_under(DIGITAL, "vi")),
    Case("themes", "chuyển đổi số", "en", includes=lambda: filed_under(DIGITAL, "en")),
    Case("themes", "Social welfare", "uk", includes=lambda: filed_under(WELFARE, "uk")),
    Case("themes", "an sinh xa hoi", "vi", includes=lambda: filed_under(WELFARE, "vi"), first=lambda: {217}),
    # English: British and US spellings are one word.
    Case("en spelling", "organisation", "en", includes=lambda: {301, 302}, first=lambda: {301}),
    Case("en spelling", "organization", "en", includes=lambda: {301, 302}, first=lambda: {302}),
    Case("en spelling", "programme", "en", includes=lambda: {301, 302}, first=lambda: {301}),
    Case("en spelling", "program center", "en", includes=lambda: {301, 302}, first=lambda: {302}),
    Case("en spelling", "centre", "en", includes=lambda: {301, 302}),
    Case("en spelling", "labor", "en", includes=lambda: {301, 305}),
    Case("en spelling", "analyzed", "en", includes=lambda: {301}),
    Case("en spelling", "transform", "en", includes=lambda: {303}),
    # Typo fallback: long words may be one edit away, short ones never.
    Case("typo", "chuyeen", "vi", includes=lambda: with_words("chuyển", language="vi"), params={"fuzzy": True}),
    Case("typo", "trasformation", "en", includes=lambda: {304}, params={"fuzzy": True}),
    Case("typo", "цифрвої", "uk", includes=lambda: {102}, params={"fuzzy": True}),
    Case("typo", "organisatoin", "en", includes=lambda: {301}, params={"fuzzy": True}),
    Case("typo", "bam", "vi", excludes=lambda: with_words("ban", folded=True), params={"fuzzy": True}),
]
CASES += [
    Case(
        "phrase pair",
        phrase,
        language,
        before=(
            lambda n=n: {500 + 2 * n},
            lambda n=n: {501 + 2 * n},
        ),
    )
    for n, (language, phrase, _filler) in enumerate(PHRASE_PAIRS)
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_relevance(engine, case):
    results = ranked(engine, case.text, case.locale, **case.params)
    found = set(results)
    assert case.includes() <= found, f"missing {case.includes() - found}"
    assert not case.excludes() & found, f"found {case.excludes() & found}"
    if first := case.first():
        assert set(results[: len(first)]) == first, f"first {results[: len(first)]}, expected {first}"
    if case.before:
        higher, lower = case.before[0](), case.before[1]()
        assert higher <= found and lower <= found
        assert max(results.index(pk) for pk in higher) < min(results.index(pk) for pk in lower), results


# --- Numbers: the site's parser, then the backend -------------------------------------------------

NUMBER_CASES = [
    ("Nghị quyết số 57", "vi", "57-nq-tw"),
    ("Nghị quyết No. 57", "vi", "57-nq-tw"),
    ("Resolution № 57", "en", "57-nq-tw"),
    ("Resolution No 57", "en", "57-nq-tw"),
    ("resolutions 57", "en", "57-nq-tw"),
    ("Резолюцією 57", "uk", "57-nq-tw"),
    ("резолюції 57", "uk", "57-nq-tw"),
    ("Резолюція № 57", "uk", "57-nq-tw"),
    ("380 \u0421V ĐU", "vi", "380-cv-du"),  # a Cyrillic С
    ("380 \u0441v đu", "vi", "380-cv-du"),  # a small Cyrillic с
    ("Công văn số 380", "vi", "380-cv-du"),
    ("công văn No. 380", "vi", "380-cv-du"),
    ("dispatches 380", "vi", "380-cv-du"),
]


@pytest.mark.parametrize(("text", "locale", "key"), NUMBER_CASES)
def test_number_spellings_find_the_directive_first(engine, text, locale, key):
    parsed = keys_in_query(text)
    assert key in parsed.keys
    results = ranked(engine, parsed.remaining_text, locale, directive_keys=parsed.keys)
    own = {d.id for d in CORPUS if d.directive_key == key and d.locale == locale}
    citing = {d.id for d in CORPUS if key in d.cited_keys and d.locale == locale}
    assert set(results[: len(own)]) == own
    assert citing <= set(results)


# --- Search as you type: against the words of titles, never their stems ---------------------------

SUGGEST_CASES = [
    ("organizat", "en", {302}),
    ("organisat", "en", {301}),
    ("programm", "en", {301}),
    ("transformi", "en", {303}),
    ("цифрово", "uk", {105}),
    ("трансформаці", "uk", {101, 102, 103, 104, 105}),
    ("hoà g", "vi", {205}),
]


@pytest.mark.parametrize(("typed", "locale", "expected"), SUGGEST_CASES)
def test_suggestions_complete_the_words_of_titles(engine, typed, locale, expected):
    titles = engine.suggest(typed, locale, limit=20)
    assert {BY_ID[pk].title for pk in expected} <= set(titles)
    last = typed.split()[-1].casefold()
    for title in titles:
        assert any(_fold(word).startswith(_fold(last)) for word in title.casefold().split()), title


def test_the_set_is_large_enough():
    assert len(CASES) + len(NUMBER_CASES) + len(SUGGEST_CASES) >= 60
