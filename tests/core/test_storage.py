"""The storage interface on both backends, against a real local S3 server (moto's, in its own process)."""

from __future__ import annotations

import hashlib
import io
import re
import time
import tracemalloc
import urllib.error
import urllib.parse
import urllib.request

import pytest

from config import ConfigError
from core.storage import LocalStorage, StoredObjectMissing, get_storage
from core.storage import base as storage_base


@pytest.fixture
def bucket(s3_server):
    name = s3_server.new_bucket()
    yield name
    s3_server.empty(name)


@pytest.fixture(params=["local", "s3"])
def store(request, make_app, tmp_path, s3_server, bucket):
    settings = ({"STORAGE_URL": f"file://{tmp_path / 'files'}"} if request.param == "local"
                else s3_server.config(bucket))
    app = make_app(settings)
    with app.app_context():
        yield get_storage(app)


PATTERN = bytes(range(256)) * 4096  # 1 MB


class Zeros(io.RawIOBase):
    """``size`` bytes of a repeating pattern, produced as read (1 MB at most a call): never held whole."""

    def __init__(self, size: int):
        self.left, self.reads = size, []

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.left, len(PATTERN))
        buffer[:n] = PATTERN[:n]
        self.left -= n
        self.reads.append(n)
        return n


def test_put_open_delete_exists_on_both_backends(store):
    key = store.put(io.BytesIO(b"pixels" * 1000), namespace="xray", suffix=".npy")
    assert re.fullmatch(r"xray/[0-9a-f]{32}\.npy", key)
    assert store.exists(key) and store.stat(key).size == 6000
    with store.open(key) as stream:
        assert stream.read() == b"pixels" * 1000
    assert [info.key for info in store.keys("xray/")] == [key]
    store.delete(key)
    store.delete(key)  # idempotent
    assert not store.exists(key) and list(store.keys("xray/")) == []
    with pytest.raises(StoredObjectMissing):
        store.open(key)


def test_keys_are_made_by_the_store_and_names_are_refused(store):
    with pytest.raises(ValueError):
        store.put(io.BytesIO(b"x"), namespace="../etc", suffix="")
    with pytest.raises(ValueError):
        store.put(io.BytesIO(b"x"), namespace="xray", suffix="-Jane Doe.png")
    assert not store.exists("xray/../../passwd") and store.stat("not a key") is None


def test_a_key_collision_never_overwrites(store, monkeypatch):
    first = store.put(io.BytesIO(b"first"), namespace="xray", suffix=".png")
    keys = iter([first, first, "xray/" + "b" * 32 + ".png"])  # the random source repeats itself twice
    monkeypatch.setattr(storage_base, "new_key", lambda namespace, suffix="": next(keys))
    second = store.put(io.BytesIO(b"second"), namespace="xray", suffix=".png")
    assert second == "xray/" + "b" * 32 + ".png"
    with store.open(first) as one, store.open(second) as two:
        assert (one.read(), two.read()) == (b"first", b"second")
    monkeypatch.setattr(storage_base, "new_key", lambda namespace, suffix="": first)
    with pytest.raises(storage_base.StorageUnavailable):  # the store never gives up a taken key
        store.put(io.BytesIO(b"third"), namespace="xray", suffix=".png")
    with store.open(first) as one:
        assert one.read() == b"first"


def test_objects_are_encrypted_at_rest_unless_turned_off(make_app, s3_server, bucket):
    app = make_app(s3_server.config(bucket))
    plain = make_app({**s3_server.config(bucket, prefix="plain"), "STORAGE_ENCRYPTION": "off"})
    with app.app_context():
        encrypted = get_storage(app).put(io.BytesIO(b"a"), namespace="xray")
    with plain.app_context():
        unencrypted = get_storage(plain).put(io.BytesIO(b"b"), namespace="xray")
    heads = s3_server.objects(bucket)
    assert heads[f"hygeia/{encrypted}"]["ServerSideEncryption"] == "AES256"
    assert "ServerSideEncryption" not in heads[f"plain/{unencrypted}"]


def test_signed_urls_are_short_lived_and_only_where_the_store_signs(make_app, s3_server, bucket, tmp_path):
    app = make_app({**s3_server.config(bucket), "STORAGE_SIGNED_URL_SECONDS": 60})
    with app.app_context():
        storage = get_storage(app)
        key = storage.put(io.BytesIO(b"heatmap"), namespace="xray", suffix=".png")
        url = storage.signed_url(key)
        short = storage.signed_url(key, expires_in=2)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    signed_at = time.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
    assert abs(time.mktime(signed_at) - time.mktime(time.gmtime())) < 120
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(short).query)["X-Amz-Expires"] == ["2"]
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert answer.read() == b"heatmap"
    unsigned = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(query=""))
    with pytest.raises(urllib.error.HTTPError) as refused:  # the bucket is private: no link, no file
        urllib.request.urlopen(unsigned, timeout=10)
    assert refused.value.code == 403
    # The expiry is signed into the link (X-Amz-Expires, X-Amz-Date): S3, MinIO and Ceph refuse it after that.
    # moto's server checks the signature's presence but not the clock, so the refusal itself is not tested here.
    assert LocalStorage(str(tmp_path)).signed_url(key) is None
    with pytest.raises(ConfigError, match="STORAGE_SIGNED_URL_SECONDS"):
        make_app({**s3_server.config(bucket), "STORAGE_SIGNED_URL_SECONDS": 10 * 24 * 3600})


def test_a_large_file_is_streamed_in_parts_never_read_whole(store):
    size = 24 * 1024 * 1024 + 12345  # five 5 MB parts on S3
    source = Zeros(size)
    tracemalloc.start()
    key = store.put(io.BufferedReader(source, 1 << 20), namespace="xray", suffix=".bin")
    _, put_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    digest, total, largest = hashlib.sha256(), 0, 0
    with store.open(key) as stream:
        for chunk in stream:
            digest.update(chunk)
            total += len(chunk)
            largest = max(largest, len(chunk))
    _, get_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    pattern, reader = hashlib.sha256(), io.BufferedReader(Zeros(size), 1 << 20)
    while chunk := reader.read(1 << 20):
        pattern.update(chunk)
    assert total == size and digest.hexdigest() == pattern.hexdigest()
    assert largest <= 1024 * 1024
    assert put_peak < 20 * 1024 * 1024, put_peak  # one 5 MB part at a time, not 24 MB
    assert get_peak < 6 * 1024 * 1024, get_peak
    store.delete(key)


@pytest.mark.parametrize("url, message", [
    ("ftp://files.example.org/x", "must be s3://bucket/prefix or file:///path"),
    ("s3:///no-bucket", "needs a bucket name"),
])
def test_a_wrong_storage_url_stops_start_up(make_app, url, message):
    with pytest.raises(ConfigError, match=message):
        make_app({"STORAGE_URL": url})


def test_health_names_the_store_and_a_store_down_degrades_without_downing(make_app, s3_server, bucket):
    import socket

    body = make_app(s3_server.config(bucket)).test_client().get("/api/health/").get_json()
    assert body["components"]["storage"]["status"] == "ok"
    assert body["components"]["storage"]["detail"] == "s3: bucket reachable"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    down = make_app({**s3_server.config(bucket), "STORAGE_ENDPOINT_URL": closed})
    started = time.monotonic()
    body = down.test_client().get("/api/health/").get_json()
    assert time.monotonic() - started < 5
    assert body["components"]["storage"]["status"] == "down" and body["status"] == "degraded"
    assert "did not answer" in body["components"]["storage"]["detail"]
