"""Django's Redis cache backend, failing open, without two per-call costs a cache hit would pay.

**A cache is an accelerator, never a dependency.** When Redis is down or does not answer, every
operation gives what an empty cache gives (`get` the default, `get_many` nothing, `add` False,
`incr` a missing key's `ValueError`, writes nothing) instead of raising, so pages, search, the API
and feeds keep answering uncached and publishing still works. Each call waits at most
`CACHE_SOCKET_TIMEOUT` (connect and read; default 0.25 s) and redis-py does not retry. After a
failure the client stops asking for `CACHE_RETRY_SECONDS` (default 5 s: a *circuit breaker*), so an
outage costs one timeout per process per period, not one per call; the first failure of an outage
is logged as one line, and so is the recovery.

**After an outage the cache is suspect**: a change published meanwhile could not record itself
(the page cache's tag times), so entries stored before it would look fresh. When a client that saw
Redis fail reaches it again, it sends `cache_recovered`; the page cache answers by touching its
`all` tag, which makes every stored page stale (`cms.page_cache_invalidation`). Every process that
served requests during the outage saw it fail, so one of them does this as soon as Redis is back.

And the two costs:

- Django's client builds a new `redis.Redis` object for every operation; redis-py fills a table
  of about 170 response callbacks in each one (≈0.1 ms, a third of a cached page's time). Here
  each connection pool gets one client, made once: a `redis.Redis` is safe to share between
  threads, since it takes a connection from the pool for each command.
- Django checks every key for what memcached cannot store (length, control characters) and warns;
  Redis takes any key, so the check is skipped.

Selected automatically when `CACHE_URL`/`REDIS_URL` names a Redis server (cms/settings/base.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

cache_recovered = Signal()
"""Sent (no arguments but `sender`, the client) when a client that saw Redis fail reaches it again."""

Result = TypeVar("Result")
_MISSING_KEY = object()


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        timeout = float(getattr(settings, "CACHE_SOCKET_TIMEOUT", 0.25))
        kwargs.setdefault("socket_connect_timeout", timeout)
        kwargs.setdefault("socket_timeout", timeout)
        kwargs.setdefault("retry", None)  # a failing call is not repeated: the caller goes on uncached
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}
        self._retry_seconds = float(getattr(settings, "CACHE_RETRY_SECONDS", 5.0))
        self._closed_until = 0.0  # while time.monotonic() is below it, Redis is not asked
        self._failed = False  # Redis failed since the last successful call
        self._lock = threading.Lock()

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client

    # --- failing open -----------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """False while the circuit is open (Redis failed less than CACHE_RETRY_SECONDS ago)."""
        return time.monotonic() >= self._closed_until

    def _guarded(self, fallback: Result, call: Callable[[], Result]) -> Result:
        if not self.available:
            return fallback
        try:
            result = call()
        except (RedisError, OSError) as error:
            self._record_failure(error)
            return fallback
        if self._failed:
            self._record_recovery()
        return result

    def _record_failure(self, error: BaseException) -> None:
        with self._lock:
            self._closed_until = time.monotonic() + self._retry_seconds
            first = not self._failed
            self._failed = True
        if first:
            reason = " ".join(str(error).split()) or type(error).__name__
            logger.warning("Cache unavailable (%s): serving uncached, retrying every %g s", reason, self._retry_seconds)

    def _record_recovery(self) -> None:
        with self._lock:
            if not self._failed:
                return
            self._failed = False
        logger.warning("Cache available again: stored pages are marked stale")
        cache_recovered.send(sender=self)

    def add(self, key: Any, value: Any, timeout: Any) -> bool:
        return self._guarded(False, lambda: super(RedisCacheClient, self).add(key, value, timeout))

    def get(self, key: Any, default: Any) -> Any:
        return self._guarded(default, lambda: super(RedisCacheClient, self).get(key, default))

    def set(self, key: Any, value: Any, timeout: Any) -> None:
        self._guarded(None, lambda: super(RedisCacheClient, self).set(key, value, timeout))

    def touch(self, key: Any, timeout: Any) -> bool:
        return self._guarded(False, lambda: super(RedisCacheClient, self).touch(key, timeout))

    def delete(self, key: Any) -> bool:
        return self._guarded(False, lambda: super(RedisCacheClient, self).delete(key))

    def get_many(self, keys: Any) -> dict:
        return self._guarded({}, lambda: super(RedisCacheClient, self).get_many(keys))

    def has_key(self, key: Any) -> bool:
        return self._guarded(False, lambda: super(RedisCacheClient, self).has_key(key))

    def incr(self, key: Any, delta: int) -> int:
        result = self._guarded(_MISSING_KEY, lambda: super(RedisCacheClient, self).incr(key, delta))
        if result is _MISSING_KEY:
            raise ValueError("Key not found (the cache is unavailable).")
        return result

    def set_many(self, data: dict, timeout: Any) -> None:
        self._guarded(None, lambda: super(RedisCacheClient, self).set_many(data, timeout))

    def delete_many(self, keys: Any) -> None:
        self._guarded(None, lambda: super(RedisCacheClient, self).delete_many(keys))

    def clear(self) -> bool:
        return self._guarded(False, lambda: super(RedisCacheClient, self).clear())


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key: str) -> None:
        """Redis stores any key: nothing to warn about."""
