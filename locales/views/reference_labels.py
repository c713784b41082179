"""Admin view of missing reference-data labels: listed by model, filled in place, saved all or nothing.

What is missing and how it is saved is `locales.reference_labels`'s business; this module owns
the page: the language filter (`?language=en`), the inputs (one per missing object, field and
language, next to the source text), the cap per model, and the messages. A user sees only the
models and languages they may fill (`editable_models`); a user who may fill none gets 403.
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from locales import conf
from locales.reference_labels import (
    LabelsError,
    MissingLabel,
    editable_models,
    missing_labels,
    save_labels,
    target_languages,
)

ROWS_PER_MODEL = 50
INPUT_PREFIX = "label"


def input_name(label: MissingLabel) -> str:
    """The form input of one missing label: `label:<app>.<model>:<pk>:<field>:<language>`."""
    return f"{INPUT_PREFIX}:{label.model_label}:{label.pk}:{label.field}:{label.language}"


def _language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


class LanguageFilterForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, languages: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        names = _language_names()
        self.fields["language"].choices = [("", _("All languages")), *((code, names[code]) for code in languages)]


class _Rollback(Exception):
    pass


class ReferenceLabelsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "locales/reference_labels/index.html"
    page_title = _("Missing reference labels")
    header_icon = "tag"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        self.editable = editable_models(request.user)
        if not self.editable:
            raise PermissionDenied
        languages = sorted({code for codes in self.editable.values() for code in codes})
        self.filter_form = LanguageFilterForm(request.GET, languages=languages)
        self.language = ""
        if self.filter_form.is_valid():
            self.language = self.filter_form.cleaned_data["language"]
        else:
            messages.error(request, gettext("That language cannot be chosen here; showing all languages."))
        self.languages = [self.language] if self.language else languages
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def _this_url(self) -> str:
        url = reverse("locales:reference_labels")
        return f"{url}?{urlencode({'language': self.language})}" if self.language else url

    def get_context_data(self, *, values=None, errors=None, **kwargs):
        context = super().get_context_data(**kwargs)
        values = values or {}
        errors = errors or {}
        names = _language_names()
        groups: dict[type, dict] = {}
        models_ = list(self.editable)
        for label in missing_labels(self.languages, models_=models_):
            if label.language not in self.editable[label.model]:
                continue
            group = groups.get(label.model)
            if group is None:
                group = groups[label.model] = {
                    "model": label.model,
                    "title": label.model._meta.verbose_name_plural,
                    "rows": [],
                    "more": 0,
                }
            if len(group["rows"]) >= ROWS_PER_MODEL:
                group["more"] += 1
                continue
            name = input_name(label)
            group["rows"].append(
                {
                    "label": label,
                    "name": name,
                    "field_name": label.model._meta.get_field(label.field).verbose_name,
                    "language_name": names.get(label.language, label.language),
                    "value": values.get(name, ""),
                    "errors": errors.get(name, []) + errors.get((label.model, label.pk), []),
                    "max_length": label.max_length,
                }
            )
        context.update(
            groups=list(groups.values()),
            filter_form=self.filter_form,
            language=self.language,
            action_url=self._this_url(),
            source_language=conf.source_language(),
            source_language_name=names.get(conf.source_language(), conf.source_language()),
        )
        return context

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        by_model, values, problems = self._parse(request.POST)
        if problems:
            for problem in problems:
                messages.error(request, problem)
            return self.render_to_response(self.get_context_data(values=values))
        errors: dict = defaultdict(list)
        all_messages: list[str] = []
        saved = 0
        try:
            with transaction.atomic():
                for model, data in by_model.items():
                    try:
                        saved += save_labels(model, data, request.user).labels
                    except LabelsError as error:
                        all_messages.extend(error.messages)
                        for (pk, field, language), messages_ in error.by_key.items():
                            if field is None:
                                errors[(model, pk)].extend(messages_)
                            else:
                                name = f"{INPUT_PREFIX}:{model._meta.label_lower}:{pk}:{field}:{language}"
                                errors[name].extend(messages_)
                if all_messages:
                    raise _Rollback
        except _Rollback:
            messages.error(
                request,
                ngettext(
                    "%(count)d label could not be saved, so none were; correct it and save again.",
                    "%(count)d labels could not be saved, so none were; correct them and save again.",
                    len(all_messages),
                )
                % {"count": len(all_messages)},
            )
            return self.render_to_response(self.get_context_data(values=values, errors=dict(errors)))
        if saved:
            messages.success(
                request, ngettext("%(count)d label saved.", "%(count)d labels saved.", saved) % {"count": saved}
            )
        else:
            messages.info(request, gettext("Nothing to save: every field was left empty."))
        return redirect(self._this_url())

    def _parse(self, data) -> tuple[dict, dict[str, str], list[str]]:
        """Submitted inputs grouped by model as {(pk, field, language): value}, the raw values, and any problems."""
        known = {model._meta.label_lower: model for model in self.editable}
        targets = set(target_languages())
        by_model: dict[type, dict] = defaultdict(dict)
        values: dict[str, str] = {}
        problems: list[str] = []
        for key in data:
            if not key.startswith(f"{INPUT_PREFIX}:"):
                continue
            value = data.get(key, "")
            values[key] = value
            parts = key.split(":")
            model = None
            if len(parts) == 5 and parts[2].isdigit() and parts[4] in targets:
                model = known.get(parts[1])
                if model is None and parts[1].count(".") == 1:
                    try:
                        apps.get_model(parts[1])
                    except (LookupError, ValueError):
                        pass
                    else:
                        raise PermissionDenied  # a real model the user may not fill
            if model is None:
                problems.append(gettext("The form was not recognised; reload the page and try again."))
                break
            by_model[model][(int(parts[2]), parts[3], parts[4])] = value
        return by_model, values, problems
