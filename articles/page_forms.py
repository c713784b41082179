"""Page forms that offer directives, imported by the page models (so they import no models at load time).

- `ExplainerPageForm`, Wagtail's page form for every media item (infographic, podcast episode, video
  clip, article): the related directives it offers are those of the page's own language (plus any
  already chosen, so a translation that carries them still saves), labelled "number — title",
  newest first, in a list the editor filters by typing (`FilterableCheckboxSelectMultiple`). Below
  it, the directives of the page's language whose numbers the saved text cites but that are not
  related yet are offered, one tick each (`cited_directives`, `CitedDirectivesPanel`, shown only
  when there is one); ticked ones are added to the related directives on save.
- `DirectivePageForm`, the directive's: each relation's target is chosen the same way from the
  directives of the page's language, but the directive itself (`FilterableSelect`).

The filter is a small script of ours (articles/static/articles/js/filterable-choices.js): every
word typed must appear in the choice, tone marks and case ignored ("380 cv", "chi thi 15").
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel


class FilterableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes under a filter box (articles/static/articles/js/filterable-choices.js)."""

    template_name = "articles/widgets/filterable_checkbox_select.html"

    class Media:
        js = ["articles/js/filterable-choices.js"]
        css = {"all": ["articles/css/filterable-choices.css"]}


class FilterableSelect(forms.Select):
    """A select under a filter box (the same script)."""

    template_name = "articles/widgets/filterable_select.html"
    Media = FilterableCheckboxSelectMultiple.Media


def directive_label(directive: Any) -> str:
    return f"{directive.number} — {directive.title}"


class DirectiveChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return directive_label(obj)


class DirectiveTargetField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return directive_label(obj)


def _directives_of(locale_id: int | None, keep: list[int]):
    """Directives of a locale (no alias copies), newest first, with the ones in `keep` whatever their locale."""
    from articles.models import DirectivePage

    queryset = DirectivePage.objects.filter(alias_of__isnull=True)
    if locale_id is not None:
        queryset = queryset.filter(Q(locale_id=locale_id) | Q(pk__in=keep))
    return queryset.order_by("-issue_date", "number")


def _page_locale_id(form: WagtailAdminPageForm) -> int | None:
    return form.instance.locale_id or getattr(form.parent_page, "locale_id", None)


class ExplainerPageForm(WagtailAdminPageForm):
    """Wagtail's page form, offering as related directives only those of the page's language, and
    the directives its text cites that are not related yet."""

    cited_directives = DirectiveChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Cited in the text, not related yet"),
        help_text=_("Tick the directives this item should be tied to: they join the related directives on save."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("related_directives")
        if field is None:
            return
        chosen = [getattr(directive, "pk", directive) for directive in self.initial.get("related_directives") or []]
        self.fields["related_directives"] = DirectiveChoiceField(
            queryset=_directives_of(_page_locale_id(self), chosen),
            required=field.required,
            label=field.label,
            help_text=field.help_text,
            widget=field.widget,
        )
        if "cited_directives" in self.fields:
            self.fields["cited_directives"].queryset = self._cited_not_related(chosen)

    def _cited_not_related(self, chosen: list[int]):
        """Directives of the page's language that the saved text cites by number and that are not related."""
        keys = self.instance.cited_number_keys() if self.instance.pk else set()
        return _directives_of(_page_locale_id(self), []).filter(number_key__in=keys).exclude(pk__in=chosen)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cited = cleaned.get("cited_directives")
        if cited and "related_directives" in cleaned:
            related = list(cleaned.get("related_directives") or [])
            cleaned["related_directives"] = related + [directive for directive in cited if directive not in related]
        return cleaned


class CitedDirectivesPanel(FieldPanel):
    """The offer of `ExplainerPageForm.cited_directives`, shown only when there is something to offer."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self) -> bool:
            field = self.bound_field.field if self.bound_field is not None else None
            return super().is_shown() and field is not None and field.queryset.exists()


class DirectivePageForm(WagtailAdminPageForm):
    """Wagtail's page form, each relation offering as its target the directives of the page's language.

    The relations' child forms are made by the formset (also the empty one "Add relation" copies),
    so the formset's `add_fields` of this form's instance is wrapped to change their `target_page`.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("relations")
        if formset is None:
            return
        locale_id, own_pk = _page_locale_id(self), self.instance.pk
        add_fields = formset.add_fields

        def add_fields_with_targets(form: forms.Form, index: int | None) -> None:
            add_fields(form, index)
            field = form.fields.get("target_page")
            if field is None:
                return
            current = form.instance.target_page_id
            form.fields["target_page"] = DirectiveTargetField(
                queryset=_directives_of(locale_id, [current] if current else []).exclude(pk=own_pk),
                required=False,
                label=field.label,
                help_text=field.help_text,
                widget=FilterableSelect,
            )

        formset.add_fields = add_fields_with_targets
