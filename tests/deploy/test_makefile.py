"""`make run EXTRAS=...` installs the extras asked for (one stamp per set), PORT picks the port."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@pytest.fixture
def venv(tmp_path) -> Path:
    """A stand-in virtual environment: make only looks at its bin/python and its stamps."""
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "python").touch()
    return tmp_path


UNREACHABLE = "http://127.0.0.1:9/whl/cpu"  # nothing listens on the discard port


def dry_run(venv: Path, *args: str, cpu_index: str = UNREACHABLE) -> list[str]:
    done = subprocess.run(["make", "-s", "-n", "-C", str(ROOT), f"VENV={venv}", f"TORCH_CPU_INDEX={cpu_index}", *args],
                          capture_output=True,
                          text=True, timeout=60, env={k: v for k, v in os.environ.items() if k != "MAKEFLAGS"})
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def installs(lines: list[str]) -> list[str]:
    return [line for line in lines if "/bin/pip install " in line]


def stamp(venv: Path, name: str) -> None:
    time.sleep(0.01)
    (venv / name).touch()  # newer than setup.py and constraints.txt


def test_run_installs_the_server_extra_and_serves_on_port_5000(venv):
    lines = dry_run(venv, "run")
    assert installs(lines) == [f'{venv}/bin/pip install -q -c constraints.txt -e ".[server]"']
    assert f"touch {venv}/.installed-server" in lines
    assert lines[-1] == f"{venv}/bin/flask --app wsgi run --host 127.0.0.1 --port 5000"


def test_asking_for_another_extra_installs_it_even_after_a_first_run(venv):
    stamp(venv, ".installed-server")
    assert installs(dry_run(venv, "run")) == []  # nothing new asked for: nothing installed
    lines = dry_run(venv, "run", "EXTRAS=xray")
    assert installs(lines) == [f'{venv}/bin/pip install -q -c constraints.txt -e ".[server,xray]"']
    stamp(venv, ".installed-server+xray")
    assert installs(dry_run(venv, "run", "EXTRAS=xray,server")) == []  # the same set, in any order


def test_port_and_the_torch_index_are_variables(venv):
    lines = dry_run(venv, "run", "EXTRAS=xray", "PORT=8123", "TORCH_INDEX=https://download.pytorch.org/whl/cpu")
    assert installs(lines) == [f"{venv}/bin/pip install -q -c constraints.txt --extra-index-url "
                               f'https://download.pytorch.org/whl/cpu -e ".[server,xray]"']
    assert lines[-1].endswith("--port 8123")


def test_test_installs_the_test_extras_once(venv):
    expected = f'{venv}/bin/pip install -q -c constraints.txt -e ".[dev,server,xray]"'
    assert installs(dry_run(venv, "test")) == [expected]
    stamp(venv, ".installed-dev+server+xray")
    assert dry_run(venv, "test") == [f"{venv}/bin/pytest -q"]


def test_the_old_variable_is_refused_with_the_new_spelling(venv):
    done = subprocess.run(["make", "-n", "-C", str(ROOT), f"VENV={venv}", "run", "RUN_EXTRAS=server,xray"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "RUN_EXTRAS is now EXTRAS: make run EXTRAS=server,xray" in done.stderr


@pytest.fixture
def cpu_index():
    """A local stand-in for PyTorch's CPU index that answers."""
    import http.server
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_cpu_torch_index_is_added_by_default_when_it_answers(venv, cpu_index):
    lines = dry_run(venv, "run", "EXTRAS=xray", cpu_index=cpu_index)
    assert installs(lines) == [f'{venv}/bin/pip install -q -c constraints.txt --extra-index-url {cpu_index} '
                               f'-e ".[server,xray]"']
    assert installs(dry_run(venv, "run", cpu_index=cpu_index)) == [  # no torch asked for: no torch index
        f'{venv}/bin/pip install -q -c constraints.txt -e ".[server]"']
    gpu = dry_run(venv, "run", "EXTRAS=xray", "TORCH_INDEX=", cpu_index=cpu_index)  # a GPU host's choice
    assert installs(gpu) == [f'{venv}/bin/pip install -q -c constraints.txt -e ".[server,xray]"']
