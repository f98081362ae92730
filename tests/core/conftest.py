import textwrap

import flask_migrate
import pytest

import tests.sample_plugin as sample_plugin


@pytest.fixture(scope="session")
def sample_tables(hygeia_backend):
    """The sample plugin's tables in the session database (its Alembic branch, upgraded once)."""
    from core.app import create_app

    app = create_app({**hygeia_backend.overrides(), "HYGEIA_PLUGINS": ["sample"]}, env="testing",
                     plugins=(sample_plugin,))
    with app.app_context():
        flask_migrate.upgrade(revision="sample@head")


@pytest.fixture
def sample_app(make_app, sample_tables):
    """An app with only the sample plugin enabled."""
    return make_app({"HYGEIA_PLUGINS": ["sample"]}, plugins=(sample_plugin,))


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """Install plugins for real: a distribution's metadata with hygeia.plugins entry points on sys.path."""

    def install(entry_points: dict[str, str], files: dict[str, str] | None = None, version="9.9.9"):
        dist = tmp_path / f"hygeia_testdist-{version}.dist-info"
        dist.mkdir(exist_ok=True)
        (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: hygeia-testdist\nVersion: {version}\n")
        lines = "\n".join(f"{name} = {target}" for name, target in entry_points.items())
        (dist / "entry_points.txt").write_text(f"[hygeia.plugins]\n{lines}\n")
        for filename, source in (files or {}).items():
            (tmp_path / filename).write_text(textwrap.dedent(source))
        monkeypatch.syspath_prepend(str(tmp_path))

    return install
