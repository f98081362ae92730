"""docs/local-development.md works as written: its programs, options, settings, ports and paths are the code's."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from core.llm.fake_server import FakeLLMServer
from tests.core.test_readme import commands
from tests.plugins.research.literature_server import ENDPOINTS, settings

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "docs" / "local-development.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")


def words_of_every_command() -> list[list[str]]:
    blocks = re.findall(r"^```sh\n(.*?)^```", TEXT, flags=re.DOTALL | re.MULTILINE)
    return [words for block in blocks for words in commands(block)]


COMMANDS = words_of_every_command()
EXPORTS = dict(word.split("=", 1) for words in COMMANDS if words[0] == "export" for word in words[1:])


def python_modules() -> dict[str, list[str]]:
    """{module: its options} of each `.venv/bin/python -m module ...` command."""
    return {words[2]: [w for w in words[3:] if w.startswith("--")] for words in COMMANDS
            if words[0] == ".venv/bin/python" and words[1] == "-m"}


def option_value(module: str, option: str) -> str:
    words = next(w for w in COMMANDS if w[:3] == [".venv/bin/python", "-m", module])
    return words[words.index(option) + 1]


def test_the_page_has_a_command_for_each_server():
    assert set(python_modules()) == {"core.llm.fake_server", "tests.plugins.research.literature_server"}
    assert ["make", "run", "PORT=5000"] in COMMANDS and ["make", "worker"] in COMMANDS
    assert "[docs/local-development.md](docs/local-development.md)" in (ROOT / "README.md").read_text(
        encoding="utf-8")


@pytest.mark.parametrize("module", sorted(python_modules()))
def test_each_server_takes_the_options_the_page_gives(module):
    done = subprocess.run([sys.executable, "-m", module, "--help"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    for option in python_modules()[module]:
        assert re.search(rf"(^|\s){re.escape(option)}\b", done.stdout), (module, option, done.stdout)


def test_make_targets_and_variables_exist():
    for words in COMMANDS:
        if words[0] == "make":
            assert re.search(rf"^{words[1]}:", MAKEFILE, flags=re.MULTILINE), words
            for variable in (w.split("=", 1)[0] for w in words[2:] if "=" in w):
                assert re.search(rf"^{variable} \?=", MAKEFILE, flags=re.MULTILINE), words


def test_every_setting_is_one_the_code_reads():
    assert set(EXPORTS) >= {"LLM_BASE_URL", "RESEARCH_EUTILS_BASE_URL", "SYMPTOMS_ENRICH"}
    assert "REDIS_URL" in TEXT
    for name in [*EXPORTS, "REDIS_URL"]:
        assert re.search(rf"^#? ?{name}=", ENV_EXAMPLE, flags=re.MULTILINE), f"{name} is not a documented setting"


def test_the_settings_point_at_the_servers_as_they_serve():
    llm = urlsplit(EXPORTS["LLM_BASE_URL"])
    assert (llm.hostname, str(llm.port)) == ("127.0.0.1", option_value("core.llm.fake_server", "--port"))
    with FakeLLMServer() as server:
        assert llm.path == urlsplit(server.url).path  # /v1
    port = option_value("tests.plugins.research.literature_server", "--port")
    expected = settings(f"http://127.0.0.1:{port}")
    assert {name: EXPORTS[name] for name in expected} == expected
    # and what the research plugin appends to those bases is what the server answers
    assert {urlsplit(EXPORTS["RESEARCH_EUTILS_BASE_URL"]).path + "/esearch.fcgi",
            urlsplit(EXPORTS["RESEARCH_EUROPEPMC_BASE_URL"]).path + "/search",
            urlsplit(EXPORTS["RESEARCH_NEWS_FEED_URL"]).path} <= set(ENDPOINTS)


def test_the_research_plugin_reaches_the_literature_server_with_those_settings(make_app, make_user):
    """The three settings, pointed at a running literature server, give a search its recorded articles."""
    from tests.plugins.research.literature_server import LiteratureServer

    server = LiteratureServer().start()
    try:
        app = make_app({**settings(server.url), "HYGEIA_PLUGINS": ["research"], "RATELIMIT_ENABLED": False})
        user = make_user()
        response = app.test_client().post("/api/research/", json={"query": "vitamin d and bone health"},
                                          headers=user.headers)
        body = response.get_json()
        assert response.status_code in (200, 201, 202), body
        assert server.count("esearch") >= 1
    finally:
        server.stop()


def test_the_paths_and_port_the_page_names_are_the_apis(client):
    paths = set(client.get("/api/openapi.json").get_json()["paths"])
    for words in COMMANDS:
        if words[0] == "curl":
            url = urlsplit("http://" + words[-1])
            assert url.port == 5000 and url.path in paths, words
    for path in re.findall(r"`(/api/[a-z/-]*)`", TEXT):
        assert path in paths | {"/api/openapi.json", "/api/asyncapi.json"}, path
