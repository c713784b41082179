"""Create the content locales: Vietnamese (source; Wagtail creates it from LANGUAGE_CODE), English, Ukrainian."""

from django.db import migrations

LANGUAGE_CODES = ["vi", "en", "uk"]


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGE_CODES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_locales, migrations.RunPython.noop),
    ]
