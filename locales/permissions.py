"""Who may do what in the translation workflow: locale teams, the queue's permission policy, page rights.

What this module owns:

- The locale teams (`LocaleTeam`): "Translators (xx)" and "Reviewers (xx)" per target language and
  "Translation managers", named in the site's source language (`stored_name`: "Người dịch (uk)").
  `ensure_locale_teams()` creates missing teams, grants Wagtail page
  permissions on each target locale's home pages (translators add and change, reviewers and
  managers also publish) and attaches a review workflow per language ("Translation review (xx)",
  one `TranslationReviewTask` for that language's reviewers: Wagtail's group approval under the
  four-eyes rule, see `locales.review`). It runs after every migrate, when a
  locale's home page is created, and may be called by anyone (the demo loader); it is idempotent
  and does not undo an administrator's later changes (a group that already has rights on a page,
  or a page that already has a workflow, is left alone).
- `QueueItemPermissionPolicy`, a Wagtail permission policy for `QueueItem` with the actions
  view, claim, translate, submit, approve, change, manage, add, delete:
    * superusers, and holders of `locales.manage_queueitem`: everything in every language, except
      add and delete, which only superusers may do (items are made by the system);
    * translators of a language: view, claim, translate and submit its items (claim, translate
      and submit only while the item is unassigned or theirs; claim only while it is not done);
    * reviewers of a language: view its items, approve those in review;
    * nobody else sees anything, and nobody sees items of another language.
  Querysets are filtered in the database (one query, no per-row checks); a user's teams are read
  once per user object and cached on it.
- Plain helpers for the rest of the app: `languages_of`, `can`, `visible_items`, `team_members`,
  `is_manager`.

The page side: translators edit the target page in wagtail-localize's editor, which checks Wagtail's
page permissions; the permissions granted here work only under their own locale's home page.
`locales.guards` adds the queue's rules at wagtail-localize's and Wagtail's own doors (a claimed
item's strings are its assignee's; publication only through review).
This module knows no page type; it reads Wagtail's Page, Locale, workflow and permission models.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permission_policies.base import BasePermissionPolicy

from locales import conf
from locales.models import LocaleTeam, QueueItem, TranslationReviewTask

logger = logging.getLogger(__name__)

TRANSLATOR = LocaleTeam.Role.TRANSLATOR.value
REVIEWER = LocaleTeam.Role.REVIEWER.value

MANAGE_PERMISSION = "locales.manage_queueitem"
WORK_PERMISSION = "locales.work_on_queueitem"

ACTIONS = ("view", "claim", "translate", "submit", "approve", "change", "manage", "add", "delete")
SUPERUSER_ONLY = frozenset({"add", "delete"})

# Group, workflow and task names are data (Wagtail shows them as stored): they are written in the
# site's source language, the managers' (`stored_name`); rows made under the English names of earlier
# versions are renamed by `ensure_locale_teams`.
MANAGERS_GROUP = _("Translation managers")
TEAM_GROUP_NAMES = {TRANSLATOR: _("Translators (%(code)s)"), REVIEWER: _("Reviewers (%(code)s)")}
WORKFLOW_NAME = _("Translation review (%(code)s)")
TASK_NAME = _("Review (%(code)s)")

# Wagtail page permissions on each target locale's home pages.
PAGE_PERMISSIONS = {
    TRANSLATOR: ("add", "change"),
    REVIEWER: ("add", "change", "publish"),
}
MANAGER_PAGE_PERMISSIONS = ("add", "change", "publish")

_CACHE_ATTRIBUTE = "_locales_team_scope"


# --- a user's teams ---------------------------------------------------------------------------------


class _Scope:
    """What one user is: manager or superuser, and the languages (and their locale ids) per role."""

    __slots__ = ("languages", "locale_ids", "manager", "superuser")

    def __init__(self, user) -> None:
        self.superuser = False
        self.manager = False
        self.languages: dict[str, frozenset[str]] = {TRANSLATOR: frozenset(), REVIEWER: frozenset()}
        self.locale_ids: dict[str, frozenset[int]] = {TRANSLATOR: frozenset(), REVIEWER: frozenset()}
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return
        self.superuser = user.is_superuser
        self.manager = self.superuser or user.has_perm(MANAGE_PERMISSION)
        rows = list(LocaleTeam.objects.filter(group__user=user).values_list("role", "language_code").distinct())
        if not rows:
            return
        codes = {code for _role, code in rows}
        locale_of = dict(Locale.objects.filter(language_code__in=codes).values_list("language_code", "pk"))
        for role in (TRANSLATOR, REVIEWER):
            languages = frozenset(code for row_role, code in rows if row_role == role)
            self.languages[role] = languages
            self.locale_ids[role] = frozenset(locale_of[code] for code in languages if code in locale_of)

    @property
    def all_locale_ids(self) -> frozenset[int]:
        return self.locale_ids[TRANSLATOR] | self.locale_ids[REVIEWER]


def _scope(user) -> _Scope:
    scope = getattr(user, _CACHE_ATTRIBUTE, None)
    if scope is None:
        scope = _Scope(user)
        if user is not None:
            with contextlib.suppress(AttributeError):  # an object that takes no attributes: do not cache
                setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def forget_teams(user) -> None:
    """Drop the cached teams of `user` (after changing their groups in the same request or test)."""
    for attribute in (_CACHE_ATTRIBUTE, "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def is_manager(user) -> bool:
    """Superusers and holders of `locales.manage_queueitem`: every action in every language."""
    return _scope(user).manager


def languages_of(user, role: str | None = None) -> set[str]:
    """Language codes of the teams `user` belongs to, in one role ("translator", "reviewer") or any.

    Managers are not members of a team by being managers: this is team membership only.
    """
    scope = _scope(user)
    if role is None:
        return set(scope.languages[TRANSLATOR] | scope.languages[REVIEWER])
    if role not in scope.languages:
        raise ValueError(f"Unknown role {role!r}")
    return set(scope.languages[role])


def translator_languages(user) -> set[str]:
    """Target languages `user` may translate: every one for superusers and managers, else their translator teams'."""
    scope = _scope(user)
    if scope.manager:
        return set(target_languages())
    return set(scope.languages[TRANSLATOR])


# --- the policy -------------------------------------------------------------------------------------


def _open_to(user) -> Q:
    return Q(assignee__isnull=True) | Q(assignee_id=user.pk)


class QueueItemPermissionPolicy(BasePermissionPolicy):
    """Permissions on translation queue items, scoped by the locale teams (see the module docstring)."""

    actions = ACTIONS

    def _check_action(self, action: str) -> None:
        if action not in ACTIONS:
            raise ValueError(f"Unknown action {action!r} for translation queue items")

    # model level: may the user do this to some item?

    def user_has_permission(self, user, action: str) -> bool:
        self._check_action(action)
        scope = _scope(user)
        if scope.superuser:
            return True
        if action in SUPERUSER_ONLY:
            return False
        if scope.manager:
            return True
        if action == "view":
            return bool(scope.all_locale_ids)
        if action in ("claim", "translate", "submit"):
            return bool(scope.locale_ids[TRANSLATOR])
        if action == "approve":
            return bool(scope.locale_ids[REVIEWER])
        return False

    def users_with_any_permission(self, actions: Iterable[str]):
        actions = set(actions)
        for action in actions:
            self._check_action(action)
        User = get_user_model()
        condition = Q(is_superuser=True)
        if actions - SUPERUSER_ONLY:
            condition |= self._managers_q()
            roles = self._roles_for(actions)
            if roles:
                condition |= Q(groups__locale_team__role__in=roles)
        return User.objects.filter(condition, is_active=True).distinct()

    # instance level

    def user_has_permission_for_instance(self, user, action: str, instance: QueueItem) -> bool:
        self._check_action(action)
        scope = _scope(user)
        if scope.superuser:
            return True
        if action in SUPERUSER_ONLY:
            return False
        if scope.manager:
            return True
        locale_id = instance.target_locale_id
        if action == "view":
            return locale_id in scope.all_locale_ids
        if action in ("claim", "translate", "submit"):
            if locale_id not in scope.locale_ids[TRANSLATOR]:
                return False
            if instance.assignee_id not in (None, user.pk):
                return False
            return action != "claim" or instance.status != QueueItem.Status.DONE
        if action == "approve":
            return locale_id in scope.locale_ids[REVIEWER] and instance.status == QueueItem.Status.IN_REVIEW
        return False

    def instances_user_has_any_permission_for(self, user, actions: Iterable[str]):
        actions = set(actions)
        for action in actions:
            self._check_action(action)
        items = self.model._default_manager.all()
        scope = _scope(user)
        if scope.superuser or (scope.manager and actions - SUPERUSER_ONLY):
            return items
        condition = Q(pk__in=[])
        matched = False
        if "view" in actions and scope.all_locale_ids:
            condition |= Q(target_locale_id__in=scope.all_locale_ids)
            matched = True
        translator_locales = scope.locale_ids[TRANSLATOR]
        if translator_locales and actions & {"translate", "submit"}:
            condition |= Q(target_locale_id__in=translator_locales) & _open_to(user)
            matched = True
        if translator_locales and "claim" in actions:
            condition |= Q(target_locale_id__in=translator_locales) & _open_to(user) & ~Q(status=QueueItem.Status.DONE)
            matched = True
        if scope.locale_ids[REVIEWER] and "approve" in actions:
            condition |= Q(target_locale_id__in=scope.locale_ids[REVIEWER], status=QueueItem.Status.IN_REVIEW)
            matched = True
        return items.filter(condition) if matched else items.none()

    def users_with_any_permission_for_instance(self, actions: Iterable[str], instance: QueueItem):
        actions = set(actions)
        for action in actions:
            self._check_action(action)
        User = get_user_model()
        condition = Q(is_superuser=True)
        if actions - SUPERUSER_ONLY:
            condition |= self._managers_q()
            language = Locale.objects.filter(pk=instance.target_locale_id).values_list("language_code", flat=True)
            in_language = Q(groups__locale_team__language_code__in=language)
            if "view" in actions:
                condition |= in_language
            translating = actions & {"translate", "submit"} or (
                "claim" in actions and instance.status != QueueItem.Status.DONE
            )
            if translating:
                translator = in_language & Q(groups__locale_team__role=TRANSLATOR)
                if instance.assignee_id is not None:
                    translator &= Q(pk=instance.assignee_id)
                condition |= translator
            if "approve" in actions and instance.status == QueueItem.Status.IN_REVIEW:
                condition |= in_language & Q(groups__locale_team__role=REVIEWER)
        return User.objects.filter(condition, is_active=True).distinct()

    @staticmethod
    def _managers_q() -> Q:
        app_label, codename = MANAGE_PERMISSION.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        return Q(user_permissions__in=permission) | Q(groups__permissions__in=permission)

    @staticmethod
    def _roles_for(actions: set[str]) -> list[str]:
        roles = []
        if actions & {"view", "claim", "translate", "submit"}:
            roles.append(TRANSLATOR)
        if actions & {"view", "approve"}:
            roles.append(REVIEWER)
        return roles


queue_permission_policy = QueueItemPermissionPolicy(QueueItem)


def can(user, action: str, item: QueueItem) -> bool:
    """Whether `user` may do `action` (one of ACTIONS) to `item`. No query once the user's teams are cached."""
    return queue_permission_policy.user_has_permission_for_instance(user, action, item)


def visible_items(user, queryset: models.QuerySet | None = None) -> models.QuerySet:
    """The items `user` may see, as a filter on `queryset` (all items by default). One query when evaluated."""
    allowed = queue_permission_policy.instances_user_has_permission_for(user, "view")
    if queryset is None:
        return allowed
    if _scope(user).superuser or _scope(user).manager:
        return queryset
    return queryset.filter(pk__in=allowed.values("pk"))


def team_members(language_code: str, role: str, users: models.QuerySet | None = None) -> models.QuerySet:
    """Active users in a team of `language_code` with `role` ("translator" or "reviewer"), among `users`."""
    if users is None:
        users = get_user_model().objects.all()
    return users.filter(
        is_active=True,
        groups__locale_team__language_code=language_code,
        groups__locale_team__role=role,
    ).distinct()


# --- teams, page permissions and workflows ----------------------------------------------------------


def target_languages() -> list[str]:
    """Codes of the content languages other than the source language, in settings order."""
    from django.conf import settings

    source = conf.source_language()
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != source]


def _page_permissions(actions: Iterable[str]) -> list[Permission]:
    codenames = [f"{action}_page" for action in actions]
    permissions = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
    return sorted(permissions, key=lambda permission: codenames.index(permission.codename))


def _queue_permissions(*codenames: str) -> list[Permission]:
    return list(Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")) + list(
        Permission.objects.filter(content_type__app_label="locales", codename__in=codenames)
    )


def _grant_pages(group: Group, pages: list[Page], permissions: list[Permission]) -> None:
    """Give `group` `permissions` on each page where it has no page permission yet."""
    for page in pages:
        if GroupPagePermission.objects.filter(group=group, page=page).exists():
            continue
        for permission in permissions:
            GroupPagePermission.objects.create(group=group, page=page, permission=permission)


def stored_name(template, **params: str) -> str:
    """A group, workflow or task name as stored: `template` in the site's source language."""
    with translation.override(conf.source_language()):
        return str(template) % params


def _named(queryset: models.QuerySet, template, **params: str) -> models.Model | None:
    """The row named `template` in the source language; a row under its English name (the msgid,
    as earlier versions stored it) is renamed to it."""
    name = stored_name(template, **params)
    row = queryset.filter(name=name).first()
    if row is None:
        with translation.override(None):
            english = str(template) % params
        row = queryset.filter(name=english).first() if english != name else None
        if row is not None:
            row.name = name
            row.save(update_fields=["name"])
    return row


def team_group(code: str, role: str) -> Group:
    """The group of a locale team: its translators (`TRANSLATOR`) or reviewers (`REVIEWER`) of `code`."""
    return Group.objects.get(locale_team__language_code=code, locale_team__role=role)


def managers_group() -> Group:
    """The translation managers' group, made (or renamed into the source language) when needed."""
    group = _named(Group.objects.all(), MANAGERS_GROUP)
    if group is None:
        group = Group.objects.create(name=stored_name(MANAGERS_GROUP))
        group.permissions.add(*_queue_permissions("work_on_queueitem", "manage_queueitem"))
    return group


def _ensure_workflow(code: str, pages: list[Page]) -> None:
    """Attach "Translation review (code)" to each home page of the language that has no workflow of its own."""
    workflow = _named(Workflow.objects.all(), WORKFLOW_NAME, code=code)
    task = _named(TranslationReviewTask.objects.all(), TASK_NAME, code=code)
    pages = [page for page in pages if not WorkflowPage.objects.filter(page=page).exists()]
    if not pages:
        return
    if workflow is None:
        workflow = Workflow.objects.create(name=stored_name(WORKFLOW_NAME, code=code))
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        if task is None:
            task = TranslationReviewTask.objects.create(name=stored_name(TASK_NAME, code=code))
            task.groups.set(Group.objects.filter(locale_team__language_code=code, locale_team__role=REVIEWER))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for page in pages:
        WorkflowPage.objects.create(page=page, workflow=workflow)


@transaction.atomic
def ensure_locale_teams() -> None:
    """Create missing teams, page permissions and review workflows for every target language. Idempotent."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # The queue permissions are created after migrations; make sure they exist before granting them.
    create_permissions(apps.get_app_config("locales"), verbosity=0)

    languages = target_languages()
    for code in languages:
        for role, template in TEAM_GROUP_NAMES.items():
            team_groups = Group.objects.filter(locale_team__language_code=code, locale_team__role=role)
            if _named(team_groups, template, code=code) is not None or team_groups.exists():
                continue  # the team's group, under our name (renamed if it was English) or the administrator's
            group = _named(Group.objects.all(), template, code=code)
            if group is None:
                group = Group.objects.create(name=stored_name(template, code=code))
            LocaleTeam.objects.get_or_create(group=group, defaults={"language_code": code, "role": role})
            group.permissions.add(*_queue_permissions("work_on_queueitem"))
    managers = managers_group()

    page_permissions = {role: _page_permissions(actions) for role, actions in PAGE_PERMISSIONS.items()}
    manager_permissions = _page_permissions(MANAGER_PAGE_PERMISSIONS)
    teams = list(LocaleTeam.objects.filter(language_code__in=languages).select_related("group"))
    for code in languages:
        homes = list(Page.objects.filter(depth=2, locale__language_code=code, alias_of__isnull=True).order_by("path"))
        if not homes:
            continue
        for team in teams:
            if team.language_code == code:
                _grant_pages(team.group, homes, page_permissions[team.role])
        _grant_pages(managers, homes, manager_permissions)
        _ensure_workflow(code, homes)


@receiver(post_migrate)
def _after_migrate(sender, using: str = "default", **kwargs) -> None:
    if getattr(sender, "name", None) != "locales" or using != "default":
        return
    if LocaleTeam._meta.db_table not in connection.introspection.table_names():
        return  # migrated back to before the teams existed
    ensure_locale_teams()


@receiver(post_save)
def _on_home_page_created(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    """A new home page of a target locale gets its teams' rights and review workflow once committed."""
    if not created or raw or not isinstance(instance, Page) or instance.depth != 2:
        return
    if Locale.objects.filter(pk=instance.locale_id, language_code=conf.source_language()).exists():
        return

    def ensure() -> None:
        try:
            ensure_locale_teams()
        except Exception:
            logger.exception("Could not grant the locale teams their rights on a new home page")

    transaction.on_commit(ensure)
