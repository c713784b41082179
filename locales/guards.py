"""The translation workflow's rules at wagtail-localize's and Wagtail's own doors.

wagtail-localize checks only Wagtail's page-edit right: anyone who may edit a translated page may
change its strings, upload a PO file into it, machine-translate it or publish it, whatever the
queue says. This module holds the queue's rules there too, without forking wagtail-localize:

- **Claim** (`claim_refusal`): while a queue item is claimed, only its assignee, translation
  managers and superusers change its translation: string and override edits
  (`edit_string_translation`, `edit_override`), PO upload, machine translation, stopping the
  translation, converting the page back to an alias, "Start Synced translation", and saving the
  page in Wagtail's own editor. An unclaimed item stays open to whoever may edit the page.
- **Publication only through review** (`publish_refusal`, built on
  `locales.review.approval_refusal`): a target page with a queue item goes live only through the
  approval of its item in review, by a reviewer of the language who neither translated nor
  submitted it (publishing an item in review is approving it); translation managers and
  superusers may publish around the review, and `locales.review` records that override once it
  happened. Held at the "Publish" of wagtail-localize's editor and of Wagtail's edit view
  (`before_edit`), at the page explorer's bulk publish (`before_bulk_action`), and at "Sync
  translated pages" with "Publish" ticked (`update_translations`). Approvals in Wagtail's
  workflow go through `TranslationReviewTask` (locales.models.review). A refused publication is
  recorded in the item's history.
- **PO upload** (`upload_pofile`): wagtail-localize's view parses the whole upload before any
  check and fails (500) without a file or without its translation-id header; it is answered here
  instead: the page-edit right and the claim rule, then `locales.exchange.import_translation_po`
  (the exchange's size limits before parsing, the header must name this translation).

How: `localize_urlpatterns()` takes wagtail-localize's own URL patterns for those views and
wraps each view; `locales.wagtail_hooks` registers them under the same "localize/" prefix with a
`register_admin_urls` hook ordered before wagtail-localize's, so they resolve first (Wagtail
decorates them with its admin-access check as any admin URL), while
`reverse("wagtail_localize:…")` keeps naming wagtail-localize's patterns, which give the same
URLs. The edit-view and bulk-action checks are Wagtail hooks, also ordered first.

Refusals answer 403 with the reason in the user's language: JSON (`{"detail": …}`) for
wagtail-localize's API endpoints and for requests that do not accept HTML, an admin page
otherwise. A bad upload answers 400 the same way. This module knows no page type and never
imports `cms`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, include, path, reverse
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.models import Translation, TranslationSource

from locales import conf, exchange
from locales.models import QueueItem, QueueItemEvent
from locales.models.queue import refusal_message
from locales.permissions import can, is_manager
from locales.review import approval_refusal, record_refusal

Status = QueueItem.Status
Rule = QueueItemEvent.Rule
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# --- which item ---------------------------------------------------------------------------------------


def item_for_translation(translation: Translation) -> QueueItem | None:
    """The queue item of a wagtail-localize Translation (its source object into its target locale), or None."""
    object_id = TranslationSource.objects.filter(pk=translation.source_id).values_list("object_id", flat=True).first()
    if object_id is None:
        return None
    return (
        QueueItem.objects.filter(object_id=object_id, target_locale_id=translation.target_locale_id)
        .select_related("assignee")
        .first()
    )


def item_for_instance(instance: models.Model) -> QueueItem | None:
    """The queue item whose target is `instance` (a page or snippet in a target locale), or None."""
    if not isinstance(instance, TranslatableMixin) or instance.locale_id is None:
        return None
    if isinstance(instance, Page) and instance.alias_of_id is not None:
        return None
    items = QueueItem.objects.filter(object_id=instance.translation_key, target_locale_id=instance.locale_id)
    items = items.exclude(target_locale__language_code=conf.source_language())
    return items.select_related("assignee").first()


# --- the rules ----------------------------------------------------------------------------------------


def claim_refusal(user, item: QueueItem | None) -> str | None:
    """Why `user` may not change the translation of `item` (claimed by someone else), or None."""
    if item is None or item.assignee_id is None or item.assignee_id == user.pk:
        return None
    if user.is_superuser or is_manager(user):
        return None
    assignee = item.assignee
    name = (assignee.get_full_name() or assignee.get_username()) if assignee is not None else ""
    return gettext("%(name)s has claimed this translation: only they or a translation manager may change it now.") % {
        "name": name
    }


def publish_refusal(user, item: QueueItem) -> str | None:
    """The rule that forbids `user` to publish the target of `item` now, or None.

    `approval_refusal` (four eyes; managers and superusers only around the review), and for
    everyone else publishing an item in review is approving it: they must be its language's reviewer.
    """
    rule = approval_refusal(item, user)
    if rule is not None:
        return rule
    if user.is_superuser or is_manager(user):
        return None
    if not can(user, "approve", item):
        return Rule.REVIEW_REQUIRED
    return None


# --- answers ------------------------------------------------------------------------------------------


def refused(
    request: HttpRequest,
    messages_: Iterable[str] | str,
    *,
    status: int = 403,
    as_json: bool = False,
    item: QueueItem | None = None,
) -> HttpResponse:
    """The answer to a refused request: the reasons, in the user's language, as JSON or as an admin page."""
    texts = [messages_] if isinstance(messages_, str) else [str(text) for text in messages_]
    if as_json or not request.accepts("text/html"):
        detail = " ".join(texts)
        return JsonResponse(
            {"detail": detail, "success": False, "error_code": "refused", "error_message": detail}, status=status
        )
    title = gettext("Not allowed") if status == 403 else gettext("The file was not imported")
    context = {
        "page_title": title,
        "header_title": title,
        "header_icon": "warning",
        "refusal_messages": texts,
        "item_url": reverse("locales_queue:inspect", args=[item.pk]) if item is not None else None,
        "back_url": get_valid_next_url_from_request(request) or request.headers.get("referer"),
    }
    return TemplateResponse(request, "locales/guards/refused.html", context, status=status)


def _refuse_publication(request: HttpRequest, item: QueueItem) -> HttpResponse | None:
    rule = publish_refusal(request.user, item)
    if rule is None:
        return None
    record_refusal(item, request.user, rule, "publish")
    return refused(request, refusal_message(rule, "publish"), item=item)


# --- wagtail-localize's views, wrapped ----------------------------------------------------------------


def _translation_guard(view: Callable, *, as_json: bool = False) -> Callable:
    """`view(request, translation_id, …)` behind the claim rule, for changing requests."""

    @wraps(view)
    def guarded(request: HttpRequest, translation_id: int, *args, **kwargs) -> HttpResponse:
        if request.method in UNSAFE_METHODS:
            translation = Translation.objects.filter(pk=translation_id).first()
            item = item_for_translation(translation) if translation is not None else None
            message = claim_refusal(request.user, item)
            if message is not None:
                return refused(request, message, as_json=as_json, item=item)
        return view(request, translation_id, *args, **kwargs)

    return guarded


def _page_guard(view: Callable) -> Callable:
    """`view(request, page_id, …)` behind the claim rule, for changing requests (converting to an alias)."""

    @wraps(view)
    def guarded(request: HttpRequest, page_id: int, *args, **kwargs) -> HttpResponse:
        if request.method in UNSAFE_METHODS:
            page = Page.objects.filter(pk=page_id).first()
            item = item_for_instance(page) if page is not None else None
            message = claim_refusal(request.user, item)
            if message is not None:
                return refused(request, message, item=item)
        return view(request, page_id, *args, **kwargs)

    return guarded


def _sync_guard(view: Callable) -> Callable:
    """ "Sync translated pages": publishing the translations, or machine-translating them, follows the rules."""

    @wraps(view)
    def guarded(request: HttpRequest, translation_source_id: int, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            publishing = bool(request.POST.get("publish_translations"))
            machine = bool(request.POST.get("use_machine_translation"))
            if publishing or machine:
                object_id = (
                    TranslationSource.objects.filter(pk=translation_source_id)
                    .values_list("object_id", flat=True)
                    .first()
                )
                items = QueueItem.objects.filter(
                    object_id=object_id,
                    translation__isnull=False,
                    translation__enabled=True,
                ).select_related("assignee", "target_locale")
                for item in items:
                    message = claim_refusal(request.user, item) if machine else None
                    if message is not None:
                        return refused(request, message, item=item)
                    if publishing and (response := _refuse_publication(request, item)) is not None:
                        return response
        return view(request, translation_source_id, *args, **kwargs)

    return guarded


def upload_pofile(request: HttpRequest, translation_id: int) -> HttpResponse:
    """wagtail-localize's per-translation PO upload, answered with the exchange's checks (see the module docstring)."""
    from wagtail_localize.views.edit_translation import user_can_edit_instance

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    translation = get_object_or_404(Translation, pk=translation_id)
    try:
        instance = translation.get_target_instance()
    except ObjectDoesNotExist:
        instance = None
    if instance is None or not user_can_edit_instance(request.user, instance):
        raise PermissionDenied
    item = item_for_translation(translation)
    message = claim_refusal(request.user, item)
    if message is not None:
        return refused(request, message, item=item)
    upload = request.FILES.get("file")
    if upload is None:
        return refused(request, gettext("Choose a PO file to upload."), status=400, item=item)
    try:
        report = exchange.import_translation_po(upload, translation, request.user)
    except exchange.ExchangeError as error:
        return refused(request, error.messages, status=400, item=item)
    messages.success(request, exchange.describe_report(report))
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))


# Which of wagtail-localize's views are wrapped (by URL name), and how.
WRAPPERS: dict[str, Callable[[Callable], Callable]] = {
    "edit_string_translation": lambda view: _translation_guard(view, as_json=True),
    "edit_override": lambda view: _translation_guard(view, as_json=True),
    "machine_translate": _translation_guard,
    "stop_translation": _translation_guard,
    "upload_pofile": lambda view: upload_pofile,
    "convert_to_alias": _page_guard,
    "update_translations": _sync_guard,
}


def localize_urlpatterns() -> list:
    """wagtail-localize's admin URL patterns for the guarded views, each view wrapped, under "localize/".

    Read from wagtail-localize's own `register_admin_urls` hook, so the paths are always theirs.
    """
    from wagtail_localize import wagtail_hooks as localize_hooks

    patterns = []
    for resolver in localize_hooks.register_admin_urls():
        prefix = str(resolver.pattern)
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLPattern) and pattern.name in WRAPPERS:
                patterns.append(path(prefix + str(pattern.pattern), WRAPPERS[pattern.name](pattern.callback)))
    return [path("", include((patterns, "locales_guards"), namespace="locales_guards"))]


# --- Wagtail's hooks ----------------------------------------------------------------------------------


def _publishing(request: HttpRequest) -> bool:
    """A POST that publishes: wagtail-localize's editor ("action=publish") or Wagtail's ("action-publish")."""
    return request.POST.get("action") == "publish" or bool(request.POST.get("action-publish"))


def before_edit(request: HttpRequest, instance: models.Model) -> HttpResponse | None:
    """`before_edit_page` / `before_edit_snippet`: publication and claim rules on a target with a queue item.

    Workflow actions (approve, request changes, cancel) are left to the workflow's task.
    """
    if request.method != "POST":
        return None
    item = item_for_instance(instance)
    if item is None:
        return None
    if _publishing(request):
        return _refuse_publication(request, item)
    if request.POST.get("action-workflow-action") or request.POST.get("action-cancel-workflow"):
        return None
    message = claim_refusal(request.user, item)
    return refused(request, message, item=item) if message is not None else None


def before_bulk_action(
    request: HttpRequest, action_type: str, objects: list, action_class_instance
) -> HttpResponse | None:
    """Bulk "publish" in the page explorer: every target page with a queue item must pass the publication rule."""
    if action_type != "publish":
        return None
    for instance in objects:
        item = item_for_instance(instance)
        if item is not None and (response := _refuse_publication(request, item)) is not None:
            return response
    return None
