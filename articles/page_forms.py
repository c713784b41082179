"""The page form of media items, imported by the page models (so it imports no models at load time).

`ExplainerPageForm` is Wagtail's page form for every media item (infographic, podcast episode,
video clip, article): the related directives it offers are those of the page's own language (plus
any already chosen, so a translation that carries them still saves), labelled "number — title",
newest first, in a list the editor filters by typing a number or words of a title
(`FilterableCheckboxSelectMultiple`, with a small script of ours; no tone marks or case needed).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm


class FilterableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes under a filter box (articles/static/articles/js/filterable-choices.js)."""

    template_name = "articles/widgets/filterable_checkbox_select.html"

    class Media:
        js = ["articles/js/filterable-choices.js"]
        css = {"all": ["articles/css/filterable-choices.css"]}


class DirectiveChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} — {obj.title}"


class ExplainerPageForm(WagtailAdminPageForm):
    """Wagtail's page form, offering as related directives only those of the page's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("related_directives")
        if field is None:
            return
        from articles.models import DirectivePage

        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        chosen = [getattr(directive, "pk", directive) for directive in self.initial.get("related_directives") or []]
        queryset = DirectivePage.objects.filter(alias_of__isnull=True)
        if locale_id is not None:
            queryset = queryset.filter(Q(locale_id=locale_id) | Q(pk__in=chosen))
        self.fields["related_directives"] = DirectiveChoiceField(
            queryset=queryset.order_by("-issue_date", "number"),
            required=field.required,
            label=field.label,
            help_text=field.help_text,
            widget=field.widget,
        )
