"""Peak memory of PO uploads: the worst accepted and the worst refused, against an idle process, same run.

Run from the project root::

    .venv/bin/python bench/po_upload_memory.py            # every scenario (≈3 min)
    .venv/bin/python bench/po_upload_memory.py --keep     # keep the temporary files

Nothing of the project's own database, media or index is touched: a throw-away SQLite database,
media and search index under /tmp, removed at the end unless ``--keep``.

Data: ``migrate``, ``load_demo`` (the vi/en/uk site and its translation queue), the locale teams,
then ten Ukrainian queue items that have a wagtail-localize Translation are put back "in progress"
(unassigned), so that the exchange accepts their PO files. The uploads are generated once, on disk,
before any measurement, at the limits of ``locales.exchange`` (read from the module, so the
scenarios follow the limits):

accepted
    zip-10x5MB      10 PO files of ≈5 MB (MAX_MEMBER_BYTES), 50,000 entries together
                    (MAX_TOTAL_ENTRIES; 5,000 of ≈1 KB each), every real segment translated, through
                    the exchange upload (/admin/translation-queue/tools/exchange/)
    zip-2x20k       2 PO files of ≈5 MB with MAX_ENTRIES (20,000) entries each, through the exchange
    po-20k          one ≈5 MB PO file of 20,000 entries through wagtail-localize's per-translation
                    upload (``wagtail_localize:upload_pofile``, answered by locales.guards)
    zip-10xlongest  10 PO files, every real segment translated by the longest text accepted
                    (ten times its source plus 2,000 characters): the strings are written, the queue
                    and its QA follow in the same request
refused
    issue-zip       the upload of issue 11: ten 4.9 MB PO files of tiny entries (≈190,000 each) in
                    one zip of ≈5 MB (refused: too many lines, before parsing)
    zip-50001       like zip-10x5MB with one entry too many in the last file (refused by the entries
                    of all files together: nine files are parsed first; the costliest refusal)
    zip-10x1string  10 PO files, each translating one real segment by a ≈4.9 MB string (refused
                    after parsing: far longer than its source)
    zip-bomb        one member unpacking to 1,000 times its compressed size (refused from the zip's
                    directory)
    po-25MB         a 25 MB PO file through wagtail-localize's upload (refused from its size)
    po-issue        one of the issue's 4.9 MB PO files through wagtail-localize's upload

Each scenario runs in a fresh Python process (``--child``), on its own copy of the database, through
``django.test.Client`` logged in as a superuser: Django set up, the admin page and one tiny upload
requested to warm the code paths, the request body built and held in memory, ``gc.collect()``; then
*idle* = VmRSS (/proc/self/status). Then the upload is posted once; *peak* = ``ru_maxrss``
(getrusage) after it. The number judged is peak − idle: what the upload cost the process, including
Django's multipart parsing and the test client's one copy of the body (at most the upload as sent).
Optionally (``--tracemalloc``) the Python heap's own peak during the request is printed too (slower).

Target (issue 11): under 200 MB above idle for the worst accepted and the worst refused upload.
Printed as PASS/FAIL lines; nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_MB = 200
BOUNDARY = "BenchPoUploadBoundary"
EXCHANGE_URL = "/admin/translation-queue/tools/exchange/"
ITEMS = 10
SENTENCES = (
    "Nghị quyết về phát triển khoa học công nghệ đổi mới sáng tạo và chuyển đổi số quốc gia",
    "Resolution on breakthroughs in science technology innovation and national digital transformation",
    "Постанова про прорив у розвитку науки технологій інновацій та національної цифрової трансформації",
)
WORDS = [word for sentence in SENTENCES for word in sentence.split(" ")]


def _target_language() -> str:
    """The translation language the uploads are for: the last target language of the site."""
    from django.conf import settings

    from locales import conf

    return [code for code, _name in settings.LANGUAGES if code != conf.source_language()][-1]


def vm_rss_mb() -> float:
    return _status_mb("VmRSS")


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def vm_hwm_mb() -> float:
    """The process's peak resident memory (VmHWM). Unlike ru_maxrss it starts afresh at exec, and it can be reset."""
    return _status_mb("VmHWM")


def reset_vm_hwm() -> bool:
    """Start VmHWM again from the current VmRSS (Linux: writing 5 to /proc/self/clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django(database: Path, work: Path) -> None:
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        SEARCH_INDEX_DIR=str(work / "index"),
        MEDIA_ROOT=str(work / "media"),
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DEBUG="false",
        ALLOWED_HOSTS="testserver,localhost",
    )
    import django

    django.setup()


# --- the uploads ------------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _header(translation_id: str) -> str:
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"X-WagtailLocalize-TranslationID: {translation_id}\\n"\n\n'
    )


def _sentence(rng: random.Random, length: int) -> str:
    words: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word.encode()) + 1
    return " ".join(words)


def po_file(translation: dict, *, entries: int, size: int, rng: random.Random, extra: int = 0) -> bytes:
    """A PO file for `translation` (its real segments translated) padded to `entries` entries and ≈`size` bytes.

    Padding entries translate msgids the source does not have (they are read, then skipped).
    """
    parts = [_header(translation["uuid"])]
    for context, source in translation["segments"]:
        parts.append(f"msgctxt {_quote(context)}\nmsgid {_quote(source)}\nmsgstr {_quote(source + ' [bench]')}\n\n")
    used = sum(len(part.encode()) for part in parts)
    padding = entries - len(translation["segments"]) + extra
    per_entry = max((size - used) // max(padding, 1) - 64, 8)
    for index in range(padding):
        parts.append(f"msgid {_quote(f'bench padding {index}')}\nmsgstr {_quote(_sentence(rng, per_entry))}\n\n")
    return "".join(parts).encode()


def longest_allowed(translation: dict, rng: random.Random) -> bytes:
    """Every real segment translated by the longest text the exchange accepts for it (see exchange.too_long)."""
    from locales import exchange

    parts = [_header(translation["uuid"])]
    for context, source in translation["segments"]:
        length = exchange.MAX_LENGTH_FACTOR * len(source) + exchange.MAX_LENGTH_SLACK
        text = _sentence(rng, length * 2)[:length].rstrip("\\")
        parts.append(f"msgctxt {_quote(context)}\nmsgid {_quote(source)}\nmsgstr {_quote(text)}\n\n")
    return "".join(parts).encode()


def one_long_string(translation: dict, size: int, rng: random.Random) -> bytes:
    context, source = translation["segments"][0]
    return (
        _header(translation["uuid"]) + f"msgctxt {_quote(context)}\nmsgid {_quote(source)}\n"
        f"msgstr {_quote(_sentence(rng, size))}\n"
    ).encode()


def tiny_entries(translation_id: str, size: int) -> bytes:
    """The issue's PO file: as many tiny entries as fit in `size` bytes."""
    parts = [_header(translation_id)]
    used, index = len(parts[0]), 0
    while used < size:
        entry = f'msgid "{index}"\nmsgstr "x"\n\n'
        parts.append(entry)
        used += len(entry)
        index += 1
    return "".join(parts).encode()


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def build_uploads(translations: list[dict], work: Path) -> dict[str, dict]:
    """Every scenario's upload, written to disk: {name: {kind, endpoint, file, translation, what}}."""
    from locales import exchange

    rng = random.Random(11)
    member = exchange.MAX_MEMBER_BYTES - 64 * 1024
    folder = _target_language()
    per_file_entries = exchange.MAX_TOTAL_ENTRIES // ITEMS
    scenarios: dict[str, dict] = {}

    def add(name: str, kind: str, endpoint: str, data: bytes, what: str, filename: str, translation=None) -> None:
        path = work / "uploads" / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        scenarios[name] = {
            "kind": kind,
            "endpoint": endpoint,
            "file": str(path),
            "translation": translation,
            "what": what,
            "bytes": len(data),
        }

    ten = {
        f"{folder}/item-{index}.po": po_file(t, entries=per_file_entries, size=member, rng=rng)
        for index, t in enumerate(translations)
    }
    add("zip-10x5MB", "accepted", "exchange", zipped(ten), "10 PO files of 5 MB, 50,000 entries", "ten.zip")
    two = {
        f"{folder}/item-{index}.po": po_file(t, entries=exchange.MAX_ENTRIES, size=member, rng=rng)
        for index, t in enumerate(translations[:2])
    }
    add("zip-2x20k", "accepted", "exchange", zipped(two), "2 PO files of 5 MB, 20,000 entries each", "two.zip")
    single = po_file(translations[0], entries=exchange.MAX_ENTRIES, size=member, rng=rng)
    add(
        "po-20k", "accepted", "localize", single, "one 5 MB PO file, 20,000 entries", "single.po", translations[0]["id"]
    )
    longest = {f"{folder}/item-{index}.po": longest_allowed(t, rng) for index, t in enumerate(translations)}
    add(
        "zip-10xlongest",
        "accepted",
        "exchange",
        zipped(longest),
        "10 PO files, every string at its length limit",
        "longest.zip",
    )

    issue_file = tiny_entries(translations[0]["uuid"], 4_900_000)
    issue = {f"{folder}/item-{index}.po": issue_file for index in range(10)}
    add("issue-zip", "refused", "exchange", zipped(issue), "the issue's zip: 10 × 4.9 MB of tiny entries", "issue.zip")
    over = dict(ten)
    last = f"{folder}/item-{ITEMS - 1}.po"
    over[last] = po_file(translations[-1], entries=per_file_entries, size=member, rng=rng, extra=1)
    add("zip-50001", "refused", "exchange", zipped(over), "like zip-10x5MB, one entry too many", "over.zip")
    strings = {
        f"{folder}/item-{index}.po": one_long_string(t, member - 4096, rng) for index, t in enumerate(translations)
    }
    add(
        "zip-10x1string",
        "refused",
        "exchange",
        zipped(strings),
        "10 PO files, one 4.9 MB translation each",
        "strings.zip",
    )
    bomb = zipped({f"{folder}/bomb.po": b"#" * (exchange.MAX_MEMBER_BYTES - 1)})
    add("zip-bomb", "refused", "exchange", bomb, "a member unpacking to 1,000× its size", "bomb.zip")
    big = b"#" * (25 * 1024 * 1024)
    add("po-25MB", "refused", "localize", big, "a 25 MB PO file", "big.po", translations[0]["id"])
    add(
        "po-issue",
        "refused",
        "localize",
        issue_file,
        "one of the issue's 4.9 MB PO files",
        "issue.po",
        translations[0]["id"],
    )
    return scenarios


# --- the parent: data, uploads, one child per scenario -------------------------------------------------


def prepare(database: Path, work: Path) -> list[dict]:
    """The demo site, ten open uk items with a Translation; returns what the uploads need of them."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from wagtail.models import Locale
    from wagtail_localize.models import StringSegment

    from locales.models import QueueItem
    from locales.permissions import ensure_locale_teams

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    ensure_locale_teams()
    get_user_model().objects.create_superuser("bench", "bench@example.org", "bench")
    target = Locale.objects.get(language_code=_target_language())
    items = list(
        QueueItem.objects.filter(target_locale=target, translation__isnull=False)
        .select_related("translation")
        .order_by("pk")[:ITEMS]
    )
    if len(items) < ITEMS:
        raise SystemExit(f"the demo has only {len(items)} uk items with a translation")
    QueueItem.objects.filter(pk__in=[item.pk for item in items]).update(status="in_progress", assignee=None)
    translations = []
    for item in items:
        segments = StringSegment.objects.filter(source=item.translation.source_id).values_list(
            "context__path", "string__data"
        )
        translations.append({"id": item.translation.pk, "uuid": str(item.translation.uuid), "segments": list(segments)})
    return translations


def run_child(name: str, scenario: dict, database: Path, work: Path, tracemalloc: bool) -> dict:
    copy = work / f"{name}.sqlite3"
    shutil.copyfile(database, copy)
    command = [sys.executable, __file__, "--child", name, "--database", str(copy), "--work", str(work)]
    if tracemalloc:
        command.append("--tracemalloc")
    began = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, input=json.dumps(scenario))
    copy.unlink(missing_ok=True)
    if result.returncode != 0:
        raise SystemExit(f"scenario {name} failed:\n{result.stderr[-4000:]}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    report["wall"] = time.perf_counter() - began
    return report


# --- the child: one upload, measured ----------------------------------------------------------------


def _multipart(fields: dict[str, str], filename: str, data: bytes) -> bytes:
    lines = []
    for key, value in fields.items():
        lines += [f"--{BOUNDARY}", f'Content-Disposition: form-data; name="{key}"', "", value]
    head = "\r\n".join(
        [
            *lines,
            f"--{BOUNDARY}",
            f'Content-Disposition: form-data; name="file"; filename="{filename}"',
            "Content-Type: application/octet-stream",
            "",
            "",
        ]
    ).encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def _reasons(html: str) -> str:
    """The refusal's reasons as the page shows them: the form's errors, or the refusal page's messages."""
    import re
    from html import unescape

    found = re.findall(r'<p class="error-message">(.*?)</p>', html, re.S)
    found += re.findall(r'<div class="help-block help-critical"[^>]*>(.*?)</div>', html, re.S)
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", part)) for part in found)
    return " ".join(text.split())[:200]


def child(name: str, database: Path, work: Path, use_tracemalloc: bool) -> None:
    scenario = json.loads(sys.stdin.read())
    setup_django(database, work)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from wagtail_localize.models import StringTranslation

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    if scenario["endpoint"] == "exchange":
        url, fields = EXCHANGE_URL, {"locale": _target_language()}
    else:
        url, fields = reverse("wagtail_localize:upload_pofile", args=[scenario["translation"]]), {"next": "/admin/"}
    content_type = f"multipart/form-data; boundary={BOUNDARY}"
    # Warm up: the admin, the view and its refusal path (imports, templates, translations).
    client.get(EXCHANGE_URL)
    client.post(url, _multipart(fields, "warm.po", b'msgid ""\nmsgstr ""\n'), content_type=content_type)

    path = Path(scenario["file"])
    body = _multipart(fields, path.name, path.read_bytes())
    from django.utils import timezone

    since = timezone.now()
    gc.collect()
    idle = vm_rss_mb()
    peak_before = vm_hwm_mb()
    reset = reset_vm_hwm()
    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
    began = time.perf_counter()
    response = client.post(url, body, content_type=content_type)
    elapsed = time.perf_counter() - began
    heap_peak = None
    if use_tracemalloc:
        heap_peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
    peak = vm_hwm_mb() if reset else max(vm_hwm_mb(), max_rss_mb())
    written = StringTranslation.objects.filter(updated_at__gte=since).count()
    if (response.status_code == 302 and scenario["endpoint"] == "exchange") or response.status_code == 302:
        outcome = "accepted"
    else:
        outcome = "refused"
    detail = _reasons(response.content.decode(errors="replace")) if outcome == "refused" else ""
    print(
        json.dumps(
            {
                "name": name,
                "status": response.status_code,
                "outcome": outcome,
                "detail": detail,
                "idle": idle,
                "peak_before": peak_before,
                "hwm_reset": reset,
                "peak": peak,
                "heap_peak": heap_peak,
                "seconds": elapsed,
                "strings_written": written,
            }
        )
    )


# --- main -----------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary database, media, index and uploads")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace the Python heap's peak (slower)")
    parser.add_argument("--only", nargs="*", help="run only these scenarios")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.database, args.work, args.tracemalloc)
        return

    pid = os.getpid()
    work = Path(f"/tmp/bench-po-{pid}")
    database = work / "bench.sqlite3"
    began = time.perf_counter()
    results = []
    try:
        work.mkdir()
        setup_django(database, work)
        print(
            f"bench/po_upload_memory.py  cpus={os.cpu_count()}  python {sys.version.split()[0]}  "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}  (SQLite at {database})",
            flush=True,
        )
        translations = prepare(database, work)
        scenarios = build_uploads(translations, work)
        from django.db import connections

        connections.close_all()
        from locales import exchange

        print(
            f"limits: upload {exchange.MAX_UPLOAD_BYTES >> 20} MB, PO file {exchange.MAX_MEMBER_BYTES >> 20} MB, "
            f"unpacked {exchange.MAX_TOTAL_BYTES >> 20} MB, {exchange.MAX_MEMBERS} members, ratio "
            f"{exchange.MAX_COMPRESSION_RATIO}, {exchange.MAX_LINES:,} lines / {exchange.MAX_ENTRIES:,} entries / "
            f"{exchange.MAX_STRING_LINES:,} lines per string per file, {exchange.MAX_TOTAL_ENTRIES:,} entries in all\n"
        )
        header = (
            f"{'scenario':<16} {'expected':<9} {'as sent':>9} {'status':>6} {'outcome':<9} {'idle MB':>8} "
            f"{'peak MB':>8} {'+MB':>7} {'heap MB':>8} {'s':>6} {'strings':>8}  what"
        )
        print(header)
        print("-" * len(header))
        for name, scenario in scenarios.items():
            if args.only and name not in args.only:
                continue
            report = run_child(name, scenario, database, work, args.tracemalloc)
            report.update(kind=scenario["kind"], what=scenario["what"], bytes=scenario["bytes"])
            results.append(report)
            above = report["peak"] - report["idle"]
            heap = f"{report['heap_peak']:.1f}" if report["heap_peak"] is not None else "-"
            print(
                f"{name:<16} {scenario['kind']:<9} {scenario['bytes'] / 2**20:>7.1f}MB {report['status']:>6} "
                f"{report['outcome']:<9} {report['idle']:>8.1f} {report['peak']:>8.1f} {above:>7.1f} {heap:>8} "
                f"{report['seconds']:>6.2f} {report['strings_written']:>8}  {scenario['what']}",
                flush=True,
            )
            if report["detail"]:
                print(f"{'':<16} └ {report['detail']}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\n== Targets (total run {time.perf_counter() - began:.0f} s) ==")
    for kind in ("accepted", "refused"):
        of_kind = [report for report in results if report["kind"] == kind]
        if not of_kind:
            continue
        wrong = [report["name"] for report in of_kind if report["outcome"] != kind]
        worst = max(of_kind, key=lambda report: report["peak"] - report["idle"])
        above = worst["peak"] - worst["idle"]
        verdict = "PASS" if above < TARGET_MB and not wrong else "FAIL"
        print(
            f"  {verdict}: worst {kind} upload under {TARGET_MB} MB above idle: {worst['name']} "
            f"+{above:.1f} MB (idle {worst['idle']:.1f} MB, peak {worst['peak']:.1f} MB, {worst['seconds']:.2f} s)"
            + (f"; not {kind} as expected: {', '.join(wrong)}" if wrong else "")
        )


if __name__ == "__main__":
    main()
