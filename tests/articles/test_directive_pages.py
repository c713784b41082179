"""DirectivePage: normalised numbers, refused duplicates, the chain up and down, the register."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from articles.models import DirectivePage, DirectiveRelation, DocumentType, IssuingBody, Theme
from locales.translating import translate_object
from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory


@pytest.fixture
def register(home_pages):
    return DirectiveIndexPageFactory(parent=home_pages["vi"])


@pytest.fixture
def chain(register):
    """57-NQ/TW ← 02-KH/BCĐTW ← 03-KH/BCĐTW, and 380-CV/ĐU implementing all three."""
    bcdtw = IssuingBody.objects.get(abbreviation="BCĐTW")
    du = IssuingBody.objects.get(abbreviation="ĐU")
    kh = DocumentType.objects.get(code="KH")
    resolution = DirectivePageFactory(parent=register, number="57-NQ/TW", title="Nghị quyết 57", slug="nq-57")
    plan = DirectivePageFactory(
        parent=register,
        number="02-KH/BCĐTW",
        document_type=kh,
        issuing_body=bcdtw,
        issue_date=datetime.date(2025, 6, 19),
        title="Kế hoạch 02",
        slug="kh-02",
    )
    plan.relations.add(DirectiveRelation(relation_type="implements", target_page=resolution))
    plan.save_revision().publish()
    comms = DirectivePageFactory(
        parent=register,
        number="03-KH/BCĐTW",
        document_type=kh,
        issuing_body=bcdtw,
        issue_date=datetime.date(2025, 7, 28),
        title="Kế hoạch 03",
        slug="kh-03",
    )
    comms.relations.add(DirectiveRelation(relation_type="deploys", target_page=plan))
    comms.save_revision().publish()
    dispatch = DirectivePageFactory(
        parent=register,
        number="Số 380 -CV/ĐU",
        document_type=DocumentType.objects.get(code="CV"),
        issuing_body=du,
        issue_date=datetime.date(2025, 8, 18),
        title="Công văn 380",
        slug="cv-380",
    )
    dispatch.relations.add(DirectiveRelation(relation_type="implements", target_page=resolution))
    dispatch.relations.add(DirectiveRelation(relation_type="based_on", target_number="02-KH/BCĐTW"))
    dispatch.relations.add(DirectiveRelation(relation_type="deploys", target_number="03-KH/BCĐTW"))
    dispatch.save_revision().publish()
    return {"57": resolution, "02": plan, "03": comms, "380": DirectivePage.objects.get(pk=dispatch.pk)}


def _texts(html: bytes, selector: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [" ".join(node.get_text(" ", strip=True).split()) for node in soup.select(selector)]


def test_number_is_normalised_and_keyed_on_save(chain):
    dispatch = chain["380"]
    assert dispatch.number == "380-CV/ĐU"
    assert dispatch.number_key == "380-cv-du"


def test_dispatch_page_shows_the_chain_upward(client, chain):
    response = client.get(chain["380"].url)

    assert response.status_code == 200
    upward = _texts(response.content, "#chain-up + ul li")
    assert [item.split(" — ")[0] for item in upward] == [
        "thực hiện 57-NQ/TW",
        "căn cứ 02-KH/BCĐTW",
        "triển khai 03-KH/BCĐTW",
    ]


def test_resolution_page_lists_what_implements_it(client, chain):
    response = client.get(chain["57"].url)

    downward = _texts(response.content, "#chain-implements-by + ul li")
    assert [item.split(" — ")[0] for item in downward] == ["380-CV/ĐU", "02-KH/BCĐTW"]


def test_relation_typed_as_a_bare_number_links_once_that_directive_is_published(client, chain):
    soup = BeautifulSoup(client.get(chain["380"].url).content, "html.parser")

    link = soup.find("a", string="03-KH/BCĐTW")
    assert link is not None and link["href"] == chain["03"].url


def test_unpublished_directive_disappears_from_the_chain(client, chain):
    chain["380"].unpublish()

    downward = _texts(client.get(chain["57"].url).content, "#chain-implements-by + ul li")
    assert [item.split(" — ")[0] for item in downward] == ["02-KH/BCĐTW"]


def test_directive_page_query_count_does_not_grow_with_relations(client, chain, django_assert_max_num_queries):
    dispatch = chain["380"]
    for number in range(100, 120):
        dispatch.relations.add(DirectiveRelation(relation_type="implements", target_number=f"{number}-NQ/TW"))
    dispatch.save_revision().publish()
    client.get(dispatch.url)

    # 23 before the legal status (articles.directive_status); +1 for the withheld-number check;
    # +2 with the page's frame and theme badges of #12 (measured: 27)
    with django_assert_max_num_queries(27):
        assert client.get(dispatch.url).status_code == 200


def test_duplicate_live_directive_is_refused_naming_the_other(chain):
    copy = DirectivePage(
        title="Bản trùng",
        slug="ban-trung",
        number="380-CV/DU",
        document_type=chain["380"].document_type,
        issuing_body=chain["380"].issuing_body,
        issue_date=chain["380"].issue_date,
    )
    copy.locale = chain["380"].locale

    with pytest.raises(Exception) as error:
        chain["380"].get_parent().add_child(instance=copy)

    assert "Công văn 380" in str(error.value)


# --- the register ---------------------------------------------------------------------------------


def test_register_filters_by_type_and_year(client, chain, register, django_assert_max_num_queries):
    client.get(register.url)
    # 17 before the status column (one query: view restrictions); +1 with the frame of #12
    with django_assert_max_num_queries(19):
        response = client.get(register.url, {"type": "KH", "year": "2025"})

    assert response.status_code == 200
    numbers = _texts(response.content, "table.register tbody td:first-child")
    assert numbers == ["03-KH/BCĐTW", "02-KH/BCĐTW"]


def test_register_sorts_oldest_first(client, chain, register):
    numbers = _texts(client.get(register.url, {"sort": "oldest"}).content, "table.register tbody td:first-child")

    assert numbers == ["57-NQ/TW", "02-KH/BCĐTW", "03-KH/BCĐTW", "380-CV/ĐU"]


def test_register_filters_by_theme(client, chain, register):
    theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số")
    chain["57"].themes.add(theme)
    chain["57"].save_revision().publish()

    numbers = _texts(
        client.get(register.url, {"theme": "chuyen-doi-so"}).content, "table.register tbody td:first-child"
    )

    assert numbers == ["57-NQ/TW"]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "XYZ"},
        {"year": "twenty"},
        {"year": "99999999999999999999"},
        {"sort": "'; DROP TABLE"},
        {"page": "-3"},
        {"page": "9" * 400},
        {"theme": "\x00"},
        {"issuer": "ĐU"},
        {"issuer": "1 OR 1=1"},
    ],
)
def test_register_survives_bad_query_strings(client, chain, register, params):
    response = client.get(register.url, params)

    assert response.status_code == 200
    numbers = _texts(response.content, "table.register tbody td:first-child")
    assert len(numbers) == 4  # the bad filter is ignored, the listing stays whole


def test_register_explains_a_bad_filter_in_the_visitors_language(client, chain, register):
    response = client.get(register.url, {"year": "twenty"})

    alert = _texts(response.content, '[role="alert"]')[0]
    assert "Năm" in alert  # the Vietnamese label of the year filter


# --- editing through the admin --------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", "pw"))
    return client


def _directive_form(**overrides) -> dict:
    fields = {
        "title": "Công văn 999",
        "slug": "cv-999",
        "number": "999-CV/ĐU",
        "document_type": DocumentType.objects.get(code="CV").pk,
        "issuing_body": IssuingBody.objects.get(abbreviation="ĐU").pk,
        "issue_date": "2025-09-01",
        "place": "Hà Nội",
        "subject": "V/v triển khai",
        "summary": "",
        "recipients": "",
        "signer_name": "",
        "signer_title": "",
        "body": streamfield([]),
        "relations": inline_formset([]),
        "action-publish": "publish",
        **overrides,
    }
    return nested_form_data(fields)


def test_editor_creates_a_directive_through_the_admin(admin_client, register):
    url = f"/admin/pages/add/articles/directivepage/{register.pk}/"

    response = admin_client.post(url, _directive_form(number="Số 999 -CV/DU"))

    assert response.status_code == 302, response.content.decode()[:2000]
    page = DirectivePage.objects.get(slug="cv-999")
    assert (page.number, page.number_key, page.live) == ("999-CV/ĐU", "999-cv-du", True)


def test_admin_refuses_a_bad_number_with_a_message(admin_client, register):
    url = f"/admin/pages/add/articles/directivepage/{register.pk}/"

    response = admin_client.post(url, _directive_form(number="abc"))

    assert response.status_code == 200
    assert "57-NQ/TW" in " ".join(_texts(response.content, ".error-message"))  # the message shows the expected form
    assert not DirectivePage.objects.filter(slug="cv-999").exists()


def test_admin_refuses_a_duplicate_directive_naming_the_other(admin_client, chain, register):
    url = f"/admin/pages/add/articles/directivepage/{register.pk}/"

    response = admin_client.post(url, _directive_form(number="380-CV/ĐU", issue_date="2025-08-18"))

    assert response.status_code == 200
    assert "Công văn 380" in response.content.decode()
    assert not DirectivePage.objects.filter(slug="cv-999").exists()


def test_translated_directive_links_the_chain_in_its_own_language(client, chain, locales):
    translate_object(
        chain["57"].get_parent(), locales["en"], {"Văn bản chỉ đạo": "Directives", "van-ban": "directives"}
    )
    translate_object(chain["57"], locales["en"], {"Nghị quyết 57": "Resolution 57", "nq-57": "resolution-57"})
    translate_object(chain["380"], locales["en"], {"Công văn 380": "Dispatch 380", "cv-380": "dispatch-380"})
    english_dispatch = chain["380"].get_translation(locales["en"])

    soup = BeautifulSoup(client.get(english_dispatch.url).content, "html.parser")

    assert soup.html["lang"] == "en"
    link = soup.find("a", string="57-NQ/TW")
    assert link["href"] == "/en/directives/resolution-57/"
    assert "implements" in link.parent.get_text()
    # 02-KH/BCĐTW has no English page yet: shown as a number, not linked
    assert soup.find("a", string="02-KH/BCĐTW") is None
    assert "02-KH/BCĐTW" in soup.select_one("#chain-up + ul").get_text()


def test_register_filters_by_issuing_body(client, chain, register):
    IssuingBody.objects.create(name_vi="Đảng ủy Tập đoàn", abbreviation="ĐU")  # abbreviations are not unique
    issuer = chain["380"].issuing_body

    numbers = _texts(client.get(register.url, {"issuer": issuer.pk}).content, "table.register tbody td:first-child")

    assert numbers == ["380-CV/ĐU"]
