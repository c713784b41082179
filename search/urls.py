"""URLs of the search app: the page (mounted under each language prefix) and the JSON API."""

from django.urls import path

from search import views

page_urlpatterns = [path("search/", views.search_page, name="search")]
api_urlpatterns = [
    path("api/search/", views.search_api, name="search_api"),
    path("api/search/suggest/", views.suggest_api, name="search_suggest"),
    path("api/search/openapi.json", views.openapi_view, name="search_openapi"),
]
