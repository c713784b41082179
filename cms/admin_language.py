"""The admin speaks the browser's language to every user who has not chosen one.

Public pages are served under `i18n_patterns` with the default language unprefixed, so Django's
`LocaleMiddleware` activates `LANGUAGE_CODE` for every path without a language prefix — the admin
included. Wagtail then serves a user without a preferred language in whatever language is active
(`UserProfile.get_preferred_language`), so every new user met the source language's admin whatever
their browser asked for. `AdminLanguageMiddleware` (after `LocaleMiddleware`) activates, for admin
paths only, the language Django reads from the request itself: the language cookie, then
`Accept-Language`, then `LANGUAGE_CODE` — limited to `LANGUAGES`. A language chosen in the account
settings still wins: Wagtail overrides the active language with it for each admin view.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers


@functools.cache
def admin_prefix() -> str:
    """The path every admin URL starts with (`/admin/` unless the URLconf mounts it elsewhere)."""
    return reverse("wagtailadmin_home")


class AdminLanguageMiddleware:
    """Under the admin, the language of the request's cookie or `Accept-Language` header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(admin_prefix()):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
