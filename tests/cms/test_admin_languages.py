"""The Wagtail admin follows each user's language preference: Vietnamese, Ukrainian, English."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

DASHBOARD_HEADING = {"vi": "Bảng điều khiển", "uk": "Панель", "en": "Dashboard"}


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


@pytest.fixture
def newcomer(db):
    """A user who has never opened their account settings: no preferred language stored."""
    return get_user_model().objects.create_superuser("newcomer", "newcomer@example.com", "pw")


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("uk-UA,uk;q=0.9,en;q=0.5", "uk"), ("en-GB,en;q=0.8", "en"), ("vi-VN,vi;q=0.9", "vi"), ("fr-FR,fr;q=0.9", "vi")],
)
def test_a_new_users_admin_follows_the_browser(client, newcomer, accept_language, expected):
    client.force_login(newcomer)

    response = client.get("/admin/", headers={"accept-language": accept_language})

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == expected
    assert DASHBOARD_HEADING[expected] in soup.title.get_text()
    assert "Accept-Language" in response["Vary"]


def test_the_sign_in_page_follows_the_browser(client, db):
    response = client.get("/admin/login/", headers={"accept-language": "uk-UA,uk;q=0.9"})

    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "uk"


def test_a_chosen_admin_language_wins_over_the_browser(client, newcomer):
    profile = UserProfile.get_for_user(newcomer)
    profile.preferred_language = "vi"
    profile.save()
    client.force_login(newcomer)

    response = client.get("/admin/", headers={"accept-language": "uk-UA,uk;q=0.9"})

    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "vi"


def test_public_pages_keep_the_language_of_their_address(client, db):
    """The browser's language does not reach public URLs: an unprefixed path is the source language."""
    response = client.get("/search/", headers={"accept-language": "uk-UA,uk;q=0.9"})

    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "vi"


def _new_user_form(username: str, language: str) -> dict[str, str]:
    return {
        "username": username,
        "email": f"{username}@example.com",
        "first_name": "Olena",
        "last_name": "Koval",
        "password1": "a-long-enough-Passw0rd",
        "password2": "a-long-enough-Passw0rd",
        "preferred_language": language,
        "is_superuser": "on",
    }


def test_a_manager_sets_the_admin_language_of_a_new_user(client, editor):
    client.force_login(editor)

    response = client.post("/admin/users/new/", _new_user_form("olena", "uk"))

    assert response.status_code == 302, response.content.decode()[:2000]
    olena = get_user_model().objects.get(username="olena")
    assert UserProfile.get_for_user(olena).preferred_language == "uk"
    client.force_login(olena)
    page = client.get("/admin/", headers={"accept-language": "en-GB"})
    assert BeautifulSoup(page.content, "html.parser").html["lang"] == "uk"


def test_the_user_forms_offer_the_admin_languages_and_show_the_stored_one(client, editor):
    other = get_user_model().objects.create_user("taras", "taras@example.com", "pw")
    profile = UserProfile.get_for_user(other)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor)

    create = BeautifulSoup(client.get("/admin/users/new/").content, "html.parser")
    edit = BeautifulSoup(client.get(f"/admin/users/edit/{other.pk}/").content, "html.parser")

    offered = {o["value"] for o in create.find("select", attrs={"name": "preferred_language"}).find_all("option")}
    assert offered == {"", "vi", "en", "uk"}
    selected = edit.find("select", attrs={"name": "preferred_language"}).find("option", selected=True)
    assert selected["value"] == "en"


def test_an_unknown_admin_language_is_refused_and_no_user_is_created(client, editor):
    client.force_login(editor)

    response = client.post("/admin/users/new/", _new_user_form("nobody", "xx"))

    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="nobody").exists()
