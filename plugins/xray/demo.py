"""The research demo weights: where they are, how they are installed, and what every result made with them says.

The weights live in their own small package, ``hygeia-xray-demo`` (packages/hygeia-xray-demo/ in the
checkout: DenseNet121 trained on PneumoniaMNIST, CC BY 4.0, with its model card). They are installed
only by ``flask xray install-weights --demo``, after checking them against the SHA-256 recorded here (so
a changed package file is refused), and never in production unless XRAY_ALLOW_DEMO_WEIGHTS is true.
"""

from __future__ import annotations

import importlib.util
import os

DEMO_PACKAGE = "hygeia_xray_demo"
DEMO_SHA256 = "5ab425c05bd5d1317f2aa0746484154db44ff9108b88339a26a6464021650bf2"
DEMO_NOTICE = ("Research demo model trained on 28-pixel paediatric chest X-rays (PneumoniaMNIST); it is not for "
               "diagnosis and its scores say nothing reliable about this image.")
PACKAGE_COMMAND = "pip install ./packages/hygeia-xray-demo"
CHECKOUT_COPY = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, "packages", "hygeia-xray-demo",
                             DEMO_PACKAGE)


class DemoUnavailable(RuntimeError):
    """The demo weights cannot be installed here; the message says why and what to do."""


def demo_folder() -> str:
    """The installed hygeia-xray-demo package's folder, else the copy in this checkout."""
    found = importlib.util.find_spec(DEMO_PACKAGE)
    if found is not None and found.submodule_search_locations:
        return next(iter(found.submodule_search_locations))
    folder = os.path.normpath(CHECKOUT_COPY)
    if os.path.isfile(os.path.join(folder, "model.pt")):
        return folder
    raise DemoUnavailable(f"the demo weights package is not installed: {PACKAGE_COMMAND} (from a Hygeia checkout)")


def demo_files() -> tuple[str, str, str]:
    """(weights, labels.json, MODEL_CARD.md) of the demo package."""
    folder = demo_folder()
    paths = tuple(os.path.join(folder, name) for name in ("model.pt", "labels.json", "MODEL_CARD.md"))
    missing = [os.path.basename(p) for p in paths if not os.path.isfile(p)]
    if missing:
        raise DemoUnavailable(f"the demo weights package at {folder} lacks {', '.join(missing)}; reinstall it")
    return paths  # type: ignore[return-value]


def check_demo_weights() -> None:
    """At start-up: refuse to start in production with demo weights installed, unless explicitly allowed."""
    from plugins.xray.settings import demo_refusal
    from plugins.xray.spec import installed_spec

    spec = installed_spec()
    refusal = demo_refusal() if spec is not None and spec.demo else None
    if refusal:
        raise RuntimeError(refusal)


def install_demo():
    """Install the demo weights from their package, checked against DEMO_SHA256; the model card goes beside them."""
    import shutil

    from plugins.xray.install import install
    from plugins.xray.settings import demo_refusal

    refusal = demo_refusal()
    if refusal:
        raise DemoUnavailable("this is a production server: the research demo weights are installed only with "
                              "XRAY_ALLOW_DEMO_WEIGHTS=true set explicitly")
    weights, labels, card = demo_files()
    spec = install(weights, DEMO_SHA256, "state-dict", labels)
    shutil.copyfile(card, os.path.join(os.path.dirname(spec.weights_file), "MODEL_CARD.md"))
    return spec
