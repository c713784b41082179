"""Message catalogues: every UI string we wrap is in the vi and uk catalogues, translated.

Extraction runs `makemessages` on a scratch copy of the source, so a string added to code
or templates without a catalogue update fails here, not in front of a visitor.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

TARGET_LANGUAGES = ("vi", "uk")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _committed_catalogues() -> list[Path]:
    return sorted(Path(settings.BASE_DIR).glob("*/locale/*/LC_MESSAGES/django.po"))


def test_every_app_with_strings_has_vi_and_uk_catalogues():
    languages_by_app: dict[str, set[str]] = {}
    for path in _committed_catalogues():
        app = path.relative_to(settings.BASE_DIR).parts[0]
        languages_by_app.setdefault(app, set()).add(path.parts[-3])
    assert languages_by_app, "no catalogues found"
    for app, languages in languages_by_app.items():
        assert languages == set(TARGET_LANGUAGES), app


@pytest.mark.parametrize("path", _committed_catalogues(), ids=lambda p: "/".join(p.parts[-5:-2]))
def test_catalogue_is_fully_translated(path):
    catalogue = polib.pofile(str(path))

    assert not catalogue.metadata_is_fuzzy
    untranslated = [entry.msgid for entry in catalogue if not entry.translated() and not entry.obsolete]
    assert untranslated == []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            expected = sorted(PLACEHOLDER.findall(entry.msgid_plural))
            for form in entry.msgstr_plural.values():
                assert sorted(PLACEHOLDER.findall(form)) == expected, entry.msgid
        else:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


def test_catalogues_contain_every_wrapped_string(tmp_path):
    base = Path(settings.BASE_DIR)
    scratch = tmp_path / "src"
    shutil.copytree(
        base,
        scratch,
        ignore=shutil.ignore_patterns(".venv", ".git", "var", "node_modules", "*.mo", "__pycache__", ".*_cache"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-location", "--ignore=tests", "--ignore=bench"]
        + [f"--locale={code}" for code in TARGET_LANGUAGES],
        cwd=scratch,
        check=True,
        capture_output=True,
    )

    missing = []
    for fresh_path in sorted(scratch.glob("*/locale/*/LC_MESSAGES/django.po")):
        committed_path = base / fresh_path.relative_to(scratch)
        committed = {e.msgid for e in polib.pofile(str(committed_path))} if committed_path.exists() else set()
        missing += [
            f"{committed_path.relative_to(base)}: {e.msgid!r}"
            for e in polib.pofile(str(fresh_path))
            if e.msgid not in committed
        ]
    assert missing == [], "run `make makemessages` and translate:\n" + "\n".join(missing)
