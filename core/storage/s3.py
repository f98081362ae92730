"""Any S3-compatible object store through boto3: AWS S3, MinIO, Ceph RGW, Cloudflare R2, SeaweedFS.

Objects are written with server-side encryption (STORAGE_ENCRYPTION), never overwritten (a
conditional write, ``If-None-Match: *``) and never public: reads go through Hygeia's routes or a
presigned URL of STORAGE_SIGNED_URL_SECONDS. Large objects go up in 5 MB parts, one at a time, so
memory stays flat whatever the size; a failed multipart upload is aborted, leaving nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from core.storage.base import (
    KeyTaken,
    ObjectInfo,
    ObjectStream,
    Storage,
    StorageUnavailable,
    StoredObjectMissing,
    check_key,
    valid_key,
)

log = logging.getLogger(__name__)
PART = 5 * 1024 * 1024  # S3's minimum: one part in flight costs about three times this (read, join, request)
MISSING = {"NoSuchKey", "404", "NotFound"}
TAKEN = {"PreconditionFailed", "412", "ConditionalRequestConflict", "409"}


@dataclass(frozen=True)
class S3Settings:
    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    region: str | None = None
    addressing: str = "auto"
    encryption: str | None = "AES256"
    kms_key_id: str | None = None
    timeout: float = 10.0
    signed_url_seconds: int = 300


class S3Storage(Storage):
    name = "s3"
    can_sign = True

    def __init__(self, settings: S3Settings):
        from botocore.config import Config

        self.settings = settings
        addressing = settings.addressing
        if addressing == "auto" and settings.endpoint_url:
            addressing = "path"  # MinIO and most self-hosted stores serve buckets by path
        config = Config(connect_timeout=settings.timeout, read_timeout=settings.timeout,
                        retries={"max_attempts": 2, "mode": "standard"}, signature_version="s3v4",
                        s3={"addressing_style": addressing},
                        request_checksum_calculation="when_required", response_checksum_validation="when_required")
        self.client = boto3_client(settings, config)
        self._probe = None
        self._conditional = True  # If-None-Match on writes, until a store says it has none

    def _object(self, key: str) -> str:
        return self.settings.prefix + check_key(key)

    def _encryption(self) -> dict:
        if not self.settings.encryption:
            return {}
        args = {"ServerSideEncryption": self.settings.encryption}
        if self.settings.encryption == "aws:kms" and self.settings.kms_key_id:
            args["SSEKMSKeyId"] = self.settings.kms_key_id
        return args

    def _call(self, operation: str, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, operation)(Bucket=self.settings.bucket, **kwargs)
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code in MISSING:
                raise StoredObjectMissing(kwargs.get("Key", "")) from None
            if code in TAKEN:
                raise KeyTaken(kwargs.get("Key", "")) from None
            log.warning("storage: %s refused by the object store: %s", operation, code)
            refused = StorageUnavailable(f"the object store refused {operation} ({code})")
            refused.code = code
            raise refused from error
        except BotoCoreError as error:
            log.warning("storage: %s failed: %s", operation, type(error).__name__)
            raise StorageUnavailable(f"the object store did not answer {operation} ({type(error).__name__})") \
                from error

    def put_at(self, key: str, stream: IO[bytes]) -> None:
        name = self._object(key)
        first = _read_full(stream, PART)
        if len(first) < PART:
            self._write("put_object", Key=name, Body=first, **self._encryption())
            return
        upload = self._call("create_multipart_upload", Key=name, **self._encryption())["UploadId"]
        try:
            parts, number, chunk = [], 1, first
            while chunk:
                answer = self._call("upload_part", Key=name, UploadId=upload, PartNumber=number, Body=chunk)
                parts.append({"ETag": answer["ETag"], "PartNumber": number})
                number += 1
                chunk = _read_full(stream, PART)
            self._write("complete_multipart_upload", Key=name, UploadId=upload, MultipartUpload={"Parts": parts})
        except BaseException:
            try:
                self._call("abort_multipart_upload", Key=name, UploadId=upload)
            except (StorageUnavailable, StoredObjectMissing):
                log.warning("storage: could not abort an upload; the bucket's lifecycle rule for incomplete "
                            "multipart uploads removes its parts")
            raise

    def _write(self, operation: str, **kwargs):
        """A write that never replaces an object: conditional where the store supports it (AWS, MinIO,
        R2, Ceph RGW 18+); elsewhere a HEAD first (a collision of 128-bit random keys is the only risk)."""
        if self._conditional:
            try:
                return self._call(operation, IfNoneMatch="*", **kwargs)
            except StorageUnavailable as error:
                if getattr(error, "code", "") not in {"NotImplemented", "501"}:
                    raise
                log.warning("storage: the object store has no conditional writes; checking keys first")
                self._conditional = False
        if self._call_head(kwargs["Key"]):
            raise KeyTaken(kwargs["Key"])
        return self._call(operation, **kwargs)

    def _call_head(self, name: str) -> bool:
        try:
            self._call("head_object", Key=name)
        except StoredObjectMissing:
            return False
        return True

    def open(self, key: str) -> ObjectStream:
        if not valid_key(key):
            raise StoredObjectMissing(str(key))
        answer = self._call("get_object", Key=self._object(key))
        return ObjectStream(answer["Body"], answer.get("ContentLength"), on_error=_unavailable)

    def delete(self, key: str) -> None:
        if not valid_key(key):
            return
        self._call("delete_object", Key=self._object(key))

    def stat(self, key: str) -> ObjectInfo | None:
        if not valid_key(key):
            return None
        try:
            answer = self._call("head_object", Key=self._object(key))
        except StoredObjectMissing:
            return None
        return ObjectInfo(key, answer["ContentLength"], answer["LastModified"])

    def signed_url(self, key: str, expires_in: int | None = None) -> str | None:
        seconds = int(expires_in or self.settings.signed_url_seconds)
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.settings.bucket, "Key": self._object(key)}, ExpiresIn=seconds)

    def keys(self, prefix: str = "") -> Iterator[ObjectInfo]:
        token = None
        while True:
            page = self._call("list_objects_v2", Prefix=self.settings.prefix + prefix,
                              **({"ContinuationToken": token} if token else {}))
            for item in page.get("Contents", []):
                key = item["Key"][len(self.settings.prefix):]
                if "/" in key:
                    yield ObjectInfo(key, item["Size"], item["LastModified"])
            if not page.get("IsTruncated"):
                return
            token = page["NextContinuationToken"]

    def check(self) -> None:
        """Raise StorageUnavailable unless the bucket answers within 2 s (the health check)."""
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ClientError

        if self._probe is None:
            quick = self.client.meta.config.merge(Config(connect_timeout=2, read_timeout=2,
                                                         retries={"max_attempts": 1}))
            self._probe = boto3_client(self.settings, quick)
        try:
            self._probe.head_bucket(Bucket=self.settings.bucket)
        except (BotoCoreError, ClientError) as error:
            raise StorageUnavailable(f"the bucket did not answer ({type(error).__name__})") from error

    def describe(self) -> str:
        where = self.settings.endpoint_url or "AWS"
        return f"s3://{self.settings.bucket}/{self.settings.prefix} at {where}"


def boto3_client(settings: S3Settings, config):
    """boto3's own credential chain: environment, shared files, container or instance role."""
    import boto3

    return boto3.session.Session().client("s3", endpoint_url=settings.endpoint_url, region_name=settings.region,
                                          config=config)


def _read_full(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes (fewer only at the end): a socket-like stream may return short reads."""
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _unavailable(error: Exception) -> StorageUnavailable:
    log.warning("storage: reading an object failed: %s", type(error).__name__)
    return StorageUnavailable(f"the object store stopped sending ({type(error).__name__})")
