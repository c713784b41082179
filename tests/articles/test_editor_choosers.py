"""The editors' widgets (#14): document type and issuing body choosers searchable in every language
and without tone marks; a media item's related directives limited to its own language, labelled by
number, filterable."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page

from articles.models import DocumentType, InfographicPage, IssuingBody, Theme
from articles.page_forms import ExplainerPageForm
from tests.articles.site_builder import add_directive, build_every_page_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("bien-tap", "bt@example.org", "pw-bien-tap")
    client.force_login(user)
    return client


def _chosen_titles(client, model, query: str) -> list[str]:
    viewset = model.snippet_viewset.chooser_viewset
    response = client.get(reverse(viewset.get_url_name("choose_results")), {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in soup.select("table tbody td a")]


@pytest.mark.parametrize(
    "query",
    ["Nghị quyết", "nghi quyet", "Nghị", "Resolution", "Резолюц"],  # vi, folded, prefix, en, uk prefix
)
def test_document_type_chooser_finds_by_any_language_with_or_without_tones(editor, query):
    DocumentType.objects.filter(code="NQ").update(name_vi="Nghị quyết", name_en="Resolution", name_uk="Резолюція")
    DocumentType.objects.get(code="NQ").save()  # indexed on save, as the admin's edit does

    titles = _chosen_titles(editor, DocumentType, query)

    assert any("Nghị quyết" in title or "Resolution" in title for title in titles), titles
    assert not any(title.startswith("CV") for title in titles)


def test_issuing_body_chooser_finds_by_abbreviation_and_name(editor):
    body = IssuingBody.objects.create(
        name_vi="Đảng ủy Chính phủ", name_en="Government Party Committee", abbreviation="ĐUCP"
    )

    assert any("ĐUCP" in title for title in _chosen_titles(editor, IssuingBody, "dang uy chinh phu"))
    assert any("ĐUCP" in title for title in _chosen_titles(editor, IssuingBody, "Government"))
    assert "Dang uy Chinh phu" in body.labels_text()  # the names folded, so typing without tones finds them


@pytest.fixture
def site(db):
    theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số")
    return build_every_page_type(theme)


def _form(page: Page):
    form_class = type(page).get_edit_handler().get_form_class()
    assert issubclass(form_class, ExplainerPageForm)
    return form_class(instance=page, parent_page=page.get_parent(), for_user=None)


def test_related_directives_are_those_of_the_pages_language_labelled_by_number(site, locales):
    english = site["infographic"].get_translation(locales["en"]).specific
    english_directive = site["directive"].get_translation(locales["en"])
    english.related_directives.set([english_directive])
    english.save()

    form = _form(InfographicPage.objects.get(pk=english.pk))

    choices = list(form.fields["related_directives"].queryset)
    assert english_directive in choices
    assert {choice.locale_id for choice in choices} == {locales["en"].pk}
    labels = [str(label) for _value, label in form.fields["related_directives"].choices]
    assert "380-CV/ĐU — " + english_directive.title in labels
    assert "data-filterable-choices-filter" in str(form["related_directives"])


def test_a_directive_already_chosen_in_another_language_stays_valid(site, locales):
    ukrainian = site["infographic"].get_translation(locales["uk"]).specific
    ukrainian.related_directives.set([site["directive"]])  # the Vietnamese one, as an older sync left it
    ukrainian.save()

    form = _form(InfographicPage.objects.get(pk=ukrainian.pk))

    queryset = form.fields["related_directives"].queryset
    assert site["directive"] in queryset
    assert site["directive"].get_translation(locales["uk"]) in queryset
    assert not queryset.filter(locale=locales["en"]).exists()


def test_relation_targets_are_the_directives_of_the_pages_language_but_itself(site, locales):
    english = site["directive"].get_translation(locales["en"]).specific
    form_class = type(english).get_edit_handler().get_form_class()
    form = form_class(instance=english, parent_page=english.get_parent(), for_user=None)
    formset = form.formsets["relations"]

    for child in [*formset.forms, formset.empty_form]:
        queryset = child.fields["target_page"].queryset
        assert english not in queryset  # never a relation to itself
        assert {directive.locale_id for directive in queryset} <= {locales["en"].pk}
        assert "data-filterable-choices-filter" in str(child["target_page"])


def test_the_editor_offers_the_relation_targets_under_a_filter(editor, site, locales):
    directive = site["directive"].specific
    add_directive(site["directive_index"], number="15-CT/TW", title="Chỉ thị 15", slug="ct-15")
    url = reverse("wagtailadmin_pages:edit", args=[directive.pk])

    soup = BeautifulSoup(editor.get(url).content, "html.parser")
    empty_form = soup.select_one("template[id$='relations-EMPTY_FORM_TEMPLATE'], script[id$='EMPTY_FORM_TEMPLATE']")
    assert empty_form is not None and "data-filterable-choices" in empty_form.decode_contents()
    assert soup.select_one("script[src*='filterable-choices']") is not None

    choices = {
        option.get_text(strip=True)
        for option in BeautifulSoup(empty_form.decode_contents(), "html.parser").select("option")
    }
    assert "15-CT/TW — Chỉ thị 15" in choices
    assert not any(choice.startswith("380-CV/ĐU") for choice in choices)  # the page itself


def test_reference_data_made_by_migrations_is_searchable_without_any_save(editor):
    """The seeded document types never went through a save of the real model: post_migrate indexed them."""
    assert any(title.startswith("CV") for title in _chosen_titles(editor, DocumentType, "cong van"))


# --- the offer to tie an item to the directives its text cites -------------------------------------


@pytest.fixture
def citing_infographic(site):
    """The infographic (tied to 380-CV/ĐU) whose saved text also cites 15-CT/TW, held by the site but not tied."""
    cited = add_directive(site["directive_index"], number="15-CT/TW", title="Chỉ thị 15", slug="ct-15")
    infographic = site["infographic"].specific
    infographic.long_description = "<p>Theo Chỉ thị 15-CT/TW và Công văn 380-CV/ĐU, bước một: số hóa hồ sơ.</p>"
    infographic.save_revision()
    return infographic, cited


def _edit_page(editor, page: Page) -> BeautifulSoup:
    return BeautifulSoup(editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content, "html.parser")


def _offered(soup: BeautifulSoup) -> dict[str, str]:
    return {
        box.find_parent("label").get_text(" ", strip=True): box["value"]
        for box in soup.select("input[name='cited_directives']")
    }


def test_the_editor_is_offered_the_directives_the_text_cites_that_are_not_related(editor, citing_infographic, locales):
    infographic, cited = citing_infographic

    soup = _edit_page(editor, infographic)

    # Only the cited one not related yet, in the page's language (380-CV/ĐU is related already).
    assert _offered(soup) == {"15-CT/TW — Chỉ thị 15": str(cited.pk)}
    assert "Được nhắc trong bài, chưa gắn" in soup.get_text()  # the admin in the editor's language


def test_no_offer_when_the_text_cites_nothing_new(editor, site):
    assert _offered(_edit_page(editor, site["infographic"])) == {}
    assert "cited_directives" not in str(_edit_page(editor, site["article"]))


def test_a_ticked_offer_joins_the_related_directives_on_save(editor, citing_infographic):
    infographic, cited = citing_infographic
    form = _form(InfographicPage.objects.get(pk=infographic.pk).get_latest_revision_as_object())
    data = {**{name: form[name].value() for name in form.fields if form[name].value() is not None}}
    data.update(
        {
            "long_description": '{"blocks": [{"key": "a", "type": "unstyled", "text": "15-CT/TW"}], "entityMap": {}}',
            "related_directives": [str(pk) for pk in form["related_directives"].value()],
            "cited_directives": [str(cited.pk)],
            "action-publish": "publish",
        }
    )
    data.pop("themes", None)
    data["themes"] = [str(pk) for pk in form["themes"].value()]

    response = editor.post(reverse("wagtailadmin_pages:edit", args=[infographic.pk]), data)

    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    published = InfographicPage.objects.get(pk=infographic.pk)
    assert set(published.related_directives.values_list("number", flat=True)) == {"380-CV/ĐU", "15-CT/TW"}
