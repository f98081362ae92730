"""Two hosts with no shared disk: separate processes and instance folders that share only PostgreSQL,
Redis and the object store. An upload on one host is analysed by a worker on the other, read and
deleted there, and seen from the first."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from PIL import Image

from core.storage.testing import CREDENTIALS
from tests.reliability.conftest import HAS_XRAY
from tests.reliability.processes import free_port, wait_for_port

pytestmark = pytest.mark.skipif(not HAS_XRAY, reason="needs the xray extra (torch, monai)")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Host:
    """One machine: its own instance folder (with the x-ray weights installed), a web process, workers."""

    def __init__(self, name: str, folder, weights, env: dict[str, str]):
        self.instance = folder / name
        shutil.copytree(weights / "xray", self.instance / "xray")
        self.env = {**os.environ, **env, "HYGEIA_INSTANCE_PATH": str(self.instance)}
        self.port = free_port()
        self.web: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_web(self) -> Host:
        self.web = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "run", "-h", "127.0.0.1",
                                     "-p", str(self.port), "--no-reload", "--with-threads"],
                                    cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, timeout=60)
        return self

    def run_worker(self) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "xray", "--burst",
                               "--simple"], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300,
                              check=False)

    def request(self, method: str, path: str, headers: dict, body: bytes | None = None,
                content_type: str | None = None) -> tuple[int, bytes, dict]:
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=dict(headers))
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, answer.read(), dict(answer.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def stop(self) -> None:
        if self.web and self.web.poll() is None:
            self.web.terminate()
            self.web.wait(15)

    def stored_files(self) -> list[str]:
        uploads = self.instance / "uploads"
        return [os.path.join(folder, name) for folder, _dirs, names in os.walk(uploads) for name in names]


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "hygeia-multi-host"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def hosts(hygeia_backend, s3_server, installed_instance, tmp_path):
    if hygeia_backend.name != "postgres" or not hygeia_backend.redis_url:
        pytest.skip("several hosts share PostgreSQL and Redis (HYGEIA_TEST_BACKEND=postgres)")
    bucket = s3_server.new_bucket()
    shared = {
        **CREDENTIALS, "HYGEIA_ENV": "testing", "TEST_DATABASE_URL": hygeia_backend.database_url,
        "REDIS_URL": hygeia_backend.redis_url, "HYGEIA_REDIS_PREFIX": hygeia_backend.prefix,
        "HYGEIA_PLUGINS": "xray", "RATELIMIT_ENABLED": "false", "HYGEIA_LOG_LEVEL": "warning",
        "STORAGE_URL": f"s3://{bucket}/hygeia", "STORAGE_ENDPOINT_URL": s3_server.endpoint,
        "STORAGE_LOCAL_FALLBACK": "false", "XRAY_EXPLAIN": "false",
    }
    pair = [Host(name, tmp_path, installed_instance, shared) for name in ("host-a", "host-b")]
    for host in pair:
        host.start_web()
    yield pair, bucket
    for host in pair:
        host.stop()
    s3_server.empty(bucket)


def test_an_upload_on_one_host_is_analysed_read_and_deleted_on_the_other(hosts, make_user, s3_server):
    from tests.plugins.xray.conftest import sample_bytes

    (a, b), bucket = hosts
    user = make_user()
    headers = {"Authorization": f"Bearer {user.access_token}"}
    body, content_type = multipart("scan.png", sample_bytes("00000001_000.png"))
    status, answer, _ = a.request("POST", "/api/xray-analyses/", headers, body, content_type)
    assert status == 202, answer
    analysis = json.loads(answer)
    assert analysis["status"] == "queued"  # queued in the shared Redis, not run in the web process
    assert len(s3_server.objects(bucket)) == 1 and a.stored_files() == []

    worker = b.run_worker()  # the other host's x-ray worker takes the job and reads the image from the bucket
    assert worker.returncode == 0, worker.stderr[-2000:]
    path = f"/api/xray-analyses/{analysis['id']}/"
    deadline = time.monotonic() + 30
    while True:
        status, answer, _ = b.request("GET", path, headers)
        detail = json.loads(answer)
        if detail["status"] in ("done", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert detail["status"] == "done", detail
    assert detail["result"]["findings"]

    status, heatmap, response_headers = b.request("GET", path + "heatmap", headers)  # rendered and stored on B
    assert status == 200 and response_headers["Cache-Control"] == "private, no-store"
    assert Image.open(io.BytesIO(heatmap)).format == "PNG"
    status, again, _ = a.request("GET", path + "heatmap", headers)  # host A reads what host B stored
    assert status == 200 and again == heatmap
    assert len(s3_server.objects(bucket)) == 2

    status, _, _ = b.request("DELETE", path, headers)
    assert status == 204
    assert a.request("GET", path, headers)[0] == 404
    assert s3_server.objects(bucket) == {}
    assert a.stored_files() == [] and b.stored_files() == []  # neither host kept a file of its own
