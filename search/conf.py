"""Settings of the search app, with defaults, so the app can be lifted into another site.

SEARCH_BACKEND        "tantivy" (embedded, default) or "elasticsearch"
SEARCH_INDEX_DIR      index directory of the embedded engine (default: var/search under BASE_DIR)
ELASTICSEARCH_URL     server of the elasticsearch backend
SEARCH_INDEX_NAME     index (alias) name on Elasticsearch (default "directives")
SEARCH_MAX_PER_PAGE   cap on per_page (default 50)
SEARCH_LANGUAGE_ANALYSIS  by language code, how search derives match terms beyond folding marks:
                      {"stemmer": <Snowball language name>} or {"lemmas": <simplemma language code>}
                      (search.analysis.Rules); a language not named is folded only
"""

from pathlib import Path

from django.conf import settings


def backend_name() -> str:
    return getattr(settings, "SEARCH_BACKEND", "tantivy")


def index_dir() -> Path:
    return Path(getattr(settings, "SEARCH_INDEX_DIR", Path(settings.BASE_DIR) / "var" / "search"))


def elasticsearch_url() -> str:
    return getattr(settings, "ELASTICSEARCH_URL", "")


def index_name() -> str:
    return getattr(settings, "SEARCH_INDEX_NAME", "directives")


def max_per_page() -> int:
    return getattr(settings, "SEARCH_MAX_PER_PAGE", 50)


def language_analysis() -> dict[str, dict]:
    return getattr(settings, "SEARCH_LANGUAGE_ANALYSIS", {})
