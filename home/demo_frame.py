"""Demo content of the site's frame: the publisher's identity, the accessibility statement (#12).

The publisher is fictional, in the style of a Party committee's communication board; its texts are
written for the demo in every content language. The accessibility statement is an
`cms.models.InformationPage` under the source home page, translated through wagtail-localize like
every other demo page (home.demo._ensure_page). Idempotent: settings already filled in and pages
already made are left as they are.
"""

import uuid
from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, Site

from cms.models import InformationPage, PublisherSettings

BLOCK_ID_NAMESPACE = uuid.UUID("5d0a7c1e-3f9b-4c52-9e61-2b7f0c8d4a13")

PUBLISHER_TEXTS: dict[str, dict[str, str]] = {
    "name": {
        "vi": "Ban Tuyên giáo và Dân vận",
        "en": "Board of Communication and Mass Mobilisation",
        "uk": "Відділ пропаганди та роботи з населенням",
    },
    "tagline": {
        "vi": "Văn bản chỉ đạo và truyền thông về chuyển đổi số — trang minh họa",
        "en": "Directives and communication on digital transformation — a demonstration site",
        "uk": "Директиви й комунікація щодо цифрової трансформації — демонстраційний сайт",
    },
    "address": {
        "vi": "Số 1 phố Minh Họa, phường Ba Đình\nHà Nội, Việt Nam",
        "en": "1 Minh Hoa Street, Ba Dinh Ward\nHanoi, Viet Nam",
        "uk": "вул. Мінь Хоа, 1, квартал Бадінь\nХаной, В'єтнам",
    },
    "contact": {
        "vi": (
            "Góp ý về nội dung hoặc báo lỗi trên trang, xin gửi thư cho ban biên tập; chúng tôi trả lời "
            "trong ba ngày làm việc."
        ),
        "en": (
            "To comment on the content or report a problem with the site, write to the editors; we answer"
            " within three working days."
        ),
        "uk": (
            "Щоб прокоментувати матеріали або повідомити про помилку на сайті, напишіть редакції; ми "
            "відповідаємо протягом трьох робочих днів."
        ),
    },
}
PUBLISHER_SHARED = {"phone": "+84 24 3000 0000", "email": "bientap@example.org"}

ACCESSIBILITY = {
    "title": {"vi": "Tuyên bố về khả năng tiếp cận", "en": "Accessibility statement", "uk": "Заява про доступність"},
    "slug": {"vi": "kha-nang-tiep-can", "en": "accessibility", "uk": "dostupnist"},
    "intro": {
        "vi": (
            "Trang này nói rõ mức độ mọi người, kể cả người khuyết tật, có thể đọc, nghe và xem nội dung "
            "của trang thông tin, và cách báo cho chúng tôi khi gặp khó khăn."
        ),
        "en": (
            "This page says how far everyone, including disabled people, can read, listen to and watch "
            "what this site publishes, and how to tell us when something gets in the way."
        ),
        "uk": (
            "Ця сторінка пояснює, наскільки кожен, зокрема люди з інвалідністю, може читати, слухати й "
            "дивитися матеріали сайту, і як повідомити нам про перешкоди."
        ),
    },
    "body": [
        ("heading", {"vi": "Mục tiêu của chúng tôi", "en": "What we aim for", "uk": "До чого ми прагнемо"}),
        (
            "paragraph",
            {
                "vi": (
                    "Chúng tôi xây dựng trang theo Hướng dẫn về khả năng tiếp cận nội dung web (WCAG) "
                    "2.2, mức AA. Mọi trang đều dùng được bằng bàn phím, phóng to tới 200% mà không mất "
                    "nội dung, và đọc được bằng trình đọc màn hình."
                ),
                "en": (
                    "We build the site to the Web Content Accessibility Guidelines (WCAG) 2.2 at level "
                    "AA. Every page works with a keyboard alone, can be zoomed to 200% without losing "
                    "content, and can be read with a screen reader."
                ),
                "uk": (
                    "Ми створюємо сайт відповідно до Настанов із доступності вебвмісту (WCAG) 2.2 на "
                    "рівні AA. Кожною сторінкою можна користуватися лише з клавіатури, її можна збільшити"
                    " до 200% без втрати вмісту і прочитати за допомогою екранного читача."
                ),
            },
        ),
        (
            "paragraph",
            {
                "vi": (
                    "Video có phụ đề bằng cả ba thứ tiếng và bản ghi lời; podcast có bản ghi lời; "
                    "infographic có phần mô tả bằng chữ."
                ),
                "en": (
                    "Videos have captions in all three languages and a transcript; podcast episodes have "
                    "a transcript; infographics have a text description."
                ),
                "uk": (
                    "Відео мають субтитри всіма трьома мовами та стенограму; епізоди подкасту мають "
                    "стенограму; інфографіка має текстовий опис."
                ),
            },
        ),
        ("heading", {"vi": "Những hạn chế đã biết", "en": "Known limitations", "uk": "Відомі обмеження"}),
        (
            "paragraph",
            {
                "vi": (
                    "Một số văn bản gốc dạng PDF là bản quét, chưa đọc được bằng trình đọc màn hình; nội "
                    "dung của chúng luôn có trên trang dưới dạng chữ. Bản dịch tiếng Anh và tiếng Ukraina"
                    " có thể chậm hơn bản tiếng Việt; khi đó trang sẽ ghi rõ."
                ),
                "en": (
                    "Some original PDF documents are scans that a screen reader cannot read yet; their "
                    "text is always on the page as well. English and Ukrainian translations may lag "
                    "behind the Vietnamese original; the page says so when they do."
                ),
                "uk": (
                    "Деякі оригінальні документи у форматі PDF є сканами, які екранний читач поки не може"
                    " прочитати; їхній текст завжди є й на самій сторінці. Англійський та український "
                    "переклади можуть відставати від в'єтнамського оригіналу; тоді сторінка про це "
                    "повідомляє."
                ),
            },
        ),
        ("heading", {"vi": "Cách chúng tôi kiểm tra", "en": "How we test", "uk": "Як ми перевіряємо"}),
        (
            "paragraph",
            {
                "vi": (
                    "Mỗi thay đổi đều được kiểm tra tự động về khả năng tiếp cận trên mọi loại trang và "
                    "cả ba thứ tiếng, cùng với kiểm tra bằng bàn phím trên máy tính và điện thoại."
                ),
                "en": (
                    "Every change is checked automatically for accessibility on every kind of page in all"
                    " three languages, together with keyboard checks on a desktop and a phone."
                ),
                "uk": (
                    "Кожну зміну автоматично перевіряють на доступність на всіх типах сторінок усіма "
                    "трьома мовами, а також перевіряють роботу з клавіатури на комп'ютері й телефоні."
                ),
            },
        ),
        ("heading", {"vi": "Báo cho chúng tôi", "en": "Tell us", "uk": "Повідомте нам"}),
        (
            "paragraph",
            {
                "vi": (
                    "Nếu bạn không đọc, nghe hoặc xem được nội dung nào, xin gửi thư tới "
                    "bientap@example.org, ghi rõ địa chỉ trang; chúng tôi sẽ gửi nội dung ở dạng phù hợp "
                    "trong ba ngày làm việc."
                ),
                "en": (
                    "If you cannot read, hear or watch something, write to bientap@example.org with the "
                    "page's address; we will send it to you in a form that suits you within three working"
                    " days."
                ),
                "uk": (
                    "Якщо ви не можете прочитати, почути чи переглянути якийсь матеріал, напишіть на "
                    "bientap@example.org, вказавши адресу сторінки; протягом трьох робочих днів ми "
                    "надішлемо його у зручній для вас формі."
                ),
            },
        ),
    ],
}


def _body(language: str) -> list[dict]:
    """The statement's StreamField data, block ids shared by every language (segments pair up by path)."""
    return [
        {
            "type": kind,
            "value": texts[language] if kind == "heading" else f"<p>{texts[language]}</p>",
            "id": str(uuid.uuid5(BLOCK_ID_NAMESPACE, f"accessibility/{index}")),
        }
        for index, (kind, texts) in enumerate(ACCESSIBILITY["body"])
    ]


def _build_statement(language: str) -> InformationPage:
    return InformationPage(
        title=ACCESSIBILITY["title"][language],
        slug=ACCESSIBILITY["slug"][language],
        intro=ACCESSIBILITY["intro"][language],
        body=_body(language),
    )


def ensure_accessibility_statement(home: Page, user=None) -> InformationPage:
    """The accessibility statement under the source home page, translated into every content language."""
    from home.demo import _ensure_page  # home.demo imports this module

    return _ensure_page(home, InformationPage, ACCESSIBILITY["slug"][settings.LANGUAGE_CODE], _build_statement, user)


def _fill_empty(setting: PublisherSettings, texts: Mapping[str, Mapping[str, str]]) -> None:
    for name, by_language in texts.items():
        for code, text in by_language.items():
            column = build_localized_fieldname(name, code)
            if not getattr(setting, column, None):
                setattr(setting, column, text)


@transaction.atomic
def ensure_frame(home: Page, user=None) -> None:
    """Create or update the frame's demo content under the source-language home page (idempotent)."""
    statement = ensure_accessibility_statement(home, user)
    for site in Site.objects.filter(root_page=home):
        setting = PublisherSettings.for_site(site)
        _fill_empty(setting, PUBLISHER_TEXTS)
        for name, value in PUBLISHER_SHARED.items():
            if not getattr(setting, name):
                setattr(setting, name, value)
        if setting.accessibility_page_id is None:
            setting.accessibility_page = statement
        setting.save()
