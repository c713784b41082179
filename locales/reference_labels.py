"""Missing labels of reference data: the short texts of django-modeltranslation models still lacking a translation.

Reference data (themes, issuing bodies, document types, glossary terms, …) is translated side
by side in `<field>_<language>` columns, not through wagtail-localize, so it never enters the
queue as a QueueItem. This module finds what is missing and lets translators fill it in place.

It discovers the models from django-modeltranslation's registry and knows none of them by name
(`locales` never imports `articles`); site settings (Wagtail `BaseSiteSetting`) are not reference data:

- a *label field* is a translated field whose model field is a `CharField` (names, terms);
  long texts (descriptions, notes) are not labels and are left to the models' own editors;
- a label is *missing* in a target language (every language of `settings.LANGUAGES` with
  modeltranslation columns, except the source language) when the source-language column holds
  text and the target column is NULL or empty. Rows of a model with a true `do_not_translate`
  flag are never missing (the source form is used everywhere);
- `missing_labels(languages=None)` lists them with one query per model;
  `counts_by_language()` counts them for a dashboard with one query per model;
- `save_labels(model, data, user)` fills missing labels of one model, validated with the model's
  own `full_clean()` (lengths, its `clean()`), all or nothing. It only fills empty columns: a
  label someone filled meanwhile is reported, not overwritten.
- `can_edit_labels(user, model, language)`: superusers, users who may change the model,
  translation managers, and translators of that language (`locales.permissions.languages_of`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.db.models.functions import Trim
from django.db.models.lookups import Exact, GreaterThan
from django.utils.text import capfirst
from django.utils.translation import gettext
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.contrib.settings.models import BaseSiteSetting

from locales import conf
from locales.permissions import translator_languages

DO_NOT_TRANSLATE_FIELD = "do_not_translate"


@dataclass(frozen=True)
class MissingLabel:
    """One label to translate: `field` of object `pk` of `model` in `language`; `source_text` is the source label."""

    model: type[models.Model]
    pk: int
    field: str
    language: str
    source_text: str

    @property
    def model_label(self) -> str:
        return self.model._meta.label_lower

    @property
    def model_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def column(self) -> str:
        return build_localized_fieldname(self.field, self.language)

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.pk, self.field, self.language)

    @property
    def max_length(self) -> int | None:
        return self.model._meta.get_field(self.column).max_length


@dataclass(frozen=True)
class SaveResult:
    labels: int
    objects: int


class LabelsError(ValidationError):
    """Some labels were refused; nothing was saved.

    `messages` lists every problem, naming the object and label; `by_key` maps
    (pk, field, language) to the messages of that input, and (pk, None, None) to the object's own.
    """

    def __init__(self, messages: list[str], by_key: dict[tuple, list[str]]) -> None:
        super().__init__(messages)
        self.by_key = by_key


# --- discovery -------------------------------------------------------------------------------------


def target_languages() -> list[str]:
    """Every language of the site that has modeltranslation columns, except the source language."""
    source = conf.source_language()
    return [code for code, _name in settings.LANGUAGES if code != source and code in AVAILABLE_LANGUAGES]


def label_models() -> list[tuple[type[models.Model], list[str]]]:
    """Each concrete model registered with modeltranslation and its label fields, in a stable order."""
    result = []
    for model in translator.get_registered_models(abstract=False):
        if model._meta.proxy or issubclass(model, BaseSiteSetting):
            continue  # a site setting (the publisher's name) is the managers' own, edited in Settings
        fields = label_fields(model)
        if fields:
            result.append((model, fields))
    result.sort(key=lambda pair: pair[0]._meta.label_lower)
    return result


def label_fields(model: type[models.Model]) -> list[str]:
    """The translated fields of `model` that are short labels (CharFields), in the model's field order."""
    translated = set(translator.get_options_for_model(model).fields)
    return [
        field.name
        for field in model._meta.get_fields()
        if field.name in translated
        and isinstance(field, models.CharField)
        and not isinstance(field, models.TextField)
        and not getattr(field, "translated_field", None)  # the original, not a `<field>_<lang>` column
    ]


def _languages(languages: Iterable[str] | None) -> list[str]:
    targets = target_languages()
    if languages is None:
        return targets
    wanted = set(languages)
    return [code for code in targets if code in wanted]


def _missing_q(model: type[models.Model], field: str, language: str) -> Q:
    """Source column holds text (not only spaces) and the target column is NULL, empty or only spaces."""
    source = build_localized_fieldname(field, conf.source_language())
    target = build_localized_fieldname(field, language)
    return Q(GreaterThan(Trim(source), "")) & (Q(**{f"{target}__isnull": True}) | Q(Exact(Trim(target), "")))


def _base_queryset(model: type[models.Model]) -> models.QuerySet:
    queryset = model._default_manager.all()
    if any(f.name == DO_NOT_TRANSLATE_FIELD and isinstance(f, models.BooleanField) for f in model._meta.fields):
        queryset = queryset.filter(**{DO_NOT_TRANSLATE_FIELD: False})
    return queryset


def missing_labels(
    languages: Iterable[str] | None = None, *, models_: Iterable[type[models.Model]] | None = None
) -> list[MissingLabel]:
    """Every missing label in `languages` (default: every target language), one query per model.

    Ordered by model, then by source text, then field and language.
    """
    codes = _languages(languages)
    if not codes:
        return []
    wanted = set(models_) if models_ is not None else None
    source = conf.source_language()
    result: list[MissingLabel] = []
    for model, fields in label_models():
        if wanted is not None and model not in wanted:
            continue
        condition = Q()
        for field in fields:
            for code in codes:
                condition |= _missing_q(model, field, code)
        columns = [build_localized_fieldname(field, code) for field in fields for code in [source, *codes]]
        rows = _base_queryset(model).filter(condition).order_by("pk").values_list("pk", *columns)
        found = []
        width = 1 + len(codes)
        for row in rows:
            pk, values = row[0], row[1:]
            for index, field in enumerate(fields):
                chunk = values[index * width : (index + 1) * width]
                text = (chunk[0] or "").strip()
                if not text:
                    continue
                for code, value in zip(codes, chunk[1:], strict=True):
                    if not (value or "").strip():
                        found.append(MissingLabel(model, pk, field, code, text))
        found.sort(
            key=lambda label: (label.source_text.casefold(), label.pk, fields.index(label.field), label.language)
        )
        result.extend(found)
    return result


def counts_by_language(languages: Iterable[str] | None = None) -> dict[str, int]:
    """How many labels are missing per target language (all reference models together), one query per model."""
    codes = _languages(languages)
    counts = dict.fromkeys(codes, 0)
    for model, fields in label_models():
        aggregates = {
            f"{field}__{code}": Count("pk", filter=_missing_q(model, field, code)) for field in fields for code in codes
        }
        if not aggregates:
            continue
        values = _base_queryset(model).aggregate(**aggregates)
        for field in fields:
            for code in codes:
                counts[code] += values[f"{field}__{code}"]
    return counts


# --- access --------------------------------------------------------------------------------------


def can_edit_labels(user, model: type[models.Model], language: str) -> bool:
    """Superusers, users with the model's change permission, and translators of `language`."""
    return language in editable_languages(user, model, [language])


def editable_languages(user, model: type[models.Model], languages: Iterable[str] | None = None) -> list[str]:
    """The target languages (of `languages`) in which `user` may fill labels of `model`."""
    return editable_models(user, languages).get(model, [])


def editable_models(user, languages: Iterable[str] | None = None) -> dict[type[models.Model], list[str]]:
    """For each reference model, the target languages (of `languages`) `user` may fill labels in; only non-empty."""
    codes = _languages(languages)
    if not getattr(user, "is_authenticated", False) or not user.is_active or not codes:
        return {}
    own = translator_languages(user)
    result = {}
    for model, _fields in label_models():
        opts = model._meta
        if user.is_superuser or user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            allowed = codes
        else:
            allowed = [code for code in codes if code in own]
        if allowed:
            result[model] = allowed
    return result


# --- saving ----------------------------------------------------------------------------------------


def save_labels(model: type[models.Model], data: Mapping[tuple[int, str, str], str], user) -> SaveResult:
    """Fill missing labels of `model`: `data` maps (pk, field, language) to the new text.

    Values are stripped; an empty value leaves that label missing. Every object is validated with
    its `full_clean()` (only the edited columns' field checks, and the model's `clean()`). All or
    nothing: any problem raises `LabelsError` and nothing is saved. Raises PermissionDenied when
    `user` may not edit one of the languages.
    """
    fields = dict(label_models()).get(model)
    if fields is None:
        raise LabelsError(
            [gettext("“%(model)s” has no labels to translate.") % {"model": model._meta.verbose_name}], {}
        )
    targets = set(target_languages())
    allowed = set(editable_languages(user, model))
    messages: list[str] = []
    by_key: dict[tuple, list[str]] = defaultdict(list)

    wanted: dict[int, dict[tuple[str, str], str]] = defaultdict(dict)
    for (pk, field, language), raw in data.items():
        if field not in fields or language not in targets:
            message = gettext("“%(field)s” in “%(language)s” is not a label that can be filled in here.") % {
                "field": field,
                "language": language,
            }
            messages.append(message)
            by_key[(pk, field, language)].append(message)
            continue
        if language not in allowed:
            raise PermissionDenied
        value = (raw or "").strip()
        if value:
            wanted[pk][(field, language)] = value

    source = conf.source_language()
    labels = 0
    with transaction.atomic():
        objects = {obj.pk: obj for obj in model._default_manager.select_for_update().filter(pk__in=list(wanted))}
        to_save = []
        for pk, values in wanted.items():
            obj = objects.get(pk)
            if obj is None:
                message = gettext("%(model)s #%(pk)s no longer exists (it was deleted meanwhile).") % {
                    "model": capfirst(model._meta.verbose_name),
                    "pk": pk,
                }
                messages.append(message)
                for field, language in values:
                    by_key[(pk, field, language)].append(message)
                continue
            name = _object_name(obj, fields, source)
            columns: dict[str, tuple[str, str]] = {}
            changed = False
            for (field, language), value in values.items():
                column = build_localized_fieldname(field, language)
                current = (getattr(obj, column) or "").strip()
                if current and current != value:
                    message = gettext("Someone filled this in meanwhile: “%(value)s”.") % {"value": current}
                    messages.append(_named(name, model, field, language, message))
                    by_key[(pk, field, language)].append(message)
                    continue
                if current != value:
                    setattr(obj, column, value)
                    changed = True
                columns[column] = (field, language)
            if not changed:
                continue
            exclude = [f.name for f in model._meta.fields if f.name not in columns]
            try:
                obj.full_clean(exclude=exclude, validate_constraints=False)
            except ValidationError as error:
                for key, problems in error.message_dict.items():
                    target = columns.get(key)
                    for problem in problems:
                        if target is not None:
                            by_key[(pk, *target)].append(problem)
                            messages.append(_named(name, model, *target, problem))
                        else:
                            by_key[(pk, None, None)].append(problem)
                            messages.append(gettext("%(object)s: %(problem)s") % {"object": name, "problem": problem})
                continue
            to_save.append((obj, len(columns)))
        if messages:
            raise LabelsError(messages, dict(by_key))
        for obj, count in to_save:
            obj.save()
            labels += count
    return SaveResult(labels=labels, objects=len(to_save))


def _object_name(obj: models.Model, fields: list[str], source: str) -> str:
    text = (getattr(obj, build_localized_fieldname(fields[0], source)) or "").strip()
    return f"“{text}”" if text else f"#{obj.pk}"


def _named(name: str, model: type[models.Model], field: str, language: str, problem: str) -> str:
    return gettext("%(object)s, %(field)s (%(language)s): %(problem)s") % {
        "object": name,
        "field": model._meta.get_field(field).verbose_name,
        "language": language,
        "problem": problem,
    }
