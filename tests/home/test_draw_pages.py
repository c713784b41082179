"""`manage.py draw_pages` (home/demo_renditions.py): after it, the pictures a visitor's first page view
needs are already made, and a page that fails is reported."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Locale

from articles.models import Theme
from tests.articles.site_builder import build_every_page_type, translate_everywhere

pytestmark = pytest.mark.django_db


def test_every_live_page_is_drawn_and_its_renditions_are_made(capsys):
    theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital transformation")
    pages = build_every_page_type(theme)
    translate_everywhere(pages["infographic"], {locale.language_code: locale for locale in Locale.objects.all()})
    image = get_image_model().objects.get(pk=pages["infographic"].image_id)
    assert not image.renditions.exists()

    call_command("draw_pages")

    assert "live pages once" in capsys.readouterr().out
    formats = {rendition.file.name.rsplit(".", 1)[-1] for rendition in image.renditions.all()}
    assert {"avif", "webp"} <= formats  # the cards' modern formats, made before anyone asked


def test_a_page_that_fails_is_reported(monkeypatch):
    theme = Theme.objects.create(slug="an-ninh", name_vi="An ninh")
    pages = build_every_page_type(theme)
    broken = type(pages["article"])

    def fail(self, request, *args, **kwargs):
        raise RuntimeError("template error")

    monkeypatch.setattr(broken, "serve", fail)

    with pytest.raises(CommandError, match="did not answer 200"):
        call_command("draw_pages")
