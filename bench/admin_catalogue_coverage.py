"""Coverage of the admin catalogues: package × admin language, strings and untranslated ones.

Run from the project root after `make messages` (it reads the compiled catalogues)::

    .venv/bin/python bench/admin_catalogue_coverage.py                 # the README's table
    .venv/bin/python bench/admin_catalogue_coverage.py --packages-only # without cms/admin_locale (the packages' own)
    .venv/bin/python bench/admin_catalogue_coverage.py --missing wagtail.admin uk   # the untranslated msgids

Strings are counted as tests/test_admin_catalogues.py counts them (which owns the code): the msgids of
each package's English source catalogues, django and djangojs domains, contexts and plurals included,
looked up in the catalogue Django builds under the project's settings. Nothing is written.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--packages-only", action="store_true", help="leave cms/admin_locale out of LOCALE_PATHS (the packages' own)"
    )
    parser.add_argument("--missing", nargs=2, metavar=("PACKAGE", "LANGUAGE"), help="list the untranslated msgids")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django
    from django.conf import settings

    if args.packages_only:  # before setup: app imports may already load (and cache) a catalogue
        settings.LOCALE_PATHS = [Path(settings.PROJECT_DIR) / "locale"]
    django.setup()

    from tests import test_admin_catalogues as catalogues

    if args.missing:
        name, language = args.missing
        package = next((p for p in catalogues.packages() if p.name == name), None)
        if package is None:
            parser.error(f"unknown package {name!r}: " + ", ".join(p.name for p in catalogues.packages()))
        for msg in catalogues.coverage(package, language).untranslated:
            print(msg)
        return

    rows = catalogues.coverage_rows()
    print(catalogues.format_table(rows))
    total = sum(row.total for row in rows if row.language == rows[0].language)
    for language in catalogues.admin_languages():
        missing = sum(len(row.untranslated) for row in rows if row.language == language)
        print(f"\n{language}: {missing} of {total} strings untranslated ({missing / total:.1%})", end="")
    print()


if __name__ == "__main__":
    main()
