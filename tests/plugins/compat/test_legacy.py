"""`flask compat import-legacy` on a database built like the original's, with realistic rows: the old
password keeps working (and is rehashed), and the records appear in Hygeia's and the compat API."""

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.plugins.compat.conftest import Original

SCHEMA = Path(__file__).with_name("legacy_schema.sql").read_text(encoding="utf-8")
# Made with Django 5.2's make_password (PBKDF2PasswordHasher, 1,000,000 iterations).
ANA_HASH = "pbkdf2_sha256$1000000$Qd5pWbq8MrxS$AaGTFTOZvI79zPX9+2FsJMyUcml4C88azoVnVMIkVhE="
ANA_PASSWORD = "old praxia pass 1"
BEN_HASH = "pbkdf2_sha256$1000000$Zx81bQpLmn0a$Gp0Ur1T+qRKKeOHv62PufuG483lBXibTZsKNTPXut54="
WHEN = "2025-03-14 09:26:53+00:00"
DIAGNOSIS = json.dumps({"diagnosis": {"conditions": ["Tension headache", "Viral infection"],
                                      "next_steps": ["Rest", "Drink fluids"], "urgent": ["Stiff neck"],
                                      "advice": "Most headaches with a mild fever pass in a few days.",
                                      "clarification": []}})
RESULTS = [{"title": "Telomere length and pancreatic cancer", "authors": ["A. Author"], "journal": "Lancet",
            "publication_date": "2019-05-01", "url": "https://pubmed.ncbi.nlm.nih.gov/31000001/",
            "pmid": "31000001", "summary": "An abstract."},
           {"title": "Recent advances (fallback)", "authors": "Praxia", "journal": "", "url": "", "summary": "..."}]


def legacy_database(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for statement in SCHEMA.split(";"):
            if "CREATE" in statement:
                conn.execute(sa.text(statement))
        conn.execute(sa.text(
            "INSERT INTO auth_user VALUES (1, :ana, NULL, false, 'ana', 'Ana', 'Wanjiru', 'Ana@Example.org', false,"
            " true, :when), (2, :ben, NULL, false, 'ben', 'Ben', '', 'ben@example.org', false, false, :when),"
            " (3, '!unusable', NULL, false, 'cy', '', '', '', false, false, :when)"),
            {"ana": ANA_HASH, "ben": BEN_HASH, "when": WHEN})
        conn.execute(sa.text("INSERT INTO api_useremailstatus VALUES (1, true, :when, 1), (2, false, NULL, 2)"),
                     {"when": WHEN})
        conn.execute(sa.text(
            "INSERT INTO api_userprofile VALUES (1, NULL, 34, 'female', true, 64.5, 168, 'Kenya', 'penicillin, peanuts',"
            " 'en', :when, :when, 1), (2, NULL, NULL, NULL, false, 0, NULL, 'Atlantis', '', 'fr', :when, :when, 2)"),
            {"when": WHEN})
        conn.execute(sa.text("INSERT INTO api_chatsession VALUES (10, 'Headache and fever', :when, :when, 1)"),
                     {"when": WHEN})
        conn.execute(sa.text(
            "INSERT INTO api_chatmessage VALUES (100, 'user', 'I have a headache and fever', :when, 10),"
            " (101, 'assistant', :diagnosis, :later, 10)"),
            {"when": WHEN, "later": "2025-03-14 09:27:01+00:00", "diagnosis": DIAGNOSIS})
        conn.execute(sa.text("INSERT INTO api_medicalconsultation VALUES (20, 'Persistent cough for 3 days',"
                             " :diagnosis, 'en', :when, 1)"), {"when": WHEN, "diagnosis": DIAGNOSIS})
        conn.execute(sa.text("INSERT INTO api_researchquery VALUES (30, 'telomere pancreatic cancer', :results,"
                             " :when, 1)"), {"when": WHEN, "results": json.dumps(RESULTS)})
    engine.dispose()


@pytest.fixture
def app(make_app, compat_tables):
    return make_app({"HYGEIA_PLUGINS": ["chat", "symptoms", "research", "compat"], "RATELIMIT_ENABLED": False})


def test_import_legacy_brings_accounts_and_records_and_old_passwords_work(app, client, fresh_database):
    legacy_database(fresh_database)
    result = app.test_cli_runner().invoke(args=["compat", "import-legacy", fresh_database])
    assert result.exit_code == 0, result.output
    counts = dict(line.split(": ") for line in result.output.strip().splitlines())
    assert counts["accounts"] == "2" and counts["accounts_skipped"] == "1"  # the row without an email
    assert (counts["chat_sessions"], counts["chat_messages"], counts["consultations"]) == ("1", "2", "1")
    assert (counts["research_queries"], counts["research_articles"], counts["research_articles_dropped"]) == \
        ("1", "1", "1")
    assert counts["profile_values_dropped"] == "2"  # Ben's weight of 0 and his country "Atlantis"

    ana = Original(client)
    ana.login("ana@example.org", ANA_PASSWORD)
    profile = ana.get("/profile/").get_json()
    assert (profile["username"], profile["age"], profile["gender"], profile["gender_locked"]) == \
        ("ana", 34, "female", True)
    assert (profile["weight"], profile["height"], profile["country"], profile["allergies"]) == \
        (64.5, 168.0, "KE", "penicillin, peanuts")
    [session] = client.get("/api/compat/chat-sessions/", headers=ana.headers).get_json()
    assert session["title"] == "Headache and fever"
    messages = client.get(f"/api/compat/chat-sessions/{session['id']}/messages/", headers=ana.headers).get_json()
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert "Most headaches" in json.loads(messages[1]["content"])["diagnosis"]["advice"]
    hygeia = {"Authorization": ana.headers["Authorization"]}
    [consultation] = client.get("/api/consultations/", headers=hygeia).get_json()["items"]
    assert consultation["analysis"]["possible_conditions"][0]["name"] == "Tension headache"
    [query] = client.get("/api/research/", headers=hygeia).get_json()["items"]
    articles = client.get(f"/api/research/{query['id']}/", headers=hygeia).get_json()["articles"]
    assert [a["pmid"] for a in articles] == ["31000001"]  # the made-up fallback article is not imported
    export = client.get("/api/profile/export/", headers=hygeia).get_json()
    assert "Ana Wanjiru" in json.dumps(export)

    ben = Original(client)
    wrong = ben.post("/auth/login/", {"email": "ben@example.org", "password": ANA_PASSWORD})
    assert wrong.status_code == 401
    assert ben.post("/auth/login/", {"email": "ben@example.org", "password": "ben legacy secret 7"}) \
        .status_code == 200  # unverified in the original: may sign in (REQUIRE_EMAIL_VERIFICATION is off)

    again = app.test_cli_runner().invoke(args=["compat", "import-legacy", fresh_database])
    assert "accounts_skipped: 3" in again.output and "chat_sessions" not in again.output


def test_the_old_hash_is_replaced_at_the_first_login(app, client, fresh_database):
    legacy_database(fresh_database)
    assert app.test_cli_runner().invoke(args=["compat", "import-legacy", fresh_database]).exit_code == 0
    Original(client).login("ana@example.org", ANA_PASSWORD)
    with app.app_context():
        from sqlalchemy import text

        from core.api import db

        stored = db.session.execute(text("SELECT password_hash FROM users WHERE email = 'ana@example.org'")).scalar()
    assert stored.startswith("$argon2id$")
    Original(client).login("ana@example.org", ANA_PASSWORD)  # and the password still works


def test_a_database_that_is_not_the_originals_is_refused(app, fresh_database):
    result = app.test_cli_runner().invoke(args=["compat", "import-legacy", fresh_database])
    assert result.exit_code != 0 and "not the original backend's database" in result.output
