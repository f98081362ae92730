"""Discriminator rules, read from data/rules.toml: which findings, together, set which level.

As in the Manchester Triage System, a rule is a presenting complaint with a
discriminator; here both are concepts. A rule fires when every concept in
``all`` is present, at least one in ``any`` (when given) and none in ``none``,
and its ``when`` conditions hold (duration in days, the person's severity).
The highest level fired wins; among rules of that level the first in the file
is reported. Each rule names its source and carries examples, each of which
the test suite checks fires it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

LEVELS = ("self_care", "see_doctor", "urgent", "emergency")  # lowest first
WHEN_KEYS = frozenset({"duration_days_over", "duration_days_at_most", "severity"})


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    complaint: str
    source: str
    all: frozenset[str] = frozenset()
    any: frozenset[str] = frozenset()
    none: frozenset[str] = frozenset()
    cleared_by: frozenset[str] = frozenset()  # all of them denied (in the text or answered no): no longer fires
    when: dict = field(default_factory=dict)
    category: str | None = None  # the emergency advice to give (core.triage.advice)
    examples: tuple[str, ...] = ()

    def fires(self, present: set[str], duration_days: float | None, severity: str | None,
              denied: frozenset[str] = frozenset()) -> bool:
        if not self.all <= present or (self.any and not self.any & present) or self.none & present:
            return False
        if self.cleared_by and self.cleared_by <= denied:
            return False
        over = self.when.get("duration_days_over")
        if over is not None and (duration_days is None or duration_days <= over):
            return False
        at_most = self.when.get("duration_days_at_most")
        if at_most is not None and duration_days is not None and duration_days > at_most:
            return False
        wanted = self.when.get("severity")
        return wanted is None or severity in ([wanted] if isinstance(wanted, str) else wanted)

    def concepts(self) -> frozenset[str]:
        return self.all | self.any | self.none


def rank(level: str) -> int:
    return LEVELS.index(level)


@cache
def _raw() -> dict:
    return tomllib.loads(resources.files("core.triage").joinpath("data/rules.toml").read_text("utf-8"))


def _rule(entry: dict) -> Rule:
    return Rule(id=entry["id"], level=entry["level"], complaint=entry["complaint"], source=entry["source"],
                all=frozenset(entry.get("all", ())), any=frozenset(entry.get("any", ())),
                none=frozenset(entry.get("none", ())), cleared_by=frozenset(entry.get("cleared_by", ())),
                when=dict(entry.get("when", {})),
                category=entry.get("category"), examples=tuple(entry.get("examples", ())))


@cache
def ask_first() -> dict[str, tuple[str, ...]]:
    """For each presentation (a concept, or "a+b": both present), the discriminators to ask about first,
    in the rules file's order (its [ask] table)."""
    return {concept: tuple(questions) for concept, questions in _raw().get("ask", {}).items()}


@cache
def defaults() -> dict[str, Rule]:
    """What answers when no rule fires: self_limiting, recognised and unrecognised."""
    return {name: _rule({**entry, "any": ["_"]}) for name, entry in _raw()["default"].items()}


@cache
def rules() -> tuple[Rule, ...]:
    from core.triage.lexicon import concepts

    known, loaded, seen = concepts(), [], set()
    for entry in _raw()["rule"]:
        rule = _rule(entry)
        problems = [f"unknown concept {c!r}" for c in sorted(rule.concepts()) if c not in known]
        problems += [f"unknown condition {k!r}" for k in rule.when if k not in WHEN_KEYS]
        if rule.level not in LEVELS:
            problems.append(f"level must be one of {LEVELS}")
        if rule.id in seen:
            problems.append("duplicate id")
        if not (rule.all or rule.any):
            problems.append("needs 'all' or 'any'")
        if problems:
            raise ValueError(f"rules.toml rule {rule.id!r}: " + "; ".join(problems))
        seen.add(rule.id)
        loaded.append(rule)
    return tuple(loaded)
