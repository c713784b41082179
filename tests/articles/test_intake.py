"""Intake from the official document (articles.intake, articles.intake_views, `import_directive`).

The seed dispatch 380-CV/ĐU is read from its text, from a PDF with a text layer made here (Noto Sans
embedded, written by `_text_pdf`), and from an image-only "scan" (home.demo_media.make_pdf) through
Tesseract where it is installed. The admin flow goes upload → review → draft, and nothing is saved
before the editor confirms.
"""

import datetime
import io
import json
import struct
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission, Page
from wagtail.users.models import UserProfile

from articles.directive_numbers import parse_directive_number
from articles.intake import IntakeError, draft_page, ocr_available, read_directive, read_pdf
from articles.models import DirectivePage, DirectiveRelation, DocumentType, IssuingBody
from home.demo_media import make_pdf
from tests.articles.factories import DirectiveIndexPageFactory
from tests.articles.site_builder import add_directive

SEED = Path(__file__).resolve().parent / "fixtures" / "dispatch_380.txt"
"""Dispatch 380-CV/ĐU laid out as the official document is (header, number, subject, date, addressees,
body with the three citations, a sentence broken by a page, recipients, signer), its body in our words."""
FONT = Path(__file__).resolve().parents[2] / "articles" / "fonts" / "NotoSans-Regular.ttf"
START = "/admin/directives/from-document/"
CREATE = "/admin/directives/from-document/create/"
GARBAGE = "Lorem ipsum dolor sit amet.\nConsectetur adipiscing elit, 42 apples and 7 pears.\n"

SUBJECT = (
    "V/v triển khai thực hiện Kế hoạch truyền thông thúc đẩy chuyển đổi số liên thông, đồng bộ, nhanh, "
    "hiệu quả đáp ứng yêu cầu sắp xếp tổ chức bộ máy của hệ thống chính trị"
)
RECIPIENTS = [
    "Nhu kính gửi",
    "Văn phòng Trung ương Đảng",
    "Cơ quan Thường trực Ban Chỉ đạo (để b/c)",
    "Đ/c Bí thư Đảng ủy, Thủ tướng CP (để b/c)",
    "Đ/c Phó Bí thư TT Đảng ủy, Phó TTg TTCP (để b/c)",
    "Các đ/c Phó Bí thư Đảng ủy CP",
    "Các đ/c Ủy viên BTV Đảng ủy CP",
    "Lưu VT, Ban TGDV (3b)",
]
CITED = [
    ("57-NQ/TW", "implements", datetime.date(2024, 12, 22)),
    ("02-KH/BCĐTW", "based_on", datetime.date(2025, 6, 19)),
    ("03-KH/BCĐTW", "deploys", datetime.date(2025, 7, 28)),
]


# --- a PDF with a real text layer ----------------------------------------------------------------------


def _font_tables(font: bytes) -> dict[bytes, bytes]:
    count = struct.unpack(">H", font[4:6])[0]
    tables = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack(">4sIII", font[12 + 16 * index : 28 + 16 * index])
        tables[tag] = font[offset : offset + length]
    return tables


def _glyph_ids(cmap: bytes) -> dict[int, int]:
    """Unicode → glyph id, from the font's (3, 1) format 4 character map."""
    for index in range(struct.unpack(">H", cmap[2:4])[0]):
        platform, encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * index : 12 + 8 * index])
        if (platform, encoding) != (3, 1) or struct.unpack(">H", cmap[offset : offset + 2])[0] != 4:
            continue
        table = cmap[offset:]
        segments = struct.unpack(">H", table[6:8])[0] // 2

        def array(start: int, segments: int = segments, table: bytes = table) -> tuple[int, ...]:
            return struct.unpack(f">{segments}H", table[start : start + 2 * segments])

        ends, starts = array(14), array(16 + 2 * segments)
        deltas, ranges_at = array(16 + 4 * segments), 16 + 6 * segments
        ranges = array(ranges_at)
        ids = {}
        for segment in range(segments):
            for code in range(starts[segment], min(ends[segment], 0xFFFE) + 1):
                if ranges[segment] == 0:
                    glyph = (code + deltas[segment]) & 0xFFFF
                else:
                    at = ranges_at + 2 * segment + ranges[segment] + 2 * (code - starts[segment])
                    glyph = struct.unpack(">H", table[at : at + 2])[0]
                    glyph = (glyph + deltas[segment]) & 0xFFFF if glyph else 0
                if glyph:
                    ids[code] = glyph
        return ids
    raise ValueError("the font has no format 4 character map")


def _text_pdf(lines: list[str], size: float = 10, width: float = 595, height: float = 842) -> bytes:
    """A4 pages of `lines`, wrapped, in Noto Sans embedded as a CID font with a ToUnicode map, as a
    word processor would write them: a text layer that PDF readers extract."""
    font = FONT.read_bytes()
    tables = _font_tables(font)
    glyphs = _glyph_ids(tables[b"cmap"])
    units = struct.unpack(">H", tables[b"head"][18:20])[0]
    metrics = struct.unpack(">H", tables[b"hhea"][34:36])[0]

    def advance(glyph: int) -> int:
        at = 4 * min(glyph, metrics - 1)
        return struct.unpack(">H", tables[b"hmtx"][at : at + 2])[0]

    def measure(text: str) -> float:
        return sum(advance(glyphs.get(ord(char), 0)) for char in text) * size / units

    margin, leading = 56, size * 1.4
    printed: list[str | None] = []
    for line in lines:
        if not line.strip():
            printed.append(None)
            continue
        current = ""
        for word in line.split():
            if current and measure(f"{current} {word}") > width - 2 * margin:
                printed.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        printed.append(current)
    per_page = int((height - 2 * margin) // leading)
    pages = [printed[start : start + per_page] for start in range(0, len(printed), per_page)]
    used = sorted({glyphs.get(ord(char), 0): char for line in printed if line for char in line}.items())

    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: str = "") -> bytes:
        return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"

    font_file = add(stream(font, f"/Length1 {len(font)} "))
    descriptor = add(
        f"<< /Type /FontDescriptor /FontName /NotoSans /Flags 32 /FontBBox [-600 -300 1500 1100] /ItalicAngle 0 "
        f"/Ascent 1069 /Descent -293 /CapHeight 714 /StemV 80 /FontFile2 {font_file} 0 R >>".encode()
    )
    widths = " ".join(f"{glyph} [{advance(glyph) * 1000 // units}]" for glyph, _char in used)
    cid_font = add(
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NotoSans /CIDSystemInfo << /Registry (Adobe) "
        f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /W [{widths}] "
        f"/CIDToGIDMap /Identity >>".encode()
    )
    pairs = [(glyph, char) for glyph, char in used if glyph]
    to_unicode = add(
        stream(
            (
                "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) "
                "/Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def "
                "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                f"{len(pairs)} beginbfchar\n"
                + "\n".join(f"<{glyph:04X}> <{ord(char):04X}>" for glyph, char in pairs)
                + "\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
            ).encode()
        )
    )
    type0 = add(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /NotoSans /Encoding /Identity-H "
        f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>".encode()
    )
    pages_id = len(objects) + 1 + 2 * len(pages)
    page_ids = []
    for page in pages:
        commands, y = [], height - margin
        for line in page:
            if line is not None:
                codes = "".join(f"{glyphs.get(ord(char), 0):04X}" for char in line)
                commands.append(f"BT /F1 {size} Tf {margin} {y:.1f} Td <{codes}> Tj ET")
            y -= leading
        content = add(stream("\n".join(commands).encode()))
        page_ids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {width} {height}] "
                f"/Resources << /Font << /F1 {type0} 0 R >> >> /Contents {content} 0 R >>".encode()
            )
        )
    kids = " ".join(f"{page_id} 0 R" for page_id in page_ids)
    assert add(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()) == pages_id
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# --- fixtures --------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the admin views use each user's own language)."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_pdf(seed_text) -> bytes:
    return _text_pdf(seed_text.splitlines())


@pytest.fixture(scope="module")
def scanned_text(seed_text) -> str:
    """Tesseract's reading of an image-only PDF of the dispatch's first and last lines (two pages,
    to keep the suite quick); read once for the module."""
    if reason := ocr_available():
        pytest.skip(reason)
    lines = [line for line in seed_text.splitlines() if line.strip()]
    scan = make_pdf(lines[0], [*lines[1:12], *lines[-12:]], name="scan.pdf").read()
    return read_pdf(scan)


@pytest.fixture
def site(home_pages):
    """A register, the Government Party Committee as an issuing body, and 57-NQ/TW published."""
    register = DirectiveIndexPageFactory(parent=home_pages["vi"])
    committee = IssuingBody.objects.create(
        abbreviation="ĐU", name="Đảng ủy Chính phủ", name_vi="Đảng ủy Chính phủ", name_en="Government Party Committee"
    )
    resolution = add_directive(register, number="57-NQ/TW", title="Nghị quyết 57", slug="nq-57")
    return {"register": register, "committee": committee, "resolution": resolution}


def _assert_seed_fields(result, committee) -> None:
    assert result.can_draft
    assert result.issuing_body.value == committee and result.issuing_body.sure
    assert result.number.value == parse_directive_number("380-CV/ĐU") and result.number.sure
    assert result.number.source == "Số 380 -CV/ĐU"
    assert result.document_type.value == DocumentType.objects.get(code="CV")
    assert result.place.value == "Hà Nội"
    assert result.issue_date.value == datetime.date(2025, 8, 18)
    assert result.subject.value == SUBJECT
    assert result.addressees.value == ["Các đảng ủy trực thuộc"]
    assert result.recipients.value == RECIPIENTS
    assert result.signer_name.value == "Nguyễn Đức Phong"
    assert result.signer_title.value == "T/M BAN THƯỜNG VỤ, PHÓ BÍ THƯ"
    body = result.body.value
    assert body[0].startswith("Thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá")
    assert body[0].endswith("đảng ủy trực thuộc tập trung thực hiện một số nội dung trọng tâm sau:")
    assert body[1].startswith("1. Lãnh đạo, quán triệt") and body[1].endswith("của hệ thống chính trị")
    assert body[-1] == (
        "Đề nghị các đảng ủy trực thuộc thực hiện nghiêm túc và gửi báo cáo kết quả về Đảng ủy Chính phủ "
        "(qua Ban Tuyên giáo và Dân vận)."
    )
    # A sentence broken by a page ("… nội dung" / "phải bám sát …") is one paragraph again.
    assert any("podcast...; nội dung phải bám sát mục tiêu" in paragraph for paragraph in body)
    assert any("truyền thông thường xuyên trong suốt" in paragraph for paragraph in body)
    assert not any(paragraph.startswith(("Nơi nhận", "T/M", "Nguyễn")) for paragraph in body)
    assert [(c.number.printed, c.relation, c.date) for c in result.citations] == CITED
    assert all(citation.sure for citation in result.citations)


# --- reading -------------------------------------------------------------------------------------------------


def test_seed_text_fills_every_field_with_the_three_cited_directives(site, seed_text):
    result = read_directive(seed_text, locale=site["register"].locale)

    _assert_seed_fields(result, site["committee"])
    assert result.problems == []
    assert [citation.page for citation in result.citations] == [site["resolution"], None, None]
    assert result.citations[1].source.startswith("căn cứ Kế hoạch số 02-KH/BCĐTW")


def test_pdf_with_a_text_layer_reads_the_same_as_the_text(site, seed_text, seed_pdf):
    text = read_pdf(seed_pdf)

    assert "Số 380 -CV/ĐU" in text
    result = read_directive(text, locale=site["register"].locale)
    _assert_seed_fields(result, site["committee"])
    assert result.body.value == read_directive(seed_text).body.value


def test_scanned_pdf_goes_through_ocr_with_number_date_and_issuer_right(site, scanned_text):
    result = read_directive(scanned_text)

    assert result.number.value.printed == "380-CV/ĐU"
    assert result.issue_date.value == datetime.date(2025, 8, 18)
    assert result.issuing_body.value == site["committee"]
    assert result.signer_name.value == "Nguyễn Đức Phong"
    assert [(c.number.printed, c.relation) for c in result.citations][:2] == [
        ("57-NQ/TW", "implements"),
        ("02-KH/BCĐTW", "based_on"),
    ]


def test_a_scan_without_tesseract_names_the_debian_packages_to_install(monkeypatch, tmp_path, seed_text):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract, no pdftoppm
    scan = make_pdf("ĐẢNG ỦY CHÍNH PHỦ", ["Số 380 -CV/ĐU"], name="scan.pdf").read()

    with pytest.raises(IntakeError) as error:
        read_pdf(scan)

    assert "tesseract-ocr tesseract-ocr-vie" in str(error.value)


def test_garbage_gives_a_clear_message_and_no_draft(site):
    result = read_directive(GARBAGE)

    assert not result.can_draft
    assert result.number is None and result.issue_date is None and result.issuing_body is None
    assert [str(problem) for problem in result.problems] == [
        "This does not look like an official document: no number (“Số …”), no date (“…, ngày … tháng … năm …”) "
        "and no issuing body were found. Nothing was filled in."
    ]
    with pytest.raises(IntakeError):
        draft_page(result, site["register"])
    with translation.override("vi"):
        assert str(result.problems[0]).startswith("Đây không giống một văn bản chính thức")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello", "not a PDF"),
        (b"%PDF-1.4\n garbage", "could not be read"),
        (b"%PDF-" + b"0" * (20 * 1024 * 1024), "larger than 20 MB"),
    ],
)
def test_a_bad_pdf_is_refused_with_a_message(data, message):
    with pytest.raises(IntakeError) as error:
        read_pdf(data)

    assert message in str(error.value)


@pytest.mark.parametrize(
    ("sentence", "relation"),
    [
        ("Thực hiện Nghị quyết số 57-NQ/TW", "implements"),
        ("Căn cứ Hướng dẫn số 12-HD/TW", "based_on"),
        ("triển khai Kế hoạch số 03-KH/BCĐTW", "deploys"),
        ("hướng dẫn thi hành Nghị định số 30/2020/NĐ-CP", "guides"),
        ("sửa đổi, bổ sung Quyết định số 208-QĐ/ĐU", "amends"),
        ("bổ sung Quy chế số 5-QC/TW", "supplements"),
        ("thay thế Chỉ thị số 10-CT/TW", "replaces"),
        ("bãi bỏ Quy định số 7-QyĐ/TW", "repeals"),
        ("đính chính Thông báo số 9-TB/TW", "corrects"),
        ("theo tinh thần Kết luận số 12-KL/TW", "related"),
    ],
)
def test_the_verb_before_a_cited_number_gives_the_relation(db, sentence, relation):
    text = (
        "ĐẢNG ỦY CHÍNH PHỦ\nSố 1-CV/ĐU\nV/v thử\nHà Nội, ngày 2 tháng 9 năm 2025\n"
        f"Kính gửi: Các đảng ủy\n{sentence}, đề nghị các đảng ủy thực hiện.\n"
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn An\n"
    )
    result = read_directive(text)

    assert [(citation.relation, citation.sure) for citation in result.citations] == [(relation, relation != "related")]


def test_ocr_noise_and_number_variants_are_tolerated(db):
    text = (
        "ÐẢNG ỦY CHÍNH PHỦ\nSố:  57NQ – TW\nÐà Nẵng, ngày 3/2/2025\nV/v thử nghiệm\n"
        "Căn cứ Kế hoạch 02 - KH / BCĐTW;\nNơi nhận:\n- Như trên.\nTM. BAN THƯỜNG VỤ\nNguyễn Văn An"
    )
    result = read_directive(text)

    assert result.number.value.printed == "57-NQ/TW"
    assert (result.place.value, result.issue_date.value) == ("Đà Nẵng", datetime.date(2025, 2, 3))
    assert [(citation.number.printed, citation.relation) for citation in result.citations] == [
        ("02-KH/BCĐTW", "based_on")
    ]
    assert result.signer_title.value == "TM. BAN THƯỜNG VỤ"


# --- the admin flow ---------------------------------------------------------------------------------------


def _login(client, user, language: str = "en"):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(client, django_user_model):
    return _login(client, django_user_model.objects.create_superuser("chief", "chief@example.com", "pw"))


def _editor(django_user_model, page: Page | None, name: str = "editor"):
    """An admin user whose group may add and edit pages under `page` (None: no page permission at all)."""
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if page is not None:
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=codename)
            )
    user = django_user_model.objects.create_user(name, password="pw")
    user.groups.add(group)
    return user


def _directive_count() -> int:
    return DirectivePage.objects.count()


def test_admin_upload_review_then_create_draft_with_relations(admin_client, site, seed_pdf):
    before = _directive_count()
    upload = SimpleUploadedFile("380.pdf", seed_pdf, content_type="application/pdf")

    review = admin_client.post(START, {"parent": site["register"].pk, "text": "", "file": upload})

    assert review.status_code == 200
    page = review.content.decode()
    for shown in (
        "380-CV/ĐU",
        "Hà Nội",
        "2025-08-18",
        "Nguyễn Đức Phong",
        "T/M BAN THƯỜNG VỤ",
        "Các đảng ủy trực thuộc",
    ):
        assert shown in page
    assert "Not on the site yet" in page and reverse("wagtailadmin_pages:edit", args=[site["resolution"].pk]) in page
    assert _directive_count() == before  # nothing saved before the editor confirms

    context = review.context
    confirm = {
        "parent": site["register"].pk,
        "text": context["form"].initial["text"],
        "issuing_body": site["committee"].pk,
        "document_type": DocumentType.objects.get(code="CV").pk,
    }
    created = admin_client.post(CREATE, confirm)

    draft = DirectivePage.objects.get(number_key="380-cv-du")
    assert created.status_code == 302 and created.url == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert not draft.live and draft.first_published_at is None and draft.latest_revision is not None
    assert draft.get_parent().pk == site["register"].pk
    assert (draft.number, draft.place, draft.issue_date) == ("380-CV/ĐU", "Hà Nội", datetime.date(2025, 8, 18))
    assert (draft.issuing_body, draft.document_type.code) == (site["committee"], "CV")
    assert draft.title.startswith("Công văn 380-CV/ĐU về triển khai thực hiện Kế hoạch truyền thông")
    assert (draft.signer_name, draft.signer_title) == ("Nguyễn Đức Phong", "T/M BAN THƯỜNG VỤ, PHÓ BÍ THƯ")
    assert draft.recipients.splitlines() == ["Các đảng ủy trực thuộc", *RECIPIENTS[1:]]
    assert [block.block_type for block in draft.body][:2] == ["paragraph", "section"]
    relations = [
        (relation.relation_type, relation.target_page_id, relation.target_number, relation.target_key)
        for relation in DirectiveRelation.objects.filter(page=draft).order_by("sort_order")
    ]
    assert relations == [
        ("implements", site["resolution"].pk, "", "57-nq-tw"),
        ("based_on", None, "02-KH/BCĐTW", "2-kh-bcdtw"),
        ("deploys", None, "03-KH/BCĐTW", "3-kh-bcdtw"),
    ]


def test_admin_pasted_garbage_shows_the_message_and_creates_nothing(client, django_user_model, site):
    before = _directive_count()
    user = _editor(django_user_model, site["register"])
    _login(client, user, "uk")

    response = client.post(START, {"parent": site["register"].pk, "text": GARBAGE})

    assert response.status_code == 200
    assert "articles/intake/form.html" in [template.name for template in response.templates]
    assert response.context["form"].non_field_errors()
    assert "Nothing was filled in." not in response.content.decode()  # said in the editor's language
    assert _directive_count() == before


def test_admin_refuses_empty_input_both_inputs_and_a_non_pdf(admin_client, site):
    register = site["register"].pk
    empty = admin_client.post(START, {"parent": register, "text": "  "})
    both = admin_client.post(
        START, {"parent": register, "text": "Số 1-CV/ĐU", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}
    )
    not_pdf = admin_client.post(START, {"parent": register, "file": SimpleUploadedFile("a.pdf", b"GIF89a")})

    assert "Paste the text of the document or upload its PDF." in empty.content.decode()
    assert "Paste the text or upload a PDF, not both." in both.content.decode()
    assert "This file is not a PDF." in not_pdf.content.decode()


def test_admin_duplicate_of_a_published_directive_is_refused_naming_it(admin_client, site, seed_text):
    add_directive(
        site["register"],
        number="380-CV/ĐU",
        title="Công văn 380",
        slug="cv-380",
        issuing_body=site["committee"],
        issue_date=datetime.date(2025, 8, 18),
    )
    before = _directive_count()

    response = admin_client.post(
        CREATE,
        {
            "parent": site["register"].pk,
            "text": seed_text,
            "issuing_body": site["committee"].pk,
            "document_type": DocumentType.objects.get(code="CV").pk,
        },
    )

    assert response.status_code == 200
    assert "is already published as “Công văn 380”" in response.content.decode()
    assert _directive_count() == before


def test_admin_editor_who_may_add_under_the_register_creates_a_draft(client, django_user_model, site, seed_text):
    _login(client, _editor(django_user_model, site["register"]))

    assert client.get(START).status_code == 200
    response = client.post(
        CREATE,
        {
            "parent": site["register"].pk,
            "text": seed_text,
            "issuing_body": site["committee"].pk,
            "document_type": DocumentType.objects.get(code="CV").pk,
        },
    )

    assert response.status_code == 302
    assert DirectivePage.objects.filter(number_key="380-cv-du", live=False).exists()


@pytest.mark.parametrize("permission_on", ["nothing", "another page"])
def test_admin_editor_without_add_permission_is_denied_and_nothing_is_created(
    client, django_user_model, site, seed_text, home_pages, permission_on
):
    page = None if permission_on == "nothing" else home_pages["en"]
    _login(client, _editor(django_user_model, page))
    before = _directive_count()
    confirm = {
        "parent": site["register"].pk,
        "text": seed_text,
        "issuing_body": site["committee"].pk,
        "document_type": DocumentType.objects.get(code="CV").pk,
    }

    for method, url, data in (("get", START, None), ("post", START, {"text": seed_text}), ("post", CREATE, confirm)):
        assert getattr(client, method)(url, data or {}).status_code in (302, 403)
    assert _directive_count() == before


def test_register_header_offers_the_intake_to_editors_who_may_add(admin_client, site):
    response = admin_client.get(reverse("wagtailadmin_explore", args=[site["register"].pk]))

    assert f"{START}?parent={site['register'].pk}" in response.content.decode()


# --- the command --------------------------------------------------------------------------------------------


def test_command_prints_what_it_read_as_json(site, tmp_path, seed_pdf):
    path = tmp_path / "380.pdf"
    path.write_bytes(seed_pdf)
    out = io.StringIO()

    call_command("import_directive", str(path), "--json", stdout=out)

    data = json.loads(out.getvalue())
    fields = data["fields"]
    assert data["can_draft"] is True
    assert fields["number"]["value"] == {"printed": "380-CV/ĐU", "key": "380-cv-du"}
    assert fields["issue_date"]["value"] == "2025-08-18"
    assert fields["issuing_body"]["value"]["id"] == site["committee"].pk
    assert fields["signer_name"]["value"] == "Nguyễn Đức Phong"
    assert [(c["number"], c["relation"], c["page_id"]) for c in data["citations"]] == [
        ("57-NQ/TW", "implements", site["resolution"].pk),
        ("02-KH/BCĐTW", "based_on", None),
        ("03-KH/BCĐTW", "deploys", None),
    ]
    assert DirectivePage.objects.filter(number_key="380-cv-du").count() == 0  # it only reads


def test_command_exits_1_with_the_message_on_garbage(db, tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_text(GARBAGE, encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("import_directive", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert error.value.returncode == 1
    assert "Số" in str(error.value)
