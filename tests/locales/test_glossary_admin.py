"""The glossary in the admin: listed side by side, filtered by missing language, CSV out and in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from locales.models import GlossaryTerm


@pytest.fixture
def editor_client(client, db, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.org", "x"))
    return client


@pytest.fixture
def terms(db) -> list[GlossaryTerm]:
    return [
        GlossaryTerm.objects.create(
            term_vi="chuyển đổi số", term_en="digital transformation", term_uk="цифрова трансформація"
        ),
        GlossaryTerm.objects.create(term_vi="Đảng ủy", term_en="Party Committee", term_uk=""),
        GlossaryTerm.objects.create(term_vi="Petrovietnam", do_not_translate=True),
    ]


def test_list_shows_terms_and_filters_missing_ukrainian(editor_client, terms):
    url = reverse("locales_glossary:list")
    assert "цифрова трансформація" in editor_client.get(url).content.decode()
    missing = editor_client.get(url, {"missing": "uk"}).content.decode()
    assert "Party Committee" in missing
    assert "digital transformation" not in missing
    assert "Petrovietnam" not in missing  # kept as written in every language


def test_csv_export_then_import_round_trips(editor_client, terms):
    exported = editor_client.get(reverse("locales_glossary:export"))
    assert exported["Content-Type"].startswith("text/csv")
    data = exported.content.decode("utf-8-sig").replace("Party Committee,", "Party Committee,Партійний комітет")
    GlossaryTerm.objects.all().delete()

    upload = SimpleUploadedFile("glossary.csv", data.encode(), content_type="text/csv")
    response = editor_client.post(reverse("locales_glossary:import"), {"file": upload})

    assert response.status_code == 302
    assert GlossaryTerm.objects.count() == 3
    assert GlossaryTerm.objects.get(term_vi="Đảng ủy").term_uk == "Партійний комітет"


def test_formulas_uploaded_are_downloaded_as_text(editor_client, db):
    data = "term_vi,term_en,note_uk\r\n+cmd|' /C calc'!A0,=1+1,@SUM(1+1)\r\n"
    upload = SimpleUploadedFile("glossary.csv", data.encode(), content_type="text/csv")
    assert editor_client.post(reverse("locales_glossary:import"), {"file": upload}).status_code == 302

    exported = editor_client.get(reverse("locales_glossary:export")).content.decode("utf-8-sig")

    row = exported.splitlines()[1]
    assert row.startswith("'+cmd|' /C calc'!A0,'=1+1,")
    assert ",'@SUM(1+1)," in row
    assert GlossaryTerm.objects.get().term_vi == "+cmd|' /C calc'!A0"


def test_malformed_csv_is_refused_with_its_problems_and_changes_nothing(editor_client, terms):
    bad = "term_vi,term_en,do_not_translate\nmới,new,maybe\n,orphan,0\n"
    upload = SimpleUploadedFile("glossary.csv", bad.encode(), content_type="text/csv")
    response = editor_client.post(reverse("locales_glossary:import"), {"file": upload})

    assert response.status_code == 400
    page = response.content.decode()
    assert "do_not_translate" in page
    assert GlossaryTerm.objects.count() == 3
    assert not GlossaryTerm.objects.filter(term_vi="mới").exists()


def test_people_without_glossary_permissions_cannot_import(client, db, django_user_model, terms):
    client.force_login(django_user_model.objects.create_user("visitor", "v@example.org", "x"))
    assert client.get(reverse("locales_glossary:import")).status_code in (302, 403)
    assert client.get(reverse("locales_glossary:export")).status_code in (302, 403)
