"""The daily purge removes account records nobody can use any more, and nothing else."""

from datetime import timedelta

from sqlalchemy import func, select

from core.auth.housekeeping import purge_expired_account_records
from core.auth.models import AccountToken, LoginChallenge, LoginSession, TwoFactorSecret
from core.extensions import db
from core.models_base import utcnow


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_purge_keeps_live_records_and_removes_dead_ones(app, make_user):
    alive, other = make_user(), make_user()
    now = utcnow()
    with app.app_context():
        db.session.add_all([
            LoginSession(user_id=alive.id, sid="expired", device="d", expires_at=now - timedelta(seconds=1)),
            LoginSession(user_id=alive.id, sid="revoked", device="d", expires_at=now + timedelta(days=1),
                         revoked_at=now),
            AccountToken(user_id=alive.id, purpose="password_reset", token_hash="a" * 64,
                         expires_at=now - timedelta(seconds=1)),
            AccountToken(user_id=alive.id, purpose="password_reset", token_hash="b" * 64,
                         expires_at=now + timedelta(hours=1)),
            LoginChallenge(user_id=alive.id, token_hash="c" * 64, expires_at=now - timedelta(seconds=1)),
            LoginChallenge(user_id=alive.id, token_hash="d" * 64, expires_at=now + timedelta(minutes=5)),
            TwoFactorSecret(user_id=alive.id, secret="JBSWY3DPEHPK3PXP", created_at=now - timedelta(days=2)),
            TwoFactorSecret(user_id=other.id, secret="JBSWY3DPEHPK3PXP", created_at=now - timedelta(days=2),
                            enabled_at=now - timedelta(days=2)),
        ])
        db.session.commit()
        sessions_before = count(LoginSession)  # the two logins of make_user, plus two dead ones
        tokens_before = count(AccountToken)  # two verification tokens from registering, plus two

        assert purge_expired_account_records() == 5
        assert count(LoginSession) == sessions_before - 2
        assert count(AccountToken) == tokens_before - 1
        assert db.session.scalars(select(LoginChallenge.token_hash)).all() == ["d" * 64]
        assert db.session.scalars(select(TwoFactorSecret.user_id)).all() == [other.id]  # enabled ones stay
