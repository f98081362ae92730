"""Sessions and history over REST: ownership, titles, pagination, validation."""

import uuid


def test_create_list_rename_delete(api, chat_app, user, new_session, llm_server):
    named = new_session(user, title="  Sleep questions ")
    llm_server.stream(["Keep a routine."])
    api.post(f"/api/chat-sessions/{named['id']}/messages/", json={"content": "Tips?"}, headers=user.headers)
    untitled = new_session(user)
    assert named["title"] == "Sleep questions" and untitled["title"] is None

    listed = api.get("/api/chat-sessions/", headers=user.headers).get_json()
    assert listed["total"] == 2 and {s["id"] for s in listed["items"]} == {named["id"], untitled["id"]}

    renamed = api.patch(f"/api/chat-sessions/{untitled['id']}/", json={"title": "Knee pain"}, headers=user.headers)
    assert renamed.status_code == 200 and renamed.get_json()["title"] == "Knee pain"
    assert api.get(f"/api/chat-sessions/{untitled['id']}/", headers=user.headers).get_json()["title"] == "Knee pain"

    assert api.delete(f"/api/chat-sessions/{named['id']}/", headers=user.headers).status_code == 204
    gone = api.get(f"/api/chat-sessions/{named['id']}/", headers=user.headers)
    assert gone.status_code == 404 and gone.get_json()["error"] == "not_found"
    with chat_app.app_context():  # its messages went with it
        from sqlalchemy import func, select

        from core.api import db
        from plugins.chat.models import ChatMessage

        assert db.session.scalar(select(func.count()).select_from(ChatMessage)
                                 .where(ChatMessage.session_id == uuid.UUID(named["id"]))) == 0
    assert api.get("/api/chat-sessions/", headers=user.headers).get_json()["total"] == 1


def test_other_users_sessions_are_not_found(api, make_user, new_session, llm_server):
    owner, stranger = make_user(), make_user()
    session = new_session(owner)
    llm_server.stream(["Drink ", "water."])
    sent = api.post(f"/api/chat-sessions/{session['id']}/messages/", json={"content": "Hello"},
                    headers=owner.headers).get_json()
    base = f"/api/chat-sessions/{session['id']}/"
    for method, path, body in [("get", base, None), ("patch", base, {"title": "mine"}), ("delete", base, None),
                               ("get", base + "messages/", None), ("post", base + "messages/", {"content": "hi"}),
                               ("get", base + f"messages/{sent['reply']['id']}/", None)]:
        response = getattr(api, method)(path, json=body, headers=stranger.headers)
        assert response.status_code == 404, (method, path)
        assert response.get_json()["error"] == "not_found"
    assert api.get("/api/chat-sessions/", headers=stranger.headers).get_json()["total"] == 0
    # untouched for the owner
    assert api.get(base, headers=owner.headers).get_json()["title"] == "Hello"
    assert api.get(base + "messages/", headers=owner.headers).get_json()["total"] == 2


def test_requires_authentication(api):
    response = api.get("/api/chat-sessions/")
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"


def test_invalid_input_is_a_clear_422(api, user, new_session):
    session = new_session(user)
    for body in ({}, {"content": ""}, {"content": "   "}, {"content": "x" * 4001}, {"content": 5}):
        response = api.post(f"/api/chat-sessions/{session['id']}/messages/", json=body, headers=user.headers)
        assert response.status_code == 422, body
        assert response.get_json()["error"] == "validation_error" and "content" in str(response.get_json()["details"])
    bad_title = api.patch(f"/api/chat-sessions/{session['id']}/", json={"title": ""}, headers=user.headers)
    assert bad_title.status_code == 422
    assert api.get(f"/api/chat-sessions/{uuid.uuid4()}/", headers=user.headers).status_code == 404
    assert api.get("/api/chat-sessions/?page_size=500", headers=user.headers).status_code == 422
    assert api.get(f"/api/chat-sessions/{session['id']}/messages/?order=sideways",
                   headers=user.headers).status_code == 422


def test_history_is_paginated_in_both_orders(api, user, new_session, llm_server):
    session = new_session(user)
    url = f"/api/chat-sessions/{session['id']}/messages/"
    for n in range(3):
        llm_server.stream([f"Answer {n}"])
        assert api.post(url, json={"content": f"Question {n}"}, headers=user.headers).status_code == 201
    first = api.get(url + "?page_size=4", headers=user.headers).get_json()
    assert (first["total"], first["pages"]) == (6, 2)
    assert [m["content"] for m in first["items"]] == ["Question 0", "Answer 0", "Question 1", "Answer 1"]
    second = api.get(url + "?page_size=4&page=2", headers=user.headers).get_json()
    assert [m["content"] for m in second["items"]] == ["Question 2", "Answer 2"]
    newest = api.get(url + "?page_size=2&order=desc", headers=user.headers).get_json()
    assert [(m["role"], m["content"]) for m in newest["items"]] == [("assistant", "Answer 2"), ("user", "Question 2")]


def test_sessions_list_most_recent_activity_first(api, user, new_session, llm_server):
    older = new_session(user, title="older")
    new_session(user, title="newer")
    llm_server.stream(["ok"])
    api.post(f"/api/chat-sessions/{older['id']}/messages/", json={"content": "bump"}, headers=user.headers)
    titles = [s["title"] for s in api.get("/api/chat-sessions/", headers=user.headers).get_json()["items"]]
    assert titles == ["older", "newer"]
