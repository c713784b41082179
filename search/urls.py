"""URLs of the search app: the page and its feed twin (mounted under each language prefix) and the JSON API."""

from django.urls import path

from search import feeds, views

page_urlpatterns = [
    path("search/", views.search_page, name="search"),
    # The page's feed twin: the same query string (search_feed_atom, search_feed_rss).
    *feeds.feed_urls("search/feed", feeds.SearchFeed, "search_feed"),
]
api_urlpatterns = [
    path("api/search/", views.search_api, name="search_api"),
    path("api/search/suggest/", views.suggest_api, name="search_suggest"),
    path("api/search/openapi.json", views.openapi_view, name="search_openapi"),
]
