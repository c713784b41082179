"""Admin for reference data: themes, issuing bodies and document types as snippets.

Labels in every language are listed and edited side by side; every listing and chooser is
searchable by the names in every language, with or without tone marks, as one types (the models'
own `search_fields`, Wagtail's index: articles.models.taxonomy.SearchableLabels), and filterable by
which translations are still missing.
"""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from articles.models import DocumentType, IssuingBody, Theme

MISSING_LABEL_CHOICES = [("en", _("English label missing")), ("uk", _("Ukrainian label missing"))]


class MissingLabelFilterSet(WagtailFilterSet):
    """Adds a "missing translation" filter on the model's `name_<language>` columns."""

    missing_label = django_filters.ChoiceFilter(
        label=_("Translation"),
        choices=MISSING_LABEL_CHOICES,
        method="filter_missing_label",
        empty_label=_("Any"),
    )

    def filter_missing_label(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        column = f"name_{value}"
        return queryset.filter(Q(**{f"{column}__isnull": True}) | Q(**{column: ""}))


class ThemeFilterSet(MissingLabelFilterSet):
    class Meta:
        model = Theme
        fields = []


class IssuingBodyFilterSet(MissingLabelFilterSet):
    class Meta:
        model = IssuingBody
        fields = ["parent"]


class DocumentTypeFilterSet(MissingLabelFilterSet):
    class Meta:
        model = DocumentType
        fields = []


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name_vi", "name_en", "name_uk", "slug"]
    filterset_class = ThemeFilterSet
    ordering = ["name_vi"]


class IssuingBodyViewSet(SnippetViewSet):
    model = IssuingBody
    icon = "group"
    list_display = ["abbreviation", "name_vi", "name_en", "name_uk", "parent"]
    filterset_class = IssuingBodyFilterSet
    ordering = ["abbreviation"]

    def get_queryset(self, request) -> QuerySet:
        return IssuingBody.objects.select_related("parent")


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "doc-full"
    list_display = ["code", "name_vi", "name_en", "name_uk"]
    filterset_class = DocumentTypeFilterSet
    ordering = ["code"]


class ReferenceDataViewSetGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, IssuingBodyViewSet, DocumentTypeViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Reference data")
    menu_name = "reference-data"
