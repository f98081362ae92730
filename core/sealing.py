"""Sealing: encryption with authentication (Fernet, from cryptography) under keys derived from SECRET_KEY,
one per purpose ("cache", "totp"), so no two uses share a key. Changing SECRET_KEY makes sealed values
unreadable: cached ones are recomputed; two-factor secrets then need the recovery codes."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

__all__ = ["InvalidToken", "sealer"]


def sealer(secret: str, purpose: str) -> Fernet:
    digest = hashlib.sha256(f"hygeia {purpose} v1".encode() + b"\x00" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))
