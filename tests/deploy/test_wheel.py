"""A built wheel is a complete installation: every file of the packages, an entry point, and it migrates
from outside the source tree (.ci/wheel-smoke goes further: a clean venv, PostgreSQL, a server)."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import core.app as core_app

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "config", "plugins", "migrations")
IGNORED_WARNINGS = ("would be ignored", "is absent from the `packages` configuration")


def tracked_files() -> list[str]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the wheel is compared with the checkout's tracked files")
    done = subprocess.run(["git", "ls-files", "-z", *PACKAGES], cwd=ROOT, capture_output=True)
    if done.returncode != 0:
        pytest.skip("not a git checkout: the wheel is compared with the tracked files")
    return [name for name in done.stdout.decode().split("\0") if name]


def builtin_plugins(name: str = "BUILTIN_PLUGINS") -> list[str]:
    """setup.py's BUILTIN_PLUGINS (or OPT_IN_PLUGINS), read without running it."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    (value,) = [node.value for node in tree.body if isinstance(node, ast.Assign)
                and [t.id for t in node.targets if isinstance(t, ast.Name)] == [name]]
    return ast.literal_eval(value)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, str]:
    """The wheel built from a copy of the tracked files (no build/ or stray files of the checkout), and pip's log."""
    if importlib.util.find_spec("setuptools") is None:
        pytest.skip("setuptools is not installed: the wheel is built without build isolation")
    source = tmp_path_factory.mktemp("source")
    for name in tracked_files() + ["setup.py", "README.md", "constraints.txt"]:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-v",
                           "-w", str(out), str(source)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (path,) = out.glob("hygeia-*.whl")
    return path, done.stdout + done.stderr


def test_the_wheel_holds_every_tracked_file_of_the_packages_and_nothing_else(wheel):
    path, log = wheel
    names = zipfile.ZipFile(path).namelist()
    shipped = {n for n in names if not n.startswith("hygeia-")}
    # migrations/ (the core's Alembic folder at the top of the checkout) ships as core/alembic
    assert shipped == {f"core/alembic/{n[len('migrations/'):]}" if n.startswith("migrations/") else n
                       for n in tracked_files()}
    for needed in ("core/alembic/env.py", "core/alembic/alembic.ini", "core/alembic/script.py.mako",
                   "core/alembic/versions/core_0001_core_tables.py", "core/wsgi.py", "core/mail/templates/_layout.html",
                   "plugins/diet/migrations/diet_0001_analyses.py", "plugins/diet/foods.json.gz"):
        assert needed in shipped
    assert not [line for line in log.splitlines() if any(w in line for w in IGNORED_WARNINGS)]


def test_the_wheel_declares_the_hygeia_command_and_the_builtin_plugins(wheel):
    path, _ = wheel
    archive = zipfile.ZipFile(path)
    (entry_points,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
    parser = configparser.ConfigParser()
    parser.read_string(archive.read(entry_points).decode())
    assert dict(parser["console_scripts"]) == {"hygeia": "core.cli:main"}
    every = builtin_plugins() + builtin_plugins("OPT_IN_PLUGINS")
    assert dict(parser["hygeia.plugins"]) == {name: f"plugins.{name}" for name in every}
    assert dict(parser["hygeia.opt_in_plugins"]) == {name: f"plugins.{name}"
                                                     for name in builtin_plugins("OPT_IN_PLUGINS")}


def test_the_unpacked_wheel_migrates_from_outside_the_source_tree(wheel, tmp_path):
    """Run from the wheel's own files (the dependencies of this environment), in a folder far from the checkout."""
    path, _ = wheel
    site = tmp_path / "site"
    zipfile.ZipFile(path).extractall(site)
    work = tmp_path / "work"
    work.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HYGEIA_", "FLASK_", "DB_"))}
    env.update({"PYTHONPATH": str(site), "HYGEIA_INSTANCE_PATH": str(work / "instance"),
                "DATABASE_URL": f"sqlite:///{work}/hygeia.sqlite3", "HYGEIA_PLUGINS": "diet,research"})
    env.pop("REDIS_URL", None)
    hygeia = [sys.executable, "-c", "from core.cli import main; main()"]

    where = subprocess.run([sys.executable, "-c", "import core, plugins.diet; print(core.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, timeout=60)
    assert where.stdout.strip() == str(site / "core" / "__init__.py"), where.stderr
    done = subprocess.run([*hygeia, "db", "upgrade"], cwd=work, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.split() == ["upgrading", "core@head", "upgrading", "diet@head", "upgrading", "research@head"]
    tables = {row[0] for row in sqlite3.connect(work / "hygeia.sqlite3").execute(
        "SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"users", "diet_analyses", "alembic_version"} <= tables, sorted(tables)
    listed = subprocess.run([*hygeia, "plugins", "list"], cwd=work, env=env, capture_output=True, text=True,
                            timeout=60)
    assert listed.returncode == 0 and "diet" in listed.stdout, listed.stdout + listed.stderr


def test_an_installed_app_keeps_its_instance_folder_out_of_site_packages(monkeypatch, tmp_path):
    assert core_app.default_instance() == ROOT / "instance"  # a checkout (an editable install too)
    monkeypatch.setattr(core_app, "CHECKOUT", tmp_path / "site-packages")
    assert core_app.default_instance() == Path(sys.prefix) / "var" / "hygeia-instance"
