"""Which weights this server uses, read without torch (the health check and POST ask it on every call).

Installed weights are described by instance/xray/installed.json, written by
``flask xray install-weights``; XRAY_WEIGHTS_PATH with XRAY_WEIGHTS_SHA256
points at a file or bundle instead.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import asdict, dataclass, field

from plugins.xray.settings import setting, xray_folder

INSTALL_COMMAND = "flask xray install-weights PATH_OR_URL --sha256 HEX"
# The one command every message gives for the xray extra (README, Makefile, /api/health/, the 503, the CLI;
# tests/test_install_commands.py checks them). constraints.txt pins torch and says how to get its CPU build.
EXTRA_COMMAND = 'pip install -c constraints.txt -e ".[xray]"'
REQUIRED_MODULES = ("torch", "monai", "numpy", "PIL", "pydicom", "pylibjpeg")


@dataclass
class ModelSpec:
    """Everything needed to rebuild the network and read its output, as stored in installed.json."""

    format: str  # "torchxrayvision", "monai-bundle" or "state-dict"
    weights_file: str  # absolute path of the state dict loaded into DenseNet121
    sha256: str  # of weights_file, checked every time it is loaded
    labels: list[str]
    name: str
    version: str
    image_size: int = 224
    intensity_range: tuple[float, float] = (0.0, 1.0)
    in_channels: int = 1
    thresholds: dict[str, float] = field(default_factory=dict)
    normalisation: str = "minmax"  # plugins.xray.normalisation.RULES; one rule for every input format
    demo: bool = False  # research demo weights: every result says so, production needs XRAY_ALLOW_DEMO_WEIGHTS
    card: dict = field(default_factory=dict)  # the model card's summary (data, licence, metrics), shown in results

    def to_json(self, base: str) -> dict:
        data = asdict(self)
        data["weights_file"] = os.path.relpath(self.weights_file, base)
        data["intensity_range"] = list(self.intensity_range)
        return data

    @classmethod
    def from_json(cls, data: dict, base: str) -> ModelSpec:
        data = {key: value for key, value in data.items() if key in cls.__dataclass_fields__}
        data["weights_file"] = os.path.normpath(os.path.join(base, data["weights_file"]))
        data["intensity_range"] = tuple(data.get("intensity_range", (0.0, 1.0)))
        return cls(**data)


def installed_manifest_path() -> str:
    return os.path.join(xray_folder(), "installed.json")


def missing_modules() -> list[str]:
    """The xray extra's modules that are not installed on this machine."""
    return [name for name in REQUIRED_MODULES if importlib.util.find_spec(name) is None]


def installed_spec() -> ModelSpec | None:
    """The installed weights' description, or None when nothing usable is installed."""
    path = installed_manifest_path()
    try:
        with open(path, encoding="utf-8") as handle:
            spec = ModelSpec.from_json(json.load(handle), xray_folder())
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return spec if os.path.isfile(spec.weights_file) else None


def weights_problem() -> str | None:
    """Why no analysis can run now (a sentence for people), or None when weights are in place."""
    missing = missing_modules()
    if missing:
        return (f"The X-ray model's libraries are not installed ({', '.join(missing)}). "
                f"An administrator can install them in the Hygeia checkout with: {EXTRA_COMMAND} "
                "(or make run EXTRAS=xray)")
    configured = setting("WEIGHTS_PATH")
    if configured:
        if not os.path.exists(configured):
            return "XRAY_WEIGHTS_PATH points at a file that does not exist."
        if not setting("WEIGHTS_SHA256"):
            return "XRAY_WEIGHTS_PATH is set without XRAY_WEIGHTS_SHA256; the weights cannot be verified."
        return None
    spec = installed_spec()
    if spec is not None and spec.demo:
        from plugins.xray.settings import demo_refusal

        return demo_refusal()
    if spec is None:
        return ("No chest X-ray model weights are installed on this server, so no analysis can run "
                "(the plugin never reports scores from untrained weights). An administrator can install "
                f"them with: {INSTALL_COMMAND}")
    return None


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
