"""Build the diet plugin's compact food table from the USDA SR28 ASCII release.

    python -m plugins.diet.build_food_table /path/to/usda-sr28 [--output FILE]

Reads FOOD_DES, FD_GROUP, NUT_DATA and WEIGHT (gzip-compressed or plain, `^`
separated, text in `~`, Latin-1) and writes ``plugins/diet/foods.json.gz``:
every food with its group, the nutrients of ``plugins.diet.nutrients`` per 100 g
of edible portion (null where SR28 has no value) and its household portion
weights. The output is deterministic, so a rebuild from the same release gives
the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

from plugins.diet.nutrients import NUTRIENTS

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "foods.json.gz"
FORMAT_VERSION = 1
SOURCE = "USDA National Nutrient Database for Standard Reference, Release 28 (public domain)"


def read_table(folder: Path, name: str) -> Iterator[list[str]]:
    """Rows of one SR28 file (``NAME.txt.gz`` or ``NAME.txt``) as lists of strings."""
    path = folder / f"{name}.txt.gz"
    raw = gzip.open(path, "rb") if path.exists() else open(folder / f"{name}.txt", "rb")
    with raw, io.TextIOWrapper(raw, encoding="latin-1", newline="") as text:
        yield from csv.reader(text, delimiter="^", quotechar="~")


def number(text: str) -> float | None:
    return float(text) if text.strip() else None


def build(folder: Path) -> dict:
    """The food table as a JSON-able dict."""
    groups = {row[0]: row[1] for row in read_table(folder, "FD_GROUP")}
    columns = {n.nutr_no: i for i, n in enumerate(NUTRIENTS)}
    values: dict[str, list[float | None]] = {}
    for row in read_table(folder, "NUT_DATA"):
        ndb, nutr_no, value = row[0], row[1], row[2]
        if nutr_no in columns:
            values.setdefault(ndb, [None] * len(NUTRIENTS))[columns[nutr_no]] = number(value)
    portions: dict[str, list[list]] = {}
    for row in sorted(read_table(folder, "WEIGHT"), key=lambda r: (r[0], int(r[1]))):
        ndb, amount, description, grams = row[0], number(row[2]), row[3], number(row[4])
        if amount and grams:
            portions.setdefault(ndb, []).append([amount, description, grams])
    foods = []
    for row in read_table(folder, "FOOD_DES"):
        ndb, group, long_desc, common, manufacturer, survey = row[0], row[1], row[2], row[4], row[5], row[6]
        foods.append([ndb, group, long_desc, common, manufacturer, survey == "Y",
                      values.get(ndb, [None] * len(NUTRIENTS)), portions.get(ndb, [])])
    foods.sort(key=lambda food: food[0])
    return {
        "format": FORMAT_VERSION,
        "source": SOURCE,
        "nutrients": [[n.key, n.nutr_no, n.unit] for n in NUTRIENTS],
        "groups": dict(sorted(groups.items())),
        "foods": foods,
    }


def write(table: dict, output: Path) -> int:
    """Write ``table`` gzip-compressed and byte-for-byte reproducible; returns its size."""
    output.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(table, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    with open(output, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0,
                                                   filename="") as gz:
        gz.write(payload)
    return output.stat().st_size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="folder with the SR28 ASCII files")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    table = build(args.source)
    size = write(table, args.output)
    print(f"{len(table['foods'])} foods, {len(table['nutrients'])} nutrients -> {args.output} ({size:,} bytes)")


if __name__ == "__main__":
    main()
