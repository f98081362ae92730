"""The original backend's account and profile semantics, mapped onto Hygeia's services (core.api).

No logic is copied: registration, login, sessions, verification, password reset and the profile
are Hygeia's; this module only converts the original's forms (a full name, comma-separated
allergies, a country name, `weight`/`height`) and keeps the two facts the core has no column for.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from functools import lru_cache
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from core.api import ApiError, accounts, change_profile, db, get_profile
from plugins.compat.models import CompatAccount
from plugins.compat.wire import Invalid

COUNTRIES = Path(__file__).resolve().parent / "countries.tsv"
# The original's field names -> Hygeia's profile fields.
PROFILE_FIELDS = {"age": "age", "gender": "gender", "weight": "weight_kg", "height": "height_cm",
                  "country": "country", "allergies": "allergies", "preferred_language": "preferred_language"}
GENDER_LOCKED = "Gender cannot be changed once it has been set and confirmed."


# -- accounts ---------------------------------------------------------------
def register(full_name: str, email: str, password: str):
    """The core's registration (the same answer for a taken address), with the original's name fields."""
    registration = accounts.register(email, password)
    if registration.created:
        db.session.add(CompatAccount(user_id=registration.id, full_name=full_name.strip()[:150],
                                     username=registration.email.split("@", 1)[0][:150]))
        db.session.commit()
    return registration


def account_of(user_id: uuid.UUID) -> CompatAccount:
    """The user's compat row; one is made (not committed) for accounts created through Hygeia's API."""
    row = db.session.get(CompatAccount, user_id)
    if row is None:
        user = accounts.get_user(user_id)
        row = CompatAccount(user_id=user_id, full_name="", gender_locked=False,
                            username=user.email.split("@", 1)[0][:150] if user else "")
        db.session.add(row)
    return row


def save(row: CompatAccount) -> None:
    try:
        db.session.commit()
    except IntegrityError:  # two first requests at once made the row: keep theirs
        db.session.rollback()


# -- the profile --------------------------------------------------------------
def _key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.replace("&", " and ")).split())


@lru_cache(maxsize=1)
def country_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for line in COUNTRIES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t", 1)
            codes.setdefault(_key(name), code)
            if "(" in name:  # "Korea (South)" is also "South Korea"; "Myanmar (Burma)" also "Myanmar"
                base, extra = name.rstrip(")").split(" (", 1)
                codes.setdefault(_key(f"{extra} {base}"), code)
                codes.setdefault(_key(base), code)
            codes.setdefault(code.lower(), code)
    return codes


def known_country(value: str) -> str | None:
    """The ISO code of a country name or code we know, else None."""
    return country_codes().get(_key(value))


def country_code(value: str | None) -> str | None:
    """An ISO 3166-1 alpha-2 code for a country written as a name ("Kenya") or a code ("ke")."""
    if value is None or not value.strip():
        return None
    code = country_codes().get(_key(value))
    if code is None:
        raise Invalid({"country": [f"{value.strip()[:100]!r} is not a country name or ISO 3166 code we know."]})
    return code


def allergy_list(value) -> list[str]:
    """The original's comma-separated text (or a list, as Hygeia takes it) as a list of allergies."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [item.strip() for item in items if str(item).strip()]


def update_profile(user_id: uuid.UUID, changes: dict):
    """Apply a PATCH in the original's field names through Hygeia's profile validation."""
    row = account_of(user_id)
    profile = get_profile(user_id)
    if row.gender_locked and "gender" in changes and changes["gender"] != profile.gender:
        raise Invalid({"gender": [GENDER_LOCKED]})
    mapped = {}
    for field, value in changes.items():
        if field == "country":
            value = country_code(value)
        elif field == "allergies":
            value = allergy_list(value)
        mapped[PROFILE_FIELDS[field]] = value
    try:
        profile = change_profile(user_id, mapped)
    except ApiError as error:  # the core's 422: name the original's fields
        messages = (error.details or {}).get("json")
        if error.code != 422 or not messages:
            raise
        back = {hygeia: original for original, hygeia in PROFILE_FIELDS.items()}
        raise Invalid({back.get(k, k): v if isinstance(v, list) else [str(v)] for k, v in messages.items()}) from None
    save(row)
    return profile


def confirm_gender(user_id: uuid.UUID) -> str | None:
    """Lock the gender; an error message when it is already locked or not set."""
    row = account_of(user_id)
    if row.gender_locked:
        return "Gender is already confirmed and cannot be changed."
    if not get_profile(user_id).gender:
        return "Please set your gender before confirming."
    row.gender_locked = True
    db.session.commit()
    return None


def profile_view(user) -> dict:
    """The profile as the original's GET /api/profile/ answered it."""
    profile = get_profile(user.id)
    row = account_of(user.id)
    save(row)
    return {
        "username": row.username, "email": user.email, "profile_picture": None,
        "age": profile.age, "gender": profile.gender, "gender_locked": row.gender_locked,
        "weight": profile.weight_kg, "height": profile.height_cm, "country": profile.country or "",
        "allergies": ", ".join(profile.allergies or []), "preferred_language": profile.preferred_language,
        "created_at": user.created_at, "updated_at": profile.updated_at,
    }


# -- health -------------------------------------------------------------------
def health_view(report: dict) -> tuple[dict, int]:
    """GET /api/health/ in the original's shape: healthy unless the database (or Redis) is down."""
    database = report["components"]["database"]
    plugin_states = [c["status"] for checks in report["plugins"].values() for c in checks.values()]
    ai_ok = all(s != "down" for s in plugin_states) and report["breakers"].get("llm", "closed") == "closed"
    healthy = report["status"] != "down"
    return ({"status": "healthy" if healthy else "unhealthy",
             "database": "ok" if database["status"] == "ok" else f"error: {database.get('detail', '')}",
             "ai_system": "ok" if ai_ok else "error", "version": "1.0.0"},
            200 if healthy else 503)


USER_MESSAGES = {"ok": "System is fully operational", "degraded": "System is operational with minor issues",
                 "down": "System has some issues but core functionality is available"}
STATUS_NAMES = {"ok": "operational", "degraded": "degraded", "down": "critical"}


def authenticated_health_view(report: dict) -> dict:
    """GET /api/health/authenticated/: the latest check, in the original's field names."""
    last = report.get("last_scheduled_check")
    return {
        "id": None, "timestamp": (last or {}).get("checked_at"),
        "status": STATUS_NAMES.get(report["status"], report["status"]),
        "services_status": {name: c["status"] for name, c in report["components"].items()},
        "external_data": {"breakers": report["breakers"]},
        "user_message": USER_MESSAGES.get(report["status"], USER_MESSAGES["down"]),
    }
