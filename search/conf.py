"""Settings of the search app, with defaults, so the app can be lifted into another site.

SEARCH_BACKEND        "tantivy" (embedded, default) or "elasticsearch"
SEARCH_INDEX_DIR      index directory of the embedded engine (default: var/search under BASE_DIR)
ELASTICSEARCH_URL     server of the elasticsearch backend
ELASTICSEARCH_CLOUD_ID, ELASTICSEARCH_API_KEY, ELASTICSEARCH_CA_CERTS, ELASTICSEARCH_SSL_FINGERPRINT
                      the rest of its connection (Elastic Cloud instead of a URL, an API key, a CA
                      file or a certificate fingerprint); unset ones are left to the client's defaults
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


def elasticsearch_connection() -> dict[str, str]:
    """Keyword arguments of the Elasticsearch client beyond the URL, only those that are set."""
    names = {
        "cloud_id": "ELASTICSEARCH_CLOUD_ID",
        "api_key": "ELASTICSEARCH_API_KEY",
        "ca_certs": "ELASTICSEARCH_CA_CERTS",
        "ssl_assert_fingerprint": "ELASTICSEARCH_SSL_FINGERPRINT",
    }
    return {argument: value for argument, setting in names.items() if (value := getattr(settings, setting, ""))}


def index_name() -> str:
    return getattr(settings, "SEARCH_INDEX_NAME", "directives")


def max_per_page() -> int:
    return getattr(settings, "SEARCH_MAX_PER_PAGE", 50)


def language_analysis() -> dict[str, dict]:
    return getattr(settings, "SEARCH_LANGUAGE_ANALYSIS", {})
