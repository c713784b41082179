"""The translation workflow's groups by the English names the tests write ("Translators (uk)").

The groups are stored under their names in the site's source language (`locales.permissions.stored_name`),
so a test that names a group in English finds it here: the English name is the name's msgid.
"""

from django.contrib.auth.models import Group
from django.utils import translation

from locales.permissions import MANAGERS_GROUP, TEAM_GROUP_NAMES, stored_name, target_languages


def named_group(english: str) -> Group:
    templates = [(MANAGERS_GROUP, {})] + [
        (template, {"code": code}) for template in TEAM_GROUP_NAMES.values() for code in target_languages()
    ]
    for template, params in templates:
        with translation.override(None):
            msgid = str(template) % params
        if msgid == english:
            return Group.objects.get(name=stored_name(template, **params))
    raise LookupError(f"no group of the translation workflow is called {english!r}")
