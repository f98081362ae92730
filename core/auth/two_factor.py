"""Two-factor login with TOTP (RFC 6238, pyotp) and one-time recovery codes.

Setup stores a pending secret and returns its otpauth URI and QR code (an SVG data
URI drawn by segno); the first valid code turns it on and returns ten recovery
codes, shown once and stored as digests. A TOTP code is accepted once: the time
step of the last accepted code is stored, and only later steps pass.
"""

from __future__ import annotations

import hmac
import re
import uuid

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, select, update

from core.auth import throttle
from core.auth.codes import digest, new_recovery_code, normalise_recovery_code
from core.auth.mails import mail_notice
from core.auth.models import RecoveryCode, TwoFactorSecret, User
from core.errors import abort
from core.extensions import db
from core.models_base import utcnow

RECOVERY_CODE_COUNT = 10
DRIFT_STEPS = 1  # a code of the previous or next 30-second step also passes (clock drift)
TOTP_CODE = re.compile(r"^\d{6}$")


def secret_of(user_id: uuid.UUID) -> TwoFactorSecret | None:
    return db.session.get(TwoFactorSecret, user_id)


def is_enabled(user_id: uuid.UUID) -> bool:
    row = secret_of(user_id)
    return row is not None and row.enabled_at is not None


def status(user: User) -> dict:
    row = secret_of(user.id)
    enabled = row is not None and row.enabled_at is not None
    left = db.session.scalar(select(db.func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) if enabled else 0
    return {"enabled": enabled, "enabled_at": row.enabled_at if enabled else None, "recovery_codes_left": left}


def begin_setup(user: User) -> dict:
    """A new pending secret (replacing an unconfirmed one) with its otpauth URI and QR code."""
    row = secret_of(user.id)
    if row is not None and row.enabled_at is not None:
        abort(409, "Two-factor login is already on; turn it off first to change the authenticator.",
              error="two_factor_enabled")
    secret = pyotp.random_base32()
    if row is None:
        row = TwoFactorSecret(user_id=user.id, secret=secret)
        db.session.add(row)
    else:
        row.secret, row.created_at, row.last_used_step = secret, utcnow(), None
    db.session.commit()
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["TWO_FACTOR_ISSUER"])
    return {"secret": secret, "otpauth_uri": uri, "qr_code": segno.make(uri, error="m").svg_data_uri(scale=4)}


def confirm_setup(user: User, code: str) -> list[str]:
    """Turn two-factor login on with a first valid code; returns the recovery codes (shown once)."""
    row = secret_of(user.id)
    if row is None:
        abort(409, "Start the setup first (POST /api/auth/2fa/setup/).", error="two_factor_not_set_up")
    if row.enabled_at is not None:
        abort(409, "Two-factor login is already on.", error="two_factor_enabled")
    require_code(user, code=code)
    row.enabled_at = utcnow()
    codes = _replace_recovery_codes(user.id)
    db.session.commit()
    mail_notice(user, "two_factor_enabled")
    return codes


def disable(user: User, code: str | None, recovery_code: str | None) -> None:
    require_enabled(user)
    require_code(user, code=code, recovery_code=recovery_code)
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(TwoFactorSecret).where(TwoFactorSecret.user_id == user.id))
    db.session.commit()
    mail_notice(user, "two_factor_disabled")


def renew_recovery_codes(user: User, code: str | None, recovery_code: str | None) -> list[str]:
    require_enabled(user)
    require_code(user, code=code, recovery_code=recovery_code)
    codes = _replace_recovery_codes(user.id)
    db.session.commit()
    mail_notice(user, "recovery_codes_renewed")
    return codes


def require_enabled(user: User) -> None:
    if not is_enabled(user.id):
        abort(409, "Two-factor login is not on.", error="two_factor_disabled")


def require_code(user: User, code: str | None = None, recovery_code: str | None = None, status: int = 400) -> None:
    """Accept one TOTP code or one recovery code of ``user``, or abort; wrong ones count towards a throttle."""
    key = str(user.id)
    throttle.refuse_code_if_throttled(key)
    if code is not None:
        outcome = accept_totp(user.id, code)
    elif recovery_code is not None:
        outcome = "ok" if use_recovery_code(user.id, recovery_code) else "wrong"
    else:
        abort(422, "Send a code from the authenticator app or a recovery code.", error="code_missing")
    if outcome == "reused":
        abort(status, "This code was already used; wait for the next one.", error="code_reused")
    if outcome != "ok":
        throttle.record_code_failure(key)
        abort(status, "The code is wrong or has expired.", error="invalid_code")


def accept_totp(user_id: uuid.UUID, code: str) -> str:
    """The outcome of a TOTP code: ok (its time step is now claimed), reused or wrong."""
    row = secret_of(user_id)
    code = "".join(code.split())
    if row is None or not TOTP_CODE.match(code):
        return "wrong"
    step = _matching_step(row.secret, code)
    if step is None:
        return "wrong"
    # Claimed with a conditional UPDATE, so two requests racing with one code cannot both pass.
    claimed = db.session.execute(
        update(TwoFactorSecret)
        .where(TwoFactorSecret.user_id == user_id,
               (TwoFactorSecret.last_used_step.is_(None)) | (TwoFactorSecret.last_used_step < step))
        .values(last_used_step=step)).rowcount
    return "ok" if claimed == 1 else "reused"


def _matching_step(secret: str, code: str) -> int | None:
    totp = pyotp.TOTP(secret)
    current = totp.timecode(utcnow())
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def use_recovery_code(user_id: uuid.UUID, code: str) -> bool:
    """True when ``code`` is one of the user's unused recovery codes, which is then used up."""
    code_hash = digest(normalise_recovery_code(code))
    return db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, RecoveryCode.code_hash == code_hash, RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())).rowcount == 1


def _replace_recovery_codes(user_id: uuid.UUID) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user_id, code_hash=digest(code)) for code in codes)
    return codes
