"""Directive numbers in running text: unbreakable, and linked to their public pages (directive_number_tags)."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory


def _render(source: str, **context) -> str:
    return Template("{% load directive_number_tags %}" + source).render(Context(context))


def test_numbers_in_plain_text_never_break_and_the_rest_is_escaped():
    html = _render("{{ title|nobreak_numbers }}", title="Kế hoạch 03-KH/BCĐTW <b>và</b> Số 380-CV/ĐU")

    assert '<span class="directive-number">03-KH/BCĐTW</span>' in html
    assert '<span class="directive-number">380-CV/ĐU</span>' in html
    assert "&lt;b&gt;và&lt;/b&gt;" in html


def test_text_without_numbers_is_only_escaped():
    assert _render("{{ title|nobreak_numbers }}", title="Chuyển đổi số & <i>") == "Chuyển đổi số &amp; &lt;i&gt;"


@pytest.fixture
def directives(home_pages):
    register = DirectiveIndexPageFactory(parent=home_pages["vi"])
    public = DirectivePageFactory(parent=register, number="380-CV/ĐU", title="Công văn 380", slug="cv-380")
    private = DirectivePageFactory(parent=register, number="57-NQ/TW", title="Nghị quyết 57", slug="nq-57")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {"public": public, "private": private, "register": register}


def test_numbers_in_rich_text_link_to_public_directives_only(directives, django_assert_max_num_queries):
    request = RequestFactory().get("/")
    body = (
        "<p>Thực hiện Công văn 380-CV/ĐU, Nghị quyết 57-NQ/TW và Kế hoạch 999-KH/TW; "
        '<a href="/khac/">xem 380-CV/ĐU</a>.</p>'
    )

    url = directives["public"].get_url(request)  # as a page being served has: the site's root paths known

    with django_assert_max_num_queries(2):  # the restricted paths, then the directives
        html = _render("{% linked_numbers body %}", body=body, request=request, page=directives["register"])

    assert f'<a class="directive-number" href="{url}">380-CV/ĐU</a>' in html
    assert '<span class="directive-number">57-NQ/TW</span>' in html  # private: plain text, not a link
    assert "nq-57" not in html
    assert '<span class="directive-number">999-KH/TW</span>' in html  # not on the site
    assert '<a href="/khac/">xem 380-CV/ĐU</a>' in html  # inside a link: left alone


def test_rich_text_without_numbers_costs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = _render("{% linked_numbers body %}", body="<p>Không có số hiệu nào.</p>", request=None)

    assert html == "<p>Không có số hiệu nào.</p>"
