import textwrap

import pytest

import tests.sample_plugin as sample_plugin


@pytest.fixture(scope="session")
def sample_tables(hygeia_backend):
    """The sample plugin's table in the session database.

    Created from the model, not by its Alembic branch: the session database must not record a
    revision of a plugin that is not installed, or later `flask db upgrade` runs on it could
    not find that revision. test_migrations runs the branch itself on a fresh database.
    """
    import sqlalchemy as sa

    from tests.sample_plugin.models import SampleNote

    engine = sa.create_engine(hygeia_backend.database_url)
    SampleNote.__table__.create(engine, checkfirst=True)
    engine.dispose()


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
