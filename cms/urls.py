"""URL routing: the admin and documents unprefixed; public pages under i18n_patterns.

Vietnamese (the default language) is served without a prefix, English under /en/ and
Ukrainian under /uk/. Wagtail's page serving stays last so every more specific rule wins.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from articles import syndication
from cms import api, xml_styles
from locales import sitemaps
from search import urls as search_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    *search_urls.api_urlpatterns,
    # Read-only Wagtail API v2 for partner sites and apps (cms/api.py): pages, images, documents.
    path("api/v2/", api.api_router.urls),
    # Sitemaps and robots.txt are about every language at once: unprefixed.
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<str:language>-<int:part>.xml", sitemaps.sitemap, name="sitemap_language_part"),
    path("sitemap-<str:language>.xml", sitemaps.sitemap, name="sitemap_language"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded files from MEDIA_ROOT: development and `make serve` on loopback only; a public
    # deployment serves them from its web server or object storage.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += i18n_patterns(
    *search_urls.page_urlpatterns,
    # Atom and RSS feeds: latest, per theme, per directive (articles.syndication).
    *syndication.feed_urlpatterns,
    # XSL stylesheets that show feeds and sitemaps to people in a browser, in each language.
    path("feeds/style.xsl", xml_styles.feed_stylesheet, name="feed_stylesheet"),
    path("sitemap.xsl", xml_styles.sitemap_stylesheet, name="sitemap_stylesheet"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# A 500 page in the visitor's language that needs neither the database nor a context processor.
handler500 = "cms.views.server_error"
