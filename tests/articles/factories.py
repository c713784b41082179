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


def upload_image(title: str = "Ảnh minh họa", size: tuple[int, int] = (1200, 675)):
    from wagtail.images.models import Image

    from home.demo_media import make_image

    return Image.objects.create(title=title, file=make_image(title, size=size))


def upload_document(title: str, content):
    from wagtail.documents.models import Document

    return Document.objects.create(title=title, file=content)


def upload_audio(seconds: float = 3.0, title: str = "Tập 1"):
    from wagtailmedia.models import Media

    from home.demo_media import make_mp3

    return Media.objects.create(title=title, type="audio", file=make_mp3(seconds))
