"""Who may do what in the translation workflow: the locale teams, the queue's permission matrix, page rights.

The fixtures here (`teams`, `people`, `published`, `items`, `strings_for`) are shared with
test_review.py and test_notifications.py, which import them.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage
from wagtail.rich_text import RichText
from wagtail.users.models import UserProfile
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from articles.models import DirectivePage
from locales.models import LocaleTeam, QueueItem
from locales.permissions import (
    MANAGERS_GROUP,
    TASK_NAME,
    TEAM_GROUP_NAMES,
    WORKFLOW_NAME,
    can,
    ensure_locale_teams,
    languages_of,
    queue_permission_policy,
    stored_name,
    team_members,
    visible_items,
)
from locales.translating import translate_object
from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory
from tests.locales.teams import named_group

Status = QueueItem.Status


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever the catalogues say."""
    with translation.override("en"):
        yield


# --- shared fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def teams(home_pages):
    """The locale teams with their page rights and review workflows, as `make setup` leaves them."""
    ensure_locale_teams()
    return {group.name: group for group in Group.objects.all()}


def _member(username: str, *groups: str, **fields):
    user = get_user_model().objects.create_user(
        username=username, password="x", email=fields.pop("email", f"{username}@example.org"), **fields
    )
    for name in groups:
        named_group(name).user_set.add(user)
    UserProfile.objects.create(user=user, preferred_language="en")  # mails are asserted in English
    return user


@pytest.fixture
def people(teams) -> dict:
    return {
        "manager": _member("manager", "Translation managers"),
        "translator_en": _member("translator_en", "Translators (en)"),
        "translator_uk": _member("translator_uk", "Translators (uk)"),
        "translator_uk2": _member("translator_uk2", "Translators (uk)"),
        "reviewer_uk": _member("reviewer_uk", "Reviewers (uk)"),
        "reviewer_en": _member("reviewer_en", "Reviewers (en)"),
        "editor": _member("editor"),
        "superuser": get_user_model().objects.create_superuser("root", "root@example.org", "x"),
    }


def strings_for(page, code: str) -> dict[str, str]:
    """A faithful translation of every string segment of `page` (directive numbers left as they are)."""
    strings = {}
    for segment in extract_segments(page):
        if isinstance(segment, StringSegmentValue):
            text = segment.string.data
            strings[text] = f"{text}-{code}" if segment.path == "slug" else f"{text} [{code}]"
    return strings


@pytest.fixture
def published(home_pages, django_capture_on_commit_callbacks) -> DirectivePage:
    """A Vietnamese directive published through Wagtail: the queue has an en and a uk item for it."""
    register = DirectiveIndexPageFactory(parent=home_pages["vi"])
    page = DirectivePageFactory(
        parent=register,
        number="57-NQ/TW",
        title="Nghị quyết 57",
        slug="nq-57",
        summary="Đột phá phát triển khoa học, công nghệ và chuyển đổi số quốc gia.",
    )
    page.body = [("paragraph", RichText("<p>Thực hiện Nghị quyết 57-NQ/TW của Bộ Chính trị.</p>"))]
    page.save()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return DirectivePage.objects.get(pk=page.pk)


@pytest.fixture
def items(published) -> dict[str, QueueItem]:
    return {
        item.target_locale.language_code: item
        for item in QueueItem.objects.filter(object_id=published.translation_key).select_related("target_locale")
    }


# --- the teams ---------------------------------------------------------------------------------------


def test_migration_creates_a_translator_and_a_reviewer_team_per_target_language_and_managers(db):
    teams = {(team.language_code, team.role): team.group.name for team in LocaleTeam.objects.select_related("group")}
    assert teams == {
        (code, role): stored_name(TEAM_GROUP_NAMES[role], code=code)
        for code in ("en", "uk")
        for role in ("translator", "reviewer")
    }
    # Named in the site's source language, for the managers who administer them.
    assert teams[("uk", "translator")] == "Người dịch (uk)"
    assert stored_name(MANAGERS_GROUP) == "Quản lý bản dịch"
    assert Group.objects.filter(name="Quản lý bản dịch").exists()
    for name in ("Translators (uk)", "Reviewers (en)", "Translation managers"):
        codenames = set(named_group(name).permissions.values_list("codename", flat=True))
        assert {"access_admin", "work_on_queueitem"} <= codenames
    assert "manage_queueitem" in named_group("Translation managers").permissions.values_list("codename", flat=True)
    assert "manage_queueitem" not in named_group("Translators (uk)").permissions.values_list("codename", flat=True)


def test_each_target_home_page_gets_its_review_workflow_and_team_rights_idempotently(home_pages):
    ensure_locale_teams()
    rights = GroupPagePermission.objects.count()
    ensure_locale_teams()

    assert GroupPagePermission.objects.count() == rights
    for code in ("en", "uk"):
        workflow = home_pages[code].get_workflow()
        assert workflow.name == stored_name(WORKFLOW_NAME, code=code) == f"Duyệt bản dịch ({code})"
        (task,) = [task.specific for task in workflow.tasks]
        assert task.name == stored_name(TASK_NAME, code=code)
        assert [group.name for group in task.groups.all()] == [named_group(f"Reviewers ({code})").name]
        assert WorkflowPage.objects.filter(page=home_pages[code], workflow=workflow).exists()
    vi_workflow = home_pages["vi"].get_workflow()
    assert vi_workflow is None or vi_workflow.name != stored_name(WORKFLOW_NAME, code="vi")
    reviewers = GroupPagePermission.objects.filter(group=named_group("Reviewers (uk)"))
    assert {(right.page_id, right.permission.codename) for right in reviewers} == {
        (home_pages["uk"].pk, "add_page"),
        (home_pages["uk"].pk, "change_page"),
        (home_pages["uk"].pk, "publish_page"),
    }
    translators = GroupPagePermission.objects.filter(group=named_group("Translators (uk)"))
    assert {right.permission.codename for right in translators} == {"add_page", "change_page"}


def test_groups_and_workflows_of_earlier_versions_get_their_names_in_the_source_language(home_pages):
    ensure_locale_teams()
    Group.objects.filter(pk=named_group("Translators (uk)").pk).update(name="Translators (uk)")
    Group.objects.filter(name=stored_name(MANAGERS_GROUP)).update(name="Translation managers")
    workflow = home_pages["uk"].get_workflow()
    Workflow.objects.filter(pk=workflow.pk).update(name="Translation review (uk)")
    groups = Group.objects.count()

    ensure_locale_teams()

    assert Group.objects.count() == groups  # renamed, not made again
    assert set(Group.objects.filter(name__in=["Translators (uk)", "Translation managers"])) == set()
    assert LocaleTeam.objects.get(language_code="uk", role="translator").group.name == "Người dịch (uk)"
    assert Workflow.objects.get(pk=workflow.pk).name == "Duyệt bản dịch (uk)"


def test_rights_an_administrator_removed_are_not_granted_again(home_pages):
    ensure_locale_teams()
    GroupPagePermission.objects.filter(
        group=named_group("Translators (en)"), permission__codename="change_page"
    ).delete()

    translators = named_group("Translators (en)")
    GroupPagePermission.objects.filter(group=translators, permission__codename="change_page").delete()

    rights = GroupPagePermission.objects.filter(group=named_group("Translators (en)"))
    assert {right.permission.codename for right in rights} == {"add_page"}


def test_languages_of_reads_team_membership_per_role(people):
    assert languages_of(people["translator_uk"]) == {"uk"}
    assert languages_of(people["translator_uk"], "translator") == {"uk"}
    assert languages_of(people["translator_uk"], "reviewer") == set()
    assert languages_of(people["reviewer_uk"], "reviewer") == {"uk"}
    assert languages_of(people["editor"]) == set()
    assert languages_of(people["manager"]) == set()
    assert set(team_members("uk", "translator").values_list("username", flat=True)) == {
        "translator_uk",
        "translator_uk2",
    }


# --- the queue matrix --------------------------------------------------------------------------------

QUEUE_ACTIONS = ("view", "claim", "translate", "submit", "approve", "change", "manage")
EVERYTHING = set(QUEUE_ACTIONS)
TRANSLATING = {"view", "claim", "translate", "submit"}

# Both items are in review and unassigned.
MATRIX = {
    "manager": {"en": EVERYTHING, "uk": EVERYTHING},
    "superuser": {"en": EVERYTHING, "uk": EVERYTHING},
    "translator_en": {"en": TRANSLATING, "uk": set()},
    "translator_uk": {"en": set(), "uk": TRANSLATING},
    "reviewer_uk": {"en": set(), "uk": {"view", "approve"}},
    "editor": {"en": set(), "uk": set()},
}


@pytest.fixture
def in_review(items) -> dict[str, QueueItem]:
    QueueItem.objects.filter(pk__in=[item.pk for item in items.values()]).update(status=Status.IN_REVIEW)
    for item in items.values():
        item.refresh_from_db()
    return items


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(people, in_review, who):
    """Each user's row of the matrix: what `can` says, what the policy's querysets say, for both items."""
    user, policy = people[who], queue_permission_policy
    expected, by_can, by_queryset, by_users = {}, {}, {}, {}
    for language, item in in_review.items():
        for action in QUEUE_ACTIONS:
            key = f"{language}:{action}"
            expected[key] = action in MATRIX[who][language]
            by_can[key] = can(user, action, item)
            by_queryset[key] = policy.instances_user_has_permission_for(user, action).filter(pk=item.pk).exists()
            by_users[key] = policy.users_with_permission_for_instance(action, item).filter(pk=user.pk).exists()

    assert by_can == expected
    assert by_queryset == expected
    assert by_users == expected


@pytest.mark.parametrize("who", list(MATRIX))
def test_only_superusers_add_or_delete_items(people, in_review, who):
    expected = who == "superuser"
    for action in ("add", "delete"):
        assert can(people[who], action, in_review["uk"]) is expected
        assert queue_permission_policy.user_has_permission(people[who], action) is expected


def test_model_level_permissions_follow_the_teams(people):
    policy = queue_permission_policy
    assert policy.user_has_permission(people["translator_uk"], "view")
    assert policy.user_has_permission(people["translator_uk"], "claim")
    assert not policy.user_has_permission(people["translator_uk"], "approve")
    assert policy.user_has_permission(people["reviewer_uk"], "approve")
    assert not policy.user_has_permission(people["reviewer_uk"], "submit")
    assert not policy.user_has_permission(people["editor"], "view")
    assert policy.user_has_permission(people["manager"], "manage")
    assert not policy.user_has_permission(people["translator_uk"], "manage")
    assert set(policy.users_with_permission("manage").values_list("username", flat=True)) == {"manager", "root"}
    approvers = set(policy.users_with_permission("approve").values_list("username", flat=True))
    assert approvers == {"manager", "root", "reviewer_uk", "reviewer_en"}
    with pytest.raises(ValueError):
        policy.user_has_permission(people["manager"], "fly")


def test_translators_work_only_on_unassigned_items_or_their_own(people, items):
    item = items["uk"]
    item.claim(people["translator_uk2"])
    mine, theirs = people["translator_uk2"], people["translator_uk"]

    assert all(can(mine, action, item) for action in ("view", "claim", "translate", "submit"))
    assert can(theirs, "view", item)
    assert not any(can(theirs, action, item) for action in ("claim", "translate", "submit"))
    assert can(people["manager"], "translate", item)


def test_done_items_cannot_be_claimed_and_only_items_in_review_approved(people, items):
    item = items["uk"]
    assert not can(people["reviewer_uk"], "approve", item)  # to do
    QueueItem.objects.filter(pk=item.pk).update(status=Status.DONE)
    item.refresh_from_db()

    assert not can(people["translator_uk"], "claim", item)
    assert can(people["translator_uk"], "view", item)
    assert not can(people["reviewer_uk"], "approve", item)


def test_nobody_sees_another_languages_items_and_the_list_is_one_query(people, items, django_assert_num_queries):
    translator = people["translator_uk"]
    assert list(visible_items(translator)) == [items["uk"]]  # computes and caches the user's teams

    with django_assert_num_queries(1):
        assert list(visible_items(translator)) == [items["uk"]]
    with django_assert_num_queries(0):
        assert [can(translator, "view", item) for item in items.values()] == [code == "uk" for code in items]
    assert list(visible_items(people["editor"])) == []
    assert set(visible_items(people["manager"])) == set(items.values())
    assert list(visible_items(people["reviewer_uk"], QueueItem.objects.filter(status=Status.TO_DO))) == [items["uk"]]


def test_inactive_team_members_can_do_nothing(people, items):
    user = people["translator_uk"]
    user.is_active = False
    user.save()
    user = get_user_model().objects.get(pk=user.pk)

    assert not can(user, "view", items["uk"])
    assert not visible_items(user).exists()


# --- pages -------------------------------------------------------------------------------------------


@pytest.fixture
def translated_pages(published, locales) -> dict[str, Page]:
    return {
        code: translate_object(published, locales[code], strings_for(published, code), publish=True)
        for code in ("en", "uk")
    }


PAGE_MATRIX = {
    # who: {language: (can edit, can publish)}
    "manager": {"en": (True, True), "uk": (True, True)},
    "superuser": {"en": (True, True), "uk": (True, True)},
    "translator_en": {"en": (True, False), "uk": (False, False)},
    "translator_uk": {"en": (False, False), "uk": (True, False)},
    "reviewer_uk": {"en": (False, False), "uk": (True, True)},
    "editor": {"en": (False, False), "uk": (False, False)},
}


@pytest.mark.parametrize("who", list(PAGE_MATRIX))
@pytest.mark.parametrize("language", ["en", "uk"])
def test_page_permissions_stay_within_the_teams_locale(people, translated_pages, who, language):
    page = Page.objects.get(pk=translated_pages[language].pk)
    permissions = page.permissions_for_user(people[who])

    assert (permissions.can_edit(), permissions.can_publish()) == PAGE_MATRIX[who][language]


def test_translators_cannot_edit_the_vietnamese_source(people, published):
    for who in ("translator_en", "translator_uk", "reviewer_uk"):
        assert not published.permissions_for_user(people[who]).can_edit()
