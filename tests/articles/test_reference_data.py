"""Reference data: labels in three languages, seeded by migration, edited side by side in the admin."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils import translation

from articles.models import DocumentType, IssuingBody, Theme

THEMES_URL = "/admin/snippets/articles/theme/"
DOCUMENT_TYPES_URL = "/admin/snippets/articles/documenttype/"


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def themes(db) -> list[Theme]:
    return [
        Theme.objects.create(
            slug="chuyen-doi-so",
            name_vi="Chuyển đổi số",
            name_en="Digital transformation",
            name_uk="Цифрова трансформація",
        ),
        Theme.objects.create(slug="an-ninh-mang", name_vi="An ninh mạng", name_en="Cybersecurity"),
    ]


def test_migration_seeds_every_document_type_of_the_domain_note(db):
    codes = set(DocumentType.objects.values_list("code", flat=True))
    assert codes >= {"NQ", "QĐ", "CT", "KL", "QC", "QyĐ", "HD", "KH", "CTr", "CV", "TB", "TC", "BC", "TTr", "ĐA", "CĐ"}
    assert DocumentType.objects.filter(name_en="", name_uk="").count() == 0


def test_migration_seeds_issuer_codes_named_in_three_languages(db):
    body = IssuingBody.objects.get(abbreviation="BCĐTW")
    assert (body.name_vi, body.name_en, body.name_uk) == (
        "Ban Chỉ đạo Trung ương",
        "Central Steering Committee",
        "Центральний керівний комітет",
    )
    assert set(IssuingBody.objects.values_list("abbreviation", flat=True)) >= {"TW", "ĐU", "ĐUK", "BCĐTW", "CP"}


def test_label_follows_the_active_language_and_falls_back_to_vietnamese(themes):
    digital, cyber = themes
    with translation.override("uk"):
        assert str(digital) == "Цифрова трансформація"
        assert str(cyber) == "An ninh mạng"  # no Ukrainian label yet
    with translation.override("en"):
        assert str(cyber) == "Cybersecurity"


def test_theme_listing_shows_all_three_labels(admin_client, themes, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        response = admin_client.get(THEMES_URL)

    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text()
    for label in ("Chuyển đổi số", "Digital transformation", "Цифрова трансформація"):
        assert label in text


def test_theme_listing_searches_labels_in_every_language(admin_client, themes):
    response = admin_client.get(THEMES_URL, {"q": "Цифрова"})

    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert "Chuyển đổi số" in text
    assert "An ninh mạng" not in text


def test_theme_listing_filters_missing_ukrainian_labels(admin_client, themes):
    response = admin_client.get(THEMES_URL, {"missing_label": "uk"})

    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert "An ninh mạng" in text
    assert "Chuyển đổi số" not in text


def test_issuing_body_listing_query_count_does_not_grow(admin_client, django_assert_max_num_queries):
    parent = IssuingBody.objects.get(abbreviation="TW")
    for index in range(15):
        IssuingBody.objects.create(name_vi=f"Ban {index}", abbreviation=f"B{index}", parent=parent)

    with django_assert_max_num_queries(25):
        assert admin_client.get("/admin/snippets/articles/issuingbody/").status_code == 200


def test_theme_is_created_through_the_admin_form_with_labels_side_by_side(admin_client, db):
    form = BeautifulSoup(admin_client.get(THEMES_URL + "add/").content, "html.parser")
    assert {"name_vi", "name_en", "name_uk"} <= {field["name"] for field in form.select("input[name^=name_]")}

    response = admin_client.post(
        THEMES_URL + "add/",
        {
            "name_vi": "Kỹ năng số",
            "name_en": "Digital skills",
            "name_uk": "Цифрові навички",
            "slug": "ky-nang-so",
            "description_vi": "",
            "description_en": "",
            "description_uk": "",
            "colour": "#1a73e8",
        },
    )

    assert response.status_code == 302
    theme = Theme.objects.get(slug="ky-nang-so")
    assert (theme.name_vi, theme.name_en, theme.name_uk) == ("Kỹ năng số", "Digital skills", "Цифрові навички")


def test_bad_colour_is_refused_with_a_message_and_nothing_saved(admin_client, db):
    response = admin_client.post(
        THEMES_URL + "add/",
        {"name_vi": "Mô hình hay", "slug": "mo-hinh-hay", "colour": "red"},
    )

    assert response.status_code == 200
    # the admin speaks the editor's language: Vietnamese by default
    assert "sáu chữ số thập lục phân" in response.content.decode()
    assert not Theme.objects.filter(slug="mo-hinh-hay").exists()
