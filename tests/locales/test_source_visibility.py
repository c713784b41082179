"""A translation is never more public than its source: restrictions and withdrawal reach it at once.

The leak suite (tests/test_leaks.py) checks every public surface with a restriction added and an
expired source; these tests pin the rule itself: groups and passwords copied, a removal reaching
the translations, a deleted source leaving its translations as private as they were, and an
unpublished source taking its translations with it.
"""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, PageViewRestriction

from articles.models import ArticleIndexPage
from locales import conf
from locales.source_visibility import mirror_view_restrictions
from locales.translating import translate_object


def _restrictions(page: Page) -> list[tuple[str, str, set[str]]]:
    return [
        (r.restriction_type, r.password, {g.name for g in r.groups.all()})
        for r in PageViewRestriction.objects.filter(page=page).order_by("pk")
    ]


@pytest.fixture
def translated_section(home_pages, django_capture_on_commit_callbacks):
    home = home_pages[conf.source_language()]
    with django_capture_on_commit_callbacks(execute=True):
        section = ArticleIndexPage(title="Tin bài", slug="tin-bai")
        home.add_child(instance=section)
        section.save_revision().publish()
        targets = Locale.objects.exclude(language_code=conf.source_language())
        translations = [translate_object(section, locale, {}) for locale in targets]
    assert len(translations) == len(targets) > 0
    return section, translations


def test_a_group_restriction_reaches_every_translation_with_its_groups(translated_section, client):
    section, translations = translated_section
    editors = Group.objects.create(name="Biên tập")
    restriction = PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(editors)  # the admin's privacy form sets groups after saving the row
    for translation in translations:
        assert _restrictions(translation) == [("groups", "", {"Biên tập"})]
        assert client.get(translation.url).status_code == 302


def test_a_removed_restriction_opens_the_translations_again(translated_section, client):
    section, translations = translated_section
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="mật-khẩu"
    )
    assert all(_restrictions(t) == [("password", "mật-khẩu", set())] for t in translations)
    restriction.password = "khác"
    restriction.save()
    assert all(_restrictions(t) == [("password", "khác", set())] for t in translations)
    restriction.delete()
    for translation in translations:
        assert _restrictions(translation) == []
        assert client.get(translation.url).status_code == 200


def test_a_restriction_on_a_translation_alone_stays(translated_section):
    """A translation may be more private than its source, never more public."""
    section, translations = translated_section
    PageViewRestriction.objects.create(page=translations[0], restriction_type=PageViewRestriction.LOGIN)
    assert _restrictions(section) == []
    assert _restrictions(translations[0]) == [("login", "", set())]
    assert mirror_view_restrictions(Page.objects.get(pk=section.pk)) == 1  # the source's privacy wins on sync
    assert _restrictions(translations[0]) == []


def test_mirroring_again_changes_nothing(translated_section):
    section, _translations = translated_section
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert mirror_view_restrictions(Page.objects.get(pk=section.pk)) == 0


def test_deleting_the_source_leaves_its_translations_private(translated_section):
    section, translations = translated_section
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    Page.objects.get(pk=section.pk).delete()
    for translation in translations:
        assert _restrictions(translation) == [("login", "", set())]


def test_a_translation_made_later_starts_restricted(home_pages, django_capture_on_commit_callbacks):
    home = home_pages[conf.source_language()]
    with django_capture_on_commit_callbacks(execute=True):
        section = ArticleIndexPage(title="Nội bộ", slug="noi-bo")
        home.add_child(instance=section)
        section.save_revision().publish()
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    first, second = Locale.objects.exclude(language_code=conf.source_language())[:2]
    with django_capture_on_commit_callbacks(execute=True):
        translation = translate_object(section, first, {})  # wagtail-localize's path
    copy = section.copy_for_translation(second)  # Wagtail's own
    assert _restrictions(translation) == _restrictions(copy) == [("login", "", set())]


def test_unpublishing_the_source_unpublishes_its_translations(translated_section, client):
    section, translations = translated_section
    Page.objects.get(pk=section.pk).specific.unpublish()
    for translation in translations:
        assert not Page.objects.get(pk=translation.pk).live
        assert client.get(translation.url).status_code == 404


def test_unpublishing_a_translation_leaves_the_source_and_the_others(translated_section):
    section, translations = translated_section
    first, *others = translations
    Page.objects.get(pk=first.pk).specific.unpublish()
    assert Page.objects.get(pk=section.pk).live
    assert all(Page.objects.get(pk=page.pk).live for page in others)
