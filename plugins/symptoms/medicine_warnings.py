"""Warnings for the medicines an answer suggests, from the core's sourced medicine tables.

The medicines the analysis names (its ``medications`` list and any named in
its text) are checked with the person's profile: their allergies and
cross-reactive families (penicillin and amoxicillin), conditions, age, their own
medicines (interactions, the same ingredient twice). Allergy findings keep the
older ``allergy_warnings`` shape and mark the suggested medicine they concern.
"""

from __future__ import annotations

from core.api import medicine_ingredients, medicine_warnings as table_warnings, mentioned_medicines


def analysis_text(analysis: dict) -> str:
    parts = [analysis.get("summary", ""), *analysis.get("next_steps", []), *analysis.get("watch_for", [])]
    parts += [medication.get("note", "") for medication in analysis.get("medications", [])]
    return " ".join(part for part in parts if part)


def suggested_medicines(analysis: dict) -> list[str]:
    """Each medicine the analysis names, once (by its ingredients)."""
    names, seen = [], set()
    for name in [m.get("name", "") for m in analysis.get("medications", [])] + \
            mentioned_medicines(analysis_text(analysis)):
        key = frozenset(i["id"] for i in medicine_ingredients(name))
        if key and key not in seen:
            seen.add(key)
            names.append(name)
    return names


def medicine_warnings(analysis: dict, facts: dict, language: str) -> tuple[list[dict], list[dict]]:
    """(allergy warnings, every finding) for the medicines ``analysis`` suggests; marks them in it."""
    findings = table_warnings(suggested_medicines(analysis), facts, language)
    allergy = []
    for finding in findings:
        if finding["kind"] != "allergy":
            continue
        ingredient, message = finding["medicines"][0], f"{finding['message']} {finding['advice']}"
        allergy.append({"medication": ingredient.replace("_", " "), "allergy": finding["about"], "message": message})
        for entry in analysis.get("medications", []):
            if ingredient in {i["id"] for i in medicine_ingredients(entry.get("name", ""))}:
                entry["allergy_warning"] = message
    return allergy, findings
