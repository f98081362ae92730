"""The repository holds every data file its tests read: listed with its origin, small, and nothing
read from beside the checkout."""

import re
from pathlib import Path

from tests.data_files import FIXTURES, ROOT

README = FIXTURES / "README.md"
ONLY_OUTSIDE_LOOKUP = Path("tests/data_files.py")  # the one place that may look beside the checkout
MAX_FILE = 160 * 1024
MAX_TOTAL = 600 * 1024


def fixture_files() -> list[Path]:
    return sorted(p.relative_to(FIXTURES) for p in FIXTURES.rglob("*") if p.is_file() and p != README)


def test_every_fixture_is_listed_in_the_readme_and_every_listed_file_exists():
    text = README.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    listed = {Path(section.split("/", 1)[0]) / name  # a section "## xray/: ..." and its table's first column
              for section in sections for cell in re.findall(r"^\| (`[^|]+`) \|", section, flags=re.M)
              for name in re.findall(r"`([^`/]+)`", cell)}
    assert set(fixture_files()) == listed
    assert "licence" in text and "origin" in text


def test_fixtures_stay_small():
    sizes = {path: (FIXTURES / path).stat().st_size for path in fixture_files()}
    assert sizes and all(size <= MAX_FILE for size in sizes.values()), sizes
    assert sum(sizes.values()) <= MAX_TOTAL


def test_one_real_jpeg_compressed_dicom_is_kept():
    data = (FIXTURES / "xray" / "siim_chest_pa.dcm").read_bytes()
    assert data[128:132] == b"DICM" and b"1.2.840.10008.1.2.4.50" in data[:2048]


def test_no_test_or_benchmark_reads_a_folder_beside_the_checkout():
    beside = re.compile(r"""\.\./shared|["']shared["']|parents\[\d\]\s*\.parent|parents\[[4-9]\]""")
    offenders = [str(path.relative_to(ROOT)) for folder in ("tests", "bench") for path in (ROOT / folder).rglob("*.py")
                 if path.relative_to(ROOT) not in (ONLY_OUTSIDE_LOOKUP, Path(__file__).relative_to(ROOT))
                 and beside.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
