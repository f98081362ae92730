"""The AsyncAPI document in the tests: the official validator, and real frames checked against it.

There is no working Python validator of AsyncAPI 2.6, so the tests run the official parser
(``@asyncapi/parser``, pinned in tests/tools/asyncapi/package-lock.json) with Node: it is installed
once with ``npm ci`` into a cache folder outside the repository (``$HYGEIA_NODE_CACHE``, else
``~/.cache/hygeia``), named after a digest of the tool's files. Without node and npm, or with no
npm registry, the tests that need it skip saying so; CI sets ``HYGEIA_TEST_REQUIRE_NODE=1`` so that
they fail there instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

TOOL = Path(__file__).resolve().parent / "tools" / "asyncapi"
TOOL_FILES = ("package.json", "package-lock.json", "validate.mjs")
REQUIRE_VARIABLE = "HYGEIA_TEST_REQUIRE_NODE"
ERROR, WARNING = 0, 1


def _unavailable(reason: str):
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{REQUIRE_VARIABLE}=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def cache_folder() -> Path:
    base = os.environ.get("HYGEIA_NODE_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hygeia"
    digest = hashlib.sha256(b"".join((TOOL / name).read_bytes() for name in TOOL_FILES)).hexdigest()[:16]
    return Path(base) / f"asyncapi-validator-{digest}"


def install_validator() -> Path:
    """The folder holding validate.mjs and its node_modules (installed on first use), or a skip."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        _unavailable("the AsyncAPI validator needs Node.js 18+ and npm (the official @asyncapi/parser; no Python "
                     f"validator of AsyncAPI 2.6 works): node is {node or 'missing'}, npm is {npm or 'missing'}")
    folder = cache_folder()
    if (folder / "node_modules" / "@asyncapi" / "parser" / "package.json").is_file():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    for name in TOOL_FILES:
        shutil.copy(TOOL / name, staging / name)
    try:  # no install scripts: the parser needs none (one dependency's is telemetry)
        done = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                              cwd=staging, capture_output=True, text=True, timeout=300, check=False,
                              env={**os.environ, "SCARF_ANALYTICS": "false"})
    except subprocess.TimeoutExpired:
        done = None
    if done is None or done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        _unavailable("npm ci of tests/tools/asyncapi (@asyncapi/parser 3.6.3) failed: "
                     + ("it timed out" if done is None else (done.stderr or done.stdout).strip()[-600:]))
    try:
        staging.rename(folder)
    except OSError:  # another run installed it meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def diagnostics(validator: Path, document: dict, tmp_path: Path) -> list[dict]:
    """What the official parser says of ``document``: [{code, message, path, severity}]."""
    path = tmp_path / "asyncapi.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    done = subprocess.run(["node", str(validator / "validate.mjs"), str(path)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["diagnostics"]


class Frames:
    """Checks real frames against the document: each must match one message of its channel and direction."""

    def __init__(self, document: dict):
        self.document = document
        self.seen: dict[tuple[str, str], set] = {}

    def messages(self, channel: str, operation: str) -> list[dict]:
        described = self.document["channels"][channel].get(operation, {}).get("message", {})
        return described.get("oneOf", [described] if described else [])

    def check(self, channel: str, frame: dict, sent_by: str = "server") -> dict:
        """``frame`` as received from (or sent to) ``channel``; returns it. Fails unless a message of that
        direction describes it (its payload validates the frame)."""
        operation = "subscribe" if sent_by == "server" else "publish"
        problems, matching = [], set()
        for message in self.messages(channel, operation):
            payload = message["payload"]
            if payload.get("properties", {}).get("type", {}).get("const", frame.get("type")) != frame.get("type"):
                continue
            errors = list(Draft7Validator({**payload, "components": self.document["components"]}).iter_errors(frame))
            if errors:
                problems.append(f"{message['messageId']}: {'; '.join(e.message for e in errors)}")
            else:
                matching.add(message["name"])
        if not matching:
            raise AssertionError(f"no {operation} message of {channel} describes {frame}: "
                                 f"{problems or 'none of its type'}")
        self.seen.setdefault((channel, operation), set()).update(matching)
        return frame
