"""The original's WebSocket protocols at /ws/compat/chat/<session_id>/ and /ws/compat/health/.

Chat: the core authenticates the socket (an `Authorization: Bearer` header, or a first message
`{"type": "auth", "token": ...}`; the original accepted only a Django session cookie, which no API
client had), then the original's protocol runs: `{"type": "chat_history", "messages": [...]}` at once,
and for each `{"message": "<text>"}` the stored user message and the assistant's reply as
`{"type": "chat_message", "message": {...}}` frames. Replies come from Hygeia's chat plugin (its
triage, its limits), called through its routes as the socket's user.

Health: `{"type": "ping"}` -> `{"type": "pong", "timestamp": ...}`; `{"type": "health_check"}` ->
`{"type": "health_check_results", "results": {...}}`; other types get no reply, as in the original.
"""

from __future__ import annotations

import json
from datetime import datetime

from core.api import call_route, db, health_report, send_json
from plugins.compat import records, services

CLOSE_NOT_FOUND = 4404


def _frames(ws):
    """Each received JSON object (None ends the loop); other text is answered with an error frame."""
    while True:
        raw = ws.receive(timeout=None)
        if raw is None:
            return
        try:
            message = json.loads(raw)
        except (TypeError, ValueError):
            message = None
        if not isinstance(message, dict):
            send_json(ws, {"type": "error", "error": "invalid_json", "message": "Send a JSON object."})
            continue
        yield message


def chat_socket(ws, user, session_id):
    """The original's ChatConsumer protocol over Hygeia's chat plugin."""
    history = call_route("GET", f"/api/chat-sessions/{session_id}/messages/", query={"page_size": 100})
    db.session.remove()
    if history.status != 200:
        send_json(ws, {"type": "error", "error": "not_found", "message": "Chat session not found."})
        ws.close(reason=CLOSE_NOT_FOUND, message="not found")
        return
    send_json(ws, {"type": "chat_history", "messages": records.original_messages(history.body["items"])})
    for message in _frames(ws):
        text = message.get("message")
        if not isinstance(text, str) or not text.strip():
            send_json(ws, {"type": "error", "error": "message_missing",
                           "message": 'Send {"message": "<text>"}.'})
            continue
        answer = call_route("POST", f"/api/chat-sessions/{session_id}/messages/", json={"content": text.strip()})
        db.session.remove()  # hold no database connection while the socket waits
        if answer.status != 201:
            body = answer.body if isinstance(answer.body, dict) else {}
            send_json(ws, {"type": "error", "error": body.get("error", "failed"),
                           "message": body.get("message", "The message could not be answered.")})
            if answer.status == 401:
                ws.close(reason=4401, message="unauthorized")
                return
            continue
        question, reply = answer.body["message"], answer.body["reply"]
        send_json(ws, {"type": "chat_message", "message": records.original_message(question)})
        send_json(ws, {"type": "chat_message", "message": records.original_message(reply, question)})


def health_socket(ws, user):
    """The original's HealthCheckConsumer: ping and health_check."""
    for message in _frames(ws):
        kind = message.get("type")
        if kind == "ping":
            send_json(ws, {"type": "pong", "timestamp": str(datetime.now())})
        elif kind == "health_check":
            report = health_report()
            db.session.remove()
            send_json(ws, {"type": "health_check_results", "results": services.authenticated_health_view(report)})
