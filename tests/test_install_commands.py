"""One command for the xray extra, the same in every message that suggests it."""

import io
from pathlib import Path

import pytest

from plugins.xray import spec
from plugins.xray.spec import EXTRA_COMMAND

ROOT = Path(__file__).resolve().parents[1]
COMMAND = 'pip install -c constraints.txt -e ".[xray]"'


def test_the_command_is_the_documented_pip_line():
    assert EXTRA_COMMAND == COMMAND


@pytest.mark.parametrize("path", ["README.md", "Makefile", "constraints.txt", "plugins/xray/README.md"])
def test_every_document_gives_the_same_command(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    assert COMMAND in text
    assert "RUN_EXTRAS=" not in text.replace("ifdef RUN_EXTRAS", "").replace("EXTRAS=$(RUN_EXTRAS)", "")
    assert '"hygeia[xray]"' not in text and "-e .[xray]" not in text


def test_the_cpu_build_is_documented_where_torch_is_pinned():
    text = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    assert "torch==2.13.0" in text.splitlines()
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in text
    assert "TORCH_INDEX=https://download.pytorch.org/whl/cpu" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def without_the_extra(make_app, monkeypatch):
    """The xray plugin on a machine without torch and MONAI (the plugin itself imports without them)."""
    monkeypatch.setattr(spec, "REQUIRED_MODULES", ("hygeia_absent_torch", "numpy"))
    return make_app({"HYGEIA_PLUGINS": ["xray"], "RATELIMIT_ENABLED": False})


def test_health_and_the_503_give_the_command(without_the_extra, make_user):
    client, user = without_the_extra.test_client(), make_user()
    check = client.get("/api/health/").get_json()["plugins"]["xray"]["model"]
    assert check["status"] == "degraded" and COMMAND in check["detail"] and "(hygeia_absent_torch)" in check["detail"]
    response = client.post("/api/xray-analyses/", headers=user.headers, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(b"\x89PNG\r\n\x1a\n"), "x.png")})
    body = response.get_json()
    assert response.status_code == 503 and body["error"] == "model_unavailable"
    assert COMMAND in body["message"] and body["details"]["install"] == COMMAND


def test_the_cli_gives_the_command(without_the_extra):
    result = without_the_extra.test_cli_runner().invoke(args=["xray", "install-weights", "/nonexistent",
                                                              "--sha256", "0" * 64])
    assert result.exit_code != 0 and COMMAND in result.output
