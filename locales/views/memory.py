"""The queue item page's "Use this": a translator takes what the translation memory offers for a segment.

The suggestions and storing one are `locales.fuzzy_memory`'s; this view only checks who may (the
queue's permission policy: "translate" on the item, and the claim rule of `locales.guards`), reads
the two ids from the form, stores the suggestion, refreshes the item's numbers and reports in the
user's language. Bad input gets a message and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from locales import fuzzy_memory, permissions
from locales.guards import claim_refusal, refused
from locales.queue import refresh_item


def _posted_id(request: HttpRequest, name: str) -> int | None:
    value = request.POST.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


@require_POST
def use_suggestion(request: HttpRequest, pk: str) -> HttpResponse:
    """Store the suggestion `suggestion` (a StringTranslation id) as the translation of segment `segment`."""
    item = get_object_or_404(permissions.visible_items(request.user).select_related("assignee"), pk=pk)
    if not permissions.can(request.user, "translate", item):
        message = claim_refusal(request.user, item) or gettext("You may not translate this item.")
        return refused(request, message, item=item)
    if (message := claim_refusal(request.user, item)) is not None:
        return refused(request, message, item=item)

    back = reverse("locales_queue:inspect", args=[item.pk])  # the memory is at the top, under the messages
    segment_id, suggestion_id = _posted_id(request, "segment"), _posted_id(request, "suggestion")
    translation = item.translation
    if translation is None or segment_id is None or suggestion_id is None:
        messages.error(request, gettext("Choose a suggestion for a segment of this translation."))
        return redirect(back)
    try:
        fuzzy_memory.use_suggestion(translation, segment_id, suggestion_id, request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(back)
    refresh_item(item, touch=True)
    messages.success(request, gettext("The suggestion is now the segment's translation."))
    return redirect(back)
