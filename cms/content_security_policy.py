"""The Content-Security-Policy header: django-csp's middleware with two additions of this site.

- **Two policies.** Public pages get the strict `CONTENT_SECURITY_POLICY` (scripts, styles and
  everything else from our own origin only; no inline code, no nonce — a full-page cache stores
  responses, and a stored nonce would be the same for every visitor). The Wagtail admin (and
  what it previews) gets `CONTENT_SECURITY_POLICY_ADMIN`, which allows the inline scripts and
  styles Wagtail's own templates still carry, for the URL prefixes it lists. A preview (Wagtail
  runs a fake request for the page's public URL through the middleware) gets the admin's policy
  of the real request around it.
- **Frames only for a clip's player, only on its page.** The public policy has no `frame-src`
  (`default-src 'self'` applies). A page showing an embedded YouTube or Vimeo clip adds the one
  origin its privacy-friendly player needs through django-csp's per-response update
  (`response._csp_update = {"frame-src": [...]}`, set by `VideoClipPage.serve`); this middleware
  keeps only origins of `articles.embeds.PLAYER_ORIGINS` there, so no view can widen `frame-src`
  further. The header is stored with the page by the full-page cache, like the rest.
- **`frame-ancestors` follows `X-Frame-Options`.** Browsers that understand `frame-ancestors`
  ignore `X-Frame-Options`, so the two must say the same thing: a response marked
  `SAMEORIGIN` (Wagtail's preview views, `@xframe_options_sameorigin`) gets `'self'`, `DENY`
  gets `'none'`, and `@xframe_options_exempt` drops the directive.

The middleware must sit above `XFrameOptionsMiddleware` in `MIDDLEWARE` so it sees the header;
without it, it falls back to the `X_FRAME_OPTIONS` setting. It knows nothing of page types.
"""

from __future__ import annotations

from typing import Any

from csp.constants import NONE, SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from articles.embeds import PLAYER_ORIGINS

FRAME_SOURCES = frozenset(PLAYER_ORIGINS)
"""The only origins a response may add to `frame-src`: the players of embedded clips."""

FRAME_ANCESTORS = {"DENY": NONE, "SAMEORIGIN": SELF}


def frame_ancestors(response: HttpResponseBase) -> str | None:
    """The `frame-ancestors` source matching the response's X-Frame-Options (None: no directive)."""
    value = response.get("X-Frame-Options")
    if value is None:
        if getattr(response, "xframe_options_exempt", False):
            return None
        value = getattr(settings, "X_FRAME_OPTIONS", "DENY")
    return FRAME_ANCESTORS.get(value.upper(), NONE)


def admin_policy_for(request: HttpRequest) -> dict[str, Any] | None:
    """The admin's directives when the request is under one of its URL prefixes, else None."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None) or {}
    prefixes = tuple(policy.get("URL_PREFIXES", ()))
    if prefixes and request.path_info.startswith(prefixes):
        return dict(policy.get("DIRECTIVES", {}))
    return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """Sends the public or the admin policy, with `frame-ancestors` matching X-Frame-Options."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview by running a fake request for the page's public URL through
            # the middleware. Its response is shown in the admin's preview panel, so it must get the
            # admin's policy (frame-ancestors 'self') from the real request, not the public one.
            return response
        return super().process_response(request, response)

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None:  # no @csp(...) decorator chose a policy for this view
            admin = admin_policy_for(request)
            if admin is not None:
                parts.config = {"default-src": [SELF], **admin}
        if parts.update and "frame-src" in parts.update:
            parts.update = {**parts.update, "frame-src": allowed_frame_sources(parts.update["frame-src"])}
        parts.replace = {**(parts.replace or {}), "frame-ancestors": frame_ancestors(response)}
        return parts


def allowed_frame_sources(sources: Any) -> list[str] | None:
    """The sources of a response's `frame-src` update that are players of embedded clips (None: none)."""
    if isinstance(sources, str):
        sources = [sources]
    kept = sorted({source for source in sources or () if source in FRAME_SOURCES})
    return kept or None
