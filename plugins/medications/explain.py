"""The plain-language explanation an LLM may write around a review's findings (cached for 24 h).

The findings come from the sourced tables and stand as they are: the model
explains them, one point per finding, and its JSON is refused (no explanation
at all) when it leaves a finding out, invents one, or calls a list with serious
findings safe. The model sees the medicines and findings, never the account.
"""

from __future__ import annotations

import json
import re
import unicodedata

from core.api import assistant_identity, cached_chat
from plugins.medications.settings import setting

INSTRUCTIONS = (
    "You explain a medicine check to the person it is about. The findings below come from sourced medicine "
    "tables and are correct as given: never remove, contradict, soften or add to them, add no medicine, dose or "
    "interaction of your own, and never say a combination is safe. Answer with one JSON object: "
    '{{"summary": "2 to 4 plain sentences", "points": [{{"finding": <its index>, "text": "what it means '
    'for this person and what to do, 1 to 3 sentences"}}], "ask_pharmacist": ["a question worth asking", ...]}}. '
    "Give exactly one point for each finding index. Answer in the language code '{language}'."
)
_REASSURANCE = re.compile(
    r"\b(?:(?:perfectly|completely|totally) safe|nothing to worry|no (?:need to )?worry|no problem|safe to take|"
    r"sin (?:ningun )?problema|no se preocupe|es seguro|aucun (?:probleme|souci)|sans danger|sans risque|"
    r"ne vous inquietez pas)\b")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def prompt_input(result: dict, question: str | None) -> dict:
    """What the model sees: the medicines as read, the findings, the question; no ids, no account data."""
    return {
        "language": result["language"],
        "outcome": result["outcome"],
        "question": question,
        "medicines": [{"as_written": m["input"], "ingredients": [i["name"] for i in m["ingredients"]],
                       "recognised": m["recognised"]} for m in result["medicines"]],
        "findings": [{"index": n, "kind": f["kind"], "severity": f["severity"], "message": f["message"],
                      "source": f["source"]} for n, f in enumerate(result["findings"])],
    }


def explanation_messages(result: dict, question: str | None) -> list[dict[str, str]]:
    return [
        {"role": "system",
         "content": assistant_identity() + "\n\n" + INSTRUCTIONS.format(language=result["language"])},
        {"role": "user", "content": json.dumps(prompt_input(result, question), ensure_ascii=False, sort_keys=True)},
    ]


def parse_explanation(text: str, findings: list[dict]) -> dict | None:
    """The model's JSON when it explains every finding and only those, else None."""
    cleaned = re.sub(r"^```(?:json)?\s*|\s*```$", "", text.strip())
    try:
        data = json.loads(cleaned)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("summary"), str) or not data["summary"].strip():
        return None
    points = data.get("points")
    if not isinstance(points, list) or not all(
            isinstance(p, dict) and isinstance(p.get("finding"), int) and isinstance(p.get("text"), str)
            and p["text"].strip() for p in points):
        return None
    if sorted(p["finding"] for p in points) != list(range(len(findings))):
        return None  # a finding left out, explained twice, or invented
    asks = data.get("ask_pharmacist") or []
    if not isinstance(asks, list) or not all(isinstance(a, str) for a in asks):
        return None
    serious = any(f["severity"] != "moderate" for f in findings)
    words = _fold(" ".join([data["summary"], *(p["text"] for p in points)]))
    if serious and _REASSURANCE.search(words):
        return None  # reassurance over a serious finding is a softened finding
    return {"summary": data["summary"].strip()[:1500],
            "points": [{"finding": p["finding"], "text": p["text"].strip()[:800]}
                       for p in sorted(points, key=lambda p: p["finding"])],
            "ask_pharmacist": [a.strip()[:300] for a in asks if a.strip()][:5]}


def explain(result: dict, question: str | None) -> tuple[dict | None, str | None]:
    """({"explanation", "model"}, None), or (None, reason): not_configured, unreachable, malformed_response..."""
    findings = result["findings"]

    def parse(text: str, model: str) -> dict | None:
        value = parse_explanation(text, findings)
        return {"explanation": value, "model": model} if value else None

    return cached_chat("medications:explanation", explanation_messages(result, question), parse, json_mode=True,
                       max_tokens=int(setting("LLM_MAX_TOKENS")))
