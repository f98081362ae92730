"""Stored files for every plugin: one interface, a local folder or an S3-compatible object store.

``get_storage()`` is the store this process was configured with (STORAGE_URL):

* unset: the folder ``instance/uploads`` (the embedded default); ``file:///srv/hygeia`` another folder;
* ``s3://bucket/prefix``: an object store (STORAGE_ENDPOINT_URL, STORAGE_REGION, credentials by boto3's
  chain), with reads falling back to the local folder while old files are copied (STORAGE_LOCAL_FALLBACK).

Plugins declare the columns holding keys with ``StoredFileKey`` so the core can delete a deleted
account's objects, export them, sweep orphans and migrate them between stores. docs/storage.md.
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

from flask import Flask

from config import ConfigError
from core.storage.base import (  # noqa: F401  (get_storage: core.storage.get_storage)
    ObjectInfo,
    ObjectStream,
    Storage,
    StorageUnavailable,
    StoredObjectMissing,
    get_storage,
    new_key,
)
from core.storage.columns import StoredFileKey
from core.storage.local import LocalStorage

__all__ = ["LocalStorage", "ObjectInfo", "ObjectStream", "Storage", "StorageUnavailable", "StoredFileKey",
           "StoredObjectMissing", "build_storage", "get_storage", "init_storage", "local_folder", "new_key"]
ENCRYPTION = {"aes256": "AES256", "aws:kms": "aws:kms", "off": None, "none": None, "": None}


def local_folder(app: Flask) -> str:
    """The folder of the local backend (and of the fallback reads): instance/uploads, or file://PATH."""
    url = app.config.get("STORAGE_URL") or ""
    if url.startswith("file://"):
        return unquote(urlsplit(url).path)
    return os.path.join(app.instance_path, "uploads")


def build_storage(app: Flask) -> Storage:
    url = (app.config.get("STORAGE_URL") or "").strip()
    scheme = urlsplit(url).scheme if url else ""
    if scheme in ("", "file"):
        return LocalStorage(local_folder(app))
    if scheme != "s3":
        raise ConfigError(f"STORAGE_URL must be s3://bucket/prefix or file:///path, not {scheme}://...")
    parts = urlsplit(url)
    if not parts.netloc:
        raise ConfigError("STORAGE_URL=s3://... needs a bucket name: s3://bucket or s3://bucket/prefix")
    encryption = str(app.config.get("STORAGE_ENCRYPTION", "AES256")).strip()
    if encryption.lower() not in ENCRYPTION:
        raise ConfigError("STORAGE_ENCRYPTION must be AES256, aws:kms or off")
    addressing = app.config.get("STORAGE_ADDRESSING", "auto")
    if addressing not in ("auto", "path", "virtual"):
        raise ConfigError("STORAGE_ADDRESSING must be auto, path or virtual")
    try:
        from core.storage.s3 import S3Settings, S3Storage
    except ImportError:  # pragma: no cover - only without the s3 extra
        raise ConfigError("STORAGE_URL=s3://... needs boto3: pip install 'hygeia[s3]'") from None
    prefix = parts.path.strip("/")
    try:
        storage: Storage = S3Storage(S3Settings(
            bucket=parts.netloc, prefix=f"{prefix}/" if prefix else "",
            endpoint_url=app.config.get("STORAGE_ENDPOINT_URL") or None,
            region=app.config.get("STORAGE_REGION") or None, addressing=addressing,
            encryption=ENCRYPTION[encryption.lower()], kms_key_id=app.config.get("STORAGE_KMS_KEY_ID") or None,
            timeout=float(app.config.get("STORAGE_TIMEOUT_SECONDS", 10)),
            signed_url_seconds=int(app.config.get("STORAGE_SIGNED_URL_SECONDS", 300))))
    except ModuleNotFoundError:
        raise ConfigError("STORAGE_URL=s3://... needs boto3: pip install 'hygeia[s3]'") from None
    if app.config.get("STORAGE_LOCAL_FALLBACK", True):
        from core.storage.fallback import FallbackStorage

        storage = FallbackStorage(storage, LocalStorage(local_folder(app)))
    return storage


def init_storage(app: Flask) -> None:
    """Build the store at start-up (a wrong STORAGE_URL stops it) and answer StorageUnavailable with 503."""
    from core.storage.http import storage_down

    seconds = int(app.config.get("STORAGE_SIGNED_URL_SECONDS", 300))
    if not 1 <= seconds <= 7 * 24 * 3600:
        raise ConfigError("STORAGE_SIGNED_URL_SECONDS must be between 1 and 604800 (S3's limit)")
    app.extensions["hygeia.storage"] = build_storage(app)
    app.register_error_handler(StorageUnavailable, storage_down)


