"""Check the shipped medicine tables, and refresh their codes from the official releases.

    python -m core.medicines.build check
    python -m core.medicines.build rxnorm RXNCONSO.RRF [--write]   # RxNorm full release (NLM, UMLS licence)
    python -m core.medicines.build atc ATC.csv [--write]           # WHO ATC index export: code,name

``check`` loads every table with its validation (ids, classes, severities, a source on every entry, texts
in every language) and prints what each holds and which ingredients lack a code or a maximum dose.
``rxnorm`` and ``atc`` read the official release files, which cannot be shipped or fetched at run time,
match each ingredient by its English names, and report (or with ``--write``, set in place, keeping the
files' comments and order) every RxNorm ingredient RXCUI or ATC code that is missing or differs.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from core.medicines.table import summary, table
from core.triage.text import fold

INGREDIENTS = Path(__file__).resolve().parent / "data" / "ingredients"


def _key(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(name)))


def english_names() -> dict[str, str]:
    """Each English name of an ingredient (and its id read as words) -> the ingredient id."""
    names = {}
    for ingredient in table().ingredients.values():
        for name in (ingredient.id.replace("_", " "), *ingredient.names.get("en", ())):
            names.setdefault(_key(name), ingredient.id)
    return names


def read_rxnorm(path: Path) -> dict[str, str]:
    """Ingredient name -> RXCUI, from RXNCONSO.RRF (pipe-separated; SAB RXNORM, TTY IN, English)."""
    codes = {}
    with path.open(encoding="utf-8") as rows:
        for line in rows:
            fields = line.rstrip("\n").split("|")
            if len(fields) > 14 and fields[1] == "ENG" and fields[11] == "RXNORM" and fields[12] == "IN":
                codes.setdefault(_key(fields[14]), fields[0])
    return codes


def read_atc(path: Path) -> dict[str, str]:
    """Substance name -> ATC code (level 5 only), from a CSV with the columns code and name."""
    codes = {}
    with path.open(encoding="utf-8", newline="") as rows:
        for row in csv.reader(rows):
            if len(row) >= 2 and re.fullmatch(r"[A-Z]\d\d[A-Z][A-Z]\d\d", row[0].strip()):
                codes.setdefault(_key(row[1]), row[0].strip())
    return codes


def changes(field: str, official: dict[str, str]) -> dict[str, tuple[str | None, str]]:
    """Ingredient id -> (shipped value, official value) where they differ."""
    found = {}
    for name, ident in english_names().items():
        if name in official and ident not in found:
            shipped = getattr(table().ingredients[ident], field)
            if shipped != official[name]:
                found[ident] = (shipped, official[name])
    return found


def write_field(field: str, values: dict[str, str], folder: Path = INGREDIENTS) -> int:
    """Set ``field = "value"`` in each ingredient's table, in place; returns how many were set."""
    written = 0
    for path in sorted(folder.glob("*.toml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        current, changed = None, False
        for number, line in enumerate(lines):
            header = re.match(r"^\[([a-z0-9_]+)\]\s*$", line)
            if header:
                current = header.group(1)
                continue
            if current in values and re.match(rf"^{field}\s*=", line):
                lines[number] = f'{field} = "{values.pop(current)}"\n'
                changed, written = True, written + 1
        for ident in [i for i in values if re.search(rf"^\[{i}\]\s*$", "".join(lines), re.M)]:
            start = next(n for n, line in enumerate(lines) if re.match(rf"^\[{ident}\]\s*$", line))
            lines.insert(start + 1, f'{field} = "{values.pop(ident)}"\n')
            changed, written = True, written + 1
        if changed:
            path.write_text("".join(lines), encoding="utf-8")
    return written


def check() -> int:
    data, held = table(), summary()
    print(f"{held['ingredients']} ingredients, {held['products']} products, {held['classes']} classes, "
          f"{held['conditions']} conditions; rules: " + ", ".join(f"{k} {v}" for k, v in sorted(held["rules"].items())))
    for field in ("rxnorm", "atc", "max_daily_mg"):
        missing = sorted(i.id for i in data.ingredients.values() if getattr(i, field) is None)
        print(f"without {field}: {len(missing)}" + (f" ({', '.join(missing[:12])}{'...' if len(missing) > 12 else ''})"
                                                    if missing else ""))
    return 0


def refresh(field: str, official: dict[str, str], write: bool) -> int:
    found = changes(field, official)
    for ident, (shipped, value) in sorted(found.items()):
        print(f"{ident}: {field} {shipped or '(none)'} -> {value}")
    if write and found:
        print(f"{write_field(field, {i: v for i, (_, v) in found.items()})} values written")
        table.cache_clear()
    elif not found:
        print(f"every {field} matches the release")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.medicines.build", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check")
    for name in ("rxnorm", "atc"):
        sub = commands.add_parser(name)
        sub.add_argument("release", type=Path)
        sub.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check()
    official = read_rxnorm(args.release) if args.command == "rxnorm" else read_atc(args.release)
    return refresh(args.command, official, args.write)


if __name__ == "__main__":
    sys.exit(main())
