"""The test site with one page of every type, shared by the page, feed and API tests.

Owns how tests/articles/test_media_pages.py, tests/articles/test_feeds.py and tests/cms/test_api_v2.py
(and, through them, test_seo.py and test_search_feed.py) build that site: a directive register, one
infographic, podcast episode, video and article each under its section, the theme's page, all under
the Vietnamese home page, published through revisions and translated into en and uk through
wagtail-localize with a marker per language ("Title [en]", "slug-en"). Each module passes only what
its tests need differently (its directives, which directive each item explains, other field values)
and adds pages of its own on top.
"""

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from wagtail.models import Locale, Page

from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    DirectivePage,
    InfographicIndexPage,
    InfographicPage,
    PodcastEpisodePage,
    PodcastIndexPage,
    Theme,
    ThemePage,
    VideoCaptionTrack,
    VideoClipPage,
    VideoIndexPage,
)
from home.demo import ensure_home_pages
from home.demo_media import make_webvtt
from locales.translating import translate_object
from tests.articles.factories import (
    DirectiveIndexPageFactory,
    DirectivePageFactory,
    upload_audio,
    upload_document,
    upload_image,
)


def publish(parent: Page, page: Page) -> Page:
    """Add `page` under `parent`, publish it and return it as stored.

    The parent is read again first: a module's shared page objects may carry tree counters from
    before other pages were added under them (or before a test's rollback)."""
    parent = Page.objects.get(pk=parent.pk)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def translate_everywhere(page: Page, locales: Mapping[str, Locale], *, summary: bool = False) -> None:
    """Translate into en and uk through wagtail-localize: title and slug (and the summary, if asked
    and there is one) with a marker per language; every other text stays as in the source."""
    for code in ("en", "uk"):
        strings = {page.title: f"{page.title} [{code}]", page.slug: f"{page.slug}-{code}"}
        if summary and getattr(page, "summary", ""):
            strings[page.summary] = f"{page.summary} [{code}]"
        translate_object(page, locales[code], strings)


def add_directive(register: Page, *, themes: Sequence[Theme] = (), relations=(), **fields) -> DirectivePage:
    """A directive made by the factory under `register` with `fields`, filed under `themes`, with
    `relations` (DirectiveRelation objects), published; returned as stored."""
    directive = DirectivePageFactory(parent=register, **fields)
    for theme in themes:
        directive.themes.add(theme)
    for relation in relations:
        directive.relations.add(relation)
    directive.save_revision().publish()
    return DirectivePage.objects.get(pk=directive.pk)


def _fields(defaults: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The default field values with `overrides`; callables (file uploads) are called only now, so a
    replaced default file is never uploaded."""
    merged = {**defaults, **overrides}
    return {name: value() if callable(value) else value for name, value in merged.items()}


def build_every_page_type(
    theme: Theme,
    *,
    directive: Mapping[str, Any] | None = None,
    more_directives: Callable[[Page, DirectivePage], dict[str, DirectivePage]] | None = None,
    explains: Mapping[str, Sequence[str]] | None = None,
    fields: Mapping[str, Mapping[str, Any]] | None = None,
    caption_track: tuple[str, str, str] | None = ("vi", "Phụ đề", "Xin chào"),
    translate_summaries: bool = False,
) -> dict[str, Page]:
    """One page of every type under the Vietnamese home (made if missing), translated into en and uk.

    Returns the pages as stored at the end, by key in creation order, parents first:
    "directive_index", "directive", those of `more_directives`, then "infographic_index",
    "infographic", "podcast_show", "podcast_episode", "video_index", "video", "article_index",
    "article" and "theme" (the page of `theme`). The directive, the infographic and the article
    are filed under `theme`.

    directive: field values that replace or add to those of "directive" (380-CV/ĐU, "Công văn 380").
    more_directives: makes more directives (with `add_directive`) under the register, given with
        "directive", and returns them by key in creation order.
    explains: by explainer ("infographic", "podcast_episode", "video", "article"), the keys of the
        directives it is tied to; by default "directive".
    fields: by explainer, field values that replace or add to its defaults.
    caption_track: language, document title and cue text of the video's one caption track, or None.
    translate_summaries: translate summaries too, not only titles and slugs.

    In `directive` and `fields`, a callable value is called when its page is built (for uploads).
    """
    explains, fields = explains or {}, fields or {}
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    home = ensure_home_pages()["vi"]
    register = DirectiveIndexPageFactory(parent=home)
    first = add_directive(
        register,
        themes=[theme],
        **_fields({"number": "380-CV/ĐU", "title": "Công văn 380", "slug": "cv-380"}, directive or {}),
    )
    made = {"directive": first, **(more_directives(register, first) if more_directives else {})}

    def explainer(model: type[Page], kind: str, defaults: Mapping[str, Any], **links) -> Page:
        """An unsaved `kind` page: its default fields with the caller's, tied to its directives."""
        related = [made[key] for key in explains.get(kind, ["directive"])]
        return model(**_fields(defaults, fields.get(kind, {})), related_directives=related, **links)

    infographics = publish(home, InfographicIndexPage(title="Infographic", slug="infographic"))
    infographic = explainer(
        InfographicPage,
        "infographic",
        {
            "title": "Năm bước chuyển đổi số",
            "slug": "nam-buoc",
            "date": datetime.date(2025, 9, 1),
            "image": upload_image,
            "alt_text": "Sơ đồ năm bước",
            "long_description": "<p>Bước một: số hóa hồ sơ.</p>",
        },
        themes=[theme],
    )
    infographic = publish(infographics, infographic)

    show = publish(
        home,
        PodcastIndexPage(
            title="Podcast",
            slug="podcast",
            description="Chương trình phát thanh",
            cover_image=upload_image("Bìa", (1400, 1400)),
            author="Ban Tuyên giáo",
            owner_email="podcast@example.org",
        ),
    )
    episode = explainer(
        PodcastEpisodePage,
        "podcast_episode",
        {
            "title": "Tập 1: Nghị quyết 57",
            "slug": "tap-1",
            "date": datetime.date(2025, 9, 2),
            "audio": lambda: upload_audio(2.0),
            "episode_number": 1,
            "transcript": "Xin chào quý vị.",
        },
    )
    episode = publish(show, episode)  # saving cleans the page: duration, size and type come from the file

    videos = publish(home, VideoIndexPage(title="Video", slug="video"))
    video = explainer(
        VideoClipPage,
        "video",
        {
            "title": "Video giới thiệu",
            "slug": "video-gioi-thieu",
            "date": datetime.date(2025, 9, 3),
            "embed_url": "https://www.youtube.com/watch?v=demo",
            "poster": lambda: upload_image("Poster"),
            "duration_seconds": 95,
            "transcript": "Lời dẫn của video.",
        },
    )
    if caption_track is not None:
        language, title, cue = caption_track
        video.caption_tracks.add(
            VideoCaptionTrack(language=language, file=upload_document(title, make_webvtt([(0.0, 2.0, cue)])))
        )
    video = publish(videos, video)

    articles = publish(home, ArticleIndexPage(title="Tin bài", slug="tin-bai"))
    article = explainer(
        ArticlePage,
        "article",
        {
            "title": "Petrovietnam triển khai Công văn 380",
            "slug": "petrovietnam",
            "date": datetime.date(2025, 8, 25),
            "summary": "Đảng ủy Tập đoàn ban hành kế hoạch truyền thông.",
            "body": [("paragraph", "<p>Nội dung bài viết.</p>")],
            "source_name": "Petrovietnam",
        },
        themes=[theme],
    )
    article = publish(articles, article)

    theme_page = publish(home, ThemePage(title=theme.name_vi, slug=theme.slug, theme=theme))

    pages = {
        "directive_index": register,
        **made,
        "infographic_index": infographics,
        "infographic": infographic,
        "podcast_show": show,
        "podcast_episode": episode,
        "video_index": videos,
        "video": video,
        "article_index": articles,
        "article": article,
        "theme": theme_page,
    }
    for page in pages.values():  # parents first: dict order is creation order
        translate_everywhere(page, locales, summary=translate_summaries)
    return {key: type(page).objects.get(pk=page.pk) for key, page in pages.items()}  # tree counters as they are now
