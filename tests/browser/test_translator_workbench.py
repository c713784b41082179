"""A Ukrainian translator's day in the translation workbench, in a Ukrainian browser (issue #14's must-show).

The demo's Ukrainian translation of directive 184-NQ/ĐU is done and live. An editor changes three
characters of the Vietnamese summary (through the ORM in the site's own process, as `manage.py shell`
would): the item reopens. Nadiia, a Ukrainian translator whose browser asks for Ukrainian (uk-UA) and who
never chose an admin language, signs in to a Ukrainian admin, opens the reopened item, sees the previous
translation of the summary with its similarity score and the word diff of the source, accepts it, opens
wagtail-localize's editor, types a wrong directive number and sees the QA problem on that segment, fixes
it (the problem goes) and submits for review from the editor's QA panel. Bohdan, a Ukrainian reviewer,
approves; visitors read the new summary on the Ukrainian page.

Selectors use the product's own markers (`data-action`, `data-memory-*`, `data-qa-code`, the QA panel's
`data-editor-qa-*`) and Ukrainian labels where a person reads them.
"""

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import ADMIN_TIMEOUT_MS

pytestmark = pytest.mark.browser

EXPECT_TIMEOUT_MS = 20_000
PLAYWRIGHT_DEFAULT_EXPECT_TIMEOUT_MS = 5_000
UKRAINIAN_BROWSER = {"locale": "uk-UA", "extra_http_headers": {"Accept-Language": "uk-UA,uk;q=0.9"}}

PASSWORDS = {"nadiia": "nadiia-pw-184", "bohdan": "bohdan-pw-184"}
NUMBER = "184-NQ/ĐU"
CITED = "02-NQ/ĐUK"  # the directive its summary cites
MISTYPED = "20-NQ/ĐUK"
# Three characters added to the Vietnamese summary ("đã "): the old and new texts are 98 % alike.
VI_BEFORE, VI_AFTER = "PVEP tiếp tục", "PVEP đã tiếp tục"
# What Nadiia makes of the previous translation, with the change in it ("уже": already).
UK_BEFORE, UK_AFTER = "доповнюють її", "уже доповнили її"
SUMMARY_LABEL = "Короткий зміст"

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale
from articles.models import DirectivePage
from locales.models import QueueItem
from locales.permissions import ensure_locale_teams, team_group

ensure_locale_teams()
passwords = json.loads(PASSWORDS)
User = get_user_model()
nadiia = User.objects.create_user("nadiia", "nadiia@example.com", passwords["nadiia"])
nadiia.groups.add(team_group("uk", "translator"))
bohdan = User.objects.create_user("bohdan", "bohdan@example.com", passwords["bohdan"])
bohdan.groups.add(team_group("uk", "reviewer"))

source = next(page for page in DirectivePage.objects.filter(locale__language_code="vi") if page.number == NUMBER)
assert VI_BEFORE in source.summary, source.summary
source.summary = source.summary.replace(VI_BEFORE, VI_AFTER)
source.save_revision().publish()

uk = Locale.objects.get(language_code="uk")
target = source.get_translation(uk)
item = QueueItem.objects.get(object_id=source.translation_key, target_locale=uk)
print("SETUP " + json.dumps({
    "item": item.pk, "status": item.status, "changed": item.changed_segments, "title": source.title,
    "uk_page": target.pk, "uk_url": target.get_url(), "uk_summary": target.summary,
}))
"""


@pytest.fixture(autouse=True)
def _patient_expectations():
    """Admin pages (the translation editor, publishing) take longer than Playwright's default 5 s here."""
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    yield
    expect.set_options(timeout=PLAYWRIGHT_DEFAULT_EXPECT_TIMEOUT_MS)


@pytest.fixture
def reopened(site_manage) -> dict:
    """The translator and reviewer, and the three-character change that reopened the Ukrainian 184-NQ/ĐU."""
    code = (
        SETUP.replace("json.loads(PASSWORDS)", f"json.loads({json.dumps(PASSWORDS)!r})")
        .replace("== NUMBER", f"== {NUMBER!r}")
        .replace("VI_BEFORE in", f"{VI_BEFORE!r} in")
        .replace("replace(VI_BEFORE, VI_AFTER)", f"replace({VI_BEFORE!r}, {VI_AFTER!r})")
    )
    output = site_manage("shell", "-c", code)
    line = next(line for line in output.splitlines() if line.startswith("SETUP "))
    setup = json.loads(line.removeprefix("SETUP "))
    assert setup["status"] == "reopened" and setup["changed"] == 1, setup
    assert UK_BEFORE in setup["uk_summary"] and CITED in setup["uk_summary"], setup["uk_summary"]
    return setup


@pytest.fixture
def ukrainian_admin(
    browser: Browser, site_url: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[str], Page]]:
    """`ukrainian_admin(username)`: a fresh uk-UA browser signed in through the (Ukrainian) login form.

    On failure every open page is saved as a screenshot and its HTML in the test's tmp_path.
    """
    contexts: list[tuple[str, BrowserContext]] = []

    def login(username: str) -> Page:
        context = browser.new_context(viewport={"width": 1366, "height": 1000}, **UKRAINIAN_BROWSER)
        context.set_default_timeout(ADMIN_TIMEOUT_MS)
        contexts.append((username, context))
        page = context.new_page()
        page.goto(site_url + "/admin/login/")
        expect(page.locator("html")).to_have_attribute("lang", "uk")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(PASSWORDS[username])
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(site_url + "/admin/")
        return page

    yield login

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for username, context in contexts:
            for number, page in enumerate(context.pages):
                stem = tmp_path / f"failure-{username}-{number}"
                try:
                    page.screenshot(path=f"{stem}.png", full_page=True)
                    Path(f"{stem}.html").write_text(page.content())
                except Exception as error:  # a crashed page must not hide the test's own failure
                    print(f"could not save {stem}: {error}")
        print(f"Screenshots of the failed browser test: {tmp_path}")
    for _username, context in contexts:
        context.close()


# --- what the pages show -------------------------------------------------------------------------------


def item_status(page: Page):
    """The status tag of a queue item page (the first value of its "State" list)."""
    return page.locator("section[aria-labelledby=queue-item-state] dd").first


def act(page: Page, action: str) -> None:
    """Press one of the item page's "Next steps" buttons and wait for the page it leads back to."""
    with page.expect_navigation():
        page.locator(f'button[data-action="{action}"]').click()


def editor_segment(page: Page, field: str):
    """In wagtail-localize's editor: the (first) segment of the field headed `field`."""
    group = page.locator(".js-translation-editor section > ul > li").filter(
        has=page.get_by_role("heading", name=field, exact=True)
    )
    return group.locator(":scope > ul > li").first


def save_segment(page: Page, segment, text: str) -> None:
    """Edit a translated segment in the editor, type `text`, save, and wait for the QA panel to be asked again."""
    segment.get_by_role("button", name="Редагувати").click()
    segment.locator("textarea").fill(text)
    with page.expect_response(lambda answer: "/qa/" in answer.url and answer.request.method == "GET") as asked:
        segment.get_by_role("button", name="Зберегти").click()
    assert asked.value.ok, f"the QA endpoint answered {asked.value.status}"
    expect(segment.locator("textarea")).to_have_count(0)
    expect(segment).to_contain_text(text)


# --- the flow ------------------------------------------------------------------------------------------


def test_a_ukrainian_translator_takes_back_a_reopened_item_fixes_qa_in_the_editor_and_it_goes_live(
    site_url: str, reopened: dict, ukrainian_admin, browser: Browser
):
    item_url = f"{site_url}/admin/translation-queue/inspect/{reopened['item']}/"

    # 1. Nadiia's browser asks for Ukrainian; she never chose an admin language: the admin is Ukrainian.
    nadiia = ukrainian_admin("nadiia")
    expect(nadiia.locator("html")).to_have_attribute("lang", "uk")
    expect(nadiia.get_by_role("link", name="Черга перекладу")).to_be_visible()  # "Translation queue"
    expect(nadiia.get_by_role("button", name="Сторінки")).to_be_visible()  # Wagtail's own "Pages"

    # 2. The reopened item is in her queue; she opens and claims it.
    nadiia.goto(site_url + "/admin/translation-queue/?status=reopened")
    row = nadiia.locator("table.listing tbody tr").filter(has_text=reopened["title"][:40])
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Українська")
    row.get_by_role("link", name=reopened["title"][:40]).click()
    expect(nadiia).to_have_url(item_url)
    expect(item_status(nadiia)).to_have_text(re.compile("Відкрито знову", re.IGNORECASE))  # "Reopened"
    act(nadiia, "claim")
    expect(item_status(nadiia)).to_have_text(re.compile("У роботі", re.IGNORECASE))  # "In progress"

    # 3. The translation memory offers the summary's previous translation, with its score and the diff.
    previous = nadiia.locator("[data-memory-previous]")
    expect(previous).to_have_count(1)
    assert int(previous.get_attribute("data-score")) >= 95
    expect(previous).to_contain_text(f"{previous.get_attribute('data-score')}%")
    expect(previous.locator("[data-memory-diff] ins")).to_have_text("đã")
    expect(previous.locator("[data-memory-diff]")).to_contain_text("PVEP")
    expect(previous).to_contain_text(reopened["uk_summary"])
    with nadiia.expect_navigation():
        previous.get_by_role("button", name="Використати").click()  # "Use this"
    expect(nadiia.locator(".messages")).to_be_visible()
    expect(nadiia.locator("[data-memory-previous]")).to_have_count(0)

    # 4. In wagtail-localize's editor, still in Ukrainian, the QA panel has nothing to say yet.
    nadiia.get_by_role("link", name="Відкрити редактор перекладу").click()
    expect(nadiia).to_have_url(f"{site_url}/admin/pages/{reopened['uk_page']}/edit/")
    expect(nadiia.locator("html")).to_have_attribute("lang", "uk")
    panel = nadiia.locator("section.editor-qa")
    expect(panel).to_be_visible()
    expect(panel.locator("[data-editor-qa-summary]")).to_have_text("Проблем не виявлено.")
    summary = editor_segment(nadiia, SUMMARY_LABEL)
    expect(summary).to_contain_text(reopened["uk_summary"])

    # 5. She brings the change in and mistypes the cited number: the problem shows on that segment …
    fixed = reopened["uk_summary"].replace(UK_BEFORE, UK_AFTER)
    save_segment(nadiia, summary, fixed.replace(CITED, MISTYPED))
    problem = summary.locator('.editor-qa-note [data-qa-code="directive_number"]')
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text(CITED)
    expect(problem).to_contain_text(MISTYPED)
    expect(panel.locator("[role=status]")).to_contain_text("1 помилка")  # "1 error", announced
    expect(panel.locator('[data-editor-qa-list] [data-qa-code="directive_number"]')).to_contain_text(SUMMARY_LABEL)
    expect(panel.locator("[data-editor-qa-override]")).to_be_visible()

    # … and goes when she fixes it.
    save_segment(nadiia, summary, fixed)
    expect(summary.locator(".editor-qa-note")).to_have_count(0)
    expect(panel.locator("[data-editor-qa-summary]")).to_have_text("Проблем не виявлено.")
    expect(panel.locator("[data-editor-qa-override]")).to_be_hidden()

    # 6. She submits for review from the editor's panel and lands on the item page.
    with nadiia.expect_navigation():
        panel.get_by_role("button", name="Надіслати на рецензування").click()  # "Submit for review"
    expect(nadiia).to_have_url(item_url)
    expect(nadiia.locator(".messages")).to_contain_text("надіслано на рецензування")
    expect(item_status(nadiia)).to_have_text(re.compile("На рецензуванні", re.IGNORECASE))  # "In review"

    # 7. Bohdan, a Ukrainian reviewer, approves; the Ukrainian page is live with the new summary.
    bohdan = ukrainian_admin("bohdan")
    bohdan.goto(item_url)
    act(bohdan, "approve")
    expect(item_status(bohdan)).to_have_text(re.compile("Готово", re.IGNORECASE))  # "Done"

    visitor = browser.new_context(**UKRAINIAN_BROWSER).new_page()
    response = visitor.goto(site_url + reopened["uk_url"])
    assert response is not None and response.status == 200
    expect(visitor.locator("html")).to_have_attribute("lang", "uk")
    expect(visitor.locator("main")).to_contain_text(fixed)
    visitor.context.close()
