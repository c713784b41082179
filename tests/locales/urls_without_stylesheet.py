"""A site that mounts the sitemaps but has no `sitemap_stylesheet` (locales/ as a plugin elsewhere)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls

from locales import sitemaps

urlpatterns = [
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<str:language>-<int:part>.xml", sitemaps.sitemap, name="sitemap_language_part"),
    path("sitemap-<str:language>.xml", sitemaps.sitemap, name="sitemap_language"),
    *i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False),
]
