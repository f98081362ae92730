"""Where the tests find their data: small fixtures inside the repository, one large data set outside it.

Everything a test needs is under ``tests/fixtures/`` (origins and licences in its README), so
a fresh clone with nothing beside it runs the whole suite. The one exception is the full USDA
SR28 release (about 5 MB), which only the tests that rebuild the diet plugin's food table
read: they look for it in ``$HYGEIA_USDA_SR28`` or else in ``../shared/data/usda-sr28``
beside the checkout (where CI keeps it), and skip, saying so, when it is absent. CI sets
``HYGEIA_TEST_REQUIRE_DATA=1`` so that those tests fail there instead of skipping. The whole
PneumoniaMNIST split is read from beside the checkout only by bench/xray_accuracy.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = FIXTURES.parent.parent
SR28_VARIABLE = "HYGEIA_USDA_SR28"
SR28_BESIDE = ROOT.parent / "shared" / "data" / "usda-sr28"
REQUIRE_VARIABLE = "HYGEIA_TEST_REQUIRE_DATA"
PNEUMONIAMNIST_VARIABLE = "HYGEIA_PNEUMONIAMNIST"
PNEUMONIAMNIST_BESIDE = ROOT.parent / "shared" / "data" / "cxr-train" / "pneumoniamnist_28px.npz"


def fixture(kind: str, name: str) -> Path:
    """A file of the repository's fixtures, e.g. ``fixture("xray", "siim_chest_pa.dcm")``."""
    return FIXTURES / kind / name


def sr28_release_folder() -> Path:
    return Path(os.environ.get(SR28_VARIABLE) or SR28_BESIDE)


def sr28_release() -> Path:
    """The full USDA SR28 release, or a skip (a failure under HYGEIA_TEST_REQUIRE_DATA=1) naming where it looked."""
    folder = sr28_release_folder()
    if all((folder / f"{name}.txt.gz").is_file() or (folder / f"{name}.txt").is_file()
           for name in ("FOOD_DES", "FD_GROUP", "NUT_DATA", "WEIGHT")):
        return folder
    reason = (f"the full USDA SR28 release (FOOD_DES, FD_GROUP, NUT_DATA, WEIGHT) is not in {folder}: "
              f"set {SR28_VARIABLE} to its folder to run the food-table rebuild tests")
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{REQUIRE_VARIABLE}=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def pneumoniamnist() -> Path:
    """PneumoniaMNIST's whole split (pneumoniamnist_28px.npz, 4 MB): for bench/xray_accuracy.py, never the tests
    (they use the 40 images of tests/fixtures/pneumoniamnist/)."""
    return Path(os.environ.get(PNEUMONIAMNIST_VARIABLE) or PNEUMONIAMNIST_BESIDE)
