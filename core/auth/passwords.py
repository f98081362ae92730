"""Password hashing (argon2id) and the password rules.

Hashes imported from a Django backend (``pbkdf2_sha256$<iterations>$<salt>$<base64 digest>``, the
original backend's format) are verified too; the login that proves one rehashes it with argon2id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 10
MAX_LENGTH = 128

_hasher = PasswordHasher()  # argon2-cffi's defaults (RFC 9106 low-memory profile)
_fast_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # tests only


def _current() -> PasswordHasher:
    return _fast_hasher if current_app.config.get("PASSWORD_HASH_FAST") else _hasher


def hash_password(password: str) -> str:
    return _current().hash(password)


DJANGO_PBKDF2 = "pbkdf2_sha256$"
MAX_PBKDF2_ITERATIONS = 5_000_000  # Django 5 uses 870,000-1,000,000; far more is not a real hash


def _verify_django_pbkdf2(encoded: str, password: str) -> bool:
    try:
        _, iterations, salt, expected = encoded.split("$", 3)
        rounds = int(iterations)
    except ValueError:
        return False
    if not 0 < rounds <= MAX_PBKDF2_ITERATIONS:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), rounds)
    return hmac.compare_digest(base64.b64encode(digest).decode("ascii"), expected)


def needs_rehash(password_hash: str) -> bool:
    """True for a hash in an imported format, to be replaced by argon2id once the password is proven."""
    return password_hash.startswith(DJANGO_PBKDF2)


def verify_password(password_hash: str, password: str) -> bool:
    if password_hash.startswith(DJANGO_PBKDF2):
        return _verify_django_pbkdf2(password_hash, password)
    try:
        return _current().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def burn_verification_time() -> None:
    """Spend the time a real verification takes, so unknown accounts answer as fast as known ones."""
    verify_password(_dummy_hash(), "not-the-password")


def _dummy_hash() -> str:
    key = "hygeia.dummy_password_hash"
    if key not in current_app.extensions:
        current_app.extensions[key] = hash_password("dummy-password-for-timing")
    return current_app.extensions[key]


def password_problems(password: str, email: str = "") -> list[str]:
    """Why a password is refused (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    if password.isdigit() or password.isalpha():
        problems.append("Mix letters with digits or symbols.")
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in password.lower():
        problems.append("Do not include your email address.")
    return problems
