"""URL routing: the admin and documents unprefixed; public pages under i18n_patterns.

Vietnamese (the default language) is served without a prefix, English under /en/ and
Ukrainian under /uk/. Wagtail's page serving stays last so every more specific rule wins.
"""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from articles import eli, syndication
from cms import api, health, icons, login_throttle, views, xml_styles
from locales import sitemaps
from search import urls as search_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms of restricted collections and pages, throttled (cms/login_throttle.py).
    path("documents/", include(login_throttle.document_password_urlpatterns)),
    path("documents/", include(wagtaildocs_urls)),
    *search_urls.api_urlpatterns,
    # Read-only Wagtail API v2 for partner sites and apps (cms/api.py): pages, images, documents.
    path("api/v2/", api.api_router.urls),
    # Sitemaps and robots.txt are about every language at once: unprefixed.
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<str:language>-<int:part>.xml", sitemaps.sitemap, name="sitemap_language_part"),
    path("sitemap-<str:language>.xml", sitemaps.sitemap, name="sitemap_language"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    # Health of this server for load balancers (cms/health.py): never cached, no secrets.
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever a page links (cms/icons.py).
    path("favicon.ico", icons.favicon, name="favicon"),
    # Stable directive identifiers, answered in the visitor's language (articles.eli).
    *eli.eli_urlpatterns,
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.MEDIA_URL.startswith("/"):
    # Uploaded files from MEDIA_ROOT, served only while DEBUG or SERVE_MEDIA is on (read on each
    # request: development and `make serve` on loopback); a public deployment serves them from its
    # web server or object storage. Never documents, never files of restricted collections.
    urlpatterns.append(re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", views.serve_media))

urlpatterns += i18n_patterns(
    *search_urls.page_urlpatterns,
    # Atom and RSS feeds: latest, per theme, per directive (articles.syndication).
    *syndication.feed_urlpatterns,
    *eli.eli_prefixed_urlpatterns,
    # XSL stylesheets that show feeds and sitemaps to people in a browser, in each language.
    path("feeds/style.xsl", xml_styles.feed_stylesheet, name="feed_stylesheet"),
    path("sitemap.xsl", xml_styles.sitemap_stylesheet, name="sitemap_stylesheet"),
    # The web app manifest, in each language: its name, its home page (cms/icons.py).
    path("manifest.webmanifest", icons.web_manifest, name="web_manifest"),
    *login_throttle.page_password_urlpatterns,
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# A 500 page in the visitor's language that needs neither the database nor a context processor.
handler500 = "cms.views.server_error"
