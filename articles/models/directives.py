"""Directives and their register: DirectivePage, its typed relations, DirectiveIndexPage.

A directive's number is stored as printed in canonical form (`380-CV/ĐU`) and as a match
key (`380-cv-du`, from articles.directive_numbers). Relations between directives point at a
DirectivePage or at a number not yet in the system, and are joined by key, so they hold in
every locale: translations carry copies of the relations (synchronized), the key is the same.
"""

import functools

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from articles import api
from articles.blocks import DirectiveBodyBlock
from articles.directive_numbers import InvalidDirectiveNumber, parse_directive_number, validate_directive_number
from articles.page_forms import DirectivePageForm
from articles.search_documents import directive_document
from search.documents import SearchDocument

PAGE_TRANSLATABLE_FIELDS = [
    TranslatableField("title"),
    TranslatableField("slug"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
]


class LegalStatus(models.TextChoices):
    """Whether a directive is in force (articles.directive_status derives it; an editor may override it)."""

    IN_FORCE = "in_force", _("In force")
    NOT_YET_IN_FORCE = "not_yet_in_force", _("Not yet in force")
    PARTLY_IN_FORCE = "partly_in_force", _("Partly in force")
    EXPIRED = "expired", _("No longer in force: expired")
    REPLACED = "replaced", _("No longer in force: replaced")
    REPEALED = "repealed", _("No longer in force: repealed")


NO_LONGER_IN_FORCE = (LegalStatus.EXPIRED, LegalStatus.REPLACED, LegalStatus.REPEALED)


class DirectivePage(RoutablePageMixin, Page):
    """One directive: its metadata, full text, place in the directive chain, and explaining media;
    its published versions at `versions/`, each readable as it was (articles.directive_versions)."""

    base_form_class = DirectivePageForm

    number = models.CharField(
        _("number"),
        max_length=100,
        validators=[validate_directive_number],
        help_text=_("As printed on the document, e.g. 380-CV/ĐU or 03/CTr-ĐU. Normalised on save."),
    )
    number_key = models.CharField(_("number key"), max_length=100, editable=False, db_index=True)
    document_type = models.ForeignKey(
        "articles.DocumentType",
        verbose_name=_("document type"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    issuing_body = models.ForeignKey(
        "articles.IssuingBody",
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    issue_date = models.DateField(_("issue date"))
    effective_date = models.DateField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("The day it takes effect. Empty: from its issue date."),
    )
    expiry_date = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("The day it stops being in force, when the document sets one. Empty: no end date."),
    )
    status_override = models.CharField(
        _("status set by the editor"),
        max_length=20,
        choices=LegalStatus.choices,
        blank=True,
        help_text=_(
            "Leave empty: the status follows from the dates and from live directives that replace or "
            "repeal this one. Set it only when those do not tell the whole story, and give the reason."
        ),
    )
    status_reason = models.CharField(
        _("reason for the status"),
        max_length=300,
        blank=True,
        help_text=_("Shown beside the status, e.g. “Sections 2 and 3 repealed by …”."),
    )
    place = models.CharField(_("place of issue"), max_length=100, blank=True, help_text=_("e.g. Hà Nội"))
    subject = models.CharField(
        _("subject"),
        max_length=500,
        blank=True,
        help_text=_("The “V/v …” line: what the document is about."),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("Two or three sentences for listings and search."))
    body = StreamField(DirectiveBodyBlock(), verbose_name=_("text"), blank=True)
    recipients = models.TextField(
        _("recipients and distribution"),
        blank=True,
        help_text=_("The “Nơi nhận” list, one recipient per line."),
    )
    signer_name = models.CharField(_("signer"), max_length=120, blank=True)
    signer_title = models.CharField(
        _("signer's title"), max_length=200, blank=True, help_text=_("e.g. Phó Bí thư (Deputy Secretary)")
    )
    original_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("original (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    themes = ParentalManyToManyField("articles.Theme", verbose_name=_("themes"), blank=True, related_name="+")

    parent_page_types = ["articles.DirectiveIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("subject"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    metadata_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("document_type")]),
                FieldRowPanel([FieldPanel("issuing_body"), FieldPanel("issue_date"), FieldPanel("place")]),
                FieldRowPanel([FieldPanel("signer_name"), FieldPanel("signer_title")]),
                FieldRowPanel([FieldPanel("effective_date"), FieldPanel("expiry_date")]),
                FieldRowPanel([FieldPanel("status_override"), FieldPanel("status_reason")]),
                FieldPanel("recipients"),
                FieldPanel("original_document"),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Directive metadata"),
        ),
        InlinePanel("relations", heading=_("Relations to other directives"), label=_("relation")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(metadata_panels, heading=_("Metadata")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.SearchField("subject"),
        index.SearchField("summary"),
        index.FilterField("number_key"),
    ]

    translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("subject"),
        TranslatableField("summary"),
        TranslatableField("body"),
        TranslatableField("place"),
        TranslatableField("recipients"),
        TranslatableField("signer_title"),
        TranslatableField("status_reason"),
        SynchronizedField("number"),
        SynchronizedField("document_type"),
        SynchronizedField("issuing_body"),
        SynchronizedField("issue_date"),
        SynchronizedField("effective_date"),
        SynchronizedField("expiry_date"),
        SynchronizedField("status_override"),
        SynchronizedField("signer_name"),
        SynchronizedField("original_document"),
        SynchronizedField("themes"),
        SynchronizedField("relations"),
    ]

    # Read-only API v2 (/api/v2/pages/): what partner sites and apps may read; see articles/api.py.
    api_fields = [
        APIField("number"),
        APIField("number_key"),
        APIField("document_type", serializer=api.ReferenceField(["code"])),
        APIField("issuing_body", serializer=api.ReferenceField(["abbreviation"])),
        APIField("issue_date"),
        APIField("effective_date"),
        APIField("expiry_date"),
        APIField("status", serializer=api.LegalStatusField()),
        APIField("eli", serializer=api.EliField()),
        APIField("place"),
        APIField("subject"),
        APIField("summary"),
        APIField("body"),
        APIField("recipients"),
        APIField("signer_name"),
        APIField("signer_title"),
        APIField("original_document", serializer=api.DocumentField()),
        APIField("themes", serializer=api.ThemesField()),
        APIField("relations", serializer=api.DirectiveRelationsField()),
    ]

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    @property
    def date(self):
        """The issue date, under the name every listed item shares."""
        return self.issue_date

    def clean(self) -> None:
        super().clean()
        try:
            parsed = parse_directive_number(self.number)
        except InvalidDirectiveNumber as error:
            raise ValidationError({"number": str(error)}) from error
        self.number = parsed.printed
        self.number_key = parsed.key
        duplicate = self.find_duplicate()
        if duplicate is not None:
            raise ValidationError(
                {
                    "number": _(
                        "%(number)s issued by %(issuer)s on %(date)s is already published as “%(title)s”. "
                        "Edit that page instead, or check the number, issuing body and date."
                    )
                    % {
                        "number": duplicate.number,
                        "issuer": duplicate.issuing_body,
                        "date": date_format(duplicate.issue_date, "SHORT_DATE_FORMAT"),
                        "title": duplicate.title,
                    }
                }
            )

    def save(self, *args, **kwargs) -> None:
        # Keep the key in step even when saved without clean() (imports, translations).
        self.number_key = parse_directive_number(self.number).key
        super().save(*args, **kwargs)

    def find_duplicate(self) -> "DirectivePage | None":
        """Another live directive in this locale with the same number key, issuing body and date."""
        others = DirectivePage.objects.live().filter(
            number_key=self.number_key,
            issuing_body_id=self.issuing_body_id,
            issue_date=self.issue_date,
            locale_id=self.locale_id,
        )
        if self.translation_key:
            others = others.exclude(translation_key=self.translation_key)
        return others.select_related("issuing_body").first()

    @classmethod
    def search_queryset(cls, queryset):
        """What `search_document()` reads, fetched once per batch (search.indexing); relations to a
        directive the public may not be told about are left out (articles.directive_visibility)."""
        from articles.directive_status import with_status
        from articles.directive_visibility import withheld_q

        relations = DirectiveRelation.objects.exclude(withheld_q(OuterRef("target_key"))).select_related("target_page")
        return (
            with_status(queryset)
            .select_related("document_type", "issuing_body")
            .prefetch_related("themes", Prefetch("relations", queryset=relations))
        )

    @classmethod
    def search_versions(cls, queryset) -> dict[int, str]:
        """The version each directive's search document carries (search.indexing.drift): the published
        revision and today's status, in one query, so a status that changed with the date is noticed."""
        from articles.directive_status import with_status
        from articles.search_documents import directive_version

        rows = with_status(queryset).values_list("pk", "live_revision_id", "status_code")
        return {pk: directive_version(revision, status) for pk, revision, status in rows}

    def search_document(self) -> SearchDocument:
        return directive_document(self)

    @classmethod
    def api_queryset(cls, queryset):
        """What `api_fields` read, fetched once per API listing (cms/api.py)."""
        from articles.directive_status import with_status
        from articles.directive_visibility import private_pages_q

        private = private_pages_q()  # one query, shared by the status and the relations
        return (
            with_status(queryset, private=private)
            .select_related("document_type", "issuing_body", "original_document")
            .prefetch_related("themes", api.relations_prefetch(private))
        )

    def get_context(self, request, *args, **kwargs) -> dict:
        from articles.chain import directive_chain
        from articles.directive_status import status_of
        from articles.directive_visibility import private_pages_q
        from articles.eli import eli_url
        from articles.listings import explainers_for_directive

        context = super().get_context(request, *args, **kwargs)
        private = private_pages_q()  # one query, shared by the chain and the status
        status = status_of(self, private)
        # The chain and the explainers are read by the template only when their cached fragments are
        # missing or stale (cms.fragment_cache): callables, each run at most once.
        chain = functools.cache(lambda: directive_chain(self, private))
        context["chain"] = chain
        context["status"] = status
        # The directive that ended this one, as linked in the chain (no query of its own beyond the chain).
        context["status_by"] = (
            functools.cache(lambda: chain().downward_link(status.by_relation, status.by_number))
            if status.by_number
            else None
        )
        context["cite_as"] = eli_url(self, request)
        context["explainers"] = functools.cache(lambda: explainers_for_directive(self))
        return context

    @path("")
    def current(self, request):
        return self.render(request)

    @path("versions/")
    def versions(self, request):
        from django.template.response import TemplateResponse

        from articles.directive_versions import published_versions

        # The page's own context only (not the chain, status and explainers of get_context).
        context = {**Page.get_context(self, request), "versions": published_versions(self)}
        return TemplateResponse(request, "articles/directive_versions.html", context)

    @path("versions/<int:revision_id>/")
    def version(self, request, revision_id: int):
        """The page as one of its published revisions showed it, under a notice that leads to the
        current version; 404 for any other revision (a draft, another page's)."""
        from django.http import Http404
        from django.template.response import TemplateResponse

        from articles.directive_versions import published_revision

        found = published_revision(self, revision_id)
        if found is None:
            raise Http404
        revision, published_at = found
        then = revision.as_object()
        context = then.get_context(request)
        context.update(current_page=self, version_published_at=published_at)
        return TemplateResponse(request, self.get_template(request), context)


class DirectiveRelation(Orderable):
    """A typed link from a directive to another one, in the system or known only by its number.

    Each type reads forward from the directive that holds it ("380-CV/ĐU implements 57-NQ/TW") and
    has its own inverse, read from the target ("57-NQ/TW implemented by 380-CV/ĐU"): `label()` and
    `inverse_label()`, both translated. `related` is the one symmetric type.
    """

    class Type(models.TextChoices):
        IMPLEMENTS = "implements", _("implements")
        BASED_ON = "based_on", _("is based on")
        DEPLOYS = "deploys", _("deploys")
        GUIDES = "guides", _("guides")
        AMENDS = "amends", _("amends")
        SUPPLEMENTS = "supplements", _("supplements")
        REPLACES = "replaces", _("replaces")
        REPEALS = "repeals", _("repeals")
        CORRECTS = "corrects", _("corrects")
        RELATED = "related", _("related to")

    page = ParentalKey(DirectivePage, on_delete=models.CASCADE, related_name="relations")
    relation_type = models.CharField(_("relation"), max_length=20, choices=Type.choices, default=Type.IMPLEMENTS)
    target_page = models.ForeignKey(
        DirectivePage,
        verbose_name=_("directive"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Choose the directive if it is on the site…"),
    )
    target_number = models.CharField(
        _("or its number"),
        max_length=100,
        blank=True,
        validators=[validate_directive_number],
        help_text=_("…or type its number as printed when it is not on the site yet."),
    )
    target_key = models.CharField(max_length=100, editable=False, db_index=True)

    panels = [FieldPanel("relation_type"), FieldPanel("target_page"), FieldPanel("target_number")]

    class Meta(Orderable.Meta):
        verbose_name = _("relation to a directive")
        verbose_name_plural = _("relations to directives")

    def clean(self) -> None:
        super().clean()
        if not self.target_page_id and not self.target_number:
            raise ValidationError(_("Choose a directive or type its number."))
        if self.target_number:
            try:
                self.target_number = parse_directive_number(self.target_number).printed
            except InvalidDirectiveNumber as error:
                raise ValidationError({"target_number": str(error)}) from error

    def save(self, *args, **kwargs) -> None:
        self.target_key = self.resolve_key()
        super().save(*args, **kwargs)

    def resolve_key(self) -> str:
        if self.target_page_id:
            return self.target_page.number_key
        return parse_directive_number(self.target_number).key

    @property
    def printed_number(self) -> str:
        return self.target_page.number if self.target_page_id else self.target_number

    def label(self) -> str:
        """The relation read from this directive: "implements", in the active language."""
        return str(self.Type(self.relation_type).label)

    def inverse_label(self) -> str:
        """The relation read from the target: "implemented by", in the active language."""
        return str(INVERSE_LABELS[self.relation_type])


INVERSE_LABELS = {
    DirectiveRelation.Type.IMPLEMENTS: _("implemented by"),
    DirectiveRelation.Type.BASED_ON: _("basis for"),
    DirectiveRelation.Type.DEPLOYS: _("deployed by"),
    DirectiveRelation.Type.GUIDES: _("guided by"),
    DirectiveRelation.Type.AMENDS: _("amended by"),
    DirectiveRelation.Type.SUPPLEMENTS: _("supplemented by"),
    DirectiveRelation.Type.REPLACES: _("replaced by"),
    DirectiveRelation.Type.REPEALS: _("repealed by"),
    DirectiveRelation.Type.CORRECTS: _("corrected by"),
    DirectiveRelation.Type.RELATED: _("related to"),
}
"""Every relation type read the other way round, from the directive it points at."""


class DirectiveIndexPage(Page):
    """The register of directives: a table sortable by date, filterable by type, issuer, year, theme."""

    intro = models.TextField(_("introduction"), blank=True)

    subpage_types = ["articles.DirectivePage"]
    cache_query_parameters = ("page", "type", "issuer", "theme", "year", "status", "sort")
    """What `get_context` reads from the query string: the register's page and its filters
    (`articles.register`); the full-page cache keys pages by these only."""
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    translatable_fields = [*PAGE_TRANSLATABLE_FIELDS, TranslatableField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("directive register")
        verbose_name_plural = _("directive registers")

    def get_context(self, request, *args, **kwargs) -> dict:
        from articles.register import DirectiveRegister

        context = super().get_context(request, *args, **kwargs)
        context["register"] = DirectiveRegister(self, request.GET)
        return context
