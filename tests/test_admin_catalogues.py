"""Admin catalogues: the admin strings an editor or translator can meet are translated into every
admin language, counted the way Django serves them under the project's settings.

The packages' own catalogues are incomplete in Vietnamese (and partly in Ukrainian); we ship
catalogues that complete and override them in `cms/admin_locale/<package>/<lang>/LC_MESSAGES`
(listed in `LOCALE_PATHS`, compiled by `make messages`). For each package and each admin language
other than English (the admin's source strings are English), this module counts the msgids of the
package's English source catalogue (`locale/en/LC_MESSAGES/{django,djangojs}.po`; contexts and plurals
included) that Django's merged catalogue leaves untranslated, and fails above 1 %:

- `django` domain: `trans_real.translation(lang)._catalog`, the catalogue `gettext` reads (Django's,
  every installed app's, then `LOCALE_PATHS`, the first path winning);
- `djangojs` domain: `DjangoTranslation(lang, domain="djangojs", localedirs=[<app>/locale])`, as
  `JavaScriptCatalog(packages=[<app>])` builds it (Wagtail's admin and wagtail-localize each serve
  their own); `LOCALE_PATHS` are merged into it too.

Only the language's own catalogue counts: Django falls back to `LANGUAGE_CODE` (Vietnamese) for a
string Ukrainian lacks, which is not a translation.

Our own apps (cms, home, articles, locales, search) are counted from their vi/uk catalogues' msgids;
tests/test_catalogues.py already checks entry by entry that those are complete and extracted.

`bench/admin_catalogue_coverage.py` prints the same table (the README's).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib  # a dependency of wagtail-localize
import pytest
from django.apps import apps
from django.conf import settings
from django.utils.translation import trans_real

DOMAINS = ("django", "djangojs")
MAX_UNTRANSLATED = 0.01
ADMIN_LOCALE = Path(settings.PROJECT_DIR) / "admin_locale"
# Third-party packages whose admin strings we complete, by top-level module; Wagtail's admin app is a
# package of its own (most of the strings), every other installed Wagtail app is counted as "wagtail".
THIRD_PARTY = ("wagtail", "wagtail_localize", "wagtailmedia", "modeltranslation")
# Folder of cms/admin_locale for each package.
CATALOGUE_FOLDER = {"wagtail.admin": "wagtail_admin", "wagtail": "wagtail"}

PRINTF = re.compile(r"%(?:\(\w+\))?[-+ #0]*\d*(?:\.\d+)?[sdifr%]")
BRACES = re.compile(r"\{\w*\}")
MARKUP = re.compile(r"<[^>]+>|&\w+;|&#\d+;")


def admin_languages() -> list[str]:
    return [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES if not code.startswith("en")]


@dataclass
class Package:
    name: str
    apps: list = field(default_factory=list)  # AppConfigs
    own: bool = False  # one of our apps: the source list is its vi/uk catalogues

    @property
    def folder(self) -> str:
        return CATALOGUE_FOLDER.get(self.name, self.name)

    def source_catalogues(self, domain: str) -> list[Path]:
        if self.own:
            return [
                path
                for app in self.apps
                for code in admin_languages()
                if (path := Path(app.path) / "locale" / code / "LC_MESSAGES" / f"{domain}.po").exists()
            ]
        return [
            path for app in self.apps if (path := Path(app.path) / "locale/en/LC_MESSAGES" / f"{domain}.po").exists()
        ]

    def js_localedirs(self) -> list[str]:
        """The locale folders JavaScriptCatalog(packages=[app]) reads, for the apps that have JS strings."""
        sources = self.source_catalogues("djangojs")
        return [str(Path(app.path) / "locale") for app in self.apps if any(p.is_relative_to(app.path) for p in sources)]


def packages() -> list[Package]:
    """The packages whose admin strings we count, derived from INSTALLED_APPS."""
    found: dict[str, Package] = {}
    base = Path(settings.BASE_DIR)
    for app in apps.get_app_configs():
        top = app.name.split(".")[0]
        if Path(app.path).is_relative_to(base) and "site-packages" not in Path(app.path).parts:
            name, own = app.name, True
        elif top in THIRD_PARTY:
            name, own = ("wagtail.admin" if app.name == "wagtail.admin" else top), False
        else:
            continue
        found.setdefault(name, Package(name, own=own)).apps.append(app)
    order = {name: index for index, name in enumerate(("wagtail.admin", *THIRD_PARTY))}
    return sorted(found.values(), key=lambda p: (p.own, order.get(p.name, 99), p.name))


@dataclass(frozen=True)
class Msg:
    domain: str
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid

    def __str__(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"{self.domain}: {context}{self.msgid!r}"


def source_messages(package: Package, domain: str) -> list[Msg]:
    seen: dict[str, Msg] = {}
    for path in package.source_catalogues(domain):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgid:
                continue
            msg = Msg(domain, entry.msgid, entry.msgctxt, entry.msgid_plural or None)
            seen.setdefault(msg.key, msg)
    return list(seen.values())


def merged_catalogue(package: Package, language: str, domain: str):
    if domain == "django":
        return trans_real.translation(language)._catalog
    return trans_real.DjangoTranslation(language, domain=domain, localedirs=package.js_localedirs())._catalog


def is_translated(catalogue, msg: Msg) -> bool:
    value = catalogue.get((msg.key, 0) if msg.msgid_plural else msg.key)
    return bool(value)


@dataclass
class Row:
    package: str
    language: str
    total: int
    untranslated: list[Msg]

    @property
    def share(self) -> float:
        return len(self.untranslated) / self.total if self.total else 0.0


def coverage(package: Package, language: str) -> Row:
    total, missing = 0, []
    for domain in DOMAINS:
        messages = source_messages(package, domain)
        if not messages:
            continue
        catalogue = merged_catalogue(package, language, domain)
        total += len(messages)
        missing += [msg for msg in messages if not is_translated(catalogue, msg)]
    return Row(package.name, language, total, missing)


def coverage_rows() -> list[Row]:
    return [coverage(package, language) for package in packages() for language in admin_languages()]


def format_table(rows: list[Row]) -> str:
    languages = list(dict.fromkeys(row.language for row in rows))
    by_key = {(row.package, row.language): row for row in rows}
    names = list(dict.fromkeys(row.package for row in rows))
    header = "| Package | Strings | " + " | ".join(f"{code}: untranslated" for code in languages) + " |"
    lines = [header, "|" + "---|" * (2 + len(languages))]
    for name in names:
        total = by_key[(name, languages[0])].total
        cells = []
        for code in languages:
            row = by_key[(name, code)]
            cells.append(f"{len(row.untranslated)} ({row.share:.1%})" if row.total else "—")
        lines.append(f"| {name} | {total or '— (no strings)'} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def shipped_catalogues() -> list[Path]:
    return sorted(ADMIN_LOCALE.glob("*/*/LC_MESSAGES/*.po"))


def _placeholders(text: str) -> list[str]:
    return sorted(PRINTF.findall(text) + BRACES.findall(text) + MARKUP.findall(text))


def _shipped_problems(path: Path) -> Iterator[str]:
    """Entries of one of our catalogues that are fuzzy, empty, unknown to the package or break a placeholder."""
    package_folder, language = path.parts[-4], path.parts[-3]
    catalogue = polib.pofile(str(path))
    header = catalogue.metadata
    if header.get("Language") != language:
        yield f"header Language is {header.get('Language')!r}"
    expected_plurals = (
        "nplurals=1; plural=0;"
        if language == "vi"
        else polib.pofile(str(_project_catalogue(language))).metadata.get("Plural-Forms")
    )
    if expected_plurals and header.get("Plural-Forms") != expected_plurals:
        yield f"header Plural-Forms is {header.get('Plural-Forms')!r}, expected {expected_plurals!r}"
    nplurals = int(re.search(r"nplurals=\s*(\d+)", header.get("Plural-Forms", "nplurals=2")).group(1))
    package = next((p for p in packages() if p.folder == package_folder and not p.own), None)
    known = {msg.key for msg in source_messages(package, path.stem)} if package else set()
    for entry in catalogue:
        label = f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"
        if entry.obsolete:
            yield f"obsolete entry {label}"
            continue
        if "fuzzy" in entry.flags:
            yield f"fuzzy entry {label}"
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid
        if package and key not in known:
            yield f"{label} is not a msgid of {package.name}'s {path.stem} catalogue"
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(index, "") for index in range(nplurals)]
            if len(entry.msgstr_plural) != nplurals or not all(forms):
                yield f"{label}: {nplurals} plural forms expected, got {entry.msgstr_plural}"
            expected = _placeholders(entry.msgid_plural)
            for form in forms:
                if form and set(_placeholders(form)) != set(expected):
                    yield f"{label}: placeholders of {form!r} differ from {expected}"
        else:
            if not entry.msgstr:
                yield f"{label} is untranslated"
            elif _placeholders(entry.msgstr) != _placeholders(entry.msgid):
                yield f"{label}: placeholders of {entry.msgstr!r} differ from {_placeholders(entry.msgid)}"


def _project_catalogue(language: str) -> Path:
    return Path(settings.PROJECT_DIR) / "locale" / language / "LC_MESSAGES/django.po"


# --- tests ---------------------------------------------------------------------------------------


def test_locale_paths_list_every_admin_catalogue_folder_after_the_projects():
    folders = sorted(path for path in ADMIN_LOCALE.iterdir() if path.is_dir())
    assert [Path(path) for path in settings.LOCALE_PATHS] == [Path(settings.PROJECT_DIR) / "locale", *folders]
    names = {package.folder for package in packages() if not package.own}
    assert names <= {path.name for path in folders}, "a counted package has no cms/admin_locale folder"


def test_admin_languages_exclude_the_english_source():
    assert admin_languages() == ["vi", "uk"]


def test_catalogues_are_compiled():
    """`make messages` (run by `make setup` and `make test`) compiles them; a stale .mo would hide a fix."""
    ours = [*shipped_catalogues(), *Path(settings.BASE_DIR).glob("*/locale/*/LC_MESSAGES/*.po")]
    stale = [
        str(path.relative_to(settings.BASE_DIR))
        for path in ours
        if not path.with_suffix(".mo").exists() or path.with_suffix(".mo").stat().st_mtime < path.stat().st_mtime
    ]
    assert stale == [], "run `make messages`: not compiled or older than the .po: " + ", ".join(stale)


@pytest.mark.parametrize("path", shipped_catalogues(), ids=lambda p: "/".join((*p.parts[-4:-2], p.stem)))
def test_shipped_catalogue_is_well_formed(path):
    problems = list(_shipped_problems(path))
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:40])


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (GNU gettext) is not installed: `make system-deps`")
@pytest.mark.parametrize("path", shipped_catalogues(), ids=lambda p: "/".join((*p.parts[-4:-2], p.stem)))
def test_shipped_catalogue_passes_msgfmt_check(path):
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_package_counted():
    names = [package.name for package in packages()]
    assert names[:2] == ["wagtail.admin", "wagtail"]
    assert {"wagtail_localize", "wagtailmedia", "cms", "home", "articles", "locales", "search"} <= set(names)
    wagtail_apps = {app.name for package in packages() if package.name == "wagtail" for app in package.apps}
    assert {"wagtail", "wagtail.users", "wagtail.images", "wagtail.documents", "wagtail.snippets"} <= wagtail_apps


def test_counting_ignores_the_fallback_to_the_default_language():
    """Django answers a string Ukrainian lacks from the default language (vi): served, but not translated."""
    uk, vi = trans_real.translation("uk"), trans_real.translation("vi")
    plain = [key for key in vi._catalog.keys() if isinstance(key, str) and key and "\x04" not in key]  # noqa: SIM118
    only_vi = next((key for key in plain if key not in uk._catalog), None)
    if only_vi is None:
        pytest.skip("every Vietnamese string has a Ukrainian translation")
    assert uk.gettext(only_vi) == vi._catalog[only_vi]
    assert not is_translated(uk._catalog, Msg("django", only_vi))


def test_admin_strings_are_translated_in_every_admin_language(capsys):
    rows = coverage_rows()
    with capsys.disabled():
        print("\n" + format_table(rows))
    failing = [row for row in rows if row.share > MAX_UNTRANSLATED]
    report = []
    for row in failing:
        report.append(f"{row.package} / {row.language}: {len(row.untranslated)} of {row.total} ({row.share:.1%})")
        report += [f"    {msg}" for msg in row.untranslated[:15]]
    assert failing == [], "untranslated above 1 %:\n" + "\n".join(report)
