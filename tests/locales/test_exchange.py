"""PO exchange: a locale's open queue as one zip of PO files, re-imported all or nothing."""

import io
import json
import zipfile

import polib
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.rich_text import RichText
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation

from articles.models import DirectivePage
from locales import exchange
from locales.exchange import (
    ExchangeError,
    export_locale_zip,
    import_locale_zip,
    import_po_file,
)
from locales.models import QueueItem
from locales.translating import translate_object
from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory

EXCHANGE_URL = "/admin/translation-queue/tools/exchange/"
DOWNLOAD_URL = "/admin/translation-queue/tools/exchange/download/"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever the catalogues say."""
    with translation.override("en"):
        yield


# --- content -----------------------------------------------------------------------------------------


def _directive(parent, number: str, title: str, slug: str) -> DirectivePage:
    page = DirectivePageFactory(
        parent=parent,
        number=number,
        title=title,
        slug=slug,
        summary=f"Tóm tắt của {title}.",
    )
    page.body = [("paragraph", RichText(f"<p>Nội dung chính của {title}.</p>"))]
    page.save()
    return DirectivePage.objects.get(pk=page.pk)


def _publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def _start(page, locale, capture, strings=None):
    """Translate the title only (a Translation exists, the rest is still to do)."""
    with capture(execute=True):
        translate_object(page, locale, strings or {page.title: f"{page.title} [{locale.language_code}]"}, publish=False)


@pytest.fixture
def pages(home_pages, locales, django_capture_on_commit_callbacks):
    """Two published directives; both started in Ukrainian, the first also in English."""
    register = DirectiveIndexPageFactory(parent=home_pages["vi"])
    first = _publish(_directive(register, "57-NQ/TW", "Nghị quyết 57", "nq-57"), django_capture_on_commit_callbacks)
    second = _publish(
        _directive(register, "380-CV/ĐU", "Công văn 380 về đề án", "cv-380"), django_capture_on_commit_callbacks
    )
    _start(first, locales["uk"], django_capture_on_commit_callbacks)
    _start(second, locales["uk"], django_capture_on_commit_callbacks)
    _start(first, locales["en"], django_capture_on_commit_callbacks)
    return first, second


def _item(page, code: str) -> QueueItem:
    return QueueItem.objects.select_related("translation").get(
        object_id=page.translation_key, target_locale__language_code=code
    )


def _snapshot() -> list[tuple]:
    return sorted(StringTranslation.objects.values_list("pk", "locale_id", "context_id", "data"))


def _zip(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _filled(po_bytes: bytes, suffix: str = "[uk]") -> str:
    """The PO file with every entry translated."""
    po = polib.pofile(po_bytes.decode("utf-8"))
    for entry in po:
        entry.msgstr = entry.msgid.replace("nq-57", "nq-57-uk").replace("cv-380", "cv-380-uk") + f" {suffix}"
        if entry.msgctxt == "slug":
            entry.msgstr = entry.msgid + "-uk"
    return str(po)


def _po_for(item: QueueItem, **metadata) -> str:
    po = item.translation.export_po()
    po.metadata.update(metadata)
    for entry in po:
        entry.msgstr = entry.msgstr or (entry.msgid + "-uk" if entry.msgctxt == "slug" else entry.msgid + " [uk]")
    return str(po)


# --- export ----------------------------------------------------------------------------------------


def test_export_zips_one_po_per_open_item_with_a_translation_and_a_manifest(pages, locales):
    first, second = pages

    members = _members(export_locale_zip(locales["uk"]))

    manifest = json.loads(members.pop("manifest.json"))
    assert set(members) == {
        f"uk/directivepage-{str(second.translation_key)[:8]}-cong-van-380-ve-de-an.po",
        f"uk/directivepage-{str(first.translation_key)[:8]}-nghi-quyet-57.po",
    }
    assert (manifest["source_language"], manifest["target_language"]) == ("vi", "uk")
    assert manifest["exported_at"]
    assert [(entry["item"], entry["translation"]) for entry in manifest["items"]] == [
        (_item(first, "uk").pk, str(_item(first, "uk").translation.uuid)),
        (_item(second, "uk").pk, str(_item(second, "uk").translation.uuid)),
    ]
    po = polib.pofile(members[manifest["items"][0]["file"]].decode("utf-8"))
    assert po.metadata["Language"] == "uk"
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(_item(first, "uk").translation.uuid)
    assert {entry.msgid: entry.msgstr for entry in po}["Nghị quyết 57"] == "Nghị quyết 57 [uk]"


def test_export_leaves_out_done_items_items_without_translation_and_unselected_items(pages, locales):
    first, second = pages
    QueueItem.objects.filter(pk=_item(second, "uk").pk).update(status=QueueItem.Status.DONE)
    Translation.objects.filter(pk=_item(first, "en").translation_id).delete()  # English not started after all

    uk_files = [name for name in _members(export_locale_zip(locales["uk"])) if name.endswith(".po")]
    en_files = [name for name in _members(export_locale_zip(locales["en"])) if name.endswith(".po")]
    chosen = _members(export_locale_zip(locales["uk"], items=[_item(second, "uk").pk, _item(first, "en").pk]))

    assert uk_files == [f"uk/directivepage-{str(first.translation_key)[:8]}-nghi-quyet-57.po"]
    assert en_files == []
    assert json.loads(chosen["manifest.json"])["items"] == []


# --- import ----------------------------------------------------------------------------------------


def test_zip_round_trip_imports_every_file_and_reports_counts(pages, locales, django_capture_on_commit_callbacks):
    first, second = pages
    members = _members(export_locale_zip(locales["uk"]))
    filled = {name: (_filled(data) if name.endswith(".po") else data) for name, data in members.items()}
    total = _item(first, "uk").total_segments + _item(second, "uk").total_segments

    with django_capture_on_commit_callbacks(execute=True):
        report = import_locale_zip(_zip(filled), locales["uk"], user=None)

    assert report.files == 2
    assert report.strings_updated == total - 2
    assert report.strings_unchanged == 2  # both titles were translated already, as the file has them
    assert sorted(report.items) == sorted([_item(first, "uk").pk, _item(second, "uk").pk])
    item = _item(first, "uk")
    assert item.translated_segments == item.total_segments
    assert StringTranslation.objects.filter(locale=locales["uk"], data="Tóm tắt của Nghị quyết 57. [uk]").exists()

    again = import_locale_zip(_zip(filled), locales["uk"], user=None)
    assert (again.strings_updated, again.strings_unchanged) == (0, total)


def test_single_po_file_from_wagtail_localize_is_accepted_without_language_header(pages, locales):
    first, _second = pages
    item = _item(first, "uk")
    po = item.translation.export_po()  # wagtail-localize's own download: no Language header
    assert "Language" not in po.metadata
    for entry in po:
        entry.msgstr = entry.msgid + ("-uk" if entry.msgctxt == "slug" else " [uk]")
    upload = SimpleUploadedFile("nghi-quyet-57-uk.po", str(po).encode("utf-8"))

    report = import_po_file(upload, locales["uk"], user=None, item=item)

    assert report.files == 1
    assert (report.strings_updated, report.strings_unchanged) == (item.total_segments - 1, 1)  # the title was done
    assert item.translation.get_progress() == (item.total_segments, item.total_segments)


def test_empty_fuzzy_and_stale_entries_are_skipped(pages, locales):
    first, _second = pages
    item = _item(first, "uk")
    po = polib.pofile(_po_for(item, Language="uk"))
    entries = list(po)
    entries[1].flags.append("fuzzy")
    entries[2].msgstr = ""
    po.append(polib.POEntry(msgid="Một câu không còn trong bản gốc", msgctxt="body.gone", msgstr="Gone [uk]"))

    report = import_locale_zip(str(po).encode("utf-8"), locales["uk"])

    assert report.strings_skipped == 3
    assert report.strings_updated == item.total_segments - 1 - 2  # the title is unchanged
    assert report.strings_unchanged == 1


def _refused(data, locale, *, name="upload.po") -> list[str]:
    before = _snapshot()
    upload = SimpleUploadedFile(name, data) if isinstance(data, bytes) else data
    with pytest.raises(ExchangeError) as error:
        import_locale_zip(upload, locale, user=None)
    assert _snapshot() == before, "a refused file changed translations"
    return error.value.messages


def test_a_non_po_file_renamed_po_is_refused(pages, locales):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    assert _refused(png, locales["uk"], name="picture.po") == ["“picture.po” is not a PO file (it is not UTF-8 text)."]


def test_a_malformed_po_file_is_refused_naming_the_line(pages, locales):
    text = 'msgid ""\nmsgstr ""\n"X-WagtailLocalize-TranslationID: x\\n"\n\nmsgid "a\nthis is not PO\n'
    [message] = _refused(text.encode("utf-8"), locales["uk"], name="broken.po")
    assert message.startswith("“broken.po” is not a valid PO file (error at line")


def test_a_po_file_from_another_site_is_refused(pages, locales):
    first, _second = pages
    text = _po_for(_item(first, "uk"), **{"X-WagtailLocalize-TranslationID": "0b8f1c52-6a59-4c1e-9a4a-3f0d9c2b7e11"})
    assert _refused(text.encode("utf-8"), locales["uk"], name="foreign.po") == [
        "“foreign.po” belongs to a translation this site does not know (is it from another site?)."
    ]


def test_a_po_file_without_translation_id_or_with_a_bad_one_is_refused(pages, locales):
    plain = 'msgid "Nghị quyết 57"\nmsgstr "Resolution 57"\n'
    assert _refused(plain.encode("utf-8"), locales["uk"], name="plain.po") == [
        "“plain.po” has no “X-WagtailLocalize-TranslationID” header: it was not exported from this site's translations."
    ]
    bad = 'msgid ""\nmsgstr ""\n"X-WagtailLocalize-TranslationID: 42\\n"\n'
    assert _refused(bad.encode("utf-8"), locales["uk"], name="bad.po") == [
        "“bad.po” names the translation “42”, which is not a translation id."
    ]


def test_a_po_file_of_another_locale_is_refused(pages, locales):
    first, _second = pages
    english = _po_for(_item(first, "en"))
    assert _refused(english.encode("utf-8"), locales["uk"], name="en.po") == [
        "“en.po” is a translation into “en”, not into “uk”."
    ]


def test_a_language_header_naming_another_language_is_refused(pages, locales):
    first, _second = pages
    text = _po_for(_item(first, "uk"), Language="en_GB")
    assert _refused(text.encode("utf-8"), locales["uk"], name="wrong-language.po") == [
        "“wrong-language.po” declares the language “en_GB”, not “uk”."
    ]
    # Regional variants of the right language are fine.
    text = _po_for(_item(first, "uk"), Language="uk_UA")
    assert import_locale_zip(text.encode("utf-8"), locales["uk"]).files == 1


def test_a_po_file_of_a_finished_item_is_refused(pages, locales):
    first, _second = pages
    item = _item(first, "uk")
    QueueItem.objects.filter(pk=item.pk).update(status=QueueItem.Status.DONE)
    assert _refused(_po_for(item).encode("utf-8"), locales["uk"], name="done.po") == [
        "“done.po”: this translation has no open item in the translation queue."
    ]


def test_a_single_po_file_for_another_item_is_refused(pages, locales):
    first, second = pages
    before = _snapshot()
    with pytest.raises(ExchangeError) as error:
        import_po_file(_po_for(_item(second, "uk")).encode("utf-8"), locales["uk"], item=_item(first, "uk"))
    assert error.value.messages == ["“upload” is the translation of another queue item."]
    assert _snapshot() == before


def test_one_bad_file_in_a_zip_refuses_the_whole_zip_and_lists_every_problem(pages, locales):
    first, _second = pages
    good = _po_for(_item(first, "uk"), Language="uk")
    data = _zip(
        {
            "uk/good.po": good,
            "uk/copy.po": good,
            "uk/english.po": _po_for(_item(first, "en")),
            "uk/broken.po": "this is not a PO file\n",
            "manifest.json": json.dumps({"target_language": "uk"}),
        }
    )

    messages = _refused(data, locales["uk"], name="queue.zip")

    assert messages == [
        "“uk/broken.po” is not a valid PO file (error at line 1).",
        "“uk/copy.po” is the same translation as “uk/good.po”; upload it once.",
        "“uk/english.po” is a translation into “en”, not into “uk”.",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../evil.po", "“../evil.po”: this path is not allowed in the zip file."),
        ("/etc/evil.po", "“/etc/evil.po”: this path is not allowed in the zip file."),
        ("uk/../../evil.po", "“uk/../../evil.po”: this path is not allowed in the zip file."),
        ("notes.txt", "“notes.txt” is neither a PO file nor the manifest; remove it from the zip file."),
    ],
)
def test_unsafe_or_unexpected_zip_members_are_refused(pages, locales, name, expected):
    first, _second = pages
    data = _zip({"uk/good.po": _po_for(_item(first, "uk")), name: "x"})
    assert _refused(data, locales["uk"], name="queue.zip") == [expected]


def test_an_oversized_zip_member_is_refused_before_it_is_read(pages, locales):
    bomb = _zip({"uk/huge.po": bytes(exchange.MAX_MEMBER_BYTES + 1)})
    assert len(bomb) < 100_000  # small on the wire, large once unpacked
    assert _refused(bomb, locales["uk"], name="queue.zip") == ["“uk/huge.po” is larger than the limit of 5 MB."]


def test_too_many_zip_members_are_refused(pages, locales):
    data = _zip({f"uk/{index}.po": "" for index in range(exchange.MAX_MEMBERS + 1)})
    assert _refused(data, locales["uk"], name="queue.zip") == [
        f"“queue.zip” holds {exchange.MAX_MEMBERS + 1} files; at most {exchange.MAX_MEMBERS} are accepted at once."
    ]


def test_a_corrupt_zip_and_an_empty_file_and_a_zip_without_po_files_are_refused(pages, locales):
    assert _refused(b"PK\x03\x04 not really a zip", locales["uk"], name="queue.zip") == [
        "“queue.zip” is not a readable zip file."
    ]
    assert _refused(b"", locales["uk"], name="empty.po") == ["“empty.po” is empty."]
    assert _refused(_zip({"manifest.json": "{}"}), locales["uk"], name="queue.zip") == [
        "“queue.zip” contains no PO files."
    ]


def test_a_manifest_for_another_language_is_refused(pages, locales):
    first, _second = pages
    data = _zip({"en/a.po": _po_for(_item(first, "uk")), "manifest.json": json.dumps({"target_language": "en"})})
    assert _refused(data, locales["uk"], name="queue.zip") == [
        "“manifest.json”: these files were exported for “en”, not for “uk”."
    ]


# --- views -----------------------------------------------------------------------------------------


@pytest.fixture
def admin(django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def _team(code: str, role: str = "translator") -> Group:
    return Group.objects.get(locale_team__language_code=code, locale_team__role=role)


@pytest.fixture
def translator(django_user_model):
    """A member of the "Translators (uk)" team (which gives admin access and queue work)."""
    user = django_user_model.objects.create_user("olena", password="pw")
    user.groups.add(_team("uk"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def _assert_denied(client, method: str, url: str, data=None) -> None:
    """Refused: Wagtail's admin answers PermissionDenied with its "no permission" redirect, a script gets 403."""
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert getattr(client, method)(url, data or {}, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403


def test_url_names():
    assert reverse("locales:exchange") == EXCHANGE_URL
    assert reverse("locales:exchange_download") == DOWNLOAD_URL
    assert reverse("wagtail_localize:download_pofile", args=[1]).endswith("/translate/1/pofile/download/")
    assert reverse("wagtail_localize:upload_pofile", args=[1]).endswith("/translate/1/pofile/upload/")


def test_exchange_page_lists_languages_with_counts_and_an_upload_form(client, admin, pages):
    client.force_login(admin)

    response = client.get(EXCHANGE_URL)

    assert response.status_code == 200
    rows = {row["locale"].language_code: row["count"] for row in response.context["rows"]}
    assert rows == {"en": 1, "uk": 2}
    assert b'enctype="multipart/form-data"' in response.content


def test_download_view_serves_the_zip_and_a_selection(client, admin, pages):
    _first, second = pages
    client.force_login(admin)

    response = client.get(DOWNLOAD_URL, {"locale": "uk"})
    selection = client.get(DOWNLOAD_URL, {"locale": "uk", "item": [_item(second, "uk").pk]})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="translation-queue-uk-')
    assert len([name for name in _members(response.content) if name.endswith(".po")]) == 2
    assert [name for name in _members(selection.content) if name.endswith(".po")] == [
        f"uk/directivepage-{str(second.translation_key)[:8]}-cong-van-380-ve-de-an.po"
    ]


@pytest.mark.parametrize("query", [{"locale": "xx"}, {"locale": "uk", "item": "abc"}, {}])
def test_download_view_refuses_bad_parameters_with_a_message(client, admin, pages, query):
    client.force_login(admin)

    response = client.get(DOWNLOAD_URL, query, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(EXCHANGE_URL)
    assert any(message.level_tag == "error" for message in response.context["messages"])


def test_upload_view_imports_and_reports(client, admin, pages, locales):
    first, _second = pages
    client.force_login(admin)
    upload = SimpleUploadedFile("nq57.po", _po_for(_item(first, "uk"), Language="uk").encode("utf-8"))

    response = client.post(EXCHANGE_URL, {"locale": "uk", "file": upload}, follow=True)

    assert response.status_code == 200
    [message] = list(response.context["messages"])
    assert message.level_tag == "success"
    assert "Imported into" in str(message) and "1 file imported" in str(message)
    item = _item(first, "uk")
    assert item.translation.get_progress() == (item.total_segments, item.total_segments)


def test_upload_view_shows_every_problem_next_to_the_file_and_changes_nothing(client, admin, pages, locales):
    first, _second = pages
    client.force_login(admin)
    before = _snapshot()
    data = _zip({"uk/english.po": _po_for(_item(first, "en")), "../x.po": "x"})

    response = client.post(EXCHANGE_URL, {"locale": "uk", "file": SimpleUploadedFile("queue.zip", data)})

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == ["“../x.po”: this path is not allowed in the zip file."]
    assert "this path is not allowed" in response.content.decode()
    assert _snapshot() == before


def test_upload_view_refuses_an_oversized_file_with_a_message(client, admin, pages, monkeypatch):
    monkeypatch.setattr("locales.views.exchange.MAX_UPLOAD_BYTES", 1024 * 1024)
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"  # the message comes in the admin user's language
    profile.save()
    client.force_login(admin)

    response = client.post(
        EXCHANGE_URL, {"locale": "uk", "file": SimpleUploadedFile("big.zip", bytes(1024 * 1024 + 1))}
    )

    assert response.context["form"].errors.as_data()["file"][0].code == "too_large"
    assert "The file is larger than the limit of 1 MB." in response.content.decode()


def test_translator_reaches_only_their_language(client, translator, pages):
    client.force_login(translator)

    page = client.get(EXCHANGE_URL)
    own = client.get(DOWNLOAD_URL, {"locale": "uk"})
    other = client.get(DOWNLOAD_URL, {"locale": "en"})

    assert page.status_code == 200
    assert [row["locale"].language_code for row in page.context["rows"]] == ["uk"]
    assert own.status_code == 200
    assert other.status_code == 302  # Wagtail's "no permission" redirect
    _assert_denied(client, "get", DOWNLOAD_URL, {"locale": "en"})
    upload = SimpleUploadedFile("x.po", b"x")
    response = client.post(EXCHANGE_URL, {"locale": "en", "file": upload})
    assert response.context["form"].errors["locale"]  # not a choice for this translator


def test_translator_cannot_import_into_an_item_assigned_to_someone_else(client, translator, pages, django_user_model):
    first, _second = pages
    item = _item(first, "uk")
    colleague = django_user_model.objects.create_user("taras", password="pw")
    colleague.groups.add(_team("uk"))
    item.claim(colleague)
    client.force_login(translator)
    before = _snapshot()

    response = client.post(
        EXCHANGE_URL, {"locale": "uk", "file": SimpleUploadedFile("nq57.po", _po_for(item).encode("utf-8"))}
    )

    assert response.context["form"].errors["file"] == [
        "“nq57.po”: you may not translate this queue item (is it assigned to someone else?)."
    ]
    assert _snapshot() == before


def test_users_outside_the_translation_teams_are_refused(client, django_user_model, pages):
    user = django_user_model.objects.create_user("reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    reviewer = django_user_model.objects.create_user("reviewer", password="pw")
    reviewer.groups.add(_team("uk", "reviewer"))

    for person in (user, reviewer):
        client.force_login(person)
        _assert_denied(client, "get", EXCHANGE_URL)
        _assert_denied(client, "get", DOWNLOAD_URL, {"locale": "uk"})
        _assert_denied(client, "post", EXCHANGE_URL, {"locale": "uk"})


# --- limits before parsing (issue 11, item 9) ----------------------------------------------------------


@pytest.fixture
def never_parse(monkeypatch):
    """Fail the test if polib parses anything: these uploads must be refused from their sizes alone."""
    monkeypatch.setattr(exchange.polib, "pofile", lambda *args, **kwargs: pytest.fail("the upload was parsed"))


def _tiny_entries(count: int, translation_id: str = "7a7e1f6e-0d35-4c53-9d0e-5a9a7b0c1d2e") -> str:
    header = f'msgid ""\nmsgstr ""\n"X-WagtailLocalize-TranslationID: {translation_id}\\n"\n\n'
    return header + "".join(f'msgid "{index}"\nmsgstr "x"\n\n' for index in range(count))


def test_a_po_file_with_too_many_entries_is_refused_before_parsing(pages, locales, never_parse):
    before = _snapshot()
    data = _tiny_entries(exchange.MAX_ENTRIES + 1).encode()
    assert len(data) < exchange.MAX_MEMBER_BYTES  # within the byte limit: the entries are what costs

    assert _refused(data, locales["uk"], name="many.po") == [f"“many.po” has more than {exchange.MAX_ENTRIES} entries."]
    assert _snapshot() == before


def test_the_issue_zip_of_ten_large_po_files_is_refused_before_parsing(pages, locales, never_parse):
    """The upload of the report: ten PO files just under 5 MB each, of tiny entries, in a zip under 5 MB."""
    member = _tiny_entries(320_000)[: exchange.MAX_MEMBER_BYTES - 100_000]
    member = member[: member.rindex("\n\n") + 2]
    data = _zip({f"uk/{index}.po": member for index in range(10)})

    problems = _refused(data, locales["uk"], name="queue.zip")

    assert problems[0].endswith(f"has more than {exchange.MAX_LINES} lines.")
    assert len(problems) == 10


def test_the_entries_of_all_files_together_are_limited(pages, locales):
    per_file = exchange.MAX_ENTRIES - 1
    files = {f"uk/{index}.po": _tiny_entries(per_file) for index in range(exchange.MAX_TOTAL_ENTRIES // per_file + 1)}

    problems = _refused(_zip(files), locales["uk"], name="queue.zip")

    assert f"The files hold more than {exchange.MAX_TOTAL_ENTRIES} entries together; upload them in parts." in problems


def test_a_zip_member_compressed_too_well_is_refused_before_it_is_unpacked(pages, locales, never_parse, monkeypatch):
    bomb = _zip({"uk/bomb.po": "#" * (exchange.MAX_MEMBER_BYTES - 1)})

    def unpacked(*args, **kwargs):
        pytest.fail("the member was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "open", unpacked)

    assert _refused(bomb, locales["uk"], name="queue.zip") == [
        f"“uk/bomb.po” unpacks to more than {exchange.MAX_COMPRESSION_RATIO} times its compressed size; "
        "such files are not accepted."
    ]


def test_a_string_of_too_many_lines_is_refused_before_parsing(pages, locales, never_parse):
    lines = "".join('"a"\n' for _line in range(exchange.MAX_STRING_LINES + 1))
    data = (_tiny_entries(1) + f'msgid "long"\nmsgstr ""\n{lines}\n').encode()

    assert _refused(data, locales["uk"], name="long.po") == [
        f"“long.po” has a string of more than {exchange.MAX_STRING_LINES} lines."
    ]


def test_a_single_po_file_over_the_member_limit_is_refused_before_it_is_read(pages, locales, never_parse):
    upload = SimpleUploadedFile("huge.po", b"#" * (exchange.MAX_MEMBER_BYTES + 1))

    with pytest.raises(ExchangeError) as error:
        import_po_file(upload, locales["uk"])

    assert error.value.messages == ["“huge.po” is larger than the limit of 5 MB."]


def test_the_queue_item_upload_without_a_file_or_header_answers_with_a_message(client, admin, pages):
    """The item page's own PO upload (locales.exchange): never a 500, nothing written."""
    first, _second = pages
    item = _item(first, "uk")
    client.force_login(admin)
    url = reverse("locales_queue:upload_po", args=[item.pk])
    before = _snapshot()
    po = item.translation.export_po()
    del po.metadata["X-WagtailLocalize-TranslationID"]

    without_file = client.post(url, {}, follow=True)
    without_header = client.post(url, {"file": SimpleUploadedFile("x.po", str(po).encode())}, follow=True)
    exchange_without_file = client.post(EXCHANGE_URL, {"locale": "uk"})

    assert [str(message) for message in without_file.context["messages"]] == ["Choose a PO file to upload."]
    assert [str(message) for message in without_header.context["messages"]] == [
        "“x.po” has no “X-WagtailLocalize-TranslationID” header: it was not exported from this site's translations."
    ]
    assert exchange_without_file.status_code == 200 and exchange_without_file.context["form"].errors["file"]
    assert _snapshot() == before
