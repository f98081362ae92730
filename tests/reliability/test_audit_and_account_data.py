"""The audit log (who touched which record, never the data), the data export (FHIR R4 Patient plus
every plugin's records) and account deletion (every row and file gone, tokens dead)."""

from __future__ import annotations

import json

import sqlalchemy as sa

from tests.reliability.spec_walk import seed

SECRET_SYMPTOM = "zebra-striped rash behind the left knee"


def test_audit_log_records_reads_and_changes_of_the_owner_only_without_data(full_app, make_user):
    client = full_app.test_client()
    owner, other = make_user(), make_user()
    session = client.post("/api/chat-sessions/", json={"title": SECRET_SYMPTOM}, headers=owner.headers).get_json()
    client.get(f"/api/chat-sessions/{session['id']}/?q={SECRET_SYMPTOM}", headers=owner.headers)
    client.patch("/api/profile/", json={"allergies": [SECRET_SYMPTOM]}, headers=owner.headers)
    client.get(f"/api/chat-sessions/{session['id']}/", headers=other.headers)  # 404: not an access
    page = client.get("/api/profile/audit/", headers=owner.headers,
                      environ_base={"REMOTE_ADDR": "198.51.100.4"}).get_json()
    events = page["items"]
    assert [(e["action"], e["route"], e["record_id"]) for e in events] == [
        ("update", "/api/profile/", None),
        ("read", "/api/chat-sessions/<uuid:session_id>/", session["id"]),
        ("create", "/api/chat-sessions/", session["id"]),
    ]
    assert all(e["actor_id"] == str(owner.id) and e["ip"] == "127.0.0.1" and e["status"] < 400 for e in events)
    assert SECRET_SYMPTOM not in json.dumps(page)
    assert client.get("/api/profile/audit/", headers=other.headers).get_json()["total"] == 0
    only = client.get("/api/profile/audit/?action=create&page_size=1", headers=owner.headers).get_json()
    assert only["total"] == 1 and only["items"][0]["action"] == "create"
    assert client.get("/api/profile/audit/?action=steal", headers=owner.headers).status_code == 422


def test_the_audit_log_is_paginated_newest_first(client, make_user):
    user = make_user()
    for _ in range(3):
        client.get("/api/profile/", headers=user.headers)
    first = client.get("/api/profile/audit/?page_size=2", headers=user.headers).get_json()
    second = client.get("/api/profile/audit/?page_size=2&page=2", headers=user.headers).get_json()
    assert (first["total"], first["pages"], len(first["items"]), len(second["items"])) == (3, 2, 2, 1)
    stamps = [e["at"] for e in first["items"] + second["items"]]
    assert stamps == sorted(stamps, reverse=True)


def _validate_fhir_patient(patient: dict, user) -> None:
    assert patient["resourceType"] == "Patient" and patient["id"] == str(user.id)
    assert patient["gender"] in {"male", "female", "other", "unknown"}
    assert {"system": "email", "value": user.email, "use": "home"} in patient["telecom"]


def test_export_has_a_fhir_patient_and_every_plugins_records(full_app, spec, make_user, upload_files):
    client = full_app.test_client()
    user, other = make_user(), make_user()
    client.patch("/api/profile/", json={"gender": "non_binary", "weight_kg": 70, "allergies": ["penicillin"],
                                        "country": "ke", "age": 40}, headers=user.headers)
    ids = seed(client, spec, user.headers, upload_files)
    seed(client, spec, other.headers, upload_files)
    export = client.get("/api/profile/export/", headers=user.headers)
    assert export.status_code == 200, export.get_json()
    body = export.get_json()
    _validate_fhir_patient(body["fhir"]["patient"], user)
    assert body["fhir"]["patient"]["gender"] == "other" and body["fhir"]["patient"]["address"] == [{"country": "KE"}]
    kinds = [e["resource"]["resourceType"] for e in body["fhir"]["bundle"]["entry"]]
    assert kinds == ["Patient", "Observation", "AllergyIntolerance"]
    weight = body["fhir"]["bundle"]["entry"][1]["resource"]
    assert weight["code"]["coding"][0]["code"] == "29463-7" and weight["valueQuantity"]["value"] == 70
    assert body["profile"]["allergies"] == ["penicillin"] and body["account"]["email"] == user.email
    # The account's own records: its logins (never a token), its two-factor state and its audit trail.
    assert body["two_factor"] == {"enabled": False, "enabled_at": None, "recovery_codes_left": 0}
    assert len(body["sessions"]) == 1 and body["sessions"][0]["revoked_at"] is None
    assert user.access_token not in json.dumps(body) and "sid" not in body["sessions"][0]
    audited = {(e["action"], e["route"]) for e in body["audit"]}
    assert ("update", "/api/profile/") in audited and len(body["audit"]) >= len(ids)
    assert all(e["actor_id"] == str(user.id) for e in body["audit"])
    plugins = full_app.extensions["hygeia.plugins"].manifests
    # Every record the user made through a plugin is in that plugin's part of the export.
    missing = []
    for path, record in ids.items():
        plugin = _plugin_of(spec, path, plugins)
        if plugin and record not in json.dumps(body["plugins"].get(plugin)):
            missing.append((plugin, path))
    assert missing == [], f"records missing from the export: {missing}"
    others = seed(client, spec, other.headers, upload_files)
    text = json.dumps(body["plugins"])
    assert [p for p, record in others.items() if record in text] == []


def _plugin_of(spec: dict, path: str, plugins) -> str | None:
    """The plugin whose blueprint serves ``path`` (each operation's tag names its blueprint in x-blueprint)."""
    blueprint_of = {tag["name"]: tag["x-blueprint"] for tag in spec["tags"]}
    for op in spec["paths"][path].values():
        for tag in [blueprint_of[t] for t in op.get("tags", [])] if isinstance(op, dict) else []:
            name = next((p for p in plugins if p != "core" and (tag == p or tag.startswith(p + "_"))), None)
            if name:
                return name
    return None


def _rows_of(app, user_id) -> dict[str, int]:
    """Rows that name the user, in every table with a user_id column (that exists in this database:
    other tests declare models whose tables they never create)."""
    from core.extensions import db

    with app.app_context():
        existing = set(sa.inspect(db.engine).get_table_names())
        counts = {}
        for table in db.metadata.sorted_tables:
            if "user_id" in table.c and table.name in existing:
                counts[table.name] = db.session.scalar(
                    sa.select(sa.func.count()).select_from(table).where(table.c.user_id == user_id))
        return {name: n for name, n in counts.items() if n}


def test_deleting_the_account_removes_every_row_and_file_and_ends_its_tokens(full_app, spec, make_user,
                                                                              upload_files):
    client = full_app.test_client()
    user, other = make_user(), make_user()
    client.patch("/api/profile/", json={"allergies": ["latex"]}, headers=user.headers)
    seed(client, spec, user.headers, upload_files)
    seed(client, spec, other.headers, upload_files)
    before, others_before = _rows_of(full_app, user.id), _rows_of(full_app, other.id)
    assert {"health_profiles", "audit_events", "login_sessions"} <= set(before)
    from core.storage import get_storage
    from core.storage.columns import files_of_user

    with full_app.app_context():
        from core.extensions import db

        files = [owned.key for owned in files_of_user(db.session, full_app, user.id)]
        others = [owned.key for owned in files_of_user(db.session, full_app, other.id)]
    storage = get_storage(full_app)
    assert len(files) == len(others) and all(storage.exists(key) for key in files + others)
    assert bool(files) == ("xray" in full_app.extensions["hygeia.contributions"])  # an upload was seeded

    wrong = client.delete("/api/profile/account/", json={"password": "not the password 1"}, headers=user.headers)
    assert wrong.status_code == 403 and _rows_of(full_app, user.id) == before
    deleted = client.delete("/api/profile/account/", json={"password": user.password}, headers=user.headers)
    assert deleted.status_code == 204

    assert _rows_of(full_app, user.id) == {}
    assert _rows_of(full_app, other.id) == others_before
    assert [key for key in files if storage.exists(key)] == []  # on the folder or the object store alike
    assert all(storage.exists(key) for key in others)
    assert client.get("/api/profile/", headers=user.headers).status_code == 401
    refused = client.post("/api/auth/refresh/", headers={"Authorization": f"Bearer {user.refresh_token}"})
    assert refused.status_code == 401
    login = client.post("/api/auth/login/", json={"email": user.email, "password": user.password})
    assert login.status_code == 401


def _broken_plugin():
    """A plugin whose export and clean-up hooks fail, as a real installed plugin would be loaded."""
    import types

    from core.api import Manifest, hookimpl

    module = types.ModuleType("broken_export_plugin")
    module.manifest = Manifest(name="broken", version="1.0.0", hooks_version="1.1")

    @hookimpl
    def export_user_data(user_id):
        raise RuntimeError("the records store is down")

    @hookimpl
    def user_deleted(user_id):
        raise OSError("the file server is down")

    module.export_user_data, module.user_deleted = export_user_data, user_deleted
    return module


def test_an_export_is_complete_or_refused_and_a_failed_clean_up_keeps_the_account_deleted(make_app, caplog):
    app = make_app({"HYGEIA_PLUGINS": ["broken"]}, plugins=(_broken_plugin(),))
    client = app.test_client()
    password = "correct horse battery 9"
    client.post("/api/auth/register/", json={"email": "broken@example.org", "password": password})
    token = client.post("/api/auth/login/", json={"email": "broken@example.org", "password": password}).get_json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    refused = client.get("/api/profile/export/", headers=headers)
    body = refused.get_json()
    assert refused.status_code == 503 and body["error"] == "export_unavailable"
    assert body["details"] == {"plugin": "broken"} and "broken" in body["message"]
    deleted = client.delete("/api/profile/account/", json={"password": password}, headers=headers)
    assert deleted.status_code == 204
    assert client.post("/api/auth/login/", json={"email": "broken@example.org", "password": password}
                       ).status_code == 401
    assert "plugin broken could not remove" in caplog.text and "broken@example.org" not in caplog.text
