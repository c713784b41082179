"""The translation queue in the Wagtail admin: the list, the item page, the planning form, its actions.

Queue items are registered as a snippet model so the list gets Wagtail's filters, sortable columns,
pagination and bulk actions (locales/bulk_actions.py). Nobody adds or deletes an item by hand: items
follow the content (locales/queue.py). Who sees and does what is decided by the permission policy in
locales/permissions.py; this module only presents it. The list costs a fixed number of queries
whatever its length (tested at 5,000 items).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column, StatusTagColumn, UserColumn
from wagtail.admin.widgets.button import Button
from wagtail.models import Locale, Page
from wagtail.snippets.views.snippets import EditView, IndexView, InspectView, SnippetViewSet

from locales import conf, exchange, fuzzy_memory, glossary, permissions, workbench
from locales.guards import claim_refusal
from locales.models import GlossaryTerm, QueueItem
from locales.qa import find_terms, plain_text, target_term
from locales.queue import qa_problems
from locales.views.editor_qa import editor_qa
from locales.views.memory import use_suggestion


def target_locales() -> QuerySet[Locale]:
    return Locale.objects.exclude(language_code=conf.source_language()).order_by("language_code")


class QueueItemFilterSet(WagtailFilterSet):
    target_locale = django_filters.ModelChoiceFilter(
        label=_("Target language"), queryset=lambda request: target_locales(), empty_label=_("All languages")
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=QueueItem.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    mine = django_filters.BooleanFilter(label=_("Assigned to me"), method="filter_mine")
    content_type = django_filters.ModelChoiceFilter(
        label=_("Kind of content"),
        queryset=lambda request: ContentType.objects.filter(
            pk__in=QueueItem.objects.values("content_type").distinct()
        ).order_by("model"),
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    outdated = django_filters.BooleanFilter(label=_("Outdated"), field_name="outdated")
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=QueueItem.Priority.choices)

    class Meta:
        model = QueueItem
        fields = []

    def filter_mine(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        mine = queryset.filter(assignee=self.request.user) | queryset.filter(reviewer=self.request.user)
        return mine if value else queryset.exclude(pk__in=mine.values("pk"))

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = queryset.overdue(timezone.localdate())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class ProgressColumn(Column):
    """Translated / total segments and the share done, with the words still to translate under it."""

    def get_value(self, instance: QueueItem):
        done = f"{instance.translated_segments}/{instance.total_segments} ({instance.progress_percent}%)"
        if not instance.words_remaining:
            return done
        words = ngettext("%(count)d word left", "%(count)d words left", instance.words_remaining)
        return format_html("{}<br><small>{}</small>", done, words % {"count": instance.words_remaining})


class LanguageKindColumn(Column):
    """The target language, with the kind of content under it (one narrow column instead of two)."""

    def get_value(self, instance: QueueItem):
        kind = instance.content_type.name if instance.content_type_id else ""
        return format_html("{}<br><small>{}</small>", instance.target_locale.get_display_name(), kind)


class OutdatedColumn(Column):
    def get_value(self, instance: QueueItem) -> str:
        if not instance.outdated:
            return ""
        return gettext("%(count)d changed") % {"count": instance.changed_segments}


class DueDateColumn(Column):
    """The due date (ISO, sortable at a glance), flagged when it has passed and the item is still open."""

    def get_value(self, instance: QueueItem):
        if instance.due_date is None:
            return ""
        if instance.is_overdue():
            return format_html("{} <b>{}</b>", instance.due_date.isoformat(), gettext("overdue"))
        return instance.due_date.isoformat()


class EditorColumn(Column):
    """A link to wagtail-localize's editor for the translated page (annotated as `target_page_id`)."""

    def get_value(self, instance: QueueItem):
        page_id = getattr(instance, "target_page_id", None)
        if not page_id:
            return ""
        return format_html(
            '<a href="{}">{}</a>', reverse("wagtailadmin_pages:edit", args=[page_id]), gettext("Translate")
        )


def queue_queryset(user) -> QuerySet[QueueItem]:
    """The items `user` may see, with everything a listing row shows, in one query."""
    target_pages = Page.objects.filter(translation_key=OuterRef("object_id"), locale=OuterRef("target_locale"))
    return (
        permissions.visible_items(user)
        .select_related(
            "target_locale",
            "content_type",
            "assignee__wagtail_userprofile",  # the translator column shows their avatar
            "reviewer__wagtail_userprofile",
        )
        .annotate(target_page_id=Subquery(target_pages.values("pk")[:1]))
    )


class QueueIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[QueueItem]:
        return queue_queryset(self.request.user)

    @cached_property
    def header_more_buttons(self) -> list:
        return [
            *super().header_more_buttons,
            Button(_("Exchange PO files"), url=reverse("locales:exchange"), icon_name="download"),
            Button(_("Missing labels"), url=reverse("locales:reference_labels"), icon_name="tag"),
        ]

    def order_queryset(self, queryset: QuerySet[QueueItem]) -> QuerySet[QueueItem]:
        """Open work first by default; items without a due date come last in either direction."""
        if not self.is_explicitly_ordered:
            done_last = Case(When(status=QueueItem.Status.DONE, then=Value(1)), default=Value(0))
            return queryset.order_by(done_last, "-priority", F("due_date").asc(nulls_last=True), "pk")
        if self.ordering in ("due_date", "-due_date"):
            due = (
                F("due_date").desc(nulls_last=True)
                if self.ordering.startswith("-")
                else F("due_date").asc(nulls_last=True)
            )
            return queryset.order_by(due, "-priority", "pk")
        return super().order_queryset(queryset)


class QueueInspectView(InspectView):
    """The queue item page: numbers, translation memory, QA problems, glossary terms in the source, actions, history."""

    template_name = "locales/queue/inspect.html"
    MEMORY_SEGMENTS_SHOWN = 20

    def get_object(self, queryset=None) -> QueueItem:
        item = get_object_or_404(queue_queryset(self.request.user), pk=self.pk)
        return item

    @cached_property
    def source_texts(self) -> list[str]:
        if self.object.source is None:
            return []
        segments = self.object.source.stringsegment_set.select_related("string")
        return [plain_text(segment.string.data) for segment in segments]

    def glossary_rows(self) -> list[dict]:
        """Glossary terms that occur in the source, with what they should become in the target language."""
        language = self.object.target_locale.language_code
        text = "\n".join(self.source_texts)
        seen: dict[str, dict] = {}
        for match in find_terms(text, glossary.entries()):
            entry = match.entry
            if entry.source not in seen:
                seen[entry.source] = {
                    "source": entry.source,
                    "target": target_term(entry, language) or "",
                    "do_not_translate": entry.do_not_translate,
                }
        return list(seen.values())

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        item: QueueItem = self.object
        user = self.request.user
        context.update(
            item=item,
            problems=qa_problems(item.translation),
            glossary_rows=self.glossary_rows(),
            events=item.events.select_related("actor").order_by("-created_at", "-pk"),
            actions=workbench.available_actions(item, user),
            editor_url=reverse("wagtailadmin_pages:edit", args=[item.target_page_id]) if item.target_page_id else None,
            source_edit_url=workbench.source_edit_url(item),
            po_urls=workbench.po_urls(item),
            note_form=NoteForm(),
            po_form=PoUploadForm(),
            source_language=conf.source_language(),
            can_change=permissions.can(user, "change", item),
            allowed={action for action in ("translate", "submit", "approve") if permissions.can(user, action, item)},
            memory=self.memory(),
        )
        return context

    def memory(self) -> dict | None:
        """The translation memory's leverage and suggestions (locales.fuzzy_memory), once translation has started."""
        translation = self.object.translation
        if translation is None:
            return None
        found = fuzzy_memory.report(translation)
        shown = [suggestions for suggestions in found.suggestions.values() if suggestions.has_suggestions]
        return {
            "leverage": found.leverage,
            "segments": shown[: self.MEMORY_SEGMENTS_SHOWN],
            "more": max(len(shown) - self.MEMORY_SEGMENTS_SHOWN, 0),
            "can_use": permissions.can(self.request.user, "translate", self.object)
            and claim_refusal(self.request.user, self.object) is None,
            "target_language": self.object.target_locale.language_code,
        }


class QueueItemForm(forms.ModelForm):
    """Planning an item: who translates and reviews it, how urgent it is, notes."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        language = self.instance.target_locale.language_code if self.instance.target_locale_id else None
        users = get_user_model().objects.filter(is_active=True).order_by("username")
        if language and "assignee" in self.fields:
            self.fields["assignee"].queryset = permissions.team_members(language, "translator", users)
        if language and "reviewer" in self.fields:
            self.fields["reviewer"].queryset = permissions.team_members(language, "reviewer", users)


class QueueEditView(EditView):
    """Saves planning fields directly; a new translator or reviewer goes through `assign` (history, email)."""

    def save_instance(self) -> QueueItem:
        item: QueueItem = self.form.instance
        before = QueueItem.objects.get(pk=item.pk)
        assignee, reviewer = item.assignee, item.reviewer
        item.assignee_id, item.reviewer_id = before.assignee_id, before.reviewer_id
        item.save(update_fields=["priority", "due_date", "notes"])
        item.assign(assignee, user=self.request.user)
        item.assign(reviewer, user=self.request.user, role="reviewer")
        return item


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Add a note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class QueueItemViewSet(SnippetViewSet):
    model = QueueItem
    icon = "globe"
    menu_label = _("Translation queue")
    menu_name = "translation-queue"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "translation-queue"
    url_namespace = "locales_queue"
    index_view_class = QueueIndexView
    inspect_view_class = QueueInspectView
    edit_view_class = QueueEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = QueueItemFilterSet
    search_fields = ["title"]  # the source's title, kept on the item: found without touching the pages
    list_per_page = 50
    ordering = ["-priority", "due_date", "pk"]  # QueueIndexView puts done items after open ones unless sorted
    form_fields = ["assignee", "reviewer", "priority", "due_date", "notes"]
    panels = [
        FieldRowPanel([FieldPanel("assignee"), FieldPanel("reviewer")]),
        FieldRowPanel([FieldPanel("priority"), FieldPanel("due_date")]),
        FieldPanel("notes"),
    ]

    def get_form_class(self, for_update: bool = False):
        return forms.modelform_factory(QueueItem, form=QueueItemForm, fields=self.form_fields)

    @property
    def list_display(self) -> list:
        return [
            "title",
            LanguageKindColumn("target_locale", label=_("Target language"), sort_key="target_locale__language_code"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda item: item.status != QueueItem.Status.DONE,
                sort_key="status",
            ),
            UserColumn("assignee", label=_("Translator"), sort_key="assignee__username"),
            DueDateColumn("due_date", label=_("Due date"), sort_key="due_date"),
            ProgressColumn("progress", label=_("Progress"), sort_key="translated_segments"),
            OutdatedColumn("outdated", label=_("Outdated"), sort_key="changed_segments"),
            Column("qa_problem_count", label=_("QA problems"), sort_key="qa_problem_count"),
            EditorColumn("editor", label=_("Editor")),
        ]

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("<str:pk>/act/<slug:action>/", item_action, name="act"),
            path("<str:pk>/note/", add_note, name="note"),
            path("<str:pk>/po/", upload_po, name="upload_po"),
            path("<str:pk>/memory/use/", use_suggestion, name="use_memory"),
            path("translation/<int:translation_id>/qa/", editor_qa, name="editor_qa"),
        ]


def _item_for(request: HttpRequest, pk: str) -> QueueItem:
    item = get_object_or_404(queue_queryset(request.user), pk=pk)
    return item


def _inspect_url(item: QueueItem) -> str:
    return reverse("locales_queue:inspect", args=[item.pk])


@require_POST
def item_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    """One button of the item page (claim, start, machine-translate, submit, finish, sync)."""
    item = _item_for(request, pk)
    try:
        message = workbench.perform(item, action, request.user, request.POST)
    except PermissionDenied:
        raise
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect(_inspect_url(item))


@require_POST
def add_note(request: HttpRequest, pk: str) -> HttpResponse:
    item = _item_for(request, pk)
    if not permissions.can(request.user, "view", item):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        item.add_note(form.cleaned_data["text"], user=request.user)
        messages.success(request, gettext("Note added."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect(_inspect_url(item))


class GlossaryFilterSet(WagtailFilterSet):
    missing = django_filters.ChoiceFilter(
        label=_("Translation"),
        choices=lambda: [
            (code, _("Missing in %(language)s") % {"language": name}) for code, name in _target_languages()
        ],
        method="filter_missing",
        empty_label=_("Any"),
    )

    class Meta:
        model = GlossaryTerm
        fields = ["part_of_speech", "do_not_translate"]

    def filter_missing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        column = f"term_{value}"
        return queryset.filter(do_not_translate=False).filter(Q(**{f"{column}__isnull": True}) | Q(**{column: ""}))


def _target_languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != conf.source_language()]


class GlossaryIndexView(IndexView):
    @cached_property
    def header_more_buttons(self) -> list:
        buttons = super().header_more_buttons
        buttons.append(Button(_("Download CSV"), url=reverse("locales_glossary:export"), icon_name="download"))
        if self.request.user.has_perm("locales.add_glossaryterm"):
            buttons.append(Button(_("Import CSV"), url=reverse("locales_glossary:import"), icon_name="upload"))
        return buttons


class GlossaryTermViewSet(SnippetViewSet):
    """The glossary, edited side by side in every language by editors; CSV in and out."""

    model = GlossaryTerm
    icon = "openquote"
    menu_label = _("Glossary")
    menu_name = "glossary"
    menu_order = 251
    add_to_admin_menu = True
    url_prefix = "glossary"
    url_namespace = "locales_glossary"
    index_view_class = GlossaryIndexView
    list_display = ["term_vi", "term_en", "term_uk", "part_of_speech", "do_not_translate"]
    search_fields = ["term_vi", "term_en", "term_uk", "note_vi", "note_en", "note_uk"]
    filterset_class = GlossaryFilterSet
    ordering = ["term_vi"]
    copy_view_enabled = False

    def get_urlpatterns(self) -> list:
        from locales.views.glossary import export_glossary, import_glossary

        return [
            *super().get_urlpatterns(),
            path("csv/export/", export_glossary, name="export"),
            path("csv/import/", import_glossary, name="import"),
        ]


class PoUploadForm(forms.Form):
    file = forms.FileField(label=_("PO file"))


@require_POST
def upload_po(request: HttpRequest, pk: str) -> HttpResponse:
    """A translated PO file for this one item, checked like the bulk exchange (locales.exchange)."""
    item = _item_for(request, pk)
    if not permissions.can(request.user, "translate", item):
        raise PermissionDenied
    form = PoUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, gettext("Choose a PO file to upload."))
        return redirect(_inspect_url(item))
    try:
        report = exchange.import_po_file(form.cleaned_data["file"], item.target_locale, request.user, item=item)
    except exchange.ExchangeError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, exchange.describe_report(report))
    return redirect(_inspect_url(item))
