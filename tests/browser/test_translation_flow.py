"""The translation workflow end to end, through the real Wagtail admin in Chromium.

An editor publishes a Vietnamese directive; the queue gets an English and a Ukrainian item. A Ukrainian
translator claims hers, fills what the translation memory knows, translates the rest in wagtail-localize's
editor, mistypes the directive number, sees the QA check refuse the submission, fixes it and submits. A
Ukrainian reviewer approves in Wagtail's workflow (the dashboard's "Awaiting your review" panel); the
Ukrainian page goes live and the item is done. The editor then changes the Vietnamese summary and the item
reopens, outdated by one segment.

The people are set up as an administrator would (users in the locale teams' groups) with manage.py on
the live site's own database; everything else is clicks. Everyone uses the admin in English so the
selectors read as the labels do (the product's own markers, `data-action`, `data-qa-code`, … are used
where they exist).
"""

import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

EXPECT_TIMEOUT_MS = 20_000
PLAYWRIGHT_DEFAULT_EXPECT_TIMEOUT_MS = 5_000

PASSWORDS = {"editor": "editor-pw-381", "oksana": "oksana-pw-381", "petro": "petro-pw-381"}

NUMBER = "381-CV/ĐU"
MISTYPED_NUMBER = "318-CV/ĐU"
VI_TITLE = "Công văn 381-CV/ĐU về tiếp tục triển khai Kế hoạch truyền thông"
# The subject of the demo's 380-CV/ĐU, and its summary with this directive's number: the translation memory
# knows the first as it is (exact match) and the second with another number (swapped in).
VI_SUBJECT = (
    "V/v triển khai Kế hoạch truyền thông thúc đẩy chuyển đổi số liên thông, đồng bộ, nhanh, hiệu quả, "
    "đáp ứng yêu cầu sắp xếp tổ chức bộ máy của hệ thống chính trị"
)
VI_SUMMARY = (
    "Đảng ủy Chính phủ giao các đảng ủy trực thuộc đưa Kế hoạch truyền thông 381-CV/ĐU vào từng cơ quan, đơn vị, "
    "doanh nghiệp: tự lập kế hoạch riêng và làm infographic, video, podcast, talkshow, chuyên trang, chuyên mục."
)
VI_SUMMARY_ADDITION = " Các đơn vị báo cáo kết quả trước ngày 15/12/2025."
UK_SUMMARY_FROM_MEMORY_START = "Урядовий партійний комітет доручає підпорядкованим партійним комітетам"
UK_TITLE = "Лист 381-CV/ĐU про подальше виконання комунікаційного плану"
UK_SLUG = "lyst-381-cv-du"
# title, slug, subject, summary (the other translatable fields are left empty)
SEGMENTS = 4

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile
from articles.models import DirectiveIndexPage
from locales.permissions import ensure_locale_teams, team_group

ensure_locale_teams()
passwords = json.loads(PASSWORDS)
User = get_user_model()
editor = User.objects.create_superuser("editor", "editor@example.com", passwords["editor"])
oksana = User.objects.create_user("oksana", "oksana@example.com", passwords["oksana"])
oksana.groups.add(team_group("uk", "translator"))
petro = User.objects.create_user("petro", "petro@example.com", passwords["petro"])
petro.groups.add(team_group("uk", "reviewer"))
for user in (editor, oksana, petro):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
registers = {page.locale.language_code: page for page in DirectiveIndexPage.objects.select_related("locale")}
print("SETUP " + json.dumps({"vi_register": registers["vi"].pk, "uk_register_url": registers["uk"].get_url()}))
"""


@pytest.fixture(autouse=True)
def _patient_expectations():
    """Admin pages (publishing, the translation editor) take longer than Playwright's default 5 s here."""
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    yield
    expect.set_options(timeout=PLAYWRIGHT_DEFAULT_EXPECT_TIMEOUT_MS)


@pytest.fixture
def people(site_manage) -> dict:
    """Users `editor` (superuser), `oksana` (Translators (uk)) and `petro` (Reviewers (uk)) on the live site."""
    code = SETUP.replace("json.loads(PASSWORDS)", f"json.loads({json.dumps(PASSWORDS)!r})")
    output = site_manage("shell", "-c", code)
    line = next(line for line in output.splitlines() if line.startswith("SETUP "))
    return json.loads(line.removeprefix("SETUP "))


# --- what the pages show -------------------------------------------------------------------------------


def item_status(page: Page):
    """The status tag of a queue item page (the first value of its "State" list)."""
    return page.locator("section[aria-labelledby=queue-item-state] dd").first


def messages(page: Page):
    return page.locator(".messages")


def act(page: Page, action: str) -> None:
    """Press one of the item page's "Next steps" buttons and wait for the page it leads back to."""
    with page.expect_navigation():
        page.locator(f'button[data-action="{action}"]').click()


def translate_segment(page: Page, tab: str, field: str, text: str) -> None:
    """In wagtail-localize's editor: open `field`'s segment on `tab`, type `text`, save, wait until saved."""
    page.locator(f"#tab-label-{tab}").click()
    segment = page.locator(f"#tab-{tab} section > ul > li").filter(
        has=page.get_by_role("heading", name=field, exact=True)
    )
    segment.get_by_role("button", name=re.compile(r"^(Translate|Edit)$")).click()
    segment.locator("textarea").fill(text)
    with page.expect_response(lambda answer: answer.request.method != "GET" and "/localize/" in answer.url) as saved:
        segment.get_by_role("button", name="Save").click()
    assert saved.value.ok, f"saving the {field} segment answered {saved.value.status}"
    expect(segment.locator("textarea")).to_have_count(0)
    expect(segment).not_to_contain_text("Saving...")
    expect(segment).to_contain_text(text)


def segment_translation(page: Page, tab: str, field: str):
    """In wagtail-localize's editor: the translation shown for `field`'s segment on `tab`."""
    page.locator(f"#tab-label-{tab}").click()
    segment = page.locator(f"#tab-{tab} section > ul > li").filter(
        has=page.get_by_role("heading", name=field, exact=True)
    )
    return segment.locator("li > div > p")


def choose_snippet(page: Page, button: str, choice: str) -> None:
    """Pick `choice` in a snippet chooser modal opened by the button labelled `button`."""
    page.get_by_role("button", name=button).click()
    dialog = page.get_by_role("dialog")
    dialog.locator("a[data-chooser-modal-choice]", has_text=choice).click()
    expect(dialog).to_be_hidden()


def publish(page: Page) -> None:
    """The edit form's "Publish" (in the footer's "More actions" menu)."""
    page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.locator("button[name=action-publish]").click()


# --- the flow ------------------------------------------------------------------------------------------


def test_a_directive_goes_from_publication_through_translation_and_review_to_live_and_reopens(
    site_url: str, people: dict, admin_as, browser: Browser
):
    queue = site_url + "/admin/translation-queue/"

    # 1. The editor publishes a new Vietnamese directive under the directive register.
    editor = admin_as("editor", PASSWORDS["editor"])
    editor.goto(f"{site_url}/admin/pages/{people['vi_register']}/")
    editor.get_by_role("link", name="Add child page").first.click()
    expect(editor).to_have_url(re.compile(r"/admin/pages/add/articles/directivepage/\d+/$"))
    editor.locator("#id_title").fill(VI_TITLE)
    editor.locator("#id_subject").fill(VI_SUBJECT)
    editor.locator("#id_summary").fill(VI_SUMMARY)
    editor.get_by_role("tab", name="Metadata").click()
    editor.locator("#id_number").fill(NUMBER)
    choose_snippet(editor, "Choose document type", "CV — ")
    choose_snippet(editor, "Choose issuing body", "Government Party Committee")
    editor.locator("#id_issue_date").fill("2025-10-01")
    editor.keyboard.press("Escape")  # close the date picker
    publish(editor)
    expect(messages(editor)).to_contain_text("created and published")

    # The queue now holds an English and a Ukrainian item for it, both to do.
    editor.goto(queue + "?status=to_do")
    rows = editor.locator("table.listing tbody tr").filter(has_text=VI_TITLE)
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="English")).to_have_count(1)
    expect(rows.filter(has_text="Українська")).to_have_count(1)
    expect(rows.filter(has_text="Українська")).to_contain_text(f"0/{SEGMENTS} (0%)")

    # 2. Oksana (Translators (uk)) finds the Ukrainian item in her queue and claims it.
    oksana = admin_as("oksana", PASSWORDS["oksana"])
    oksana.goto(queue + "?status=to_do")
    mine = oksana.locator("table.listing tbody tr").filter(has_text=VI_TITLE)
    expect(mine).to_have_count(1)  # only her language's item
    expect(mine).to_contain_text("Українська")
    mine.get_by_role("link", name=VI_TITLE).click()
    expect(oksana).to_have_url(re.compile(r"/admin/translation-queue/inspect/\d+/$"))
    item_url = oksana.url
    expect(item_status(oksana)).to_have_text("To do")

    act(oksana, "claim")
    expect(messages(oksana)).to_contain_text("You are now translating")
    expect(item_status(oksana)).to_have_text("In progress")
    expect(oksana.locator("[data-progress]")).to_contain_text(f"0 of {SEGMENTS} segments")

    # The translation memory fills the subject (known as it is) and the summary (known with another number).
    act(oksana, "machine-translate")
    expect(messages(oksana)).to_contain_text(f"Filled from Translation memory: 2 of {SEGMENTS} segments")
    expect(oksana.locator("[data-progress]")).to_contain_text(f"2 of {SEGMENTS} segments")

    # 3. In wagtail-localize's editor she checks the memory's summary, translates the title and the slug,
    # and mistypes the directive number in the summary.
    oksana.get_by_role("link", name="Open the translation editor").click()
    summary = segment_translation(oksana, "content", "Summary")
    expect(summary).to_contain_text(UK_SUMMARY_FROM_MEMORY_START)
    expect(summary).to_contain_text(NUMBER)
    uk_summary = summary.inner_text().strip()
    translate_segment(oksana, "content", "Title", UK_TITLE)
    translate_segment(oksana, "promote", "Slug", UK_SLUG)
    translate_segment(oksana, "content", "Summary", uk_summary.replace(NUMBER, MISTYPED_NUMBER))

    # The item page lists the QA problem, and submitting for review is refused.
    oksana.goto(item_url)
    expect(oksana.locator("[data-progress]")).to_contain_text(f"{SEGMENTS} of {SEGMENTS} segments")
    problem = oksana.locator('[data-qa-code="directive_number"]')
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text(NUMBER)
    expect(problem).to_contain_text(MISTYPED_NUMBER)
    act(oksana, "submit")
    expect(messages(oksana)).to_contain_text("1 QA problem is still open")
    expect(item_status(oksana)).to_have_text("In progress")

    # She fixes the number in the editor; the QA list clears and the translation goes to review.
    oksana.get_by_role("link", name="Open the translation editor").click()
    translate_segment(oksana, "content", "Summary", uk_summary)
    oksana.goto(item_url)
    expect(oksana.locator("[data-qa-code]")).to_have_count(0)
    expect(oksana.get_by_text("No problems found.")).to_be_visible()
    act(oksana, "submit")
    expect(messages(oksana)).to_contain_text("was submitted for review")
    expect(item_status(oksana)).to_have_text("In review")

    # Nothing goes live before review: a visitor does not find the Ukrainian page yet.
    uk_public_url = site_url + people["uk_register_url"] + UK_SLUG + "/"
    visitor = browser.new_context().new_page()
    response = visitor.goto(uk_public_url)
    assert response is not None and response.status == 404
    visitor.context.close()

    # 4. Petro (Reviewers (uk)) approves in Wagtail's workflow, from his dashboard.
    petro = admin_as("petro", PASSWORDS["petro"])
    awaiting = petro.locator("#awaiting-review-section tbody tr").filter(has_text=UK_TITLE)
    expect(awaiting).to_have_count(1)
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name="Approve with comment").click()
    dialog = petro.get_by_role("dialog")
    dialog.locator("textarea[name=comment]").fill("Добре, публікуємо.")
    with petro.expect_navigation():
        dialog.locator("button[type=submit]").click()
    expect(petro.locator("#awaiting-review-section tbody tr").filter(has_text=UK_TITLE)).to_have_count(0)

    # The Ukrainian page is live for visitors …
    visitor = browser.new_context().new_page()
    response = visitor.goto(uk_public_url)
    assert response is not None and response.status == 200
    expect(visitor.locator("html")).to_have_attribute("lang", "uk")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(UK_TITLE)
    visitor.context.close()

    # … and the queue item is done, by the reviewer.
    petro.goto(item_url)
    expect(item_status(petro)).to_have_text("Done")
    expect(petro.locator(".queue-item__history li").first).to_contain_text("petro")
    expect(petro.locator(".queue-item__history li").first).to_contain_text("“Done”")

    # 5. The editor changes the Vietnamese summary and publishes: the item reopens, one segment outdated.
    editor.goto(item_url)
    editor.get_by_role("link", name="View the source").click()
    expect(editor.locator("#id_summary")).to_have_value(VI_SUMMARY)
    editor.locator("#id_summary").fill(VI_SUMMARY + VI_SUMMARY_ADDITION)
    publish(editor)
    expect(messages(editor)).to_contain_text("has been published")

    editor.goto(item_url)
    expect(item_status(editor)).to_have_text("Reopened")
    expect(editor.locator("[data-outdated]")).to_have_text("Outdated: 1 segment is new or changed.")
    expect(editor.locator("[data-progress]")).to_contain_text(f"{SEGMENTS - 1} of {SEGMENTS} segments")
    # In the list: the Ukrainian item among the reopened ones, the English one, never started, still to do.
    editor.goto(queue + "?status=reopened")
    reopened = editor.locator("table.listing tbody tr").filter(has_text=VI_TITLE)
    expect(reopened).to_have_count(1)
    expect(reopened).to_contain_text("Українська")
    expect(reopened).to_contain_text("1 changed")
    editor.goto(queue + "?status=to_do")
    still_to_do = editor.locator("table.listing tbody tr").filter(has_text=VI_TITLE)
    expect(still_to_do).to_have_count(1)
    expect(still_to_do).to_contain_text("English")
