"""A directive's public history (articles.directive_versions): every published version with what it
changed in details and relations, each readable as it was; drafts and other pages' revisions are not
history, privacy holds, and a relation to a directive the public may not see is never named."""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from articles.models import DirectivePage, DirectiveRelation
from tests.articles.factories import DirectiveIndexPageFactory
from tests.articles.site_builder import add_directive
from tests.articles.test_directive_documents import _soup, _text


@pytest.fixture
def register(home_pages):
    return DirectiveIndexPageFactory(parent=home_pages["vi"])


@pytest.fixture
def history(register):
    """57-NQ/TW published twice (the second time with an effective date, a new relation and new
    text), then saved as a draft; 36-NQ/TW, the directive it replaces, is public; 99-NQ/TW private."""
    replaced = add_directive(register, number="36-NQ/TW", title="Nghị quyết 36", slug="nq-36")
    secret = add_directive(register, number="99-NQ/TW", title="Nghị quyết 99", slug="nq-99")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    directive = add_directive(register, number="57-NQ/TW", title="Nghị quyết 57", slug="nq-57")
    first = directive.live_revision_id

    directive.effective_date = datetime.date(2025, 3, 1)
    directive.body = [("paragraph", "<p>Nội dung đã sửa.</p>")]
    directive.relations.add(DirectiveRelation(relation_type="replaces", target_page=replaced))
    directive.relations.add(DirectiveRelation(relation_type="related", target_page=secret))
    second = directive.save_revision()
    second.publish()
    directive.title = "Bản nháp chưa xuất bản"
    draft = directive.save_revision()
    return {"page": DirectivePage.objects.get(pk=directive.pk), "first": first, "second": second.pk, "draft": draft.pk}


def test_the_history_lists_each_published_version_newest_first_with_what_it_changed(client, history):
    soup = _soup(client.get(history["page"].url + "versions/"))

    items = soup.select(".versions__item")
    assert len(items) == 2  # the draft is not history
    newest, oldest = (_text(item) for item in items)
    assert "hiện hành" in newest
    assert "Có hiệu lực từ ngày: — → ngày 1 tháng 3 năm 2025" in newest
    assert "Thêm quan hệ: thay thế 36-NQ/TW" in newest
    assert "Nội dung: đã thay đổi" in newest
    assert "99-NQ/TW" not in soup.get_text()  # a private directive is never named
    assert "Xuất bản lần đầu." in oldest
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    link = items[1].select_one(f"a[href$='/versions/{history['first']}/']")
    assert link is not None


def test_a_published_version_reads_as_it_was_under_a_notice(client, history):
    page = history["page"]
    soup = _soup(client.get(f"{page.url}versions/{history['first']}/"))

    notice = soup.select_one(".directive__version-notice")
    assert "Phiên bản xuất bản ngày" in _text(notice) and "ngày ngày" not in _text(notice)
    assert notice.select_one("a")["href"] == page.url
    assert "Nội dung đã sửa." not in soup.get_text()
    assert "36-NQ/TW" not in _text(soup.select_one("article.directive"))  # no relation yet then
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"

    current = _soup(client.get(page.url))
    assert "Nội dung đã sửa." in current.get_text()
    assert current.find("meta", attrs={"name": "robots"}) is None
    assert current.select_one("a[href$='/versions/']") is not None


def test_drafts_and_other_pages_revisions_are_not_versions(client, history, register):
    page = history["page"]
    other = add_directive(register, number="58-NQ/TW", title="Nghị quyết 58", slug="nq-58")

    assert client.get(f"{page.url}versions/{history['draft']}/").status_code == 404
    assert client.get(f"{page.url}versions/{other.live_revision_id}/").status_code == 404
    assert client.get(f"{page.url}versions/{history['second']}/").status_code == 200


def test_a_private_directive_keeps_its_history_private(client, history):
    page = history["page"]
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Ban biên tập"))

    for path in ("versions/", f"versions/{history['first']}/"):
        response = client.get(page.url + path)
        assert response.status_code == 302 and "/login/" in response["Location"], path


def test_the_history_costs_the_same_queries_however_many_versions(client, history, django_assert_max_num_queries):
    page = history["page"]
    client.get(page.url + "versions/")
    with django_assert_max_num_queries(40) as few:  # the frame and the JSON-LD of a directive included
        client.get(page.url + "versions/")
    baseline = len(few.captured_queries)  # read now: each request empties the connection's query log
    for day in range(1, 6):
        page.expiry_date = datetime.date(2030, 1, day)
        page.save_revision().publish()
    client.get(page.url + "versions/")  # publishing emptied the caches the first request fills
    with django_assert_max_num_queries(baseline):
        response = client.get(page.url + "versions/")
    assert len(_soup(response).select(".versions__item")) == 7


def test_the_text_counts_as_changed_only_when_its_blocks_differ_not_their_ids():
    from articles.directive_versions import body_content

    def page(*blocks):
        return DirectivePage.from_serializable_data({"pk": 1, "body": list(blocks)}, check_fks=False)

    paragraph = {"type": "paragraph", "value": "<p>Căn cứ Nghị quyết 57-NQ/TW.</p>"}
    section = {"type": "section", "value": {"heading": "I.", "items": [{"type": "item", "value": "Một", "id": "b"}]}}
    with_ids = page({**paragraph, "id": "1f0c"}, {**section, "id": "a"})
    without_ids = page(paragraph, {**section, "value": {"heading": "I.", "items": [{"type": "item", "value": "Một"}]}})

    assert body_content(with_ids) == body_content(without_ids)
    assert body_content(page({**paragraph, "value": "<p>Căn cứ Nghị quyết 58-NQ/TW.</p>"})) != body_content(
        page(paragraph)
    )


def test_an_original_in_a_restricted_collection_is_never_named(client, history):
    from django.core.files.base import ContentFile
    from wagtail.models import Collection, CollectionViewRestriction

    from tests.articles.factories import upload_document

    secret = Collection.get_first_root_node().add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(collection=secret, restriction_type="login")
    document = upload_document("Bản gốc mật", ContentFile(b"%PDF-1.4", name="mat.pdf"))
    document.collection = secret
    document.save()
    page = history["page"]
    page.original_document = document
    page.save_revision().publish()

    history_page = client.get(page.url + "versions/").content.decode()

    assert "Bản gốc mật" not in history_page
    assert "Bản gốc mật" not in client.get(page.url).content.decode()
