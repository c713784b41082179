"""Demo content: the home pages, themes, the directive chain and the media explaining it, in vi/en/uk.

Idempotent: each step looks for what it would create (pages by slug under their parent, reference
data and files by their unique or identifying fields) and leaves existing content alone, so
`make setup` can run any number of times. Vietnamese pages are created and published here;
English and Ukrainian ones only through wagtail-localize (`locales.translating.translate_object`),
from the texts of home/demo_content.py.

The translation strings are found by building each page a second time, unsaved, in the target
language, and pairing the string segments wagtail-localize extracts from both builds: the exact
segment texts (HTML-escaped plain text, inner HTML of rich text elements) never need to be written
out by hand.
"""

import csv
import io
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import strip_tags
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import OverridableSegment, SegmentOverride, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments
from wagtailmedia.models import get_media_model

from articles.media_files import read_audio_info, read_video_info
from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    DirectiveIndexPage,
    DirectivePage,
    DirectiveRelation,
    DocumentType,
    InfographicIndexPage,
    InfographicPage,
    IssuingBody,
    PodcastEpisodePage,
    PodcastIndexPage,
    Theme,
    ThemePage,
    VideoCaptionTrack,
    VideoClipPage,
    VideoIndexPage,
)
from home import demo_content as content
from home import demo_frame, demo_front
from home.demo_media import make_image, make_jpeg_poster, make_mp3, make_mp4, make_pdf, make_webvtt
from home.models import HomePage
from locales.translating import translate_object

HOME_PAGE_VI = {
    "title": "Chuyển đổi số trong công tác Đảng",
    "slug": "trang-chu",
    "intro": (
        "Các văn bản chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi "
        "số quốc gia, cùng infographic, podcast, video và bài viết giải thích cách các đơn vị "
        "triển khai — bằng tiếng Việt, tiếng Anh và tiếng Ukraina."
    ),
}

HOME_PAGE_TRANSLATIONS = {
    "en": {
        HOME_PAGE_VI["title"]: "Digital transformation in Party work",
        HOME_PAGE_VI["slug"]: "home",
        HOME_PAGE_VI["intro"]: (
            "Directives on science, technology, innovation and national digital transformation, "
            "with the infographics, podcasts, videos and articles that explain how units carry "
            "them out — in Vietnamese, English and Ukrainian."
        ),
    },
    "uk": {
        HOME_PAGE_VI["title"]: "Цифрова трансформація в партійній роботі",
        HOME_PAGE_VI["slug"]: "holovna",
        HOME_PAGE_VI["intro"]: (
            "Директиви щодо науки, технологій, інновацій і національної цифрової трансформації, "
            "а також інфографіка, подкасти, відео та статті, які пояснюють, як підрозділи їх "
            "виконують, — в'єтнамською, англійською та українською мовами."
        ),
    },
}

# StreamField block ids are derived from the item and the block's position, so that every language
# build of a page has the same segment paths.
BLOCK_ID_NAMESPACE = uuid.UUID("0b7d3f52-8a51-4e0f-9a8c-3c2b6f1d9e47")

TOOL_NAME = "demo"

Builder = Callable[[str], Page]


def _remove_wagtail_welcome_page() -> None:
    """Delete the placeholder page Wagtail's initial migration puts under the root."""
    page_type = ContentType.objects.get_for_model(Page)
    for page in Page.objects.filter(depth=2, content_type=page_type, numchild=0):
        page.delete()


@transaction.atomic
def ensure_home_pages(user=None) -> dict[str, HomePage]:
    """The home page in every content language, the default site pointing at the source one."""
    source_locale = Locale.get_default()
    home = HomePage.objects.filter(depth=2, locale=source_locale).first()
    if home is None:
        _remove_wagtail_welcome_page()
        home = HomePage(locale=source_locale, **HOME_PAGE_VI)
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision(user=user, log_action=True).publish(user=user)

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()

    pages = {source_locale.language_code: home}
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code == source_locale.language_code:
            continue
        locale = Locale.objects.get(language_code=code)
        translated = home.get_translation_or_none(locale)
        if translated is None:
            translated = translate_object(home, locale, HOME_PAGE_TRANSLATIONS[code], user=user, tool_name=TOOL_NAME)
        pages[code] = translated.specific
    return pages


# --- Texts ------------------------------------------------------------------------------------------


def _pick(value: Any, language: str) -> Any:
    """The `language` version of a ``{"vi": …, "en": …, "uk": …}`` value; anything else as it is."""
    if isinstance(value, Mapping) and "vi" in value:
        return value[language]
    return value


def _rich_text(paragraphs: Sequence[str | Sequence[str]]) -> str:
    """Rich text HTML: a string is a paragraph, a nested list of strings a bulleted list."""
    parts = []
    for item in paragraphs:
        if isinstance(item, str):
            parts.append(f"<p>{item}</p>")
        else:
            parts.append("<ul>" + "".join(f"<li>{entry}</li>" for entry in item) + "</ul>")
    return "".join(parts)


def _block_id(*parts: object) -> str:
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, "/".join(str(part) for part in parts)))


def _stream(blocks: Sequence[Mapping], language: str, item: str, image_id: int | None = None) -> list[dict]:
    """StreamField data in its stored form, from content blocks, with ids stable across languages."""
    stream = []
    for index, block in enumerate(blocks):
        kind = block["type"]
        if kind == "paragraph":
            value: Any = _rich_text(_pick(block["text"], language))
        elif kind == "section":
            value = {"heading": _pick(block["heading"], language), "body": _rich_text(_pick(block["text"], language))}
        elif kind == "numbered_list":
            value = [
                {"type": "item", "value": f"<p>{text}</p>", "id": _block_id(item, index, number)}
                for number, text in enumerate(_pick(block["items"], language))
            ]
        elif kind == "quote":
            value = {"quote": _pick(block["quote"], language), "attribution": _pick(block["attribution"], language)}
        elif kind == "image":
            value = {
                "image": image_id,
                "alt_text": _pick(block["alt_text"], language),
                "caption": _pick(block["caption"], language),
            }
        else:
            raise ValueError(f"Unknown block type in demo content: {kind!r}")
        stream.append({"type": kind, "value": value, "id": _block_id(item, index)})
    return stream


def _plain_text(blocks: Sequence[Mapping], language: str) -> list[str]:
    """The stream's text as paragraphs without markup, for the PDF rendering of a directive."""
    paragraphs: list[str] = []
    for block in blocks:
        kind = block["type"]
        if kind == "section":
            paragraphs.append(_pick(block["heading"], language))
        if kind in ("paragraph", "section"):
            for item in _pick(block["text"], language):
                paragraphs += [strip_tags(item)] if isinstance(item, str) else [f"– {strip_tags(e)}" for e in item]
        elif kind == "numbered_list":
            items = _pick(block["items"], language)
            paragraphs += [f"{number}. {strip_tags(text)}" for number, text in enumerate(items, start=1)]
        elif kind == "quote":
            paragraphs.append(f"“{_pick(block['quote'], language)}” — {_pick(block['attribution'], language)}")
    return paragraphs


# --- Translation strings ------------------------------------------------------------------------------


def _string_segments(instance: Page) -> list[tuple[str, str]]:
    return [
        (segment.path, segment.string.data)
        for segment in extract_segments(instance)
        if isinstance(segment, StringSegmentValue)
    ]


def _strings(source: Page, translated: Page) -> dict[str, str]:
    """{source segment text: translated text} for two builds of one page in two languages."""
    source_segments = _string_segments(source)
    translated_segments = _string_segments(translated)
    if [path for path, _text in source_segments] != [path for path, _text in translated_segments]:
        raise ValueError(f"The translation of “{source.title}” does not have the shape of its source.")
    strings: dict[str, str] = {}
    for (_path, text), (_same_path, translation) in zip(source_segments, translated_segments, strict=True):
        if strings.setdefault(text, translation) != translation:
            raise ValueError(f"“{text}” has two different translations in “{source.title}”.")
    return strings


# --- Pages ----------------------------------------------------------------------------------------------


def _publish_new(parent: Page, page: Page, user) -> Page:
    """Add `page` under `parent` (freshly read: tree counters change as pages are added) and publish it."""
    Page.objects.get(pk=parent.pk).add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    return type(page).objects.get(pk=page.pk)


def _ensure_page(
    parent: Page,
    model: type[Page],
    slug: str,
    build: Builder,
    user,
    *,
    languages: Sequence[str] = content.TRANSLATION_LANGUAGES,
    attach: Callable[[Page], None] | None = None,
    override: Callable[[Page, Locale], None] | None = None,
) -> Page:
    """The Vietnamese page `slug` under `parent`, created if missing, and its translations into `languages`.

    `build(language)` makes an unsaved page with that language's texts; `attach(page)` adds what is
    shared by every language (files, themes, relations) to the Vietnamese page before it is created;
    `override(page, locale)` records a translation's own value of an overridable field (a poster in
    its language) just before that translation is made. Existing pages and translations are never changed.
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = build("vi")
        if attach is not None:
            attach(page)
        page = _publish_new(parent, page, user)
    for code in languages:
        locale = Locale.objects.get(language_code=code)
        if page.get_translation_or_none(locale) is None:
            if override is not None:
                override(page, locale)
            strings = _strings(build("vi"), build(code))
            translate_object(page, locale, strings, user=user, tool_name=TOOL_NAME)
    return page


# --- Files ------------------------------------------------------------------------------------------------


def _image(spec: Mapping, user, *, jpeg: bool = False):
    """The image titled spec["title"], drawn and uploaded if there is none yet."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=spec["title"]).first()
    if image is None:
        make = make_jpeg_poster if jpeg else make_image
        options = {"size": spec["size"]} if "size" in spec else {}
        file = make(spec["title"], spec.get("subtitle", ""), colour=spec["colour"], name=spec["filename"], **options)
        image = image_model(title=spec["title"], file=file, uploaded_by_user=user)
        image._set_image_file_metadata()
        image.save()
    return image


def _document(title: str, make_file: Callable[[], ContentFile], user):
    """The document titled `title`, made with `make_file` and uploaded if there is none yet."""
    document_model = get_document_model()
    document = document_model.objects.filter(title=title).first()
    if document is None:
        document = document_model(title=title, file=make_file(), uploaded_by_user=user)
        document._set_document_file_metadata()
        document.save()
    return document


def _override(page: Page, locale: Locale, field: str, value: Any, user) -> None:
    """Give the `locale` translation of `page` its own value (a primary key) of the overridable
    synchronized `field`, as the translation editor's "override" does: wagtail-localize writes it
    into the translation now and keeps it whenever the source is synced again."""
    source, _created = TranslationSource.update_or_create_from_instance(page)
    segment = OverridableSegment.objects.select_related("context").get(source=source, context__path=field)
    SegmentOverride.objects.update_or_create(
        locale=locale, context=segment.context, defaults={"data_json": json.dumps(value), "last_translated_by": user}
    )


def _audio(title: str, make_file: Callable[[], ContentFile], user):
    """The audio item titled `title`, made with `make_file` and uploaded if there is none yet."""
    media_model = get_media_model()
    media = media_model.objects.filter(title=title, type="audio").first()
    if media is None:
        file = make_file()
        media = media_model(
            title=title,
            file=file,
            type="audio",
            duration=read_audio_info(file).duration_seconds,
            uploaded_by_user=user,
        )
        media.save()
    return media


def _video(spec: Mapping, user):
    """The video item titled spec["title"], encoded (home.demo_media.make_mp4) and uploaded if there is none yet."""
    media_model = get_media_model()
    media = media_model.objects.filter(title=spec["title"], type="video").first()
    if media is None:
        width, height = spec["size"]
        file = make_mp4(
            spec["scenes"],
            seconds_per_scene=spec["seconds_per_scene"],
            size=(width, height),
            colour=spec["colour"],
            frequency=spec["frequency"],
            name=spec["filename"],
        )
        media = media_model(
            title=spec["title"],
            file=file,
            type="video",
            duration=read_video_info(file).duration_seconds or 0,
            width=width,
            height=height,
            uploaded_by_user=user,
        )
        media.save()
    return media


def _poster(spec: Mapping, language: str, user):
    """The clip's poster drawn with its title in `language` (each language has its own image)."""
    stem, dot, extension = spec["filename"].rpartition(".")
    localized = {
        "title": _pick(spec["title"], language),
        "subtitle": _pick(spec.get("subtitle", ""), language),
        "colour": spec["colour"],
        "filename": f"{stem}.{language}{dot}{extension}",
    }
    return _image(localized, user, jpeg=True)


# --- Reference data ---------------------------------------------------------------------------------------


def ensure_themes() -> dict[str, Theme]:
    themes = {}
    for data in content.THEMES:
        theme = Theme.objects.filter(slug=data["slug"]).first()
        if theme is None:
            theme = Theme(slug=data["slug"], colour=data["colour"])
            for code in content.LANGUAGES:
                setattr(theme, f"name_{code}", data["name"][code])
                setattr(theme, f"description_{code}", data["description"][code])
            theme.save()
        themes[data["slug"]] = theme
    return themes


def ensure_issuing_bodies() -> dict[str, IssuingBody]:
    """The specific bodies of the demo, each under its parent body; generic ones come from a migration."""
    bodies: dict[str, IssuingBody] = {}
    for data in content.ISSUING_BODIES:
        reference = data["parent"]
        if reference.startswith("generic:"):
            parent = (
                IssuingBody.objects.filter(abbreviation=reference.removeprefix("generic:"), parent=None)
                .order_by("pk")
                .first()
            )
        else:
            parent = bodies[reference]
        body = IssuingBody.objects.filter(abbreviation=data["abbreviation"], name_vi=data["name"]["vi"]).first()
        if body is None:
            body = IssuingBody(abbreviation=data["abbreviation"], parent=parent)
            for code in content.LANGUAGES:
                setattr(body, f"name_{code}", data["name"][code])
            body.save()
        bodies[data["key"]] = body
    return bodies


# --- Sections -----------------------------------------------------------------------------------------------


def _index_builder(model: type[Page], data: Mapping) -> Builder:
    """A section index: listed in menus, so the home page shows it among its sections."""

    def build(language: str) -> Page:
        return model(
            title=_pick(data["title"], language),
            slug=_pick(data["slug"], language),
            intro=_pick(data["intro"], language),
            show_in_menus=True,
        )

    return build


def ensure_theme_pages(home: Page, themes: Mapping[str, Theme], user) -> None:
    for data in content.THEMES:
        theme = themes[data["slug"]]

        def build(language: str, data=data, theme=theme) -> ThemePage:
            return ThemePage(
                title=data["name"][language],
                slug=data["page_slug"][language],
                intro=data["description"][language],
                theme=theme,
            )

        _ensure_page(home, ThemePage, data["page_slug"]["vi"], build, user)


def _original_pdf(data: Mapping, user):
    spec = data["original_pdf"]

    def make_file() -> ContentFile:
        recipients = _pick(data["recipients"], "vi").splitlines()
        paragraphs = [
            *spec["header"],
            _pick(data["subject"], "vi"),
            *_plain_text(data["body"], "vi"),
            "Nơi nhận:",
            *(f"– {recipient}" for recipient in recipients),
            f"{_pick(data['signer_title'], 'vi')}: {data['signer_name']}",
            spec["note"],
        ]
        return make_pdf(_pick(data["title"], "vi"), paragraphs, name=spec["filename"])

    return _document(spec["title"], make_file, user)


def _directive_builder(data: Mapping, document_types: Mapping[str, DocumentType], bodies: Mapping) -> Builder:
    def build(language: str) -> DirectivePage:
        return DirectivePage(
            title=_pick(data["title"], language),
            slug=_pick(data["slug"], language),
            number=data["number"],
            document_type=document_types[data["document_type"]],
            issuing_body=bodies[data["issuing_body"]],
            issue_date=data["issue_date"],
            place=_pick(data.get("place", ""), language),
            subject=_pick(data.get("subject", ""), language),
            summary=_pick(data.get("summary", ""), language),
            body=_stream(data["body"], language, f"directive/{data['key']}"),
            recipients=_pick(data.get("recipients", ""), language),
            signer_name=data.get("signer_name", ""),
            signer_title=_pick(data.get("signer_title", ""), language),
        )

    return build


def ensure_directives(home: Page, themes: Mapping[str, Theme], bodies: Mapping, user) -> dict[str, DirectivePage]:
    """The register and the directive chain, each directive after the ones its relations point at."""
    index = _ensure_page(
        home,
        DirectiveIndexPage,
        content.DIRECTIVE_INDEX["slug"]["vi"],
        _index_builder(DirectiveIndexPage, content.DIRECTIVE_INDEX),
        user,
    )
    document_types = {document_type.code: document_type for document_type in DocumentType.objects.all()}
    directives: dict[str, DirectivePage] = {}
    for data in content.DIRECTIVES:

        def attach(page: DirectivePage, data=data) -> None:
            page.themes = [themes[slug] for slug in data["themes"]]
            page.relations = [
                DirectiveRelation(relation_type=relation_type, target_page=directives[target])
                for relation_type, target in data["relations"]
            ]
            if "original_pdf" in data:
                page.original_document = _original_pdf(data, user)

        directives[data["key"]] = _ensure_page(
            index,
            DirectivePage,
            data["slug"]["vi"],
            _directive_builder(data, document_types, bodies),
            user,
            attach=attach,
        )
    return directives


def _explainer_links(page, data: Mapping, themes: Mapping[str, Theme], directives: Mapping[str, DirectivePage]):
    page.themes = [themes[slug] for slug in data["themes"]]
    page.related_directives = [directives[key] for key in data["directives"]]


def _source_data_csv(spec: Mapping, directives: Mapping[str, DirectivePage], user):
    """A spreadsheet of the directives an infographic shows: number, type, issuer, date, relations."""

    def make_file() -> ContentFile:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["so_hieu", "loai_van_ban", "co_quan_ban_hanh", "ngay_ban_hanh", "quan_he"])
        for key in spec["directives"]:
            page = directives[key]
            relations = "; ".join(
                f"{relation.relation_type}: {relation.printed_number}" for relation in page.relations.all()
            )
            writer.writerow(
                [
                    page.number,
                    page.document_type.name_vi,
                    page.issuing_body.name_vi,
                    page.issue_date.isoformat(),
                    relations,
                ]
            )
        return ContentFile(buffer.getvalue().encode("utf-8-sig"), name=spec["filename"])

    return _document(spec["title"], make_file, user)


def _revise_once(page: Page, original: Mapping[str, Any], revised: Mapping[str, Any], user) -> None:
    """Edit and republish the Vietnamese page once, after it was translated, unless it already differs."""
    page = type(page).objects.get(pk=page.pk)
    if any(getattr(page, field) != _rich_text(original[field]) for field in revised):
        return  # already revised (or edited by someone): leave it alone
    for field, paragraphs in revised.items():
        setattr(page, field, _rich_text(paragraphs))
    page.save_revision(user=user, log_action=True).publish(user=user)


def ensure_infographics(home: Page, themes, directives, user) -> None:
    index = _ensure_page(
        home,
        InfographicIndexPage,
        content.INFOGRAPHIC_INDEX["slug"]["vi"],
        _index_builder(InfographicIndexPage, content.INFOGRAPHIC_INDEX),
        user,
    )
    for data in content.INFOGRAPHICS:

        def build(language: str, data=data) -> InfographicPage:
            return InfographicPage(
                title=_pick(data["title"], language),
                slug=_pick(data["slug"], language),
                date=data["date"],
                summary=_pick(data["summary"], language),
                alt_text=_pick(data["alt_text"], language),
                long_description=_rich_text(_pick(data["long_description"], language)),
            )

        def attach(page: InfographicPage, data=data) -> None:
            page.image = _image(data["image"], user)
            _explainer_links(page, data, themes, directives)
            if "source_data" in data:
                page.source_data = _source_data_csv(data["source_data"], directives, user)

        page = _ensure_page(index, InfographicPage, data["slug"]["vi"], build, user, attach=attach)
        if "revised_after_translation" in data:
            original = {field: data[field]["vi"] for field in data["revised_after_translation"]}
            _revise_once(page, original, data["revised_after_translation"], user)


def ensure_podcast(home: Page, themes, directives, user) -> None:
    show_data = content.PODCAST_SHOW

    def build_show(language: str) -> PodcastIndexPage:
        return PodcastIndexPage(
            title=_pick(show_data["title"], language),
            slug=_pick(show_data["slug"], language),
            description=_pick(show_data["description"], language),
            author=show_data["author"],
            owner_email=show_data["owner_email"],
            itunes_category=show_data["itunes_category"],
            show_in_menus=True,
        )

    def attach_cover(page: PodcastIndexPage) -> None:
        page.cover_image = _image(show_data["cover"], user)

    show = _ensure_page(home, PodcastIndexPage, show_data["slug"]["vi"], build_show, user, attach=attach_cover)

    for data in content.PODCAST_EPISODES:

        def build(language: str, data=data) -> PodcastEpisodePage:
            return PodcastEpisodePage(
                title=_pick(data["title"], language),
                slug=_pick(data["slug"], language),
                date=data["date"],
                episode_number=data["episode_number"],
                summary=_pick(data["summary"], language),
                show_notes=_rich_text(_pick(data["show_notes"], language)),
                transcript=_pick(data["transcript"], language),
            )

        def attach(page: PodcastEpisodePage, data=data) -> None:
            slug = data["slug"]["vi"]
            page.audio = _audio(
                f"{data['title']['vi']} (âm thanh)",
                lambda: make_mp3(data["seconds"], name=f"{slug}.mp3", frequency=data["frequency"]),
                user,
            )
            _explainer_links(page, data, themes, directives)

        _ensure_page(show, PodcastEpisodePage, data["slug"]["vi"], build, user, attach=attach)


def ensure_videos(home: Page, themes, directives, user) -> None:
    index = _ensure_page(
        home,
        VideoIndexPage,
        content.VIDEO_INDEX["slug"]["vi"],
        _index_builder(VideoIndexPage, content.VIDEO_INDEX),
        user,
    )
    for data in content.VIDEO_CLIPS:

        def build(language: str, data=data) -> VideoClipPage:
            return VideoClipPage(
                title=_pick(data["title"], language),
                slug=_pick(data["slug"], language),
                date=data["date"],
                summary=_pick(data["summary"], language),
                embed_url=data["embed_url"],
                duration_seconds=data["duration_seconds"],
                transcript=_pick(data["transcript"], language),
            )

        def attach(page: VideoClipPage, data=data) -> None:
            slug = data["slug"]["vi"]
            page.poster = _poster(data["poster"], Locale.get_default().language_code, user)
            if "video" in data:
                page.video = _video(data["video"], user)
            tracks = []
            for code in content.LANGUAGES:
                cues = [(start, end, texts[code]) for start, end, texts in data["captions"]]
                track = _document(
                    f"{data['title']['vi']} — phụ đề ({code})",
                    lambda cues=cues, code=code: make_webvtt(cues, name=f"{slug}.{code}.vtt"),
                    user,
                )
                tracks.append(VideoCaptionTrack(language=code, file=track))
            page.caption_tracks = tracks
            _explainer_links(page, data, themes, directives)

        def override(page: VideoClipPage, locale: Locale, data=data) -> None:
            _override(page, locale, "poster", _poster(data["poster"], locale.language_code, user).pk, user)

        _ensure_page(
            index, VideoClipPage, data["slug"][settings.LANGUAGE_CODE], build, user, attach=attach, override=override
        )


def ensure_articles(home: Page, themes, directives, user) -> None:
    index = _ensure_page(
        home,
        ArticleIndexPage,
        content.ARTICLE_INDEX["slug"]["vi"],
        _index_builder(ArticleIndexPage, content.ARTICLE_INDEX),
        user,
    )
    for data in content.ARTICLES:

        def build(language: str, data=data, image_id: int | None = None) -> ArticlePage:
            return ArticlePage(
                title=_pick(data["title"], language),
                slug=_pick(data["slug"], language),
                date=data["date"],
                summary=_pick(data["summary"], language),
                body=_stream(data["body"], language, f"article/{data['key']}", image_id),
                source_name=_pick(data["source_name"], language),
                source_url=data["source_url"],
            )

        def attach(page: ArticlePage, data=data) -> None:
            image = _image(data["image"], user)
            page.body = _stream(data["body"], "vi", f"article/{data['key']}", image.pk)
            _explainer_links(page, data, themes, directives)

        _ensure_page(index, ArticlePage, data["slug"]["vi"], build, user, languages=data["languages"], attach=attach)


def load(user=None) -> None:
    """Build every piece of demo content, in one transaction."""
    with transaction.atomic():
        home = ensure_home_pages(user=user)["vi"]
        themes = ensure_themes()
        bodies = ensure_issuing_bodies()
        ensure_theme_pages(home, themes, user)
        directives = ensure_directives(home, themes, bodies, user)
        ensure_infographics(home, themes, directives, user)
        ensure_podcast(home, themes, directives, user)
        ensure_videos(home, themes, directives, user)
        ensure_articles(home, themes, directives, user)
        demo_frame.ensure_frame(home, user)
        demo_front.ensure_front(home, user)
