"""The Wagtail admin follows each user's language preference: Vietnamese, Ukrainian, English."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

DASHBOARD_HEADING = {"vi": "Trang tổng quan", "uk": "Панель", "en": "Dashboard"}


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")


@pytest.mark.parametrize("language", ["vi", "uk", "en"])
def test_admin_is_served_in_the_users_preferred_language(client, editor, language):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == language
    assert DASHBOARD_HEADING[language] in soup.title.get_text()


def test_language_preference_offers_exactly_the_three_languages(client, editor):
    client.force_login(editor)

    response = client.get("/admin/account/")

    soup = BeautifulSoup(response.content, "html.parser")
    select = soup.find("select", attrs={"name": "locale-preferred_language"})
    offered = {option["value"] for option in select.find_all("option") if option["value"]}
    assert offered == {"vi", "en", "uk"}
