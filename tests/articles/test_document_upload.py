"""Caption files are validated when uploaded to the document library."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document
from wagtail.models import Collection

from home.demo_media import make_webvtt


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", "pw"))
    return client


def _upload(admin_client, name: str, content: bytes):
    return admin_client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )


def test_valid_caption_file_is_accepted(admin_client):
    response = _upload(admin_client, "captions.vtt", make_webvtt([(0.0, 2.0, "Xin chào")]).read())

    assert response.status_code == 302
    assert Document.objects.filter(title="captions.vtt").exists()


def test_broken_caption_file_is_refused_with_a_message_and_not_stored(admin_client):
    response = _upload(admin_client, "broken.vtt", b"00:00.000 --> 00:01.000\nno header")

    assert response.status_code == 200
    assert "WEBVTT" in response.content.decode()
    assert not Document.objects.filter(title="broken.vtt").exists()


def test_other_documents_are_not_checked_as_captions(admin_client):
    response = _upload(admin_client, "data.csv", b"a,b\n1,2\n")

    assert response.status_code == 302
