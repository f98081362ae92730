"""The offline triage engine: free text in English, Spanish or French to a level with its reasons.

``triage(text, profile=..., duration=..., severity=..., language=...)`` returns a TriageResult;
see docs/triage.md for the method, the data files and the measured accuracy.
"""

from core.triage.engine import Finding, TriageResult, triage
from core.triage.rules import LEVELS, rank

__all__ = ["LEVELS", "Finding", "TriageResult", "rank", "triage"]
