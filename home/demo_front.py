"""Demo content of the front page: the lead directive and the featured items editors chose (#12).

The choices are made on the source-language home page, as an editor would, and carried to its
translations through wagtail-localize (the fields are synchronized); the front page resolves them
to each visitor's locale. Idempotent: nothing is saved when the choices are already in place.
"""

from wagtail.models import Page

from articles.models import DirectivePage, InfographicPage, PodcastEpisodePage, VideoClipPage

LEAD_NUMBER_KEY = "380-cv-du"
"""The dispatch the campaign is about: 380-CV/ĐU."""
FEATURED_KINDS = (VideoClipPage, InfographicPage, PodcastEpisodePage)
"""One item of each of these kinds is featured: the newest of its kind."""


def _choices(home: Page) -> tuple[DirectivePage | None, list[Page]]:
    in_tree = {"locale_id": home.locale_id, "path__startswith": home.path, "alias_of__isnull": True}
    lead = DirectivePage.objects.live().filter(number_key=LEAD_NUMBER_KEY, **in_tree).first()
    featured = []
    for model in FEATURED_KINDS:
        newest = model.objects.live().filter(**in_tree).order_by("-date", "-pk").first()
        if newest is not None:
            featured.append(newest)
    return lead, featured


def ensure_front(home: Page, user=None) -> None:
    """Choose the home pages' lead directive and featured items (idempotent)."""
    from home.demo import HOME_PAGE_TRANSLATIONS, TOOL_NAME
    from home.models import HomeFeaturedItem, HomePage
    from locales.translating import translate_object

    home = HomePage.objects.get(pk=home.pk)
    lead, featured = _choices(home)
    wanted = [page.pk for page in featured]
    current = list(home.featured_items.values_list("item_id", flat=True))
    if home.lead_directive_id == (lead.pk if lead else None) and current == wanted:
        return
    home.lead_directive = lead
    home.featured_items.set([HomeFeaturedItem(item=page, sort_order=index) for index, page in enumerate(featured)])
    home.save_revision(user=user, log_action=True).publish(user=user)
    for translated in HomePage.objects.filter(translation_key=home.translation_key).exclude(pk=home.pk):
        code = translated.locale.language_code
        translate_object(home, translated.locale, HOME_PAGE_TRANSLATIONS.get(code, {}), user=user, tool_name=TOOL_NAME)
