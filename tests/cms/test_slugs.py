"""New pages get ASCII slugs: the admin's slug widget transliterates Vietnamese (cms/slugs.py)."""

import json
import re

from django.conf import settings
from django.utils.text import slugify

from cms.slugs import TRANSLITERATION, transliterate
from home.models import HomePage


def test_unicode_slugs_are_off():
    assert settings.WAGTAIL_ALLOW_UNICODE_SLUGS is False


def test_vietnamese_titles_become_readable_ascii_slugs():
    title = "Chỉ thị số 15 về đổi mới sáng tạo, ứng dụng trí tuệ nhân tạo Ở ĐƠN VỊ"

    assert slugify(transliterate(title)) == "chi-thi-so-15-ve-doi-moi-sang-tao-ung-dung-tri-tue-nhan-tao-o-don-vi"


def test_every_marked_vietnamese_letter_has_a_formatter():
    vietnamese = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    covered = "".join(re.sub(r"[\[\]]", "", pattern) for pattern, _replacement in TRANSLITERATION)

    missing = [letter for letter in vietnamese + vietnamese.upper() if letter not in covered]

    assert missing == []


def test_the_page_forms_slug_widget_carries_the_formatters(db):
    form_class = HomePage.get_edit_handler().get_form_class()
    widget = form_class().fields["slug"].widget

    formatters = json.loads(widget.attrs["data-w-slug-formatters-value"])
    replacements = {replacement for _regex, replacement in formatters}
    assert {"a", "d", "o", "u", "D"} <= replacements
    assert widget.attrs["data-w-slug-allow-unicode-value"] is False
