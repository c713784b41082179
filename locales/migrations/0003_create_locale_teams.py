"""Create the locale teams: "Translators (xx)" and "Reviewers (xx)" for every target language, and
"Translation managers", with access to the admin and the translation queue permissions.

Page permissions and review workflows need the locales' home pages, which may not exist yet
when this runs; `locales.permissions.ensure_locale_teams` adds them (after every migrate and
from the demo loader). Self-contained on purpose: historical models only.
"""

from django.conf import settings
from django.db import migrations

MANAGERS = "Translation managers"
ROLES = {"translator": "Translators ({code})", "reviewer": "Reviewers ({code})"}
QUEUE_PERMISSIONS = {
    "work_on_queueitem": "Can work on translation queue items of their languages",
    "manage_queueitem": "Can assign and plan translation queue items in every language",
}


def _target_languages():
    source = getattr(settings, "LOCALES_SOURCE_LANGUAGE", "vi")
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != source]


def create_teams(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    LocaleTeam = apps.get_model("locales", "LocaleTeam")

    queue_type, _created = ContentType.objects.get_or_create(app_label="locales", model="queueitem")
    queue = {
        codename: Permission.objects.get_or_create(content_type=queue_type, codename=codename, defaults={"name": name})[0]
        for codename, name in QUEUE_PERMISSIONS.items()
    }
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    base = [access_admin] if access_admin else []

    for code in _target_languages():
        for role, pattern in ROLES.items():
            if LocaleTeam.objects.filter(language_code=code, role=role).exists():
                continue
            group, _created = Group.objects.get_or_create(name=pattern.format(code=code))
            LocaleTeam.objects.get_or_create(group=group, defaults={"language_code": code, "role": role})
            group.permissions.add(*base, queue["work_on_queueitem"])

    managers, _created = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(*base, queue["work_on_queueitem"], queue["manage_queueitem"])


class Migration(migrations.Migration):
    dependencies = [
        ("locales", "0002_locale_teams"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_teams, migrations.RunPython.noop)]
