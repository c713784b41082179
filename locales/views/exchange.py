"""Admin views of the PO exchange: download a locale's open queue as a zip, upload a zip or a PO file back.

The rules of the format and of the import live in `locales.exchange`; this module owns only the
forms, access checks and responses. Access: a superuser, or a user with
translation manager (`locales.permissions.is_manager`), or a translator of that language
(`languages_of(user, "translator")`) who holds `locales.work_on_queueitem` (what locale teams are
given) or `locales.change_queueitem`. Anyone else is refused (PermissionDenied: Wagtail's admin
answers with its "no permission" redirect, or 403 to a script).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from locales import conf
from locales.exchange import (
    MAX_UPLOAD_BYTES,
    ExchangeError,
    describe_report,
    export_filename,
    export_locale_zip,
    exportable_items,
    import_locale_zip,
)
from locales.permissions import translator_languages

QUEUE_PERMISSIONS = ("locales.work_on_queueitem", "locales.change_queueitem")


def target_locales() -> list[Locale]:
    return list(Locale.objects.exclude(language_code=conf.source_language()).order_by("language_code"))


def exchange_languages(user) -> set[str]:
    """The target languages whose queue `user` may download and upload."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return {locale.language_code for locale in target_locales()}
    languages = translator_languages(user)  # every language for translation managers
    if languages and not any(user.has_perm(permission) for permission in QUEUE_PERMISSIONS):
        try:
            from locales.permissions import is_manager
        except ImportError:
            return set()
        if not is_manager(user):
            return set()
    return languages


def _language_choices(locales: list[Locale]) -> list[tuple[str, str]]:
    return [(locale.language_code, locale.get_display_name()) for locale in locales]


class ItemIdsField(forms.Field):
    """Zero or more queue item ids, from repeated `item` parameters."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        ids = []
        for raw in value:
            text = str(raw).strip()
            if not text.isdigit() or len(text) > 18:
                raise ValidationError(
                    _("“%(value)s” is not a queue item number."), code="invalid", params={"value": text[:40]}
                )
            ids.append(int(text))
        return ids


class DownloadForm(forms.Form):
    locale = forms.ChoiceField(label=_("Language"))
    item = ItemIdsField(required=False)

    def __init__(self, *args, locales: list[Locale], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locale"].choices = _language_choices(locales)


class UploadForm(forms.Form):
    locale = forms.ChoiceField(label=_("Language"))
    file = forms.FileField(
        label=_("Zip or PO file"),
        help_text=_("A zip file downloaded here, or one PO file, with the translations filled in."),
    )

    def __init__(self, *args, locales: list[Locale], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locale"].choices = _language_choices(locales)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than the limit of %(size)d MB."),
                code="too_large",
                params={"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload


class ExchangeView(WagtailAdminTemplateMixin, FormView):
    """The exchange page: a download link per language the user translates, and the upload form."""

    template_name = "locales/exchange/index.html"
    form_class = UploadForm
    page_title = _("Exchange PO files")
    header_icon = "download"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        languages = exchange_languages(request.user)
        if not languages:
            raise PermissionDenied
        self.locales = [locale for locale in target_locales() if locale.language_code in languages]
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["locales"] = self.locales
        return kwargs

    def get_initial(self):
        code = self.request.GET.get("locale")
        return {"locale": code} if any(locale.language_code == code for locale in self.locales) else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for locale in self.locales:
            rows.append(
                {
                    "locale": locale,
                    "count": exportable_items(locale).count(),
                    "url": reverse("locales:exchange_download") + "?" + urlencode({"locale": locale.language_code}),
                }
            )
        context.update(rows=rows, max_upload_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
        return context

    def form_valid(self, form):
        locale = next(locale for locale in self.locales if locale.language_code == form.cleaned_data["locale"])
        try:
            report = import_locale_zip(form.cleaned_data["file"], locale, self.request.user)
        except ExchangeError as error:
            form.add_error("file", error)
            messages.error(self.request, gettext("The file was not imported; nothing changed."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Imported into %(language)s: %(report)s")
            % {"language": locale.get_display_name(), "report": describe_report(report)},
        )
        return redirect(reverse("locales:exchange") + "?" + urlencode({"locale": locale.language_code}))


def download_view(request: HttpRequest) -> HttpResponse:
    """The zip of a locale's open queue items (`?locale=uk`, optionally `&item=1&item=2`)."""
    locales = target_locales()
    form = DownloadForm(request.GET, locales=locales)
    if not form.is_valid():
        if not exchange_languages(request.user):
            raise PermissionDenied
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("locales:exchange")
    code = form.cleaned_data["locale"]
    if code not in exchange_languages(request.user):
        raise PermissionDenied
    locale = next(locale for locale in locales if locale.language_code == code)
    item_ids = form.cleaned_data["item"] or None
    count = exportable_items(locale, item_ids).count()
    if not count:
        messages.warning(
            request,
            gettext("No open queue item in %(language)s has a translation to download yet.")
            % {"language": locale.get_display_name()},
        )
        return redirect(reverse("locales:exchange") + "?" + urlencode({"locale": code}))
    if item_ids and count < len(set(item_ids)):
        skipped = len(set(item_ids)) - count
        messages.info(
            request,
            ngettext(
                "%(count)d selected item was left out: it is finished, of another language or not started.",
                "%(count)d selected items were left out: they are finished, of another language or not started.",
                skipped,
            )
            % {"count": skipped},
        )
    response = HttpResponse(export_locale_zip(locale, item_ids), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(locale)}"'
    return response
