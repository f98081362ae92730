"""The shipped food table is exactly what the build script derives from the USDA SR28 files.

Always run: the sample foods against their rows in the repository's SR28 extract
(tests/fixtures/usda-sr28: the eight foods' rows of FOOD_DES, NUT_DATA and WEIGHT, unchanged,
and the whole FD_GROUP), and the build script run over that extract. With the full release
(``$HYGEIA_USDA_SR28``, or CI's copy beside the checkout; see tests/data_files.py) also: the
extract equals the release's rows, a rebuild gives the shipped table byte for byte, and
values the release lacks stay missing.
"""

import functools
import gzip
import json
from pathlib import Path

import pytest

from plugins.diet.build_food_table import DEFAULT_OUTPUT, build, write
from plugins.diet.foods import food_table, get_food
from plugins.diet.nutrients import KEYS, NUTRIENTS
from tests.data_files import FIXTURES, sr28_release

EXTRACT = FIXTURES / "usda-sr28"
SAMPLE_FOODS = ("01001", "01123", "09040", "09206", "16098", "18076", "20045", "15151")


@pytest.fixture(scope="module")
def release() -> Path:
    return sr28_release()


def _lines(folder: Path, name: str):
    plain = folder / f"{name}.txt"
    opened = open(plain, "rb") if plain.is_file() else gzip.open(folder / f"{name}.txt.gz", "rb")
    with opened as handle:
        for line in handle:
            yield line.decode("latin-1")


@functools.cache
def _sample_rows(folder: Path, name: str) -> dict[str, list[list[str]]]:
    """Rows of one SR28 file for the sample foods, split by hand (independent of the build script's reader)."""
    rows: dict[str, list[list[str]]] = {}
    for line in _lines(folder, name):
        ndb = line[1:6]
        if ndb in SAMPLE_FOODS:
            rows.setdefault(ndb, []).append([field.strip("~") for field in line.rstrip("\r\n").split("^")])
    return rows


def source_rows(name: str, ndb: str, folder: Path = EXTRACT) -> list[list[str]]:
    return _sample_rows(folder, name).get(ndb, [])


@functools.cache
def shipped_entries() -> dict:
    with gzip.open(DEFAULT_OUTPUT, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    return {"groups": table["groups"], "foods": {food[0]: food for food in table["foods"]}}


@pytest.mark.parametrize("ndb", SAMPLE_FOODS)
def test_sample_foods_match_the_source_files(ndb):
    food = get_food(ndb)
    description = source_rows("FOOD_DES", ndb)[0]
    assert (food.group_code, food.name) == (description[1], description[2])
    values = {row[1]: float(row[2]) for row in source_rows("NUT_DATA", ndb)}
    assert values, ndb
    for nutrient, shipped in zip(NUTRIENTS, food.per_100g, strict=True):
        assert shipped == values.get(nutrient.nutr_no), (ndb, nutrient.key)
    weights = [(float(r[2]), r[3], float(r[4])) for r in source_rows("WEIGHT", ndb)]
    assert [(p.amount, p.description, p.grams) for p in food.portions] == weights


def test_the_build_script_over_the_extract_gives_the_shipped_entries():
    table = build(EXTRACT)
    shipped = shipped_entries()
    assert sorted(food[0] for food in table["foods"]) == sorted(SAMPLE_FOODS)
    assert table["groups"] == shipped["groups"]
    for food in table["foods"]:
        assert food == shipped["foods"][food[0]], food[0]


def test_known_figures_of_salted_butter():
    butter = get_food("01001").nutrients_per_100g()
    assert (butter["energy_kcal"], butter["fat_g"], butter["sodium_mg"]) == (717.0, 81.11, 643.0)
    assert butter["fibre_g"] == 0.0  # a measured zero stays a zero ...
    assert get_food("01123").nutrients_per_100g()["sugars_g"] == 0.37


def test_the_extract_is_the_release_unchanged(release):
    for name in ("FOOD_DES", "NUT_DATA", "WEIGHT"):
        ours = list(_lines(EXTRACT, name))
        theirs = [line for line in _lines(release, name) if line[1:6] in SAMPLE_FOODS]
        assert ours == theirs, name
    assert list(_lines(EXTRACT, "FD_GROUP")) == list(_lines(release, "FD_GROUP"))


def test_missing_values_stay_missing(release):
    # ... and a value USDA does not have is None, never a silent zero.
    has_sugars = {line.split("^")[0].strip("~") for line in _lines(release, "NUT_DATA") if "^~269~^" in line}
    lacking = [f for f in food_table().foods if f.id not in has_sugars]
    assert lacking and all(f.per_100g[KEYS.index("sugars_g")] is None for f in lacking)


def test_rebuild_gives_the_shipped_table_byte_for_byte(release, tmp_path):
    table = build(release)
    assert len(table["foods"]) == 8789
    assert write(table, tmp_path / "foods.json.gz") < 3 * 1024 * 1024
    assert (tmp_path / "foods.json.gz").read_bytes() == DEFAULT_OUTPUT.read_bytes()
    with gzip.open(DEFAULT_OUTPUT, "rt", encoding="utf-8") as handle:
        assert json.load(handle)["nutrients"][0] == ["energy_kcal", "208", "kcal"]


def test_flask_command_rebuilds_the_table(app, release, tmp_path):
    output = tmp_path / "foods.json.gz"
    result = app.test_cli_runner().invoke(args=["diet", "build-food-table", str(release), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "8789 foods" in result.output and output.read_bytes() == DEFAULT_OUTPUT.read_bytes()


def test_flask_command_builds_from_the_extract(app, tmp_path):
    output = tmp_path / "foods.json.gz"
    result = app.test_cli_runner().invoke(args=["diet", "build-food-table", str(EXTRACT), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert f"{len(SAMPLE_FOODS)} foods" in result.output


def test_health_reports_the_loaded_table(client):
    check = client.get("/api/health/").get_json()["plugins"]["diet"]["food_table"]
    assert check["status"] == "ok" and check["foods"] == 8789
