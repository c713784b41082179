"""Admin views of "New directive from document": paste the text or upload the PDF, review, create a draft.

The reading itself lives in `articles.intake`; this module owns the forms, the access checks and the
responses. Step one reads the document and shows every proposed field with the text it came from,
sure or unsure, and the cited directives with their relations, saving nothing. Step two, when the
editor confirms (choosing the issuing body and type where the reading was unsure), reads the same
text again, creates an unpublished draft `DirectivePage` with its relations under the chosen register
and opens it in Wagtail's editor. Access: a user who may add pages under at least one directive
register of the source language; the register they choose must be one of those.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import page_permission_policy

from articles.intake import (
    MAX_PDF_BYTES,
    MAX_TEXT_CHARS,
    IntakeError,
    IntakeResult,
    draft_page,
    read_directive,
    read_pdf,
)
from articles.models import DirectiveIndexPage, DocumentType, IssuingBody
from locales.conf import source_language


def registers_for(user) -> QuerySet[DirectiveIndexPage]:
    """The directive registers of the source language under which `user` may add pages."""
    if not getattr(user, "is_active", False):
        return DirectiveIndexPage.objects.none()
    pages = page_permission_policy.instances_user_has_permission_for(user, "add")
    return (
        DirectiveIndexPage.objects.filter(pk__in=pages.values("pk"), locale__language_code=source_language())
        .select_related("locale")
        .order_by("path")
    )


class RegisterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DirectiveIndexPage) -> str:
        return obj.get_admin_display_title()


class IssuingBodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: IssuingBody) -> str:
        """Long names shortened, so the list fits a phone's width; the code tells bodies apart."""
        return f"{Truncator(obj.name).chars(36)} ({obj.abbreviation})"


class DocumentForm(forms.Form):
    """Step one: the document, as pasted text or as a PDF, and the register the draft will go under."""

    parent = RegisterChoiceField(
        queryset=DirectiveIndexPage.objects.none(),
        label=_("Directive register"),
        empty_label=None,
        help_text=_("The draft is created under this register."),
    )
    text = forms.CharField(
        label=_("Text of the document"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paste the whole text, from the header to the signature."),
    )
    file = forms.FileField(
        label=_("Or its PDF"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("A PDF with a text layer, or a scan (read by OCR where Tesseract is installed)."),
    )

    def __init__(self, *args, registers: QuerySet[DirectiveIndexPage], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = registers

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_PDF_BYTES:
            raise ValidationError(
                _("The PDF is larger than %(size)d MB."), code="too_large", params={"size": MAX_PDF_BYTES // 2**20}
            )
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        text, upload = (cleaned.get("text") or "").strip(), cleaned.get("file")
        if self.errors:
            return cleaned
        if text and upload:
            raise ValidationError(_("Paste the text or upload a PDF, not both."), code="both")
        if not text and not upload:
            raise ValidationError(_("Paste the text of the document or upload its PDF."), code="empty")
        if upload:
            try:
                text = read_pdf(upload.read())
            except IntakeError as error:
                self.add_error("file", str(error))
                return cleaned
        cleaned["document_text"] = text
        return cleaned


class ConfirmForm(forms.Form):
    """Step two: the text read in step one, the register, and the choices the editor confirms."""

    parent = forms.ModelChoiceField(queryset=DirectiveIndexPage.objects.none(), widget=forms.HiddenInput)
    text = forms.CharField(max_length=MAX_TEXT_CHARS, strip=False, widget=forms.Textarea(attrs={"hidden": True}))
    issuing_body = IssuingBodyChoiceField(
        queryset=IssuingBody.objects.order_by("name"),
        label=pgettext_lazy("directive intake", "issuing body"),
        empty_label=_("Choose the issuing body"),
        error_messages={"required": _("Choose the issuing body.")},
    )
    document_type = forms.ModelChoiceField(
        queryset=DocumentType.objects.order_by("code"),
        label=pgettext_lazy("directive intake", "document type"),
        empty_label=_("Choose the document type"),
        error_messages={"required": _("Choose the document type.")},
    )

    def __init__(self, *args, registers: QuerySet[DirectiveIndexPage], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = registers


class IntakeView(WagtailAdminTemplateMixin, View):
    """Step one (GET: the form; POST: read the document and show the review page)."""

    page_title = _("New directive from document")
    header_icon = "doc-full-inverse"
    form_template = "articles/intake/form.html"
    review_template = "articles/intake/review.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        self.registers = registers_for(request.user)
        if not self.registers.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {}
        parent = request.GET.get("parent", "")
        if parent.isdigit() and self.registers.filter(pk=int(parent)).exists():
            initial["parent"] = int(parent)
        return self.render_form(DocumentForm(registers=self.registers, initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = DocumentForm(request.POST, request.FILES, registers=self.registers)
        if not form.is_valid():
            return self.render_form(form)
        parent = form.cleaned_data["parent"]
        result = read_directive(form.cleaned_data["document_text"], locale=parent.locale)
        if not result.can_draft:
            for problem in result.problems:
                form.add_error(None, str(problem))
            messages.error(request, gettext("No draft was made: the document could not be read as a directive."))
            return self.render_form(form)
        confirm = ConfirmForm(
            registers=self.registers,
            initial={
                "parent": parent.pk,
                "text": form.cleaned_data["document_text"],
                "issuing_body": result.issuing_body.value if result.issuing_body else None,
                "document_type": result.document_type.value if result.document_type else None,
            },
        )
        return self.render_review(result, parent, confirm)

    def render_form(self, form: DocumentForm) -> HttpResponse:
        context = self.get_context_data(form=form, max_upload_mb=MAX_PDF_BYTES // 2**20)
        return TemplateResponse(self.request, self.form_template, context)

    def render_review(self, result: IntakeResult, parent: DirectiveIndexPage, confirm: ConfirmForm) -> HttpResponse:
        draft = draft_page(result, parent)
        context = self.get_context_data(
            result=result,
            parent=parent,
            draft=draft,
            form=confirm,
            citations=result.citations,
            rows=[
                {"name": name, "label": label, "proposed": proposed}
                for name, label, proposed in result.fields()
                if name not in ("issuing_body", "document_type")
            ],
            choices=[
                (confirm["issuing_body"], result.issuing_body),
                (confirm["document_type"], result.document_type),
            ],
        )
        return TemplateResponse(self.request, self.review_template, context)


class CreateDraftView(IntakeView):
    """Step two (POST only): read the confirmed text again and create the draft."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ConfirmForm(request.POST, registers=self.registers)
        if not form.is_valid() and ("parent" in form.errors or "text" in form.errors):
            messages.error(request, gettext("The document was not sent again: start once more."))
            return redirect("articles_intake:start")
        parent = form.cleaned_data["parent"]
        result = read_directive(form.cleaned_data["text"], locale=parent.locale)
        if not result.can_draft:
            messages.error(request, gettext("No draft was made: the document could not be read as a directive."))
            return redirect("articles_intake:start")
        if not form.is_valid():
            return self.render_review(result, parent, form)
        if not parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        page = draft_page(result, parent)
        page.issuing_body = form.cleaned_data["issuing_body"]
        page.document_type = form.cleaned_data["document_type"]
        page.owner = request.user
        try:
            with transaction.atomic():
                parent.add_child(instance=page)
                page.save_revision(user=request.user, log_action=True)
        except ValidationError as error:  # DirectivePage.clean: e.g. the same directive is already published
            for message in error.messages:
                form.add_error(None, message)
            return self.render_review(result, parent, form)
        messages.success(
            request,
            gettext("Draft “%(title)s” created from the document. Check every field, then publish it.")
            % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


urlpatterns = [
    path("", IntakeView.as_view(), name="start"),
    path("create/", CreateDraftView.as_view(), name="create"),
]


class IntakeMenuItem(MenuItem):
    """Shown to users who may add pages somewhere (cached permissions: no query of its own)."""

    def is_shown(self, request: HttpRequest) -> bool:
        return page_permission_policy.user_has_permission(request.user, "add")


def menu_item() -> MenuItem:
    return IntakeMenuItem(
        _("New directive from document"),
        reverse("articles_intake:start"),
        name="directive-from-document",
        icon_name="doc-full-inverse",
        order=250,
    )


def header_buttons(page, user, view_name, next_url=None):
    """“New directive from document” in the header of a directive register the user may add to."""
    from wagtail.admin.widgets import Button

    if issubclass(page.specific_class or object, DirectiveIndexPage) and (
        page.permissions_for_user(user).can_add_subpage()
    ):
        yield Button(
            _("New directive from document"),
            reverse("articles_intake:start") + f"?parent={page.pk}",
            icon_name="doc-full-inverse",
            priority=16,
        )
