"""Users, their login sessions, one-time account tokens and two-factor secrets."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models_base import SealedString, Timestamps, UTCDateTime, UUIDPrimaryKey, utcnow


class User(UUIDPrimaryKey, Timestamps, db.Model):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    # Bumped by logout-all: every token carries the version it was issued under.
    token_version: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class RevokedSession(db.Model):
    """A logged-out session (all its tokens share one `sid`), kept until its tokens expire.

    The only record of a revocation (with or without Redis), so it survives any cache event.
    """

    __tablename__ = "revoked_sessions"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)


# These tables are small (expired rows are purged daily) and are looked up by unique
# columns; per-user lookups that matter use a unique constraint that leads with user_id.


def _user_fk() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)


def _created_at() -> Mapped[datetime]:
    return mapped_column(UTCDateTime, default=utcnow, nullable=False)


class LoginSession(UUIDPrimaryKey, db.Model):
    """One login on one device: the `sid` its tokens share, where it came from, when it was last used."""

    __tablename__ = "login_sessions"
    __table_args__ = (UniqueConstraint("user_id", "id"),)  # lists a user's sessions by index

    user_id: Mapped[uuid.UUID] = _user_fk()
    sid: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    device: Mapped[str] = mapped_column(String(128), nullable=False)  # "Firefox 128 on Ubuntu"
    user_agent: Mapped[str] = mapped_column(String(512), nullable=False, default="")
    ip: Mapped[str] = mapped_column(String(45), nullable=False, default="")
    created_at: Mapped[datetime] = _created_at()
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AccountToken(UUIDPrimaryKey, db.Model):
    """A single-use token mailed to the user (verify the address, reset the password); only its hash is kept."""

    __tablename__ = "account_tokens"

    user_id: Mapped[uuid.UUID] = _user_fk()
    purpose: Mapped[str] = mapped_column(String(32), nullable=False)  # "verify_email" or "password_reset"
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = _created_at()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TwoFactorSecret(db.Model):
    """A user's TOTP secret: pending until confirmed with a first code, then enabled."""

    __tablename__ = "two_factor_secrets"

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    secret: Mapped[str] = mapped_column(SealedString("totp"), nullable=False)  # base32, sealed at rest
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The TOTP time step of the last accepted code: a code is accepted once, never replayed.
    last_used_step: Mapped[int | None] = mapped_column(Integer)


class RecoveryCode(UUIDPrimaryKey, db.Model):
    """A one-time recovery code for a lost authenticator; only its hash is kept."""

    __tablename__ = "recovery_codes"
    __table_args__ = (UniqueConstraint("user_id", "code_hash"),)

    user_id: Mapped[uuid.UUID] = _user_fk()
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginChallenge(UUIDPrimaryKey, db.Model):
    """A password login waiting for its second factor; only the challenge token's hash is kept."""

    __tablename__ = "login_challenges"

    user_id: Mapped[uuid.UUID] = _user_fk()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = _created_at()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
