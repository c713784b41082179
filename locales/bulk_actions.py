"""Bulk actions on the translation queue list: assign, set a due date, set a priority, machine-translate.

Each action applies to the selected items the user may manage (others are listed as "no access" by
Wagtail's confirmation page) and records what it did in each item's history where the item's own
methods do (assignment). Registered in locales/wagtail_hooks.py.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from locales import permissions, workbench
from locales.models import QueueItem


class QueueBulkAction(SnippetBulkAction):
    """Base: only queue items, only for users who may plan them."""

    models = [QueueItem]
    template_name = "locales/queue/bulk_action.html"
    action_priority = 40

    def check_perm(self, item: QueueItem) -> bool:
        return permissions.can(self.request.user, "manage", item)

    def get_execution_context(self) -> dict:
        return {**super().get_execution_context(), "user": self.request.user, **self.cleaned_form.cleaned_data}


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Translator"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        help_text=_("Leave empty to unassign. Only members of each item's translator team are assigned."),
    )


class AssignBulkAction(QueueBulkAction):
    display_name = _("Assign")
    action_type = "assign"
    aria_label = _("Assign the selected items to a translator")
    form_class = AssignForm

    @classmethod
    def execute_action(cls, objects, assignee=None, user=None, **kwargs) -> tuple[int, int]:
        done = skipped = 0
        for item in objects:
            language = item.target_locale.language_code
            if assignee is not None and not permissions.team_members(language, "translator").filter(pk=assignee.pk):
                skipped += 1
                continue
            item.assign(assignee, user=user)
            done += 1
        return done, skipped

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        message = ngettext("%(count)d item assigned.", "%(count)d items assigned.", num_parent_objects) % {
            "count": num_parent_objects
        }
        if num_child_objects:
            message += " " + ngettext(
                "%(count)d item skipped: the translator does not work in its language.",
                "%(count)d items skipped: the translator does not work in their language.",
                num_child_objects,
            ) % {"count": num_child_objects}
        return message


class DueDateForm(forms.Form):
    due_date = forms.DateField(label=_("Due date"), required=False, help_text=_("Leave empty to clear the due date."))


class SetDueDateBulkAction(QueueBulkAction):
    display_name = _("Set due date")
    action_type = "set_due_date"
    aria_label = _("Set the due date of the selected items")
    form_class = DueDateForm

    @classmethod
    def execute_action(cls, objects, due_date=None, **kwargs) -> tuple[int, int]:
        count = QueueItem.objects.filter(pk__in=[item.pk for item in objects]).update(due_date=due_date)
        return count, 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        return ngettext("Due date set on %(count)d item.", "Due date set on %(count)d items.", num_parent_objects) % {
            "count": num_parent_objects
        }


class PriorityForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=QueueItem.Priority.choices, coerce=int, initial=QueueItem.Priority.NORMAL
    )


class SetPriorityBulkAction(QueueBulkAction):
    display_name = _("Set priority")
    action_type = "set_priority"
    aria_label = _("Set the priority of the selected items")
    form_class = PriorityForm

    @classmethod
    def execute_action(cls, objects, priority=QueueItem.Priority.NORMAL, **kwargs) -> tuple[int, int]:
        count = QueueItem.objects.filter(pk__in=[item.pk for item in objects]).update(priority=priority)
        return count, 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        return ngettext("Priority set on %(count)d item.", "Priority set on %(count)d items.", num_parent_objects) % {
            "count": num_parent_objects
        }


class MachineTranslateBulkAction(QueueBulkAction):
    display_name = _("Machine-translate")
    action_type = "machine_translate"
    aria_label = _("Fill the missing segments of the selected items from the translation memory")

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs) -> tuple[int, int]:
        done = failed = 0
        for item in objects:
            try:
                workbench.machine_translate(item, user)
            except ValidationError:
                failed += 1
            else:
                done += 1
        return done, failed

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        message = ngettext(
            "%(count)d item filled from the translation memory.",
            "%(count)d items filled from the translation memory.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
        if num_child_objects:
            message += " " + ngettext(
                "%(count)d item could not be started (its parent page is not translated yet).",
                "%(count)d items could not be started (their parent pages are not translated yet).",
                num_child_objects,
            ) % {"count": num_child_objects}
        return message


BULK_ACTIONS = [AssignBulkAction, SetDueDateBulkAction, SetPriorityBulkAction, MachineTranslateBulkAction]
