"""`manage.py ensure_demo_accounts`: a translator and a reviewer per target language and a manager."""

import io
import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.users.models import UserProfile

from locales.permissions import is_manager, languages_of, target_languages


@pytest.fixture
def password_file(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEMO_PASSWORD_FILE = tmp_path / "demo_password"
    return settings.DEMO_PASSWORD_FILE


def _run() -> str:
    out = io.StringIO()
    call_command("ensure_demo_accounts", stdout=out)
    return out.getvalue()


def test_every_target_language_gets_a_translator_and_a_reviewer_in_its_own_admin_language(db, password_file):
    output = _run()

    users = get_user_model().objects
    password = password_file.read_text().strip()
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert password in output
    for code in target_languages():
        translator = users.get(username=f"translator-{code}")
        reviewer = users.get(username=f"reviewer-{code}")
        assert languages_of(translator, "translator") == {code}
        assert languages_of(reviewer, "reviewer") == {code}
        assert UserProfile.get_for_user(translator).preferred_language == code
        assert translator.check_password(password) and not translator.is_superuser
    manager = users.get(username="translation-manager")
    assert is_manager(manager) and not manager.is_superuser


def test_running_again_changes_nothing_and_keeps_the_password(db, password_file):
    _run()
    first = password_file.read_text()
    user = get_user_model().objects.get(username="translation-manager")
    user.set_password("changed-by-its-owner-1")
    user.save()

    _run()

    assert password_file.read_text() == first
    assert get_user_model().objects.filter(username__startswith="translator-").count() == len(target_languages())
    user.refresh_from_db()
    assert user.check_password("changed-by-its-owner-1")


def test_demo_password_from_the_environment_wins(db, password_file, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-chosen-Demo-passw0rd")

    output = _run()

    assert "DEMO_PASSWORD" in output and "a-chosen-Demo-passw0rd" not in output
    assert not password_file.exists()
    for user in get_user_model().objects.filter(
        username__in=["translation-manager", *[f"reviewer-{c}" for c in target_languages()]]
    ):
        assert user.check_password("a-chosen-Demo-passw0rd")


def test_a_demo_translator_can_sign_in_to_the_admin_in_their_language(client, db, password_file):
    _run()
    code = target_languages()[-1]
    assert client.login(username=f"translator-{code}", password=password_file.read_text().strip())

    response = client.get("/admin/")

    assert response.status_code == 200
    assert f'lang="{code}"' in response.content.decode()
