"""The read-only Wagtail API v2 at /api/v2/: `pages`, `images`, `documents`, for partner sites and apps.

Wagtail's own endpoints, narrowed to what the public may see:

- **pages**: live pages outside every view restriction (the page's own or an ancestor's, whoever
  asks: the API is anonymous), never alias copies, never the root; always the live content, never
  a draft. Page types say what they expose with `api_fields` and what those read with an
  `api_queryset(queryset)` classmethod (select/prefetch), applied to listings and details alike,
  so a listing's query count does not grow with its items. Filters beyond Wagtail's: `theme` and
  `directive` (articles/api.py); `locale` answers 400 for an unknown code (Wagtail's answers 404).
- **images**, **documents**: only files that a visible page uses (Wagtail's reference index), never
  one in a collection under a view restriction; no tags, uploader, hash or collection.

Every bad query parameter is a 400 with a message; `search` points to the site's search API.
This module knows no concrete page type: it wires the protocol above and articles' filters.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connection, models
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    LocaleFilter,
    OrderingFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import StreamField
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page, ReferenceIndex, Site

from articles.api import DirectiveFilter, ThemeFilter, hidden_collection_ids

MAX_OFFSET = 1_000_000
"""Larger offsets are refused: no listing is that long, and databases reject huge integers."""
MAX_ID_DIGITS = 20
"""Longer digit strings are no id or offset, and are not even converted (Python refuses to convert
more than 4,300 digits)."""


def visible_pages() -> models.QuerySet:
    """Live pages outside every view restriction, alias copies and the tree root left out."""
    return Page.objects.live().public().filter(alias_of__isnull=True, depth__gt=1)


# --- Filters --------------------------------------------------------------------------------------


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's `?<field>=<value>` filter, with each value checked first: a value the field cannot
    hold (a date that is not a date, an id that is not a number) is a 400, not a database error;
    StreamFields (JSON) are not filterable."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {"locale"}
        for name, value in request.GET.items():
            if name not in fields:
                continue
            field = queryset.model._meta.get_field(name)
            if isinstance(field, StreamField):
                raise BadRequestError(_("%(field)s cannot be used as a filter.") % {"field": name})
            target = field.related_model._meta.pk if field.is_relation else field
            try:
                checked = target.to_python(value)
                if isinstance(checked, int) and not isinstance(checked, bool) and abs(checked) > 2**63 - 1:
                    raise ValidationError("out of range")
            except (ValidationError, ValueError, TypeError) as error:
                raise BadRequestError(
                    _("%(field)s: “%(value)s” is not a valid value for this field.") % {"field": name, "value": value}
                ) from error
        return super().filter_queryset(request, queryset, view)


class KnownLocaleFilter(LocaleFilter):
    """`?locale=<code>`: Wagtail's filter, with a 400 naming the site's languages for an unknown code."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except Http404 as error:
            codes = ", ".join(Locale.objects.order_by("pk").values_list("language_code", flat=True))
            raise BadRequestError(
                _("locale: “%(code)s” is not a language of this site (%(codes)s).")
                % {"code": request.GET["locale"], "codes": codes}
            ) from error


class SearchElsewhereFilter(BaseFilterBackend):
    """`?search=` is not offered here: the site's search API handles every language and directive numbers."""

    def filter_queryset(self, request, queryset, view):
        if "search" in request.GET or "search_operator" in request.GET:
            raise BadRequestError(
                _("search: this API does not search; use %(url)s (words, directive numbers, every language).")
                % {"url": request.build_absolute_uri(reverse("search_api"))}
            )
        return queryset


class CheckedPagination(WagtailPagination):
    """Wagtail's `limit`/`offset` pagination, refusing offsets no listing reaches."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdecimal() and (len(offset) > MAX_ID_DIGITS or int(offset) > MAX_OFFSET):
            raise BadRequestError(_("offset cannot be higher than %(max)d") % {"max": MAX_OFFSET})
        return super().paginate_queryset(queryset, request, view)


# --- Endpoints ------------------------------------------------------------------------------------


class PublicEndpointMixin:
    """Anonymous and JSON only: no session or sign-in is read, so everyone sees the same answer.
    Error messages are in the client's language (cookie or Accept-Language): the API is unprefixed,
    where the site itself would always speak Vietnamese."""

    renderer_classes = [JSONRenderer]
    authentication_classes: list = []
    permission_classes = [AllowAny]
    pagination_class = CheckedPagination

    def dispatch(self, request, *args, **kwargs):
        with translation.override(translation.get_language_from_request(request)):
            response = super().dispatch(request, *args, **kwargs)
        if response.status_code >= 400:
            patch_vary_headers(response, ["Accept-Language"])
        return response

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as error:  # ?format=xml
            raise BadRequestError(_("format: this API answers in JSON only (format=json).")) from error

    def initial(self, request, *args, **kwargs):
        """Every id in the address (`<id>/`) is checked once, before any query: an id no row can
        have (0, or past the id column's range: an OverflowError in the database driver) is a 404."""
        super().initial(request, *args, **kwargs)
        if "pk" in kwargs and not _storable_id(self.model, kwargs["pk"]):
            raise Http404(_("No item has the id %(id)s.") % {"id": kwargs["pk"]})

    def find_object(self, queryset, request):
        if "id" in request.GET:
            value = request.GET["id"]
            if not value.isdecimal():
                raise BadRequestError(_("id must be a positive integer"))
            if len(value) > MAX_ID_DIGITS or not _storable_id(self.model, int(value)):
                return None  # not found
        try:
            return super().find_object(queryset, request)
        except ObjectDoesNotExist:  # with ?type=, the page type's own DoesNotExist, which is not Page's
            return None


def _storable_id(model: type[models.Model], value: int) -> bool:
    """Whether `value` fits the model's primary key column on this database (a positive id)."""
    field = model._meta.pk
    while field.is_relation:  # a page type's key is a link to wagtailcore.Page
        field = field.target_field
    _low, high = connection.ops.integer_field_range(field.get_internal_type())
    return 1 <= value <= high


def _load_stream_fields(pages: list[Page]) -> None:
    """Convert the StreamFields of a whole listing together (StreamBlock.bulk_to_python): chooser
    blocks (images, documents, pages) then cost one query per block type for all items, where each
    page's own StreamValue would run one per item."""
    for model in {type(page) for page in pages}:
        group = [page for page in pages if type(page) is model]
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                raw = [getattr(page, field.name).get_prep_value() for page in group]
                for page, value in zip(group, field.stream_block.bulk_to_python(raw), strict=True):
                    setattr(page, field.name, value)


def _prepared(model: type[models.Model], queryset: models.QuerySet) -> models.QuerySet:
    """The page type's own prefetching for its `api_fields`, when it has any."""
    prepare = getattr(model, "api_queryset", None)
    return prepare(queryset) if prepare is not None else queryset


class PagesEndpoint(PublicEndpointMixin, PagesAPIViewSet):
    """`/api/v2/pages/`: visible pages only, each type's `api_fields`, filters `theme` and `directive`."""

    filter_backends = [
        CheckedFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        TranslationOfFilter,
        KnownLocaleFilter,
        ThemeFilter,
        DirectiveFilter,
        SearchElsewhereFilter,
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["theme", "directive"])

    def get_base_queryset(self) -> models.QuerySet:
        """Visible pages of the requested site (`?site=`, default: this one) in every language: under
        its root page or a translation of it. Computed once per request (filters and the `parent`
        field ask again)."""
        if not hasattr(self, "_visible"):
            try:
                site = SiteFilterValidator(site=self.request.GET.get("site"), request=self.request).site_obj
            except (Http404, ValueError) as error:
                raise BadRequestError(
                    _("site: no single site is served at “%(site)s”.") % {"site": self.request.GET.get("site", "")}
                ) from error
            if site is None:
                self._visible = Page.objects.none()
            else:
                roots = Page.objects.filter(
                    translation_key__in=Page.objects.filter(pk=site.root_page_id).values("translation_key")
                ).values_list("path", flat=True)
                under_roots = models.Q(pk__in=[])
                for path in roots:
                    under_roots |= models.Q(path__startswith=path)
                self._visible = visible_pages().filter(under_roots)
        return self._visible

    def get_queryset(self) -> models.QuerySet:
        """Wagtail's (by `?type=`), with the type's prefetching; built once per request (Wagtail asks
        for it several times), a fresh copy each time."""
        if not hasattr(self, "_queryset"):
            queryset = super().get_queryset().select_related("locale")
            self._queryset = _prepared(queryset.model, queryset)
        return self._queryset.all()

    def paginate_queryset(self, queryset: models.QuerySet) -> list[Page]:
        pages = list(super().paginate_queryset(queryset))
        _load_stream_fields(pages)
        return pages

    def get_object(self) -> Page:
        """The visible page as its specific type, with what its `api_fields` read (its live content:
        drafts live in revisions, never in the page's row)."""
        if not hasattr(self, "_api_object"):
            page = BaseAPIViewSet.get_object(self)
            model = page.specific_class
            if model is None:
                raise Http404("not found")
            self._api_object = _prepared(model, model.objects.filter(pk=page.pk).select_related("locale")).get()
        return self._api_object

    def find_object(self, queryset, request):
        """`find/?id=<id>` or `find/?html_path=<path>`, the path in any language (`/en/…`)."""
        path = request.GET.get("html_path")
        site = Site.find_for_request(request)
        if path is not None and site is not None:
            components = [component for component in path.split("/") if component]
            root = site.root_page
            if components:
                locale = Locale.objects.filter(language_code=components[0]).exclude(pk=root.locale_id).first()
                if locale is not None:
                    root = root.get_translation_or_none(locale)
                    components = components[1:]
            if root is None:
                return None
            try:
                page, _args, _kwargs = root.specific.route(request, components)
            except Http404:
                return None
            return page if queryset.filter(pk=page.pk).exists() else None
        return super().find_object(queryset, request)


def _used_on_visible_pages(queryset: models.QuerySet) -> models.QuerySet:
    """Files that a visible page refers to (fields, StreamField blocks, rich text, inline children),
    outside every restricted collection."""
    from django.contrib.contenttypes.models import ContentType

    pages = visible_pages().values_list(Cast("pk", output_field=models.CharField()), flat=True)
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages,
        to_content_type=ContentType.objects.get_for_model(queryset.model),
    ).values("to_object_id")
    return (
        queryset.exclude(collection_id__in=hidden_collection_ids())
        .annotate(api_pk=Cast("pk", output_field=models.CharField()))
        .filter(api_pk__in=references)
    )


class PublishedFilesMixin:
    """Files a visible page uses, outside restricted collections (built once per request)."""

    def get_queryset(self) -> models.QuerySet:
        if not hasattr(self, "_queryset"):
            self._queryset = _used_on_visible_pages(self.model.objects.order_by("id"))
        return self._queryset.all()


class ImagesEndpoint(PublicEndpointMixin, PublishedFilesMixin, ImagesAPIViewSet):
    """`/api/v2/images/`: title, alt text (`description`), size and the original's URL; no tags."""

    filter_backends = [CheckedFieldsFilter, OrderingFilter, SearchElsewhereFilter]
    body_fields = [*BaseAPIViewSet.body_fields, "title", "description", "width", "height"]
    meta_fields = [*BaseAPIViewSet.meta_fields, "download_url"]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "title", "download_url"]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "title", "download_url"]


class DocumentsEndpoint(PublicEndpointMixin, PublishedFilesMixin, DocumentsAPIViewSet):
    """`/api/v2/documents/`: title and download URL (served by Wagtail, which checks restrictions); no tags."""

    filter_backends = [CheckedFieldsFilter, OrderingFilter, SearchElsewhereFilter]
    meta_fields = [*BaseAPIViewSet.meta_fields, "download_url"]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "title", "download_url"]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "title", "download_url"]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
