"""User forms of the admin that also set the user's admin language.

Managers creating an account for a translator choose the language the translator's admin opens
in; left empty, the admin follows the user's browser (`cms.admin_language`) until the user picks a
language in their account settings. The value is Wagtail's own `UserProfile.preferred_language`,
so the account settings page shows and changes the same choice.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _
from wagtail.admin.localization import get_available_admin_languages
from wagtail.users import forms as wagtail_forms
from wagtail.users.models import UserProfile
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet


def admin_language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Admin language"),
        required=False,
        choices=[("", _("Follow the browser's language")), *get_available_admin_languages()],
        help_text=_("The language of this user's admin until they choose one in their account settings."),
    )


class AdminLanguageMixin(forms.Form):
    """Adds `preferred_language` and stores it on the user's Wagtail profile when the user is saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"] = admin_language_field()
        if self.instance.pk:
            self.fields["preferred_language"].initial = UserProfile.get_for_user(self.instance).preferred_language

    def save(self, commit: bool = True) -> AbstractBaseUser:
        user = super().save(commit=commit)
        if commit:
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = self.cleaned_data.get("preferred_language") or ""
            profile.save(update_fields=["preferred_language"])
        return user


class UserCreationForm(AdminLanguageMixin, wagtail_forms.UserCreationForm):
    pass


class UserEditForm(AdminLanguageMixin, wagtail_forms.UserEditForm):
    pass


class UserViewSet(WagtailUserViewSet):
    create_template_name = "cms/users/create.html"
    edit_template_name = "cms/users/edit.html"

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return UserEditForm if for_update else UserCreationForm
