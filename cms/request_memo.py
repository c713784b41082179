"""Values worked out once per request and shared by every part of the page that needs them.

Some facts are read by several independent parts of one page — the paths under a view
restriction, for instance, by the chain, the status, the listings and the cards. Each part asks
`once_per_request(key, compute)`; inside a request (RequestMemoMiddleware) the first call computes
and the others reuse the value, outside one (a management command, a task, a test calling a
function directly) every call computes afresh. Nothing outlives its request, so nothing here can
serve one visitor a fact that changed since, or another visitor's answer.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_memo: contextvars.ContextVar[dict[str, object] | None] = contextvars.ContextVar("request_memo", default=None)


def once_per_request(key: str, compute: Callable[[], T]) -> T:
    """`compute()`, computed once per request under `key` (every time outside a request)."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]


class RequestMemoMiddleware:
    """Opens an empty memo for each request and drops it when the response is ready."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
