"""Private Redis and PostgreSQL servers on free ports, to kill and restart in fault tests.

The machine's shared servers (127.0.0.1:5432, :6379) are never touched: each test starts its
own process here, on a free port, and stops it when done. PostgreSQL runs as the ``postgres``
user (initdb refuses root) in a temporary cluster with trust authentication on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, up: bool = True, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not go {'up' if up else 'down'} in {timeout} s")


class RedisProcess:
    """``redis-server`` without persistence on a free port; ``kill()`` is a crash (SIGKILL)."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisProcess:
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--protected-mode", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        wait_for_port(self.port, up=False)

    restart = start


def _as_postgres(*args: str, **kwargs) -> subprocess.CompletedProcess:
    command = list(args) if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


class PostgresProcess:
    """A throw-away PostgreSQL cluster on a free port; ``kill()`` is an immediate shutdown."""

    def __init__(self):
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="hygeia-pg-")
        self.data = os.path.join(self.folder, "data")
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        bindir = os.path.dirname(shutil.which("pg_ctl") or "/usr/local/bin/pg_ctl")
        self.pg_ctl, self.initdb = os.path.join(bindir, "pg_ctl"), os.path.join(bindir, "initdb")

    def url(self, database: str = "hygeia") -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> PostgresProcess:
        if not os.path.exists(self.data):
            _as_postgres(self.initdb, "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        _as_postgres(self.pg_ctl, "-D", self.data, "-l", os.path.join(self.folder, "log"), "-w", "-o",
                     f"-p {self.port} -h 127.0.0.1 -k {self.folder} -c fsync=off", "start")
        wait_for_port(self.port)
        return self

    def create_database(self, name: str = "hygeia") -> str:
        import sqlalchemy as sa

        engine = sa.create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def kill(self) -> None:
        _as_postgres(self.pg_ctl, "-D", self.data, "-m", "immediate", "-w", "stop")
        wait_for_port(self.port, up=False)

    restart = start

    def remove(self) -> None:
        try:
            self.kill()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)
