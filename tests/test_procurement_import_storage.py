"""procurements.import_storage: the upload kept between preview and confirm, and the size limit."""

import io
import os
import time

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory

from procurements import import_storage
from procurements.import_storage import (
    SizeLimitedUploadHandler,
    discard_upload,
    load_upload,
    store_upload,
)


@pytest.fixture(autouse=True)
def upload_directory(settings, tmp_path):
    settings.PROCUREMENT_IMPORT_DIR = tmp_path / "imports"
    return settings.PROCUREMENT_IMPORT_DIR


def request_of(user_id: int | None, session=None):
    request = RequestFactory().get("/")
    request.session = session if session is not None else SessionStore()
    request.user = User(pk=user_id) if user_id else AnonymousUser()
    return request


def test_a_stored_upload_is_read_back_unchanged_with_its_name():
    request = request_of(7)
    token = store_upload(request, b"diarienummer\nA\n", "mars.csv")
    stored = load_upload(request, token)
    assert (stored.file_name, stored.data, stored.token) == (
        "mars.csv",
        b"diarienummer\nA\n",
        token,
    )


def test_a_stored_upload_is_not_given_to_another_user_or_for_another_token():
    request = request_of(7)
    token = store_upload(request, b"x", "f.csv")
    assert load_upload(request, "y" * len(token)) is None
    assert load_upload(request_of(8, session=request.session)) is None


def test_a_stored_upload_that_was_changed_on_disk_is_not_used(upload_directory):
    request = request_of(7)
    token = store_upload(request, b"original", "f.csv")
    (upload_directory / f"{token}.upload").write_bytes(b"changed")
    assert load_upload(request) is None


def test_a_new_upload_replaces_the_previous_one_and_discarding_removes_it(upload_directory):
    request = request_of(7)
    store_upload(request, b"first", "a.csv")
    store_upload(request, b"second", "b.csv")
    assert [path.read_bytes() for path in upload_directory.iterdir()] == [b"second"]
    discard_upload(request)
    assert list(upload_directory.iterdir()) == []
    assert load_upload(request) is None


def test_uploads_older_than_a_day_are_removed_on_the_next_upload(upload_directory):
    upload_directory.mkdir(parents=True)
    old = upload_directory / "abandoned.upload"
    old.write_bytes(b"x")
    long_ago = time.time() - import_storage.MAX_AGE_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    store_upload(request_of(7), b"new", "f.csv")
    assert not old.exists()


def parse_upload(content: bytes, limit: int):
    boundary = "BoUnDaRy"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhej\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(len(body)),
    }
    limited = SizeLimitedUploadHandler(None, limit)
    handlers = [limited, MemoryFileUploadHandler()]
    post, files = MultiPartParser(meta, io.BytesIO(body), handlers).parse()
    return limited, post, files


def test_a_file_over_the_limit_is_dropped_while_it_is_received():
    handler, post, files = parse_upload(b"x" * 5000, limit=1000)
    assert handler.exceeded
    assert "file" not in files
    assert post["note"] == "hej"  # the other fields (the CSRF token) still arrive


def test_a_file_within_the_limit_passes_through():
    handler, _post, files = parse_upload(b"x" * 900, limit=1000)
    assert not handler.exceeded
    assert files["file"].read() == b"x" * 900
