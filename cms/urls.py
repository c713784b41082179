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

from locales import sitemaps
from search import urls as search_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    *search_urls.api_urlpatterns,
    # Sitemaps and robots.txt are about every language at once: unprefixed.
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<str:language>-<int:part>.xml", sitemaps.sitemap, name="sitemap_language_part"),
    path("sitemap-<str:language>.xml", sitemaps.sitemap, name="sitemap_language"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    *search_urls.page_urlpatterns,
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
