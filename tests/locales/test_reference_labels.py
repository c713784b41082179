"""Missing English and Ukrainian labels of reference data: found generically, filled in place, all or nothing."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from articles.models import DocumentType, IssuingBody, Theme
from locales.models import GlossaryTerm
from locales.reference_labels import (
    LabelsError,
    MissingLabel,
    counts_by_language,
    label_models,
    missing_labels,
    save_labels,
)
from locales.views.reference_labels import input_name

URL = "/admin/translation-queue/tools/reference-labels/"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever the catalogues say."""
    with translation.override("en"):
        yield


@pytest.fixture
def reference(db):
    """Reference data with some labels missing (the seeded document types and issuing bodies are complete)."""
    return {
        "digital": Theme.objects.create(
            slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital transformation", name_uk=""
        ),
        "cyber": Theme.objects.create(slug="an-ninh-mang", name_vi="An ninh mạng"),
        "complete": Theme.objects.create(slug="y-te", name_vi="Y tế", name_en="Health", name_uk="Охорона здоров'я"),
        "body": IssuingBody.objects.create(name_vi="Ban Kinh tế Trung ương", abbreviation="BKTTW", name_en="  "),
        "type": DocumentType.objects.create(code="ĐC", name_vi="Điều lệ", name_uk="Статут"),
        "term": GlossaryTerm.objects.create(term_vi="kinh tế số", term_en="digital economy"),
        "keep": GlossaryTerm.objects.create(term_vi="Petrovietnam", do_not_translate=True),
    }


def _ours(labels: list[MissingLabel], reference) -> set[tuple]:
    """(model name, object key, field, language) of the labels that belong to the fixture's objects."""
    names = {(type(obj), obj.pk): key for key, obj in reference.items()}
    return {
        (names[(label.model, label.pk)], label.field, label.language, label.source_text)
        for label in labels
        if (label.model, label.pk) in names
    }


# --- discovery -------------------------------------------------------------------------------------


def test_label_models_are_discovered_from_modeltranslation_with_their_short_fields(db):
    found = dict(label_models())

    assert found[Theme] == ["name"]  # description is a long text, not a label
    assert found[IssuingBody] == ["name"]
    assert found[DocumentType] == ["name"]
    assert found[GlossaryTerm] == ["term"]  # the note is not a label


def test_missing_labels_lists_each_empty_target_column_with_the_source_text(reference):
    labels = missing_labels()

    assert _ours(labels, reference) == {
        ("digital", "name", "uk", "Chuyển đổi số"),
        ("cyber", "name", "en", "An ninh mạng"),
        ("cyber", "name", "uk", "An ninh mạng"),
        ("body", "name", "en", "Ban Kinh tế Trung ương"),  # only blanks count as missing
        ("body", "name", "uk", "Ban Kinh tế Trung ương"),
        ("type", "name", "en", "Điều lệ"),
        ("term", "term", "uk", "kinh tế số"),
        # "Petrovietnam" is not to be translated; "Y tế" is complete
    }
    label = next(label for label in labels if label.model is Theme and label.pk == reference["cyber"].pk)
    assert (label.model_name, label.column, label.max_length) == ("theme", "name_en", 120)


def test_missing_labels_filters_by_language(reference):
    assert _ours(missing_labels(["en"]), reference) == {
        ("cyber", "name", "en", "An ninh mạng"),
        ("body", "name", "en", "Ban Kinh tế Trung ương"),
        ("type", "name", "en", "Điều lệ"),
    }
    assert missing_labels(["vi"]) == []  # the source language is never "missing"


def test_listing_and_counting_take_one_query_per_model(reference, django_assert_num_queries):
    models = len(label_models())
    assert models == 4

    with django_assert_num_queries(models):
        missing = missing_labels()
    with django_assert_num_queries(models):
        counts = counts_by_language()

    assert counts == {
        "en": sum(1 for label in missing if label.language == "en"),
        "uk": sum(1 for label in missing if label.language == "uk"),
    }
    assert (counts["en"], counts["uk"]) >= (3, 4)


def test_query_count_does_not_grow_with_the_number_of_objects(reference, django_assert_num_queries):
    Theme.objects.bulk_create(Theme(slug=f"chu-de-{index}", name_vi=f"Chủ đề {index}") for index in range(200))

    with django_assert_num_queries(len(label_models())):
        labels = missing_labels()

    assert len([label for label in labels if label.model is Theme]) >= 400


# --- saving ----------------------------------------------------------------------------------------


@pytest.fixture
def admin(django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def test_save_labels_fills_stripped_values_and_leaves_empty_ones_missing(reference, admin):
    cyber = reference["cyber"]

    result = save_labels(
        Theme,
        {(cyber.pk, "name", "en"): "  Cybersecurity ", (cyber.pk, "name", "uk"): "   "},
        admin,
    )

    assert (result.labels, result.objects) == (1, 1)
    cyber.refresh_from_db()
    assert (cyber.name_en, cyber.name_uk or "") == ("Cybersecurity", "")
    assert ("cyber", "name", "uk", "An ninh mạng") in _ours(missing_labels(), reference)


def test_one_invalid_value_saves_nothing_and_names_the_label(reference, admin):
    cyber, digital = reference["cyber"], reference["digital"]

    with pytest.raises(LabelsError) as error:
        save_labels(
            Theme,
            {
                (cyber.pk, "name", "en"): "Cybersecurity",
                (digital.pk, "name", "uk"): "Ц" * 121,
            },
            admin,
        )

    assert error.value.messages == [
        "“Chuyển đổi số”, name (uk): Ensure this value has at most 120 characters (it has 121)."
    ]
    assert error.value.by_key == {
        (digital.pk, "name", "uk"): ["Ensure this value has at most 120 characters (it has 121)."]
    }
    cyber.refresh_from_db()
    assert not cyber.name_en


def test_the_models_own_clean_is_reported(reference, admin):
    # Legacy data: two terms with the same source form (the admin form would have refused the second).
    twin = GlossaryTerm.objects.create(term_vi="Kinh tế số")

    with pytest.raises(LabelsError) as error:
        save_labels(GlossaryTerm, {(twin.pk, "term", "en"): "digital economy"}, admin)

    assert error.value.messages == ["“Kinh tế số”: The glossary already has the term “Kinh tế số”."]
    assert error.value.by_key == {(twin.pk, None, None): ["The glossary already has the term “Kinh tế số”."]}
    twin.refresh_from_db()
    assert not twin.term_en


def test_a_label_filled_meanwhile_is_not_overwritten(reference, admin):
    digital = reference["digital"]
    Theme.objects.filter(pk=digital.pk).update(name_uk="Цифрова трансформація")

    with pytest.raises(LabelsError) as error:
        save_labels(Theme, {(digital.pk, "name", "uk"): "Цифровізація"}, admin)

    assert error.value.messages == [
        "“Chuyển đổi số”, name (uk): Someone filled this in meanwhile: “Цифрова трансформація”."
    ]
    digital.refresh_from_db()
    assert digital.name_uk == "Цифрова трансформація"


def test_unknown_fields_languages_and_objects_are_refused(reference, admin):
    cyber = reference["cyber"]

    with pytest.raises(LabelsError) as error:
        save_labels(
            Theme,
            {
                (cyber.pk, "description", "en"): "Long text",
                (cyber.pk, "name", "vi"): "An ninh",
                (999_999, "name", "en"): "Ghost",
            },
            admin,
        )

    assert error.value.messages == [
        "“description” in “en” is not a label that can be filled in here.",
        "“name” in “vi” is not a label that can be filled in here.",
        "Theme #999999 no longer exists (it was deleted meanwhile).",
    ]


def test_save_labels_checks_the_users_languages(reference, django_user_model):
    user = django_user_model.objects.create_user("olena", password="pw")
    user.groups.add(Group.objects.get(locale_team__language_code="uk", locale_team__role="translator"))
    cyber = reference["cyber"]

    with pytest.raises(PermissionDenied):
        save_labels(Theme, {(cyber.pk, "name", "en"): "Cybersecurity"}, user)
    assert save_labels(Theme, {(cyber.pk, "name", "uk"): "Кібербезпека"}, user).labels == 1


# --- the admin page --------------------------------------------------------------------------------


def test_url_name():
    assert reverse("locales:reference_labels") == URL


def _rows(response) -> list[tuple[str, str, str]]:
    return [
        (row["label"].source_text, row["label"].language, row["name"])
        for group in response.context["groups"]
        for row in group["rows"]
    ]


def test_page_lists_missing_labels_grouped_by_model_with_a_bounded_number_of_queries(
    client, admin, reference, django_assert_max_num_queries
):
    client.force_login(admin)
    client.get(URL)  # warm up per-process caches (content types, site root)

    with django_assert_max_num_queries(20):
        response = client.get(URL)

    assert response.status_code == 200
    assert [group["model"] for group in response.context["groups"]] == [DocumentType, IssuingBody, Theme, GlossaryTerm]
    page = response.content.decode()
    assert "An ninh mạng" in page
    assert f'name="{input_name(MissingLabel(Theme, reference["cyber"].pk, "name", "en", ""))}"' in page
    assert 'maxlength="120"' in page


def test_page_query_count_does_not_grow_with_the_listing(client, admin, reference, django_assert_max_num_queries):
    Theme.objects.bulk_create(Theme(slug=f"chu-de-{index}", name_vi=f"Chủ đề {index}") for index in range(120))
    client.force_login(admin)
    client.get(URL)

    with django_assert_max_num_queries(20):
        response = client.get(URL)

    themes = next(group for group in response.context["groups"] if group["model"] is Theme)
    assert len(themes["rows"]) == 50
    assert themes["more"] >= 240 - 50
    assert "more missing labels are shown after these are saved" in response.content.decode()


def test_page_filters_by_language_and_ignores_a_bad_one_with_a_message(client, admin, reference):
    client.force_login(admin)

    english = client.get(URL, {"language": "en"})
    bad = client.get(URL, {"language": "xx"})

    assert {language for _text, language, _name in _rows(english)} == {"en"}
    assert {language for _text, language, _name in _rows(bad)} == {"en", "uk"}
    assert any(message.level_tag == "error" for message in bad.context["messages"])


def test_posting_saves_and_redirects_with_a_message(client, admin, reference):
    cyber, term = reference["cyber"], reference["term"]
    client.force_login(admin)
    data = {
        input_name(MissingLabel(Theme, cyber.pk, "name", "en", "")): "Cybersecurity",
        input_name(MissingLabel(Theme, cyber.pk, "name", "uk", "")): "",
        input_name(MissingLabel(GlossaryTerm, term.pk, "term", "uk", "")): "цифрова економіка",
    }

    response = client.post(f"{URL}?language=", data, follow=True)

    assert response.redirect_chain[-1][0] == URL
    assert [str(message).strip() for message in response.context["messages"]] == ["2 labels saved."]
    cyber.refresh_from_db()
    term.refresh_from_db()
    assert (cyber.name_en, term.term_uk) == ("Cybersecurity", "цифрова економіка")


def test_posting_an_invalid_value_saves_nothing_and_shows_the_error_next_to_the_input(client, admin, reference):
    cyber, digital, term = reference["cyber"], reference["digital"], reference["term"]
    client.force_login(admin)
    good = input_name(MissingLabel(Theme, cyber.pk, "name", "en", ""))
    long = input_name(MissingLabel(Theme, digital.pk, "name", "uk", ""))
    other_model = input_name(MissingLabel(GlossaryTerm, term.pk, "term", "uk", ""))

    response = client.post(URL, {good: "Cybersecurity", long: "Ц" * 121, other_model: "цифрова економіка"})

    assert response.status_code == 200
    rows = {row["name"]: row for group in response.context["groups"] for row in group["rows"]}
    assert rows[long]["errors"] == ["Ensure this value has at most 120 characters (it has 121)."]
    assert rows[good]["value"] == "Cybersecurity"  # what was typed is kept
    assert "at most 120 characters" in response.content.decode()
    cyber.refresh_from_db()
    term.refresh_from_db()
    assert not cyber.name_en and not term.term_uk  # nothing saved, in any model


def test_a_tampered_form_is_refused_with_a_message(client, admin, reference):
    client.force_login(admin)

    response = client.post(URL, {"label:articles.theme:abc:name:en": "x"})

    assert response.status_code == 200
    assert [str(message).strip() for message in response.context["messages"]] == [
        "The form was not recognised; reload the page and try again."
    ]


# --- access ------------------------------------------------------------------------------------------


def _assert_denied(client, method: str, data=None) -> None:
    response = getattr(client, method)(URL, data or {})
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert getattr(client, method)(URL, data or {}, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403


def test_a_user_without_access_is_refused(client, django_user_model, reference):
    user = django_user_model.objects.create_user("reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    client.force_login(user)

    _assert_denied(client, "get")
    _assert_denied(client, "post", {input_name(MissingLabel(Theme, reference["cyber"].pk, "name", "en", "")): "x"})
    assert not Theme.objects.get(pk=reference["cyber"].pk).name_en


def test_a_translator_sees_and_fills_only_their_language(client, django_user_model, reference):
    user = django_user_model.objects.create_user("olena", password="pw")
    user.groups.add(Group.objects.get(locale_team__language_code="uk", locale_team__role="translator"))
    client.force_login(user)
    cyber = reference["cyber"]

    response = client.get(URL)
    refused = client.post(URL, {input_name(MissingLabel(Theme, cyber.pk, "name", "en", "")): "Cybersecurity"})
    saved = client.post(URL, {input_name(MissingLabel(Theme, cyber.pk, "name", "uk", "")): "Кібербезпека"})

    assert {language for _text, language, _name in _rows(response)} == {"uk"}
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert saved.status_code == 302 and saved.url == URL
    cyber.refresh_from_db()
    assert (cyber.name_en or "", cyber.name_uk) == ("", "Кібербезпека")


def test_a_user_who_may_change_themes_sees_only_themes(client, django_user_model, reference):
    user = django_user_model.objects.create_user("editor", password="pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="change_theme", content_type__app_label="articles"),
    )
    client.force_login(user)

    response = client.get(URL)

    assert [group["model"] for group in response.context["groups"]] == [Theme]
    assert {language for _text, language, _name in _rows(response)} == {"en", "uk"}
