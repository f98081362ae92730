"""Random one-time secrets and their stored form: only a SHA-256 digest is ever kept.

The secrets carry 256 bits (tokens) or 60 bits (recovery codes) of randomness, so
a fast digest is enough: there is nothing to guess from it, unlike a password.
"""

from __future__ import annotations

import hashlib
import secrets

RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy by hand


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_recovery_code() -> str:
    """12 random characters shown as xxxx-xxxx-xxxx (about 59 bits)."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def normalise_recovery_code(code: str) -> str:
    """What the user typed, compared as written in the mail: case, spaces and dashes do not matter."""
    raw = "".join(ch for ch in code.lower() if ch.isalnum())
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))
