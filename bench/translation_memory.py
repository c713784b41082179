"""Benchmark of the translation memory's lookups (locales.fuzzy_memory) against a naive scan, same data, same run.

Run from the project root (defaults shown)::

    .venv/bin/python bench/translation_memory.py --stored 10000 --segments 200 --baseline 20

Nothing of the project's own database is touched: a throw-away SQLite database under /tmp, removed at
the end (``--keep`` leaves it). `migrate` only (no demo site: the memory reads wagtail-localize's
tables, not pages).

Data: Vietnamese sentences read at run time from the seed texts (/work/shared/seeds, the vi files)
and the demo content's Vietnamese strings, split at sentence ends (4–80 words). `--stored` source
strings are made from them with realistic variation — a few words replaced by words sampled by
frequency (bench/search.py's TextMaker), dropped or inserted, a figure or directive number changed,
a clause of another sentence appended, or the sentence as it is — each translated into the last
target language (words of that language sampled by frequency, a fifth marked machine-made), spread
over 500 translatable objects, one `TranslationContext` each, bulk-inserted into `String`,
`TranslationContext` and `StringTranslation`. Then one item to translate: a `TranslationSource`
with `--segments` untranslated string segments (60 % variations of stored sentences, 10 % exact
copies, 30 % fresh sentences of frequency-sampled words) and its `Translation`; half of the
segments also have a previous translation in their context (an older source string), as after a
source change.

Measured, one thread, `time.perf_counter()`:
    ours      `fuzzy_memory.suggestions_for(translation, [segment_id])` once per segment, as the
              editor asks segment by segment: the segments and previous-translation queries, the
              memory's freshness query and the rapidfuzz lookup. The memory of the locale pair is
              read once first (timed apart: what the first request of a process pays); then
              `--saves` lookups each right after a stored translation was changed and one added
              (the memory reads what changed); and `fuzzy_memory.report(translation)` for the
              whole item (the item page), per segment.
    baseline  a naive full scan per segment: every stored translation of the locale pair read from
              the database (the same query, no cache), normalised the same way, and scored with
              `difflib.SequenceMatcher(...).ratio()` against each; those ≥ 0.75 sorted, top 5. Run
              on the first `--baseline` segments only (it takes about a second each).
Latencies are nearest-rank p50/p95 per segment. Queries per call are counted with
`CaptureQueriesContext`. Agreement: how often the best match of the two is the same stored string.

Targets are printed as PASS/FAIL lines; nothing is asserted. Correctness is tested in
tests/locales/test_fuzzy_memory.py.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import os
import random
import re
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# bench/search.py's measuring helpers and realistic text (loaded by path: `search` is also the app's name).
_spec = importlib.util.spec_from_file_location("bench_search", Path(__file__).resolve().parent / "search.py")
bench_search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_search)
TextMaker, pct, ms, vm_rss_mb = bench_search.TextMaker, bench_search.pct, bench_search.ms, bench_search.vm_rss_mb

OBJECTS = 500
TARGET_P95_SECONDS = 0.050
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
FIGURE = re.compile(r"\d[\d.,/-]*")
RESULTS: list[str] = []


def target(name: str, ok: bool | None, detail: str) -> None:
    verdict = "n/a " if ok is None else ("PASS" if ok else "FAIL")
    RESULTS.append(f"{verdict}  {name}: {detail}")


def line(label: str, times: list[float]) -> str:
    return f"  {label:<52} p50 {ms(pct(times, 50)):>11}   p95 {ms(pct(times, 95)):>11}   (n={len(times)})"


# --- Text -----------------------------------------------------------------------------------------


def source_sentences(language: str) -> list[str]:
    """Sentences of `language` from the seed texts and the demo content, read now (never stored here)."""
    from django.conf import settings

    from home import demo_content

    texts: dict[str, list[str]] = {code: [] for code, _name in settings.LANGUAGES}
    for path in sorted(bench_search.SEEDS.glob("0*.txt")):
        texts.setdefault(bench_search.SEED_LANGUAGES.get(path.name[:3], settings.LANGUAGE_CODE), []).append(
            path.read_text()
        )
    for name in dir(demo_content):
        if name.isupper():
            bench_search._collect_demo_strings(getattr(demo_content, name), texts)
    found = []
    for text in texts.get(language, []):
        for sentence in SENTENCE_END.split(text):
            sentence = " ".join(sentence.split())
            if 4 <= len(sentence.split()) <= 80:
                found.append(sentence)
    return list(dict.fromkeys(found))


class Variations:
    """Sentences like the seeds' with the edits a living site makes to them."""

    def __init__(self, sentences: list[str], maker, language: str) -> None:
        self.sentences = sentences
        self.maker = maker
        self.language = language
        self.rng = maker.rng

    def words(self, n: int) -> list[str]:
        return self.maker.words(self.language, n)

    def vary(self, sentence: str) -> str:
        words = sentence.split()
        rng = self.rng
        kind = rng.random()
        if kind < 0.15:
            return sentence
        if kind < 0.55:  # a few words replaced
            for _ in range(rng.randint(1, 3)):
                words[rng.randrange(len(words))] = self.words(1)[0]
        elif kind < 0.7:  # a word dropped and one inserted
            words.pop(rng.randrange(len(words)))
            words.insert(rng.randrange(len(words) + 1), self.words(1)[0])
        elif kind < 0.8:  # a figure or a number changed
            text = FIGURE.sub(lambda _match: self.maker.figure(), sentence, count=1)
            words = (text if text != sentence else f"{sentence} {self.maker.figure()}").split()
        else:  # a clause of another sentence appended
            other = rng.choice(self.sentences).split()
            words += other[: rng.randint(3, max(3, min(12, len(other))))]
        return " ".join(words)

    def fresh(self) -> str:
        words = self.words(self.rng.randint(8, 30))
        return (words[0][:1].upper() + words[0][1:] + " " + " ".join(words[1:])).strip() + "."


# --- Data -----------------------------------------------------------------------------------------


def build(args, maker) -> tuple:
    """The stored memory and the item to translate; returns (translation, segment ids, seconds)."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page
    from wagtail_localize.models import (
        String,
        StringSegment,
        StringTranslation,
        TranslatableObject,
        Translation,
        TranslationContext,
        TranslationSource,
    )

    from locales import conf

    start = time.perf_counter()
    codes = [code for code, _name in settings.LANGUAGES]
    for code in codes:
        Locale.objects.get_or_create(language_code=code)
    source_code = conf.source_language()
    target_code = [code for code in codes if code != source_code][-1]
    source_locale = Locale.objects.get(language_code=source_code)
    target_locale = Locale.objects.get(language_code=target_code)
    page_type = ContentType.objects.get_for_model(Page)

    sentences = source_sentences(source_code)
    variations = Variations(sentences, maker, source_code)
    rng = maker.rng
    print(f"  {len(sentences):,} {source_code} sentences from the seeds and the demo content", flush=True)

    def translated(text: str) -> str:
        return " ".join(maker.words(target_code, max(3, len(text.split()))))

    def context(obj, n: int) -> TranslationContext:
        path = f"body.{uuid.UUID(int=rng.getrandbits(128))}.{n}"
        return TranslationContext(object=obj, path=path, path_id=TranslationContext._get_path_id(path))

    with transaction.atomic():
        objects = TranslatableObject.objects.bulk_create(
            [
                TranslatableObject(translation_key=uuid.UUID(int=rng.getrandbits(128)), content_type=page_type)
                for _ in range(OBJECTS + 1)
            ]
        )
        stored_texts: dict[str, None] = {}
        while len(stored_texts) < args.stored:
            stored_texts[variations.vary(rng.choice(sentences))] = None
        strings = String.objects.bulk_create(
            [String(locale=source_locale, data=text, data_hash=String._get_data_hash(text)) for text in stored_texts],
            batch_size=1000,
        )
        contexts = TranslationContext.objects.bulk_create(
            [context(objects[i % OBJECTS], i) for i in range(len(strings))], batch_size=1000
        )
        StringTranslation.objects.bulk_create(
            [
                StringTranslation(
                    translation_of=string,
                    locale=target_locale,
                    context=ctx,
                    data=translated(string.data),
                    translation_type="machine" if rng.random() < 0.2 else "manual",
                    tool_name="DeepL" if rng.random() < 0.2 else "",
                )
                for string, ctx in zip(strings, contexts, strict=True)
            ],
            batch_size=1000,
        )

        # The item: a source of the last object, its segments untranslated; half had an older text.
        item_object = objects[-1]
        now = timezone.now()
        source = TranslationSource.objects.create(
            object=item_object,
            specific_content_type=page_type,
            locale=source_locale,
            object_repr="bench item",
            content_json="{}",
            last_updated_at=now,
        )
        translation = Translation.objects.create(source=source, target_locale=target_locale)
        stored = list(stored_texts)
        texts: dict[str, None] = {}
        while len(texts) < args.segments:
            roll = rng.random()
            if roll < 0.6:
                text = variations.vary(rng.choice(stored))
            elif roll < 0.7:
                text = rng.choice(stored)
            else:
                text = variations.fresh()
            texts[text] = None
        segments = []
        for order, text in enumerate(texts):
            string, _created = String.objects.get_or_create(
                locale=source_locale, data_hash=String._get_data_hash(text), defaults={"data": text}
            )
            ctx = context(item_object, order)
            ctx.save()
            segments.append(StringSegment(source=source, context=ctx, order=order, string=string, attrs="{}"))
            if order % 2 == 0:  # translated before its source changed
                older = variations.vary(text)
                if older != text:
                    old_string, _created = String.objects.get_or_create(
                        locale=source_locale, data_hash=String._get_data_hash(older), defaults={"data": older}
                    )
                    StringTranslation.objects.create(
                        translation_of=old_string,
                        locale=target_locale,
                        context=ctx,
                        data=translated(older),
                        translation_type="manual",
                    )
        segments = StringSegment.objects.bulk_create(segments)
    return translation, [segment.pk for segment in segments], time.perf_counter() - start


# --- Measuring ------------------------------------------------------------------------------------


def naive(translation, segment_id: int) -> list[tuple[float, int]]:
    """The baseline: read every stored translation of the pair, score each with difflib, keep the best 5."""
    from wagtail_localize.models import StringSegment, StringTranslation

    from locales.fuzzy_memory import MATCH_CUTOFF, MATCH_LIMIT, normalise

    text = normalise(StringSegment.objects.select_related("string").get(pk=segment_id).string.data)
    rows = StringTranslation.objects.filter(
        locale_id=translation.target_locale_id,
        translation_of__locale_id=translation.source.locale_id,
        has_error=False,
    ).exclude(context__object_id=translation.source.object_id)
    scored = []
    for pk, source in rows.values_list("pk", "translation_of__data"):
        score = difflib.SequenceMatcher(None, text, normalise(source), autojunk=False).ratio() * 100
        if score >= MATCH_CUTOFF:
            scored.append((score, pk))
    return sorted(scored, reverse=True)[:MATCH_LIMIT]


def profile_lookups(translation, segment_ids: list[int]) -> None:
    """cProfile of single-segment lookups, and the SQL time of one, printed."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from locales import fuzzy_memory

    profiler = cProfile.Profile()
    profiler.enable()
    for segment_id in segment_ids:
        fuzzy_memory.suggestions_for(translation, [segment_id])
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative").print_stats(25)
    print(f"  --- cProfile: {len(segment_ids)} single-segment lookups ---")
    print(out.getvalue())
    with CaptureQueriesContext(connection) as captured:
        fuzzy_memory.suggestions_for(translation, [segment_ids[0]])
    for query in captured.captured_queries:
        print(f"  {query['time']} s  {query['sql'][:160]}")


def lookups_after_saves(translation, segment_ids: list[int], maker, n: int) -> list[float]:
    """`n` lookups, each after one stored translation changed and one was added (what an editor does)."""
    from wagtail_localize.models import StringTranslation, TranslationContext

    from locales import fuzzy_memory

    rng = maker.rng
    pks = list(
        StringTranslation.objects.filter(locale_id=translation.target_locale_id).values_list("pk", flat=True)[:5000]
    )
    times = []
    for i in range(n):
        row = StringTranslation.objects.get(pk=rng.choice(pks))
        row.data = f"{row.data} {i}"
        row.save()
        path = f"body.saved-{i}"
        context = TranslationContext.objects.create(object_id=row.context.object_id, path=path)
        StringTranslation.objects.create(
            translation_of=row.translation_of,
            locale_id=row.locale_id,
            context=context,
            data=f"{row.data} ({i})",
            translation_type="manual",
        )
        begin = time.perf_counter()
        fuzzy_memory.suggestions_for(translation, [segment_ids[i % len(segment_ids)]])
        times.append(time.perf_counter() - begin)
    return times


def run(args) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from locales import fuzzy_memory

    rss_start = vm_rss_mb()
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - start:.1f} s", flush=True)
    maker = TextMaker(seed=args.seed)
    translation, segment_ids, elapsed = build(args, maker)
    source = translation.source
    print(f"  stored {args.stored:,} translated segments and an item of {len(segment_ids)} segments in {elapsed:.1f} s")

    fuzzy_memory.forget()
    start = time.perf_counter()
    memory = fuzzy_memory.memory_for(source.locale_id, translation.target_locale_id)
    load = time.perf_counter() - start
    print(
        f"  memory of the locale pair read: {len(memory):,} distinct entries in {ms(load)} "
        f"(VmRSS {rss_start:.0f} → {vm_rss_mb():.0f} MB)",
        flush=True,
    )
    windows = [memory.window(len(fuzzy_memory.normalise(text))) for text in memory.texts[:: max(1, len(memory) // 200)]]
    print(
        f"  candidates in the length window: mean {sum(b - a for a, b in windows) / len(windows):,.0f}"
        f" of {len(memory):,}"
    )

    with CaptureQueriesContext(connection) as captured:
        fuzzy_memory.suggestions_for(translation, [segment_ids[0]])
    print(f"  queries per suggestions_for call: {len(captured)}")

    if args.profile:
        profile_lookups(translation, segment_ids[:50])

    ours, answers = [], {}
    for segment_id in segment_ids:
        begin = time.perf_counter()
        found = fuzzy_memory.suggestions_for(translation, [segment_id])
        ours.append(time.perf_counter() - begin)
        answers[segment_id] = found[segment_id]
    begin = time.perf_counter()
    whole = fuzzy_memory.report(translation)
    whole_time = time.perf_counter() - begin
    after_save = lookups_after_saves(translation, segment_ids, maker, args.saves)

    with_match = sum(1 for found in answers.values() if found.matches)
    with_previous = sum(1 for found in answers.values() if found.previous)
    print(
        f"  segments with a fuzzy match: {with_match} of {len(segment_ids)}; with a previous translation: "
        f"{with_previous}; leverage: {whole.leverage.sentence}"
    )

    base, agree, compared = [], 0, 0
    for segment_id in segment_ids[: args.baseline]:
        begin = time.perf_counter()
        found = naive(translation, segment_id)
        base.append(time.perf_counter() - begin)
        if found or answers[segment_id].matches:
            compared += 1
            ours_best = answers[segment_id].matches[0].string_translation_id if answers[segment_id].matches else None
            agree += bool(found) and ours_best is not None and found[0][1] == ours_best
    print("  latency per segment, one thread:")
    print(line("ours      suggestions_for(translation, [segment])", ours))
    print(line("ours      report(translation) for the item, per segment", [whole_time / len(segment_ids)]))
    print(line("ours      the same, each right after a translation is saved", after_save))
    print(line("baseline  naive scan with difflib.SequenceMatcher", base))
    ratio = pct(base, 50) / pct(ours, 50)
    print(f"  ratio baseline p50 / ours p50: {ratio:,.0f}×")
    print(
        f"  best match agrees with the baseline's in {agree} of {compared} segments where either found one "
        f"(rapidfuzz ratio is Levenshtein-based, difflib's is not: near-ties may rank apart)"
    )
    print(f"  memory (VmRSS): start {rss_start:.0f} MB, end {vm_rss_mb():.0f} MB")

    full = len(memory) >= 10_000 * 0.95
    scale = "" if full else f" (at {len(memory):,} entries, not 10,000)"
    target(
        "suggestions_for p95 per segment < 50 ms at 10,000 stored segments",
        pct(ours, 95) < TARGET_P95_SECONDS if full else None,
        f"ours p95 {ms(pct(ours, 95))}, p50 {ms(pct(ours, 50))}; naive scan p50 {ms(pct(base, 50))}, "
        f"ratio {ratio:,.0f}×{scale}",
    )
    target("first lookup of a process (the memory read)", None, f"{ms(load)} once per process and locale pair")


def setup(database: Path) -> None:
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DEBUG="false",
        ALLOWED_HOSTS="testserver,localhost",
    )
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=10_000, help="translated segments stored in the memory")
    parser.add_argument("--segments", type=int, default=200, help="untranslated segments looked up")
    parser.add_argument("--baseline", type=int, default=20, help="segments also looked up by the naive scan")
    parser.add_argument("--saves", type=int, default=20, help="lookups measured right after a save")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="cProfile single-segment lookups")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()

    database = Path(f"/tmp/bench-memory-{os.getpid()}.sqlite3")
    began = time.perf_counter()
    try:
        setup(database)
        print(
            f"bench/translation_memory.py  stored={args.stored:,} segments={args.segments} baseline={args.baseline}  "
            f"cpus={os.cpu_count()}  python {sys.version.split()[0]}  "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}  (SQLite at {database})",
            flush=True,
        )
        random.seed(args.seed)
        run(args)
    finally:
        if not args.keep:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
    print(f"\n== Targets (total run {time.perf_counter() - began:.0f} s) ==")
    for result in RESULTS:
        print("  " + result)


if __name__ == "__main__":
    main()
