"""QA where the translator types: the JSON behind the QA panel of wagtail-localize's translation editor.

wagtail-localize's editor (a React app) saves each string through its own endpoint and shows a green
tick whatever the string says. Our override of its template
(`locales/templates/wagtail_localize/admin/edit_translation.html`) adds a panel and a script
(`locales/static/locales/js/editor_qa.js`) that, on load and after every string the editor saves or
deletes, asks `editor_qa` for the QA problems of the translation and marks each segment with its own.

What this module owns:

- `segment_problems(translation)`: `locales.qa.check_segment` over every translated string segment,
  keyed by wagtail-localize's StringSegment id (the id its editor knows; a content path is not
  enough: the paragraphs of one rich-text field share theirs). The same checks, glossary and
  segments as `locales.queue.qa_problems`, so the panel and the submit rule count the same errors.
  Four queries plus the glossary's, whatever the number of segments.
- `editor_qa(request, translation_id)`: the item's problems by segment, a summary in the user's
  language, and the item's "Submit for review" (its URL and whether the QA override checkbox goes
  with it, as on the item page) when the user may submit. Permission-checked like the item: an item
  the user may not see is a 404; while it is claimed by someone else, the claim rule of
  `locales.guards` answers 403 with its reason (only the assignee and managers change it now).
  Anonymous users are sent to the login page by Wagtail's admin-access check on admin URLs.

Submitting is the item's own action (`locales_queue:act`, `locales.workbench`); this module only
tells the panel where it is. It knows no page type.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET
from wagtail_localize.models import Translation

from locales import glossary, permissions, workbench
from locales.guards import claim_refusal, item_for_translation, refused
from locales.models import QueueItem
from locales.qa import QAProblem, checks_by_segment


@dataclass(frozen=True)
class SegmentProblem:
    """A QA problem of one string segment of the editor (`segment_id`: wagtail-localize's StringSegment id)."""

    segment_id: int
    problem: QAProblem


def segment_problems(translation: Translation) -> list[SegmentProblem]:
    """The QA problems of every translated string segment of `translation`, in segment order."""
    return [
        SegmentProblem(segment.pk, problem)
        for segment, problems in checks_by_segment(translation, glossary.entries())
        for problem in problems
    ]


def summary(errors: int, warnings: int) -> str:
    """One sentence on the open problems, for the panel's live region."""
    if not errors and not warnings:
        return gettext("No problems found.")
    parts = []
    if errors:
        parts.append(ngettext("%(count)d error", "%(count)d errors", errors) % {"count": errors})
    if warnings:
        parts.append(ngettext("%(count)d warning", "%(count)d warnings", warnings) % {"count": warnings})
    return gettext("Open QA problems in this translation: %(problems)s.") % {"problems": ", ".join(parts)}


def _problem_json(found: SegmentProblem) -> dict:
    problem = found.problem
    return {
        "segment": found.segment_id,
        "code": problem.code,
        "severity": problem.severity,
        "severity_label": gettext("Error") if problem.severity == "error" else gettext("Warning"),
        "message": problem.message,
    }


def _submit_json(item: QueueItem, user, has_problems: bool) -> dict | None:
    if workbench.SUBMIT not in workbench.available_actions(item, user):
        return None
    return {
        "url": reverse("locales_queue:act", args=[item.pk, workbench.SUBMIT.name]),
        "override": has_problems,  # as on the item page: the checkbox goes with any open problem
    }


@require_GET
def editor_qa(request: HttpRequest, translation_id: int) -> JsonResponse:
    """The QA problems of a translation by segment, their summary, and the item's submit action (JSON)."""
    translation = get_object_or_404(Translation.objects.select_related("source"), pk=translation_id)
    item = item_for_translation(translation)
    if item is None or not permissions.visible_items(request.user).filter(pk=item.pk).exists():
        raise Http404
    message = claim_refusal(request.user, item)
    if message is not None:
        return refused(request, message, as_json=True, item=item)
    found = segment_problems(translation)
    errors = sum(1 for entry in found if entry.problem.severity == "error")
    return JsonResponse(
        {
            "item": {
                "id": item.pk,
                "url": reverse("locales_queue:inspect", args=[item.pk]),
                "status": item.status,
                "status_label": item.get_status_display(),
            },
            "errors": errors,
            "warnings": len(found) - errors,
            "summary": summary(errors, len(found) - errors),
            "problems": [_problem_json(entry) for entry in found],
            "submit": _submit_json(item, request.user, bool(found)),
        }
    )
