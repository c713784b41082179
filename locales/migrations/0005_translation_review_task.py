"""The review task under the four-eyes rule, and the history's refusals and rule overrides.

- `TranslationReviewTask` (locales.models.review): Wagtail's group approval whose approvals go through
  the workflow's rules (locales.review). The "Review (xx)" group-approval tasks that earlier
  `ensure_locale_teams` attached to the "Translation review (xx)" workflows become this type in
  place: same task row (so workflows and task states in progress keep pointing at it), same name,
  same groups.
- Two new kinds of history events: "refused" and "rule_override".

Self-contained on purpose: historical models only.
"""

import django.db.models.deletion
from django.db import migrations, models

WORKFLOW_PREFIX = "Translation review ("


def _review_tasks(apps):
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    return GroupApprovalTask.objects.filter(workflow_tasks__workflow__name__startswith=WORKFLOW_PREFIX).distinct()


def to_translation_review(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    TranslationReviewTask = apps.get_model("locales", "TranslationReviewTask")
    content_type, _created = ContentType.objects.get_or_create(app_label="locales", model="translationreviewtask")
    for old in list(_review_tasks(apps)):
        groups = list(old.groups.all())
        new = TranslationReviewTask(
            task_ptr_id=old.pk, name=old.name, active=old.active, content_type_id=content_type.pk
        )
        new.save_base(raw=True)  # the child row only: the task row stays as it is
        new.groups.set(groups)
        old.groups.clear()
        task_id = old.pk
        old.delete(keep_parents=True)  # the child row only (this also clears old.pk)
        Task.objects.filter(pk=task_id).update(content_type=content_type)


def to_group_approval(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    TranslationReviewTask = apps.get_model("locales", "TranslationReviewTask")
    content_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    for old in list(TranslationReviewTask.objects.all()):
        groups = list(old.groups.all())
        new = GroupApprovalTask(task_ptr_id=old.pk, name=old.name, active=old.active, content_type_id=content_type.pk)
        new.save_base(raw=True)
        new.groups.set(groups)
        old.groups.clear()
        task_id = old.pk
        old.delete(keep_parents=True)  # the child row only (this also clears old.pk)
        Task.objects.filter(pk=task_id).update(content_type=content_type)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("locales", "0004_sync_view_restrictions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="queueitemevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "Added to the queue"),
                    ("status", "Status change"),
                    ("assignment", "Assignment"),
                    ("source_changed", "Source changed"),
                    ("qa_override", "QA override"),
                    ("note", "Note"),
                    ("refused", "Refused"),
                    ("rule_override", "Rule overridden"),
                ],
                default="status",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.CreateModel(
            name="TranslationReviewTask",
            fields=[
                (
                    "task_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.task",
                    ),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        help_text="Pages/snippets at this step in a workflow will be moderated or approved by these "
                        "groups of users",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
            ],
            options={
                "verbose_name": "translation review task",
                "verbose_name_plural": "translation review tasks",
            },
            bases=("wagtailcore.task",),
        ),
        migrations.RunPython(to_translation_review, to_group_approval),
    ]
