"""DeepL glossaries kept in step with our glossary, for the translation memory's DeepL fallback.

This module owns one job: given wagtail-localize's DeepL translator (its endpoint, key and timeout)
and our glossary entries, return the id of a DeepL glossary (API v2, ``/v2/glossaries``) holding those
entries for a language pair — creating it when needed — or None when DeepL has no glossaries for the
pair, when no entry has a translation for it, or when DeepL cannot be reached (the caller then masks
the terms instead). It is switched on by ``"DEEPL_GLOSSARY": True`` in the FALLBACK's options (see
`locales.machine_translation`); it knows nothing of pages or of the memory.

- Entries: every glossary term with a translation for the target language, *do not translate* terms
  left out (they are masked, which keeps them exactly), one line per source term (the first, longest,
  wins), tabs and line breaks folded to spaces: DeepL's TSV format.
- DeepL glossaries cannot be edited (v2), so each is named after a hash of its entries
  (``locales vi-en 3f2a…``): a glossary that changed gets a new DeepL glossary, found again by name
  after a restart, and the older ones of the same pair and prefix are deleted. The id is cached in
  Django's cache under the hash (and the key's hash, never the key), so an unchanged glossary costs no
  request; supported pairs (``/v2/glossary-language-pairs``) are cached for a day.
- Requests go through `requests` like wagtail-localize's DeepL translator; tests mock them.
"""

import hashlib
import logging
from collections.abc import Iterable

import requests
from django.core.cache import cache

from locales.qa import GlossaryEntryLike, language_code, target_term

logger = logging.getLogger(__name__)

NAME_PREFIX = "locales"
PAIRS_CACHE_SECONDS = 24 * 60 * 60
ID_CACHE_SECONDS = 30 * 24 * 60 * 60


def api_base(engine) -> str:
    """The v2 API root of wagtail-localize's DeepL translator (free or pro endpoint, as it chooses)."""
    return engine.get_api_endpoint().rsplit("/translate", 1)[0]


def entries_tsv(glossary: Iterable[GlossaryEntryLike], target_language: str) -> str:
    """Our glossary as DeepL's TSV entries for `target_language`; empty when no term has a translation."""
    lines: dict[str, str] = {}
    for entry in glossary:
        if entry.do_not_translate:
            continue
        source = " ".join((entry.source or "").split())
        target = " ".join((target_term(entry, target_language) or "").split())
        if source and target:
            lines.setdefault(source, target)
    return "\n".join(f"{source}\t{target}" for source, target in lines.items())


def glossary_name(source_language: str, target_language: str, tsv: str) -> str:
    digest = hashlib.sha256(tsv.encode()).hexdigest()[:16]
    return f"{NAME_PREFIX} {source_language}-{target_language} {digest}"


def glossary_id(
    engine, source_language: str, target_language: str, glossary: Iterable[GlossaryEntryLike]
) -> str | None:
    """The id of the DeepL glossary for this pair and these entries, created when missing; None when
    there is none to use (see the module docstring). Never raises for a network or API error."""
    source, target = language_code(source_language), language_code(target_language)
    tsv = entries_tsv(glossary, target_language)
    if not tsv:
        return None
    name = glossary_name(source, target, tsv)
    account = hashlib.sha256(f"{api_base(engine)} {engine.options.get('AUTH_KEY', '')}".encode()).hexdigest()[:16]
    cache_key = "locales:deepl-glossary:" + hashlib.sha256(f"{account} {name}".encode()).hexdigest()[:32]
    if cached := cache.get(cache_key):
        return cached
    try:
        if (source, target) not in _supported_pairs(engine, account):
            return None
        found = _find_or_create(engine, name, source, target, tsv)
    except (requests.RequestException, ValueError, KeyError, TypeError) as error:
        logger.warning("DeepL glossary %s-%s is not available, terms are masked instead: %s", source, target, error)
        return None
    cache.set(cache_key, found, ID_CACHE_SECONDS)
    return found


def _request(engine, method: str, path: str, **kwargs) -> requests.Response:
    response = requests.request(
        method,
        f"{api_base(engine)}/{path}",
        headers=engine.get_headers(),
        timeout=int(engine.options.get("TIMEOUT", 30)),
        **kwargs,
    )
    response.raise_for_status()
    return response


def _supported_pairs(engine, account: str) -> set[tuple[str, str]]:
    cache_key = f"locales:deepl-glossary-pairs:{account}"
    pairs = cache.get(cache_key)
    if pairs is None:
        answer = _request(engine, "GET", "glossary-language-pairs").json()
        pairs = {(pair["source_lang"].lower(), pair["target_lang"].lower()) for pair in answer["supported_languages"]}
        cache.set(cache_key, pairs, PAIRS_CACHE_SECONDS)
    return pairs


def _find_or_create(engine, name: str, source: str, target: str, tsv: str) -> str:
    """The glossary called `name`, created when missing; older glossaries of the pair are deleted."""
    pair_prefix = name.rsplit(" ", 1)[0] + " "
    existing = _request(engine, "GET", "glossaries").json()["glossaries"]
    found = next((item["glossary_id"] for item in existing if item.get("name") == name), None)
    if found is None:
        body = {"name": name, "source_lang": source, "target_lang": target, "entries": tsv, "entries_format": "tsv"}
        found = _request(engine, "POST", "glossaries", json=body).json()["glossary_id"]
    for item in existing:
        if item.get("name", "").startswith(pair_prefix) and item["glossary_id"] != found:
            try:
                _request(engine, "DELETE", f"glossaries/{item['glossary_id']}")
            except requests.RequestException as error:  # a stale glossary left behind is harmless
                logger.warning("Could not delete the stale DeepL glossary %s: %s", item.get("name"), error)
    return found
