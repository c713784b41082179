"""Failed sign-ins and page passwords are throttled by django-axes: per account and address, then per address.

django-axes counts failures (`user_login_failed`) in the database and refuses a locked-out client
in its authentication backend, before any password is hashed. This module fits it to the site:

- `LoginFailureHandler`: axes' database handler with two limits instead of one. An account tried
  from one address is locked after AXES_FAILURE_LIMIT failures (LOGIN_FAILURE_LIMIT); an address
  is locked for every account after LOGIN_FAILURE_LIMIT_PER_ADDRESS failures, whichever accounts
  they named. A successful sign-in forgives that account's failures from that address only, so a
  valid account cannot wipe an address's record of guessing at others.
- `client_ip_address`: the address axes counts. Behind TRUSTED_PROXY_COUNT reverse proxies, the
  X-Forwarded-For entry the outermost trusted proxy appended (entries further left are whatever
  the client sent); an IPv6 client counts as its /64 network, which one machine can fill at will.
- `lockout_response`: the 429 page with a Retry-After header, in the admin's look for the Wagtail
  admin (in the browser's language: nobody is signed in yet) and in the site's look elsewhere (in
  the language of the URL).
- `page_password_urlpatterns`, `document_password_urlpatterns`: Wagtail's password forms for
  restricted pages and collections (`PageViewRestriction`, `CollectionViewRestriction`), which
  check a shared password without Django's authentication, wrapped so that each wrong password is
  a failed sign-in of the restriction ("page-password:<id>": no username can contain a colon) and
  a locked-out client is refused before the password is compared.
"""

from __future__ import annotations

import functools
import ipaddress
import math
from collections.abc import Callable
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import (
    get_client_username,
    get_cool_off,
    get_credentials,
    get_failure_limit,
    get_lockout_parameters,
    get_lockout_response,
)
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from wagtail import urls as wagtail_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.views import home_url

View = Callable[..., HttpResponse]

IPV6_NETWORK_PREFIX = 64


class LoginFailureHandler(AxesDatabaseHandler):
    """axes' database handler with a larger limit for the address alone (AXES_LOCKOUT_PARAMETERS' "ip_address")."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The failures that count, on the scale of AXES_FAILURE_LIMIT.

        axes compares one number with one limit; each lockout parameter's count is scaled to that
        limit, so the result reaches it as soon as any count reaches its own limit.
        """
        limit = get_failure_limit(request, credentials)
        worst = 0
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            address_only = parameter in ("ip_address", ["ip_address"])
            own_limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS if address_only else limit
            worst = max(worst, failures * limit // own_limit)
        return worst

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """After a success, forget this account's failures from this address (not the address's others)."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address as axes counts it (AXES_CLIENT_IP_CALLABLE)."""
    address = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            address = forwarded[-proxies]
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_NETWORK_PREFIX}", strict=False).network_address)
    return str(parsed)


def _is_admin(request: HttpRequest) -> bool:
    return request.path_info.startswith(reverse("wagtailadmin_home"))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The page a locked-out client gets (AXES_LOCKOUT_CALLABLE): 429, in the user's language."""
    cool_off = get_cool_off(request) or timedelta(0)
    if _is_admin(request):
        # Unprefixed admin URLs are always in the default language until someone signs in; a locked-out
        # translator is better served by their browser's language (cookie, then Accept-Language).
        language = translation.get_language_from_request(request)
        template = "cms/admin_locked_out.html"
    else:
        language = translation.get_language()
        template = "cms/locked_out.html"
    context = {"minutes": max(1, math.ceil(cool_off.total_seconds() / 60)), "home_url": home_url(language)}
    with translation.override(language):
        response = render(request, template, context, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def throttle_password_form(view: View, kind: str, restriction_argument: str) -> View:
    """Wrap one of Wagtail's password-form views so that axes counts and locks out its wrong passwords."""

    @functools.wraps(view)
    def throttled(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method != "POST" or not settings.AXES_ENABLED:
            return view(request, *args, **kwargs)
        credentials = get_credentials(f"{kind}:{kwargs[restriction_argument]}")
        if not AxesProxyHandler.is_allowed(request, credentials):
            return get_lockout_response(request, None, credentials)
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseRedirect):  # the password was right
            if settings.AXES_RESET_ON_SUCCESS:
                AxesProxyHandler.get_implementation().reset_user_attempts(request, credentials)
        elif response.status_code == 200:  # the form again, with its error
            # Counted like a failed sign-in; at the limit the handler flags the request and
            # AxesMiddleware answers with the lockout page instead of this form.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return response

    return throttled


def _throttled_copy(urlpatterns: list, name: str, kind: str, restriction_argument: str) -> URLPattern:
    """Wagtail's own route for the view `name`, to a throttled version of its view (listed first, it wins)."""
    original = next(pattern for pattern in urlpatterns if getattr(pattern, "name", None) == name)
    return URLPattern(original.pattern, throttle_password_form(original.callback, kind, restriction_argument))


# Inside i18n_patterns, before Wagtail's own URLs: /_util/authenticate_with_password/<restriction>/<page>/.
page_password_urlpatterns = [
    _throttled_copy(
        wagtail_urls.urlpatterns,
        "wagtailcore_authenticate_with_password",
        kind="page-password",
        restriction_argument="page_view_restriction_id",
    )
]
# Under documents/, before Wagtail's document URLs: /documents/authenticate_with_password/<restriction>/.
document_password_urlpatterns = [
    _throttled_copy(
        wagtaildocs_urls.urlpatterns,
        "wagtaildocs_authenticate_with_password",
        kind="collection-password",
        restriction_argument="restriction_id",
    )
]
