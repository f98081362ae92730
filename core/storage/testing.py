"""A real S3-compatible server for tests and benchmarks: moto's standalone server in its own process.

It speaks the S3 protocol over HTTP on 127.0.0.1, so the code under test runs boto3 exactly as
in production (signing, multipart uploads, conditional writes, errors); only the far end differs.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "hygeia-test", "AWS_SECRET_ACCESS_KEY": "hygeia-test-secret",
               "AWS_DEFAULT_REGION": "us-east-1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalS3Server:
    """``server = LocalS3Server().start()``; ``server.new_bucket()``; ``server.config(bucket)``; ``server.stop()``."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> LocalS3Server:
        env = {**os.environ, **CREDENTIALS}
        self.process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto_server exited with {self.process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("moto_server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def client(self):
        import boto3

        return boto3.session.Session(
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        ).client("s3", endpoint_url=self.endpoint, region_name="us-east-1")

    def new_bucket(self, name: str | None = None) -> str:
        name = name or f"hygeia-test-{secrets.token_hex(4)}"
        self.client().create_bucket(Bucket=name)
        return name

    def empty(self, bucket: str) -> None:
        client = self.client()
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            objects = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if objects:
                client.delete_objects(Bucket=bucket, Delete={"Objects": objects})

    def objects(self, bucket: str) -> dict[str, dict]:
        """Every object's key (without the prefix) and head, for assertions."""
        client = self.client()
        found = {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                found[item["Key"]] = client.head_object(Bucket=bucket, Key=item["Key"])
        return found

    def config(self, bucket: str, prefix: str = "hygeia") -> dict:
        """App settings that store files in ``bucket`` (no local fallback: nothing read from disk)."""
        return {"STORAGE_URL": f"s3://{bucket}/{prefix}", "STORAGE_ENDPOINT_URL": self.endpoint,
                "STORAGE_REGION": "us-east-1", "STORAGE_LOCAL_FALLBACK": False, "STORAGE_TIMEOUT_SECONDS": 5}
