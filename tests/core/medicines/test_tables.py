"""The shipped tables: their schema and sources, and the script that checks and refreshes them."""

import shutil

import pytest

from core.medicines import build
from core.medicines.table import LANGUAGES, SEVERITIES, table


def test_every_entry_cites_its_source_and_every_rule_speaks_three_languages():
    data = table()
    assert len(data.ingredients) >= 300 and len(data.products) >= 120 and len(data.rules) >= 400
    for ingredient in data.ingredients.values():
        assert len(ingredient.source) > 8 and ingredient.names.get("en"), ingredient.id
        assert ingredient.max_daily_mg is None or ingredient.max_daily_source, ingredient.id
    for product in data.products:
        assert len(product.source) > 8 and set(product.ingredients) <= set(data.ingredients), product.names
    for rule in data.rules:
        assert rule.severity in SEVERITIES and len(rule.source) > 8
        assert all(rule.effect.get(language) for language in LANGUAGES), (rule.kind, rule.drug)


@pytest.mark.parametrize("text,ingredients", [
    ("Tylenol Extra Strength", ["paracetamol"]), ("Doliprane 1000", ["paracetamol"]),
    ("co-codamol 30/500", ["codeine", "paracetamol"]), ("Augmentin 1 g", ["amoxicillin", "clavulanic_acid"]),
    ("ibuprofène", ["ibuprofen"]), ("acetaminofén", ["paracetamol"]), ("Sintrom", ["acenocoumarol"]),
])
def test_brands_generics_and_combinations_become_their_ingredients(text, ingredients):
    from core.medicines import ingredients_of

    assert sorted(i["id"] for i in ingredients_of(text)) == ingredients


def test_a_table_without_a_source_refuses_to_load(monkeypatch):
    from core.medicines import table as tables

    original = tables._read

    def broken(name):
        data = original(name)
        if name == "interactions.toml":
            data["interaction"][0] = {**data["interaction"][0], "source": ""}
        return data

    monkeypatch.setattr(tables, "_read", broken)
    tables.table.cache_clear()
    try:
        with pytest.raises(ValueError, match="source"):
            tables.table()
    finally:
        monkeypatch.undo()
        tables.table.cache_clear()


RRF = ("161|ENG|P|L0000001|PF|S0000001|Y|A0000001||||RXNORM|IN|161|acetaminophen|0|N|4096|\n"
       "5640|ENG|P|L0000002|PF|S0000002|Y|A0000002||||RXNORM|IN|5640|ibuprofen|0|N|4096|\n"
       "99999|ENG|P|L0000003|PF|S0000003|Y|A0000003||||RXNORM|IN|99999|warfarin|0|N|4096|\n"
       "12345|ENG|P|L0000004|PF|S0000004|Y|A0000004||||MTHSPL|SU|12345|warfarin sodium|0|N|4096|\n")


def test_rxnorm_codes_are_compared_with_a_release_and_written_in_place(tmp_path, capsys):
    release = tmp_path / "RXNCONSO.RRF"
    release.write_text(RRF, encoding="utf-8")
    official = build.read_rxnorm(release)
    assert official == {"acetaminophen": "161", "ibuprofen": "5640", "warfarin": "99999"}  # SAB RXNORM, TTY IN
    found = build.changes("rxnorm", official)
    assert "paracetamol" not in found and "ibuprofen" not in found  # they match the release
    assert found["warfarin"][1] == "99999"
    folder = tmp_path / "ingredients"
    shutil.copytree(build.INGREDIENTS, folder)
    assert build.write_field("rxnorm", {"warfarin": "99999"}, folder) == 1
    text = (folder / "b_blood.toml").read_text(encoding="utf-8")
    block = text[text.index("[warfarin]"):text.index("\n[", text.index("[warfarin]"))]
    assert 'rxnorm = "99999"' in block and text.startswith((build.INGREDIENTS / "b_blood.toml").read_text()[:40])


def test_the_check_command_prints_what_the_tables_hold(capsys):
    assert build.main(["check"]) == 0
    out = capsys.readouterr().out
    assert f"{len(table().ingredients)} ingredients" in out and "interaction" in out
