"""Keeping an uploaded import file between its preview and the confirmation.

The bytes go to a file under ``PROCUREMENT_IMPORT_DIR`` (default var/imports/)
named by a random token; the user's session holds the token, the file name, the
user's id and a SHA-256 of the bytes. Only the session that uploaded a file can
read it back, and only unchanged. One upload per session and kind of import (the
register's, the procurement plan's: a session key each): a new upload replaces
the previous one, and files older than a day are removed on the next upload.
"""

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

SESSION_KEY = "procurement_import"
PLAN_SESSION_KEY = "procurement_plan_import"
MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass(frozen=True)
class StoredUpload:
    token: str
    file_name: str
    data: bytes


def _directory() -> Path:
    configured = getattr(settings, "PROCUREMENT_IMPORT_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "imports"


def _sweep(directory: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in directory.glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass


def store_upload(request, data: bytes, file_name: str, *, slot: str = SESSION_KEY) -> str:
    """Keep the bytes for this session's user; returns the token the preview page carries."""
    discard_upload(request, slot=slot)
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    _sweep(directory)
    token = secrets.token_urlsafe(32)
    path = directory / f"{token}.upload"
    path.touch(mode=0o600)
    path.write_bytes(data)
    request.session[slot] = {
        "token": token,
        "file_name": file_name,
        "user": request.user.pk,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return token


def load_upload(
    request, token: str | None = None, *, slot: str = SESSION_KEY
) -> StoredUpload | None:
    """This session's stored upload (the one with ``token``, if given), or None."""
    entry = request.session.get(slot)
    if not entry or entry.get("user") != request.user.pk or not _TOKEN.match(entry["token"]):
        return None
    if token is not None and not hmac.compare_digest(token.encode(), entry["token"].encode()):
        return None
    try:
        data = (_directory() / f"{entry['token']}.upload").read_bytes()
    except FileNotFoundError:
        return None
    if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), entry["sha256"]):
        return None
    return StoredUpload(token=entry["token"], file_name=entry["file_name"], data=data)


def discard_upload(request, *, slot: str = SESSION_KEY) -> None:
    entry = request.session.pop(slot, None)
    if entry and _TOKEN.match(entry.get("token", "")):
        (_directory() / f"{entry['token']}.upload").unlink(missing_ok=True)


class SizeLimitedUploadHandler(FileUploadHandler):
    """Drops an uploaded file as soon as it grows past ``limit`` bytes (nothing is spooled).

    Set ``exceeded`` so the view can say the file was too large. It must be installed
    before the request body is read (see ``import_views.import_upload``).
    """

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        if content_length is not None and content_length > self.limit:
            self.exceeded = True
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
