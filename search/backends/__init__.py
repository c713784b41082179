"""Choosing the configured backend; one instance per process."""

from functools import cache

from search import conf
from search.backends.base import SearchBackend


@cache
def get_backend() -> SearchBackend:
    if conf.backend_name() == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(
            conf.elasticsearch_url(), conf.index_name(), connection=conf.elasticsearch_connection()
        )
    from search.backends.tantivy import TantivyBackend

    return TantivyBackend(conf.index_dir())
