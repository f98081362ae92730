"""``flask xray install-weights`` from paths and URLs, in every format, and what it refuses."""

from __future__ import annotations

import json
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest


@pytest.fixture
def cli(make_app, empty_instance):
    app = make_app()
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["xray", *args])


@pytest.fixture
def file_server(weights_files):
    """A real HTTP server on 127.0.0.1 serving the weights folder."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(weights_files.xrv.parent)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def installed(instance) -> dict:
    return json.loads((instance / "xray" / "installed.json").read_text())


def test_install_from_a_path_then_show(cli, empty_instance, weights_files):
    digest = weights_files.hash(weights_files.xrv)
    result = cli("install-weights", str(weights_files.xrv), "--sha256", digest.upper())
    assert result.exit_code == 0, result.output
    assert f"weights sha256 {digest}" in result.output and "18 labels" in result.output
    manifest = installed(empty_instance)
    assert manifest["format"] == "torchxrayvision" and manifest["sha256"] == digest
    assert manifest["weights_file"] == f"weights/{digest[:16]}/xrv-densenet121.pt"
    assert (empty_instance / "xray" / manifest["weights_file"]).read_bytes() == weights_files.xrv.read_bytes()
    shown = cli("weights")
    assert shown.exit_code == 0 and "Enlarged Cardiomediastinum" in shown.output and "-1024..1024" in shown.output


def test_wrong_hash_installs_nothing(cli, empty_instance, weights_files):
    result = cli("install-weights", str(weights_files.xrv), "--sha256", "ab" * 32)
    assert result.exit_code == 1 and "SHA-256 mismatch" in result.output and "nothing was installed" in result.output
    assert not (empty_instance / "xray" / "installed.json").exists()
    assert not (empty_instance / "xray" / "weights").exists()
    assert cli("weights").exit_code == 1
    assert "64 hexadecimal" in cli("install-weights", str(weights_files.xrv), "--sha256", "abc").output


def test_install_from_a_url(cli, empty_instance, weights_files, file_server):
    digest = weights_files.hash(weights_files.plain)
    labels = str(weights_files.labels_json)
    result = cli("install-weights", f"{file_server}/plain.pt", "--sha256", digest, "--labels", labels,
                 "--version", "2024-06")
    assert result.exit_code == 0, result.output
    manifest = installed(empty_instance)
    assert (manifest["format"], manifest["name"], manifest["version"]) == ("state-dict", "Plain test", "2024-06")
    assert manifest["labels"] == ["Effusion", "Pneumothorax", "Edema"] and manifest["image_size"] == 192
    missing = cli("install-weights", f"{file_server}/absent.pt", "--sha256", digest)
    assert missing.exit_code == 1 and "HTTP 404" in missing.output


def test_install_a_bundle_folder_and_a_zipped_bundle(cli, empty_instance, weights_files, tmp_path):
    digest = weights_files.hash(weights_files.bundle)
    assert cli("install-weights", str(weights_files.bundle), "--sha256", digest).exit_code == 0
    assert installed(empty_instance)["format"] == "monai-bundle"
    archive = tmp_path / "chest_bundle.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in weights_files.bundle.rglob("*"):
            if path.is_file():
                bundle.write(path, f"chest_bundle/{path.relative_to(weights_files.bundle)}")
    from tests.plugins.xray.conftest import sha256

    result = cli("install-weights", str(archive), "--sha256", sha256(archive))
    assert result.exit_code == 0, result.output
    manifest = installed(empty_instance)
    assert manifest["sha256"] == digest and manifest["source_sha256"] == sha256(archive)
    assert manifest["labels"] == ["Atelectasis", "Opacity", "Nodule", "Mass"]


def test_zip_with_paths_outside_itself_is_refused(cli, empty_instance, weights_files, tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("configs/metadata.json", "{}")
        bundle.writestr("../../escaped.txt", "x")
    from tests.plugins.xray.conftest import sha256

    result = cli("install-weights", str(archive), "--sha256", sha256(archive))
    assert result.exit_code == 1 and "outside itself" in result.output
    assert not (tmp_path.parent / "escaped.txt").exists()
    assert not (empty_instance / "xray" / "installed.json").exists()


def test_weights_that_do_not_load_are_not_installed(cli, empty_instance, weights_files):
    digest = weights_files.hash(weights_files.plain)
    result = cli("install-weights", str(weights_files.plain), "--sha256", digest)  # no labels file
    assert result.exit_code == 1 and "labels" in result.output
    assert not (empty_instance / "xray" / "installed.json").exists()
