"""`flask compat import-legacy`: accounts and records from the original backend's PostgreSQL schema.

Reads the tables of its single migration (Django's `auth_user` and the `api_` app's tables) and writes
Hygeia's: the account with its Django PBKDF2 password hash (verified at the first login, then rehashed
with argon2id by the core), the email-verified state, the profile (through the core's validation, in the
compat plugin's forms: comma-separated allergies, country names), the compat row (full name, username,
gender lock), and, when the plugin of each feature is enabled, chat sessions and messages, consultations
and research queries. One transaction per account: an account is imported with all its records or not at
all. An address that already has an account is skipped with its records, so a second run imports only
what the first did not.

Research results of the original could be fallback articles it made up: only articles with a PubMed id
are kept; the others are counted as dropped.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections import Counter
from datetime import datetime, timezone

import sqlalchemy as sa

from core.api import ApiError, accounts, change_profile, db, plugin_enabled
from plugins.compat.models import CompatAccount
from plugins.compat.services import allergy_list, known_country

log = logging.getLogger(__name__)
GENDERS = {"male", "female", "other", "prefer_not_to_say"}
LANGUAGES = {"en", "es", "fr"}


def _when(value) -> datetime | None:
    """A timestamp from either database: aware datetimes kept, naive or text ones read as UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _json(value):
    if isinstance(value, (dict, list)) or value is None:
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return None


def _by(rows, key: str) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


class Legacy:
    """The original's rows, read once."""

    def __init__(self, url: str):
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:
                tables = set(sa.inspect(conn).get_table_names())
                if "auth_user" not in tables:
                    raise ValueError("no auth_user table: this is not the original backend's database")

                def read(table: str):
                    if table not in tables:
                        return []
                    return [dict(r) for r in conn.execute(sa.text(f"SELECT * FROM {table}")).mappings()]

                self.users = sorted(read("auth_user"), key=lambda r: r["id"])
                self.email_status = {r["user_id"]: r for r in read("api_useremailstatus")}
                self.profiles = {r["user_id"]: r for r in read("api_userprofile")}
                self.sessions = _by(read("api_chatsession"), "user_id")
                self.messages = _by(read("api_chatmessage"), "session_id")
                self.consultations = _by(read("api_medicalconsultation"), "user_id")
                self.research = _by(read("api_researchquery"), "user_id")
        finally:
            engine.dispose()


def import_legacy(url: str) -> Counter:
    legacy = Legacy(url)
    counts: Counter = Counter()
    features = {name: plugin_enabled(name) for name in ("chat", "symptoms", "research")}
    for row in legacy.users:
        try:
            imported = _import_account(legacy, row, features, counts)
        except Exception as error:  # one account's bad row must not stop the others; no values are logged
            db.session.rollback()
            log.error("legacy account %s not imported: %s", row["id"], type(error).__name__)
            counts["accounts_failed"] += 1
            continue
        counts["accounts" if imported else "accounts_skipped"] += 1
    for name, on in features.items():
        if not on:
            counts[f"{name}_plugin_off"] += 1
    return counts


def _import_account(legacy: Legacy, row: dict, features: dict, counts: Counter) -> bool:
    status = legacy.email_status.get(row["id"]) or {}
    verified = bool(status.get("is_verified"))
    # The original kept unverified accounts inactive until the link was used; here they may sign in
    # (unless REQUIRE_EMAIL_VERIFICATION), so only a verified but deactivated account stays inactive.
    user = accounts.import_user(row.get("email") or "", row["password"], active=bool(row["is_active"]) or not verified,
                                verified_at=(_when(status.get("verified_at")) or _when(row.get("date_joined")))
                                if verified else None,
                                created_at=_when(row.get("date_joined")))
    if user is None:
        db.session.rollback()
        return False
    profile = legacy.profiles.get(row["id"]) or {}
    full_name = " ".join(part for part in (row.get("first_name"), row.get("last_name")) if part)
    db.session.add(CompatAccount(user_id=user.id, full_name=full_name[:150], username=(row.get("username") or "")[:150],
                                 gender_locked=bool(profile.get("gender_locked"))))
    if features["chat"]:
        _chat(legacy, row["id"], user.id, counts)
    if features["symptoms"]:
        _consultations(legacy, row["id"], user.id, counts)
    if features["research"]:
        _research(legacy, row["id"], user.id, counts)
    _profile(profile, user.id, counts)  # commits the account with everything above
    return True


def _profile(profile: dict, user_id: uuid.UUID, counts: Counter) -> None:
    changes = {}
    if profile.get("age") is not None:
        changes["age"] = profile["age"]
    if profile.get("gender") in GENDERS:
        changes["gender"] = profile["gender"]
    for ours, theirs in (("weight_kg", "weight"), ("height_cm", "height")):
        if profile.get(theirs) is not None:
            changes[ours] = profile[theirs]
    if (profile.get("country") or "").strip():
        code = known_country(profile["country"])
        if code:
            changes["country"] = code
        else:
            counts["profile_values_dropped"] += 1
    if (profile.get("allergies") or "").strip():
        changes["allergies"] = allergy_list(profile["allergies"])
    if profile.get("preferred_language") in LANGUAGES:
        changes["preferred_language"] = profile["preferred_language"]
    while True:
        try:
            change_profile(user_id, changes)
            return
        except ApiError as error:  # a value Hygeia refuses (a weight of 0): leave that field empty
            invalid = set(((error.details or {}).get("json") or {}))
            if error.code != 422 or not invalid & set(changes):
                raise
            counts["profile_values_dropped"] += len(invalid & set(changes))
            changes = {k: v for k, v in changes.items() if k not in invalid}


def _assistant_text(content: str) -> str:
    """The text of an answer the original stored as a JSON "diagnosis" document."""
    document = _json(content)
    if not isinstance(document, dict):
        return content
    diagnosis = document.get("diagnosis") if isinstance(document.get("diagnosis"), dict) else document
    parts = [diagnosis.get("advice") or ""]
    for title, key in (("Possible causes", "conditions"), ("Next steps", "next_steps"), ("Seek care now if", "urgent")):
        items = [str(item) for item in diagnosis.get(key) or [] if item]
        if items:
            parts.append(f"{title}: " + "; ".join(items) + ".")
    text = "\n\n".join(part for part in parts if part)
    return text or content


def _chat(legacy: Legacy, legacy_user: int, user_id: uuid.UUID, counts: Counter) -> None:
    sessions, messages = db.metadata.tables["chat_sessions"], db.metadata.tables["chat_messages"]
    for session in legacy.sessions.get(legacy_user, []):
        session_id = uuid.uuid4()
        db.session.execute(sessions.insert().values(
            id=session_id, user_id=user_id, title=(session.get("title") or "New Chat")[:120],
            created_at=_when(session["created_at"]), updated_at=_when(session.get("updated_at") or session["created_at"])))
        counts["chat_sessions"] += 1
        for message in sorted(legacy.messages.get(session["id"], []), key=lambda m: (m["created_at"], m["id"])):
            role = "assistant" if message["role"] == "assistant" else "user"
            content = message["content"] or ""
            db.session.execute(messages.insert().values(
                id=uuid.uuid4(), session_id=session_id, role=role, status="complete",
                content=_assistant_text(content) if role == "assistant" else content,
                created_at=_when(message["created_at"]), completed_at=_when(message["created_at"])))
            counts["chat_messages"] += 1


def _consultations(legacy: Legacy, legacy_user: int, user_id: uuid.UUID, counts: Counter) -> None:
    table = db.metadata.tables["symptoms_consultations"]
    for row in legacy.consultations.get(legacy_user, []):
        document = _json(row.get("diagnosis")) or {}
        diagnosis = document.get("diagnosis") if isinstance(document.get("diagnosis"), dict) else document
        analysis = {
            "summary": diagnosis.get("advice") or "",
            "possible_conditions": [{"name": str(c), "likelihood": "", "explanation": ""}
                                    for c in diagnosis.get("conditions") or [] if c],
            "next_steps": [str(s) for s in diagnosis.get("next_steps") or []],
            "watch_for": [str(s) for s in diagnosis.get("urgent") or []],
            "medications": [],
            "disclaimer": "Imported from the original backend; ask Hygeia again for a current assessment.",
        }
        created = _when(row["created_at"])
        db.session.execute(table.insert().values(
            id=uuid.uuid4(), user_id=user_id, symptoms=row["symptoms"] or "",
            language=row.get("language") if row.get("language") in LANGUAGES else "en",
            status="complete", source="imported", analysis=analysis, created_at=created, completed_at=created))
        counts["consultations"] += 1


PMID = re.compile(r"^\d{1,9}$")


def _research(legacy: Legacy, legacy_user: int, user_id: uuid.UUID, counts: Counter) -> None:
    queries, articles = db.metadata.tables["research_queries"], db.metadata.tables["research_articles"]
    for row in legacy.research.get(legacy_user, []):
        results = _json(row.get("results")) or []
        real = [a for a in results if isinstance(a, dict) and PMID.match(str(a.get("pmid") or a.get("id") or ""))]
        counts["research_articles_dropped"] += len(results) - len(real)
        query_id = uuid.uuid4()
        db.session.execute(queries.insert().values(
            id=query_id, user_id=user_id, query=(row["query"] or "")[:300], max_results=max(len(results), 1),
            sort="relevance", source="pubmed", total_found=len(real), created_at=_when(row["created_at"])))
        counts["research_queries"] += 1
        for rank, article in enumerate(real, start=1):
            pmid = str(article.get("pmid") or article.get("id"))
            year = re.match(r"\d{4}", str(article.get("publication_date") or article.get("year") or ""))
            authors = article.get("authors") or []
            db.session.execute(articles.insert().values(
                id=uuid.uuid4(), query_id=query_id, rank=rank, pmid=pmid, title=article.get("title") or "",
                abstract=article.get("abstract") or article.get("summary") or "",
                authors=authors if isinstance(authors, list) else [a.strip() for a in str(authors).split(",")],
                journal=(article.get("journal") or "")[:500], year=int(year.group()) if year else None,
                doi=article.get("doi"), url=article.get("url") or f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
                relevance=0.0))
            counts["research_articles"] += 1
