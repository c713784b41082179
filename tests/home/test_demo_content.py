"""`manage.py load_demo`: the whole demo site in vi/en/uk, made once per module and rolled back after.

Loading takes a while (every page is published and translated through wagtail-localize), so the
module loads it once inside a transaction; each test then runs in a savepoint of its own, as
pytest-django's `db` fixture does, and the module's transaction is rolled back at the end.
"""

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageLogEntry, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtailmedia.models import get_media_model

from articles.chain import directive_chain
from articles.listings import explainers_for_directive
from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    DirectiveIndexPage,
    DirectivePage,
    InfographicIndexPage,
    InfographicPage,
    IssuingBody,
    PodcastEpisodePage,
    PodcastIndexPage,
    Theme,
    ThemePage,
    VideoClipPage,
    VideoIndexPage,
)
from cms.models import InformationPage
from home import demo_content
from home.models import HomePage
from locales.models import QueueItem

EXPECTED_PAGES = {
    HomePage: 1,
    ThemePage: 6,
    DirectiveIndexPage: 1,
    DirectivePage: 8,
    InfographicIndexPage: 1,
    InfographicPage: 3,
    PodcastIndexPage: 1,
    PodcastEpisodePage: 3,
    VideoIndexPage: 1,
    VideoClipPage: 2,
    ArticleIndexPage: 1,
    ArticlePage: 4,
    InformationPage: 1,  # the accessibility statement
}
UNTRANSLATED_IN_UK = "an-ninh-mang-cong-tac-dang"  # the fourth article
EDITED_AFTER_TRANSLATION = "cong-van-380-san-pham-truyen-thong"  # the second infographic
PETROVIETNAM_ARTICLE = "petrovietnam-huong-ung-cong-van-380"


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo content, loaded once for the module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_site, db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


def _vi(model, slug):
    return model.objects.get(locale__language_code="vi", slug=slug)


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "media": get_media_model().objects.count(),
        "themes": Theme.objects.count(),
        "issuing bodies": IssuingBody.objects.count(),
        "translation sources": TranslationSource.objects.count(),
        "translations": Translation.objects.count(),
        "string translations": StringTranslation.objects.count(),
    }


# --- What is built ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en", "uk"])
def test_every_page_type_in_every_language(demo, language):
    expected = {model.__name__: count for model, count in EXPECTED_PAGES.items()}
    if language == "uk":
        expected["ArticlePage"] -= 1

    counts = {
        model.__name__: model.objects.live().filter(locale__language_code=language).count() for model in EXPECTED_PAGES
    }

    assert counts == expected


def test_only_the_chosen_article_is_left_untranslated_in_ukrainian(demo):
    untranslated = [
        page.slug
        for page in Page.objects.filter(locale__language_code="vi", depth__gt=1).specific()
        if page.get_translation_or_none(demo["uk"]) is None
    ]

    assert untranslated == [UNTRANSLATED_IN_UK]
    assert _vi(ArticlePage, UNTRANSLATED_IN_UK).get_translation_or_none(demo["en"]) is not None


def test_translations_cover_every_segment_of_their_source_but_the_edited_one(demo):
    """The queue works in continuous mode: the edited infographic's source was refreshed, so its
    translations lack exactly the one changed segment; every other translation is complete."""
    translations = Translation.objects.filter(target_locale__language_code__in=["en", "uk"])

    assert translations.count() == 2 * sum(EXPECTED_PAGES.values()) - 1
    incomplete = {
        (translation.source.get_source_instance().slug, translation.target_locale.language_code): progress
        for translation in translations
        if (progress := translation.get_progress())[0] != progress[1]
    }
    total = incomplete[(EDITED_AFTER_TRANSLATION, "en")][0]
    assert incomplete == {(EDITED_AFTER_TRANSLATION, language): (total, total - 1) for language in ("en", "uk")}


def test_six_themes_named_in_three_languages_each_with_a_page(demo):
    themes = Theme.objects.order_by("slug")

    assert sorted(theme.slug for theme in themes) == sorted(data["slug"] for data in demo_content.THEMES)
    for theme in themes:
        assert theme.slug.isascii()
        assert all([theme.name_vi, theme.name_en, theme.name_uk]), theme.slug
        assert all([theme.description_vi, theme.description_en, theme.description_uk]), theme.slug
    assert Theme.objects.get(slug="an-ninh-mang").name_en == "Cybersecurity"
    assert Theme.objects.get(slug="an-ninh-mang").name_uk == "Кібербезпека"
    for language in ("vi", "en", "uk"):
        pages = ThemePage.objects.live().filter(locale__language_code=language)
        assert sorted(page.theme.slug for page in pages) == sorted(theme.slug for theme in themes)
        assert all(page.get_parent().specific_class is HomePage for page in pages)


@pytest.mark.parametrize("language", ["vi", "en", "uk"])
def test_home_page_lists_the_five_sections(demo, language):
    home = HomePage.objects.get(locale__language_code=language)

    sections = home.get_children().live().in_menu().specific()

    assert sorted(type(page).__name__ for page in sections) == [
        "ArticleIndexPage",
        "DirectiveIndexPage",
        "InfographicIndexPage",
        "PodcastIndexPage",
        "VideoIndexPage",
    ]


def test_specific_issuing_bodies_hang_under_their_parents(demo):
    politburo = IssuingBody.objects.get(name_vi="Bộ Chính trị")
    pvep = IssuingBody.objects.get(name_vi__contains="PVEP")

    assert (politburo.abbreviation, politburo.name_en, politburo.parent.abbreviation) == ("TW", "Politburo", "TW")
    assert politburo.parent.parent is None
    assert pvep.parent.name_vi == "Đảng ủy Tập đoàn Dầu khí Quốc gia Việt Nam"
    assert pvep.parent.parent.name_en == "Government Party Committee"


def test_directive_chain_is_complete(demo):
    numbers = DirectivePage.objects.filter(locale__language_code="vi").order_by("issue_date")

    assert [(page.number, page.document_type.code, page.issue_date.isoformat()) for page in numbers] == [
        ("02-NQ/ĐUK", "NQ", "2021-06-07"),
        ("184-NQ/ĐU", "NQ", "2022-02-15"),
        ("03/CTr-ĐU", "CTr", "2022-04-12"),
        ("208-QĐ/ĐU", "QĐ", "2024-09-10"),
        ("57-NQ/TW", "NQ", "2024-12-22"),
        ("02-KH/BCĐTW", "KH", "2025-06-19"),
        ("03-KH/BCĐTW", "KH", "2025-07-28"),
        ("380-CV/ĐU", "CV", "2025-08-18"),
    ]
    relations = {
        page.number: [(relation.relation_type, relation.printed_number) for relation in page.relations.all()]
        for page in numbers
    }
    assert relations == {
        "02-NQ/ĐUK": [],
        "184-NQ/ĐU": [("implements", "02-NQ/ĐUK")],
        "03/CTr-ĐU": [("implements", "184-NQ/ĐU")],
        "208-QĐ/ĐU": [("implements", "03/CTr-ĐU")],
        "57-NQ/TW": [],
        "02-KH/BCĐTW": [("implements", "57-NQ/TW")],
        "03-KH/BCĐTW": [("deploys", "02-KH/BCĐTW")],
        "380-CV/ĐU": [("implements", "57-NQ/TW"), ("based_on", "02-KH/BCĐTW"), ("deploys", "03-KH/BCĐTW")],
    }


@pytest.mark.parametrize("language", ["vi", "en", "uk"])
def test_dispatch_380_resolves_its_chain_and_its_article_in_every_language(demo, language):
    dispatch = DirectivePage.objects.get(locale__language_code=language, number_key="380-cv-du")

    assert dispatch.live
    assert (dispatch.number, dispatch.signer_name) == ("380-CV/ĐU", "Nguyễn Đức Phong")
    assert dispatch.issuing_body.name_en == "Government Party Committee"
    chain = directive_chain(dispatch)
    assert [(link.number, link.page is not None) for link in chain.upward] == [
        ("57-NQ/TW", True),
        ("02-KH/BCĐTW", True),
        ("03-KH/BCĐTW", True),
    ]
    assert all(link.page.locale_id == dispatch.locale_id for link in chain.upward)
    (articles,) = [group.pages for group in explainers_for_directive(dispatch) if group.kind == "article"]
    petrovietnam = _vi(ArticlePage, PETROVIETNAM_ARTICLE)
    assert [article.translation_key for article in articles] == [petrovietnam.translation_key]
    assert articles[0].locale_id == dispatch.locale_id


def test_dispatch_380_carries_the_letter_itself(demo):
    dispatch = DirectivePage.objects.get(locale__language_code="vi", number_key="380-cv-du")
    english = dispatch.get_translation(Locale.objects.get(language_code="en"))

    assert dispatch.place == "Hà Nội" and english.place == "Hanoi"
    assert dispatch.subject.startswith("V/v ")
    assert len(dispatch.recipients.splitlines()) == 7 == len(english.recipients.splitlines())
    assert [block.block_type for block in dispatch.body] == [
        "paragraph",
        "section",
        "section",
        "paragraph",
        "numbered_list",
        "section",
        "section",
        "quote",
    ]
    assert len(dispatch.body[4].value) == 8
    assert "<b>talk shows</b>" in str(english.body[4].value[6])
    assert dispatch.original_document.file.name.endswith(".pdf")
    assert english.original_document_id == dispatch.original_document_id
    with dispatch.original_document.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_media_items_have_their_files(demo):
    infographics = InfographicPage.objects.filter(locale__language_code="vi")
    assert all(page.image and page.alt_text and page.long_description for page in infographics)
    with_data = [page for page in infographics if page.source_data_id]
    assert len(with_data) == 1 and with_data[0].source_data.file.name.endswith(".csv")
    with with_data[0].source_data.file.open("rb") as handle:
        assert "380-CV/ĐU" in handle.read().decode("utf-8-sig")

    show = PodcastIndexPage.objects.get(locale__language_code="vi")
    assert (show.cover_image.width, show.cover_image.height) == (1400, 1400)
    assert (show.itunes_category, show.owner_email) == ("Government", "podcast@example.org")
    episodes = PodcastEpisodePage.objects.filter(locale__language_code="vi").order_by("episode_number")
    assert [episode.episode_number for episode in episodes] == [1, 2, 3]
    for episode in episodes:
        assert episode.audio.type == "audio"
        assert 20 <= episode.duration_seconds <= 40
        assert episode.mime_type == "audio/mpeg"
        assert episode.transcript and episode.show_notes

    clips = VideoClipPage.objects.all()
    assert any(
        clip.video is not None and clip.video.type == "video" for clip in clips if clip.locale.language_code == "vi"
    )
    for clip in clips:
        assert bool(clip.embed_url) != bool(clip.video_id) and clip.poster.file.name.endswith(".jpg")
        tracks = {track.language: track.file.file.name for track in clip.caption_tracks.all()}
        assert sorted(tracks) == ["en", "uk", "vi"], clip
        assert all(name.endswith(".vtt") for name in tracks.values())


def test_articles_have_paragraphs_an_image_a_quote_and_a_source(demo):
    for article in ArticlePage.objects.all():
        kinds = [block.block_type for block in article.body]
        assert kinds.count("paragraph") >= 1 and "image" in kinds and "quote" in kinds, article
        image = next(block.value for block in article.body if block.block_type == "image")
        assert image["image"] is not None and image["caption"] and image["alt_text"]
        assert article.source_name


@pytest.mark.parametrize(("language", "figure"), [("vi", "62.569"), ("en", "62,569"), ("uk", "62 569")])
def test_vnpt_figures_are_written_the_local_way(demo, language, figure):
    article = ArticlePage.objects.get(
        locale__language_code=language,
        translation_key=_vi(ArticlePage, "vnpt-hoc-tap-nghi-quyet-truc-tuyen").translation_key,
    )

    assert figure in article.title
    assert figure in str(article.body[0].value)
    assert "709" in str(article.body[0].value)


def test_petrovietnam_article_is_dated_and_tied_to_380_and_57(demo):
    article = _vi(ArticlePage, PETROVIETNAM_ARTICLE)

    assert article.date.isoformat() == "2025-08-25"
    assert {"380-CV/ĐU", "57-NQ/TW"} <= {directive.number for directive in article.related_directives.all()}


def test_edited_item_is_reopened_in_the_queue_with_its_changed_segment(demo):
    page = _vi(InfographicPage, EDITED_AFTER_TRANSLATION)

    assert "từng nhóm người nhận" in page.long_description
    assert page.revisions.count() == 2
    items = QueueItem.objects.filter(object_id=page.translation_key)
    assert {
        (item.target_locale.language_code, item.status, item.outdated, item.changed_segments) for item in items
    } == {
        ("en", QueueItem.Status.REOPENED, True, 1),
        ("uk", QueueItem.Status.REOPENED, True, 1),
    }
    for language in ("en", "uk"):  # the translations stay live with the earlier text until redone
        translated = page.get_translation(Locale.objects.get(language_code=language))
        assert translated.live
        assert translated.specific.long_description != page.long_description


def test_other_items_are_translated_from_their_current_text(demo):
    page = _vi(InfographicPage, "pvep-qua-cac-con-so")

    assert TranslationSource.objects.get_for_instance(page).as_instance().long_description == page.long_description


# --- Idempotence and serving ----------------------------------------------------------------------------


def test_second_load_changes_nothing(demo):
    before = _counts()

    call_command("load_demo")

    assert _counts() == before


def test_every_live_page_answers_in_every_language(client, demo):
    failures = {}
    pages = Page.objects.live().filter(depth__gt=1).specific()
    for page in pages:
        try:
            status = client.get(page.url).status_code
        except Exception as error:  # report every page, not only the first failure
            status = f"{type(error).__name__}: {error}"
        if status != 200:
            failures[page.url] = status

    assert len(pages) == 3 * sum(EXPECTED_PAGES.values()) - 1
    assert failures == {}


@pytest.mark.parametrize("language", ["vi", "en", "uk"])
def test_dispatch_380_page_shows_its_chain_and_the_petrovietnam_article(client, demo, language):
    from bs4 import BeautifulSoup

    dispatch = DirectivePage.objects.get(locale__language_code=language, number_key="380-cv-du")
    article = _vi(ArticlePage, PETROVIETNAM_ARTICLE).get_translation(dispatch.locale)

    soup = BeautifulSoup(client.get(dispatch.url).content, "html.parser")

    above = [link.get_text() for link in soup.select("#chain-up + ul a")]
    assert above == ["57-NQ/TW", "02-KH/BCĐTW", "03-KH/BCĐTW"]
    explained_by = {link.get_text().strip(): link["href"] for link in soup.select("#explainers ~ div .card__title a")}
    assert explained_by[article.title] == article.url
