"""Copy the view restrictions of existing source pages to their translations (see locales.source_visibility).

From now on the copies follow every change at once; this brings pages restricted before the rule
existed into line. It only adds restrictions (never makes anything more public). Historical models only.
"""

from django.conf import settings
from django.db import migrations


def copy_restrictions(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    source = getattr(settings, "LOCALES_SOURCE_LANGUAGE", "vi")
    restrictions = PageViewRestriction.objects.filter(page__locale__language_code=source).select_related("page")
    for restriction in restrictions:
        groups = set(restriction.groups.values_list("pk", flat=True))
        others = Page.objects.filter(translation_key=restriction.page.translation_key).exclude(pk=restriction.page_id)
        for page in others:
            same = [
                existing
                for existing in PageViewRestriction.objects.filter(
                    page=page, restriction_type=restriction.restriction_type, password=restriction.password
                )
                if set(existing.groups.values_list("pk", flat=True)) == groups
            ]
            if not same:
                copy = PageViewRestriction.objects.create(
                    page=page, restriction_type=restriction.restriction_type, password=restriction.password
                )
                copy.groups.set(groups)


class Migration(migrations.Migration):
    dependencies = [
        ("locales", "0003_create_locale_teams"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(copy_restrictions, migrations.RunPython.noop)]
