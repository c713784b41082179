"""Byte ranges on uploaded audio and video (cms.views.serve_media), so players can seek.

The view runs under `make run` (DEBUG) and `make serve` (SERVE_MEDIA) alike; here SERVE_MEDIA is on.
A real audio item is uploaded through wagtailmedia's model, so the guard (`may_serve_media`) sees
the same rows as on the site; a second one sits in a restricted collection and stays a 404.
"""

import pytest
from django.core.files.base import ContentFile
from django.utils.http import http_date
from wagtail.models import Collection, CollectionViewRestriction
from wagtailmedia.models import get_media_model

from cms.views import Unsatisfiable, byte_range

PAYLOAD = bytes(range(256)) * 40  # 10,240 bytes, every offset recognisable
SIZE = len(PAYLOAD)


@pytest.fixture(scope="module")
def audio_files(django_db_setup, django_db_blocker):
    """A public and a restricted audio item (fake MP3 bytes: the view serves bytes, it does not decode)."""
    media_model = get_media_model()
    with django_db_blocker.unblock():
        root = Collection.get_first_root_node()
        internal = root.add_child(name="Range test internal")
        CollectionViewRestriction.objects.create(collection=internal, restriction_type=CollectionViewRestriction.LOGIN)
        public = media_model.objects.create(
            title="Range test", type="audio", duration=1, file=ContentFile(PAYLOAD, name="range-test.mp3")
        )
        private = media_model.objects.create(
            title="Range test (internal)",
            type="audio",
            duration=1,
            collection=internal,
            file=ContentFile(PAYLOAD, name="range-test-internal.mp3"),
        )
        urls = {"public": public.file.url, "private": private.file.url}
        yield urls
        for item in (public, private):
            item.file.delete(save=False)
            item.delete()
        internal.delete()


@pytest.fixture
def serving(settings, db):
    settings.SERVE_MEDIA = True
    return settings


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_range_gets_206_with_exactly_those_bytes(client, serving, audio_files):
    response = client.get(audio_files["public"], HTTP_RANGE="bytes=1000-2000")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-2000/{SIZE}"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == "1001"
    assert response["Content-Type"] == "audio/mpeg"
    assert _body(response) == PAYLOAD[1000:2001]


def test_an_open_ended_range_runs_to_the_end(client, serving, audio_files):
    response = client.get(audio_files["public"], HTTP_RANGE="bytes=10000-")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10000-{SIZE - 1}/{SIZE}"
    assert _body(response) == PAYLOAD[10000:]


def test_a_suffix_range_gets_the_last_bytes(client, serving, audio_files):
    response = client.get(audio_files["public"], HTTP_RANGE="bytes=-100")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {SIZE - 100}-{SIZE - 1}/{SIZE}"
    assert _body(response) == PAYLOAD[-100:]


def test_a_range_past_the_end_is_cut_to_the_file(client, serving, audio_files):
    response = client.get(audio_files["public"], HTTP_RANGE=f"bytes=10200-{SIZE * 5}")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10200-{SIZE - 1}/{SIZE}"
    assert _body(response) == PAYLOAD[10200:]


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", f"bytes={SIZE + 10}-{SIZE + 20}", "bytes=-0"])
def test_an_unsatisfiable_range_gets_416_with_the_size(client, serving, audio_files, header):
    response = client.get(audio_files["public"], HTTP_RANGE=header)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert _body(response) == b""


@pytest.mark.parametrize(
    "header", [None, "bytes=0-10, 20-30", "bytes=abc", "items=0-10", "bytes=20-10", "bytes=-", "bytes=" + "9" * 40]
)
def test_no_single_valid_range_gets_the_whole_file(client, serving, audio_files, header):
    extra = {"HTTP_RANGE": header} if header else {}
    response = client.get(audio_files["public"], **extra)

    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(SIZE)
    assert not response.has_header("Content-Range")
    assert _body(response) == PAYLOAD


def test_head_answers_the_headers_without_a_body(client, serving, audio_files):
    whole = client.head(audio_files["public"])
    part = client.head(audio_files["public"], HTTP_RANGE="bytes=0-99")

    assert (whole.status_code, whole["Content-Length"], whole["Accept-Ranges"]) == (200, str(SIZE), "bytes")
    assert (part.status_code, part["Content-Range"], part["Content-Length"]) == (206, f"bytes 0-99/{SIZE}", "100")
    assert _body(whole) == _body(part) == b""


def test_if_modified_since_still_gets_304(client, serving, audio_files):
    last_modified = client.get(audio_files["public"])["Last-Modified"]

    response = client.get(audio_files["public"], HTTP_IF_MODIFIED_SINCE=last_modified, HTTP_RANGE="bytes=0-9")

    assert response.status_code == 304


def test_if_range_with_an_old_date_gets_the_whole_file(client, serving, audio_files):
    current = client.get(audio_files["public"], HTTP_RANGE="bytes=0-9")
    old = http_date(0)

    stale = client.get(audio_files["public"], HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=old)
    fresh = client.get(audio_files["public"], HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=current["Last-Modified"])

    assert (stale.status_code, _body(stale)) == (200, PAYLOAD)
    assert (fresh.status_code, _body(fresh)) == (206, PAYLOAD[:10])


def test_a_restricted_file_is_still_404_with_a_range(client, serving, audio_files):
    assert client.get(audio_files["private"], HTTP_RANGE="bytes=0-9").status_code == 404
    assert client.head(audio_files["private"]).status_code == 404


def test_nothing_is_served_unless_asked(client, settings, db, audio_files):
    settings.SERVE_MEDIA = False
    settings.DEBUG = False

    assert client.get(audio_files["public"], HTTP_RANGE="bytes=0-9").status_code == 404


def test_other_methods_are_refused(client, serving, audio_files):
    assert client.post(audio_files["public"]).status_code == 405


def test_paths_outside_media_root_are_404(client, serving, audio_files):
    assert client.get("/media/../../etc/passwd").status_code == 404
    assert client.get("/media/media/").status_code == 404
    assert client.get("/media/media/no-such-file.mp3", HTTP_RANGE="bytes=0-1").status_code == 404


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        ("bytes=0-0", 1, (0, 0)),
        ("bytes=5-", 10, (5, 9)),
        ("bytes=-20", 10, (0, 9)),
        (" bytes = 1 - 2 ", 10, (1, 2)),
        ("bytes=0-", 0, Unsatisfiable),
        ("bytes=-5", 0, Unsatisfiable),
        ("bytes=3-1", 10, None),
        ("", 10, None),
    ],
)
def test_byte_range_parsing(header, size, expected):
    if expected is Unsatisfiable:
        with pytest.raises(Unsatisfiable):
            byte_range(header, size)
    else:
        assert byte_range(header, size) == expected
