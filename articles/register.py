"""The directive register's listing: validated filters, sorting and pagination from the query string.

Anything a visitor puts in the URL goes through `RegisterFilterForm`; an invalid value is
reported in the visitor's language and ignored, never a 500 and never a partial filter. Each row
carries its legal status (articles.directive_status, computed in the listing's one query), which
the `status` filter selects on.
"""

from django import forms
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from articles.directive_status import NO_LONGER, status_filter, status_of, with_status
from articles.models.directives import DirectivePage, LegalStatus
from articles.models.taxonomy import DocumentType, IssuingBody, Theme

PER_PAGE = 25
SORTS = {
    "newest": ("-issue_date", "number_key"),
    "oldest": ("issue_date", "number_key"),
}


class RegisterFilterForm(forms.Form):
    type = forms.ModelChoiceField(
        label=_("Document type"),
        queryset=DocumentType.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All types"),
    )
    issuer = forms.ModelChoiceField(
        label=_("Issuing body"),
        queryset=IssuingBody.objects.all(),  # by id: abbreviations such as ĐU are shared by many bodies
        required=False,
        empty_label=_("All issuing bodies"),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("Any status")),
            (LegalStatus.IN_FORCE.value, LegalStatus.IN_FORCE.label),
            (LegalStatus.PARTLY_IN_FORCE.value, LegalStatus.PARTLY_IN_FORCE.label),
            (LegalStatus.NOT_YET_IN_FORCE.value, LegalStatus.NOT_YET_IN_FORCE.label),
            (NO_LONGER, _("No longer in force")),
            (LegalStatus.EXPIRED.value, LegalStatus.EXPIRED.label),
            (LegalStatus.REPLACED.value, LegalStatus.REPLACED.label),
            (LegalStatus.REPEALED.value, LegalStatus.REPEALED.label),
        ],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first"))],
        required=False,
    )


class DirectiveRegister:
    """The directives under one register page, filtered and paginated for a request."""

    def __init__(self, index_page, params: QueryDict) -> None:
        self.form = RegisterFilterForm(params)
        self.form.is_valid()
        self.filters = {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}
        self.page_number = params.get("page", "1")
        self.index_page = index_page

    def queryset(self) -> QuerySet[DirectivePage]:
        directives = with_status(
            DirectivePage.objects.live()
            .public()
            .child_of(self.index_page)
            .select_related("document_type", "issuing_body")
            .order_by(*SORTS[self.filters.get("sort", "newest")])
        )
        if "type" in self.filters:
            directives = directives.filter(document_type=self.filters["type"])
        if "issuer" in self.filters:
            directives = directives.filter(issuing_body=self.filters["issuer"])
        if "theme" in self.filters:
            directives = directives.filter(themes=self.filters["theme"])
        if "year" in self.filters:
            directives = directives.filter(issue_date__year=self.filters["year"])
        if "status" in self.filters:
            directives = directives.filter(status_filter(self.filters["status"]))
        return directives

    @cached_property
    def page(self) -> PaginatorPage:
        """The requested page of the listing, each directive with its `status` (articles.directive_status)."""
        page = Paginator(self.queryset(), PER_PAGE).get_page(self.page_number)
        page.object_list = list(page.object_list)  # fetched once, here: the template reads these rows
        for directive in page.object_list:
            directive.status = status_of(directive)
        return page

    @property
    def errors(self) -> list[str]:
        return [f"{self.form.fields[name].label}: {' '.join(messages)}" for name, messages in self.form.errors.items()]
