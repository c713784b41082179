"""Glossary exchange in the admin: download the glossary as CSV, upload a CSV to create or update terms.

The file handling and its validation live in locales/glossary.py (all or nothing, every problem named
by row and column); these views only check permissions, limit the upload and report in the user's
language.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from locales import glossary

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class GlossaryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with the columns of an exported glossary. Up to 2 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(gettext("The file is larger than 2 MB."), code="too_large")
        return upload


def _require(request: HttpRequest, action: str) -> None:
    if not request.user.has_perm(f"locales.{action}_glossaryterm"):
        raise PermissionDenied


def export_glossary(request: HttpRequest) -> HttpResponse:
    _require(request, "view")
    buffer = io.StringIO()
    glossary.export_csv(buffer)
    response = HttpResponse(buffer.getvalue().encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="glossary-{timezone.localdate().isoformat()}.csv"'
    return response


def import_glossary(request: HttpRequest) -> HttpResponse:
    _require(request, "add")
    _require(request, "change")
    form = GlossaryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = glossary.import_csv(form.cleaned_data["file"].read())
        except glossary.GlossaryImportError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(
                request,
                gettext("Glossary imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect(reverse("locales_glossary:list"))
    return TemplateResponse(
        request,
        "locales/glossary/import.html",
        {"form": form, "page_title": gettext("Import glossary"), "header_icon": "upload"},
        status=400 if form.errors else 200,
    )
