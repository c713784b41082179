"""Demo content for the site's front: the Vietnamese home page and its en/uk translations.

Idempotent: each step looks for what it would create and leaves existing content alone, so
`make setup` can run any number of times. Translations go through wagtail-localize.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Locale, Page, Site

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
            translated = translate_object(home, locale, HOME_PAGE_TRANSLATIONS[code], user=user, tool_name="demo")
        pages[code] = translated.specific
    return pages


def load(user=None) -> None:
    """Build every piece of demo content that exists so far."""
    ensure_home_pages(user=user)
