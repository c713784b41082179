"""Admin URLs of the translation workflow's own views (mounted under /admin/translation-queue/tools/)."""

from django.urls import path

from locales.views import exchange, reference_labels

urlpatterns: list = [
    path("exchange/", exchange.ExchangeView.as_view(), name="exchange"),
    path("exchange/download/", exchange.download_view, name="exchange_download"),
    path("reference-labels/", reference_labels.ReferenceLabelsView.as_view(), name="reference_labels"),
]
