"""Factories for the articles app's pages, built under the Vietnamese home page by default."""

import datetime

import factory
import wagtail_factories

from articles.models import DirectiveIndexPage, DirectivePage, DocumentType, IssuingBody


class DirectiveIndexPageFactory(wagtail_factories.PageFactory):
    title = "Văn bản chỉ đạo"
    slug = "van-ban"

    class Meta:
        model = DirectiveIndexPage


class DirectivePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Văn bản {n}")
    slug = factory.Sequence(lambda n: f"van-ban-{n}")
    number = factory.Sequence(lambda n: f"{n + 1}-NQ/TW")
    document_type = factory.LazyFunction(lambda: DocumentType.objects.get(code="NQ"))
    issuing_body = factory.LazyFunction(lambda: IssuingBody.objects.get(abbreviation="TW"))
    issue_date = datetime.date(2024, 12, 22)

    class Meta:
        model = DirectivePage
