"""The review task of the translation workflows: Wagtail's group approval with the workflow's own rules.

`TranslationReviewTask` is the one task of each "Translation review (xx)" workflow that
`locales.permissions.ensure_locale_teams` attaches to a target locale's home page. It behaves as
Wagtail's `GroupApprovalTask` (the reviewers' group approves or requests changes, Wagtail's own
mails), and an approval of a translated object that has a queue item goes through
`locales.review.check_workflow_approval` first: the four-eyes rule (whoever translated or submitted
may not approve; superusers may, recorded) and publication only through approval of a submitted
item. A refused approval changes nothing in the workflow, is recorded in the item's history, and
sends the reviewer to the item's page, where the history states the rule.

This module holds only the model; the rules live in `locales.review` (imported when needed, since
that module imports the models). It knows no page type.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


class TranslationReviewTask(AbstractGroupApprovalTask):
    """Group approval of a translation by its language's reviewers, under the four-eyes rule."""

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            from locales.review import check_workflow_approval

            refused_url = check_workflow_approval(task_state.workflow_state, user)
            if refused_url is not None:
                return refused_url
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve translations; nobody approves a translation they "
            "translated or submitted themselves"
        )

    class Meta:
        verbose_name = _("translation review task")
        verbose_name_plural = _("translation review tasks")
