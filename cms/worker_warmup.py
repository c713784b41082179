"""A server process made ready before its first request.

`prepare_worker()` loads what every request needs (the URL patterns, and through them the views
and models), then moves everything alive at that point out of the garbage collector's reach
(`gc.freeze()`): the framework's long-lived objects are no longer walked on each full collection,
which otherwise adds several milliseconds to an unlucky request. Gunicorn calls it in each worker
once the application is loaded (cms/gunicorn.conf.py, post_worker_init); bench/pages.py calls it
in the process that times pages, so the timing matches a server worker.
"""

from __future__ import annotations

import gc


def prepare_worker() -> None:
    """Load the URL patterns, collect once, then freeze what is alive (see the module docstring)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- imports every view module the site routes to
    gc.collect()
    gc.freeze()
