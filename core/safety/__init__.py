"""The safety layer: deterministic checks that run before, and whatever, any model says."""

from core.safety.red_flags import LANGUAGES, RedFlagResult, check_red_flags, normalise

__all__ = ["LANGUAGES", "RedFlagResult", "check_red_flags", "normalise"]
