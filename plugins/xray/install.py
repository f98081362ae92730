"""``flask xray install-weights``: fetch, verify (SHA-256), prove they load, then install atomically.

Nothing is installed unless the hash matches and the weights load into
DenseNet121 with strict=True. Files land in instance/xray/weights/<hash>/ and
instance/xray/installed.json is replaced in one step, so a running worker sees
either the old weights or the new ones.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
from urllib.parse import urlparse

import httpx

from plugins.xray.settings import setting, xray_folder
from plugins.xray.spec import ModelSpec, installed_manifest_path, sha256_of
from plugins.xray.weights import WeightsError, inspect

HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_BUNDLE_MEMBERS = 1000


def install(source: str, expected_sha256: str, fmt: str = "auto", labels_path: str | None = None,
            name: str | None = None, version: str | None = None) -> ModelSpec:
    """Install the weights at ``source`` (path or http(s) URL) whose SHA-256 must be ``expected_sha256``.

    For a bundle folder the hash is that of its models/model.pt; for a file
    (state dict or zipped bundle), of the file itself.
    """
    expected = expected_sha256.strip().lower()
    if not HEX64.match(expected):
        raise WeightsError("--sha256 must be 64 hexadecimal characters")
    os.makedirs(xray_folder(), exist_ok=True)
    with tempfile.TemporaryDirectory(dir=xray_folder(), prefix=".incoming-") as work:
        local = _fetch(source, work) if _is_url(source) else source
        if not os.path.exists(local):
            raise WeightsError(f"{source} does not exist")
        hashed = os.path.join(local, "models", "model.pt") if os.path.isdir(local) else local
        if not os.path.isfile(hashed):
            raise WeightsError("a bundle folder must contain models/model.pt")
        actual = sha256_of(hashed)
        if actual != expected:
            raise WeightsError(f"SHA-256 mismatch: expected {expected}, the file has {actual}; nothing was installed")
        stage = os.path.join(work, "stage")
        os.makedirs(stage)
        weights_path, staged_labels = _stage(local, stage, fmt, labels_path, work)
        spec = inspect(weights_path, fmt, staged_labels, name, version)
        destination = os.path.join(xray_folder(), "weights", expected[:16])
        if os.path.exists(destination):
            shutil.rmtree(destination)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        os.replace(stage, destination)
    spec.weights_file = os.path.join(destination, os.path.relpath(spec.weights_file, stage))
    _write_manifest(spec, source_sha256=expected)
    return spec


def _is_url(source: str) -> bool:
    return urlparse(source).scheme in ("http", "https")


def _fetch(url: str, work: str) -> str:
    """Download ``url`` into ``work`` with a size cap; the name keeps a .zip suffix when there is one."""
    limit = int(setting("MAX_WEIGHTS_MB")) * 1024 * 1024
    target = os.path.join(work, safe_name(os.path.basename(urlparse(url).path)))
    received = 0
    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=float(setting("DOWNLOAD_TIMEOUT"))) as response:
            if response.status_code != 200:
                raise WeightsError(f"downloading the weights failed: HTTP {response.status_code}")
            with open(target, "wb") as handle:
                for chunk in response.iter_bytes():
                    received += len(chunk)
                    if received > limit:
                        raise WeightsError(f"the download is larger than XRAY_MAX_WEIGHTS_MB ({limit >> 20} MB)")
                    handle.write(chunk)
    except httpx.HTTPError as error:
        raise WeightsError(f"downloading the weights failed: {error.__class__.__name__}") from None
    return target


def _stage(local: str, stage: str, fmt: str, labels_path: str | None, work: str) -> tuple[str, str | None]:
    """Copy what is needed into ``stage``; returns (path to inspect, labels file or None)."""
    if _is_zipped_bundle(local):
        local = _find_bundle(_extract(local, os.path.join(work, "unzipped")))
    if os.path.isdir(local):
        for part in ("configs/metadata.json", "configs/inference.json", "models/model.pt"):
            if os.path.isfile(os.path.join(local, part)):
                os.makedirs(os.path.join(stage, os.path.dirname(part)), exist_ok=True)
                shutil.copyfile(os.path.join(local, part), os.path.join(stage, part))
        return stage, None
    if fmt == "monai-bundle":
        raise WeightsError("a MONAI bundle is a folder or a .zip of one")
    weights = os.path.join(stage, safe_name(os.path.basename(local)))
    shutil.copyfile(local, weights)
    staged_labels = None
    if labels_path:
        staged_labels = os.path.join(stage, "labels.json" if labels_path.endswith(".json") else "labels.txt")
        shutil.copyfile(labels_path, staged_labels)
    return weights, staged_labels


def safe_name(name: str) -> str:
    """A file name kept to letters, digits, dot, dash and underscore (it names the model version)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".")
    return cleaned[:100] or "weights.pt"


def _is_zipped_bundle(path: str) -> bool:
    """A .zip holding configs/metadata.json (torch.save files are zip archives too, without it)."""
    if not (os.path.isfile(path) and zipfile.is_zipfile(path)):
        return False
    with zipfile.ZipFile(path) as archive:
        return any(name.endswith("configs/metadata.json") for name in archive.namelist())


def _extract(archive: str, target: str) -> str:
    """Unzip with guards: no paths outside ``target``, bounded member count and total size."""
    limit = int(setting("MAX_WEIGHTS_MB")) * 1024 * 1024
    with zipfile.ZipFile(archive) as bundle:
        members = bundle.infolist()
        if len(members) > MAX_BUNDLE_MEMBERS or sum(m.file_size for m in members) > limit:
            raise WeightsError("the bundle archive is too large once unpacked")
        root = os.path.realpath(target)
        for member in members:
            path = os.path.realpath(os.path.join(target, member.filename))
            if not path.startswith(root + os.sep) and path != root:
                raise WeightsError("the bundle archive holds a path outside itself; refused")
        bundle.extractall(target)
    return target


def _find_bundle(folder: str) -> str:
    for current, _, files in os.walk(folder):
        if "metadata.json" in files and os.path.basename(current) == "configs":
            return os.path.dirname(current)
    raise WeightsError("the archive is not a MONAI bundle (no configs/metadata.json)")


def _write_manifest(spec: ModelSpec, source_sha256: str) -> None:
    data = spec.to_json(xray_folder())
    data["source_sha256"] = source_sha256
    path = installed_manifest_path()
    fd, temporary = tempfile.mkstemp(dir=xray_folder(), prefix=".installed-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
    os.replace(temporary, path)
