"""The original's chat, consultation, research and X-ray endpoints under /api/compat/, each over the
Hygeia plugin that serves the feature, called in-process through its public routes (core.api.call_route):
the compat plugin imports no other plugin, and each feature keeps its own checks, limits and audit.
A feature's routes exist only while its plugin is enabled."""

from __future__ import annotations

import uuid
from datetime import datetime

from flask import request

from core.api import RouteAnswer, call_route
from plugins.compat import records, schemas
from plugins.compat.routes import PREFIX, session_required
from plugins.compat.wire import OriginalBlueprint, answers_as_original, reply

MAX_CONTENT = 2000  # the original cut longer messages at 2000 characters and added "..."

chat_blp = OriginalBlueprint("compat_chat", __name__, title="Original API: chat sessions",
                             url_prefix=f"{PREFIX}/chat-sessions",
                             description="The original's chat sessions, over Hygeia's chat plugin.")
symptoms_blp = OriginalBlueprint("compat_consultations", __name__, title="Original API: consultations",
                                 url_prefix=f"{PREFIX}/consultations",
                                 description="The original's consultations, over Hygeia's symptoms plugin.")
research_blp = OriginalBlueprint("compat_research", __name__, title="Original API: research",
                                 url_prefix=f"{PREFIX}/research",
                                 description="The original's research queries, over Hygeia's research plugin.")
xray_blp = OriginalBlueprint("compat_xray", __name__, title="Original API: X-ray analyses",
                             url_prefix=f"{PREFIX}/xray-analyses",
                             description="The original's X-ray analyses, over Hygeia's xray plugin.")
news_blp = OriginalBlueprint("compat_news", __name__, title="Original API: health news",
                             url_prefix=f"{PREFIX}/health-news",
                             description="The original's health news, over Hygeia's research plugin (WHO's feed).")
BY_PLUGIN = {"chat": [chat_blp], "symptoms": [symptoms_blp], "research": [research_blp, news_blp],
             "xray": [xray_blp]}


def failed(answer: RouteAnswer):
    """A feature's refusal in the original's terms: 404 `{detail}`, 400 `{field: [...]}`; others as given."""
    if answer.status == 404:
        return reply({"detail": "Not found."}, 404)
    body = answer.body if isinstance(answer.body, dict) else {}
    if answer.status == 422:
        fields = (body.get("details") or {})
        fields = fields.get("json") or fields.get("files") or fields.get("form") or fields
        return reply({k: v if isinstance(v, list) else [str(v)] for k, v in fields.items()}
                     or {"error": body.get("message", "Invalid input.")}, 400)
    response = reply(body or {"error": "Request failed."}, answer.status)
    if "Retry-After" in answer.headers:
        response.headers["Retry-After"] = answer.headers["Retry-After"]
    return response


def _all(path: str, **query) -> list[dict] | RouteAnswer:
    answer = call_route("GET", path, query={"page_size": 100, **query})
    return answer.body["items"] if answer.status == 200 else answer


# -- chat ------------------------------------------------------------------------
def _detail(session_id: uuid.UUID, session: dict | None = None):
    if session is None:
        answer = call_route("GET", f"/api/chat-sessions/{session_id}/")
        if answer.status != 200:
            return failed(answer)
        session = answer.body
    messages = _all(f"/api/chat-sessions/{session_id}/messages/")
    if isinstance(messages, RouteAnswer):
        return failed(messages)
    return records.original_session(session, messages)


@chat_blp.route("/", methods=["GET"])
@chat_blp.auth_required
@session_required
@answers_as_original()
@chat_blp.arguments(schemas.ChatSessionFilterSchema, location="query")
@chat_blp.response(200, schemas.ChatSessionOutSchema(many=True))
def list_sessions(args):
    """Your chat sessions, most recently active first, each with its last message."""
    sessions = _all("/api/chat-sessions/")
    if isinstance(sessions, RouteAnswer):
        return failed(sessions)
    found = [records.original_session(s) for s in sessions]
    return [s for s in found if (args["title"] is None or s["title"] == args["title"])
            and (args["created_at"] is None or datetime.fromisoformat(s["created_at"]) == args["created_at"])]


@chat_blp.route("/", methods=["POST"])
@chat_blp.auth_required
@session_required
@answers_as_original()
@chat_blp.body(schemas.ChatSessionInSchema)
@chat_blp.response(201, schemas.ChatSessionDetailSchema)
def create_session(data):
    """Start a session ({title}, default "New Chat")."""
    title = (data["title"] or "").strip()
    answer = call_route("POST", "/api/chat-sessions/", json={"title": title} if title else {})
    if answer.status != 201:
        return failed(answer)
    return records.original_session(answer.body, [])


@chat_blp.route("/<uuid:session_id>/", methods=["GET"])
@chat_blp.auth_required
@session_required
@chat_blp.response(200, schemas.ChatSessionDetailSchema)
def get_session(session_id):
    """One session with its messages."""
    return _detail(session_id)


def _rename(data, session_id):
    if not (data["title"] or "").strip():
        return reply({"title": ["This field is required."]}, 400)
    answer = call_route("PATCH", f"/api/chat-sessions/{session_id}/", json={"title": data["title"].strip()})
    if answer.status != 200:
        return failed(answer)
    return _detail(session_id, answer.body)


@chat_blp.route("/<uuid:session_id>/", methods=["PATCH"])
@chat_blp.auth_required
@session_required
@answers_as_original()
@chat_blp.body(schemas.ChatSessionInSchema)
@chat_blp.response(200, schemas.ChatSessionDetailSchema)
def patch_session(data, session_id):
    """Rename a session ({title})."""
    return _rename(data, session_id)


@chat_blp.route("/<uuid:session_id>/", methods=["PUT"])
@chat_blp.auth_required
@session_required
@answers_as_original()
@chat_blp.body(schemas.ChatSessionInSchema)
@chat_blp.response(200, schemas.ChatSessionDetailSchema)
def put_session(data, session_id):
    """Rename a session ({title})."""
    return _rename(data, session_id)


@chat_blp.route("/<uuid:session_id>/", methods=["DELETE"])
@chat_blp.auth_required
@session_required
@chat_blp.response(204)
def delete_session(session_id):
    """Delete a session and its messages."""
    answer = call_route("DELETE", f"/api/chat-sessions/{session_id}/")
    if answer.status != 204:
        return failed(answer)
    return None


@chat_blp.route("/<uuid:session_id>/messages/", methods=["GET"])
@chat_blp.auth_required
@session_required
@chat_blp.response(200, schemas.MessageOutSchema(many=True))
def list_messages(session_id):
    """The session's messages, oldest first (the assistant's as JSON strings)."""
    messages = _all(f"/api/chat-sessions/{session_id}/messages/")
    if isinstance(messages, RouteAnswer):
        return failed(messages)
    return records.original_messages(messages)


@chat_blp.route("/<uuid:session_id>/messages/", methods=["POST"])
@chat_blp.auth_required
@session_required
@answers_as_original()
@chat_blp.body(schemas.MessageInSchema)
@chat_blp.response(200, schemas.ExchangeSchema)
def post_message(data, session_id):
    """Send {content} (JSON, form or multipart) and get {user_message, ai_message} (200, as the original)."""
    content = (data["content"] or "").strip()
    if "xray_image" in request.files:
        return reply({"error": "Send X-ray images to /api/compat/xray-analyses/ (field image); chat takes text."},
                     400)
    if not content:
        return reply({"error": "Either message content or X-ray image is required"}, 400)
    if len(content) > MAX_CONTENT:
        content = content[:MAX_CONTENT] + "..."
    answer = call_route("POST", f"/api/chat-sessions/{session_id}/messages/", json={"content": content})
    if answer.status != 201:
        return failed(answer)
    question, answer_message = answer.body["message"], answer.body["reply"]
    return {"user_message": records.original_message(question),
            "ai_message": records.original_message(answer_message, question)}


# -- consultations ------------------------------------------------------------------
@symptoms_blp.route("/", methods=["GET"])
@symptoms_blp.auth_required
@session_required
@symptoms_blp.response(200, schemas.ConsultationOutSchema(many=True))
def list_consultations():
    """Your consultations, newest first, each `diagnosis` a JSON string."""
    found = _all("/api/consultations/")
    if isinstance(found, RouteAnswer):
        return failed(found)
    return [records.original_consultation(c) for c in found]


@symptoms_blp.route("/", methods=["POST"])
@symptoms_blp.auth_required
@session_required
@answers_as_original()
@symptoms_blp.body(schemas.ConsultationInSchema)
@symptoms_blp.response(201, schemas.ConsultationOutSchema)
def create_consultation(data):
    """Describe {symptoms, language}: the triage engine and (when configured) the model answer in `diagnosis`."""
    answer = call_route("POST", "/api/consultations/", json={"symptoms": data["symptoms"],
                                                             "language": data["language"]})
    if answer.status not in (200, 201):
        return failed(answer)
    return records.original_consultation(answer.body)


# -- research -------------------------------------------------------------------------
@research_blp.route("/", methods=["GET"])
@research_blp.auth_required
@session_required
@research_blp.response(200, schemas.ResearchOutSchema(many=True))
def list_research():
    """Your research queries with their results (the latest 20)."""
    found = call_route("GET", "/api/research/", query={"page_size": 20})
    if found.status != 200:
        return failed(found)
    listed = []
    for item in found.body["items"]:
        detail = call_route("GET", f"/api/research/{item['id']}/")
        if detail.status == 200:
            listed.append(records.original_research(detail.body))
    return listed


@research_blp.route("/", methods=["POST"])
@research_blp.auth_required
@session_required
@answers_as_original()
@research_blp.body(schemas.ResearchInSchema)
@research_blp.response(201, schemas.ResearchOutSchema)
def create_research(data):
    """Search the literature for {query}: five real PubMed or Europe PMC records (never invented ones)."""
    answer = call_route("POST", "/api/research/", json={"query": data["query"], "max_results": 5})
    if answer.status != 201:
        return failed(answer)
    return records.original_research(answer.body)


@news_blp.route("/", methods=["GET"])
@news_blp.public
@answers_as_original()
@news_blp.arguments(schemas.NewsArgsSchema, location="query")
@news_blp.response(200, schemas.NewsOutSchema(many=True))
def list_news(args):
    """Latest health news (?limit=1..10). Hygeia reads WHO's feed only, so ?source=cdc gives an empty list."""
    if args["source"] not in ("all", "who"):
        return []
    answer = call_route("GET", "/api/health-news/", query={"page_size": max(1, min(args["limit"], 10))})
    if answer.status != 200:
        return failed(answer)
    return [records.original_news(item) for item in answer.body["items"]]


# -- X-rays -----------------------------------------------------------------------------
@xray_blp.route("/", methods=["GET"])
@xray_blp.auth_required
@session_required
@xray_blp.response(200, schemas.XrayOutSchema(many=True))
def list_xrays():
    """Your X-ray analyses, newest first."""
    found = _all("/api/xray-analyses/")
    if isinstance(found, RouteAnswer):
        return failed(found)
    return [records.original_xray(a) for a in found]


@xray_blp.route("/", methods=["POST"])
@xray_blp.auth_required
@session_required
@answers_as_original()
@xray_blp.arguments(schemas.XrayInSchema, location="files")
@xray_blp.response(201, schemas.XrayOutSchema)
def upload_xray(files):
    """Upload a chest radiograph in the multipart field `image`; the analysis runs in the background."""
    image = files["image"]
    answer = call_route("POST", "/api/xray-analyses/",
                        data={"file": (image.stream, image.filename or "xray", image.mimetype)})
    if answer.status != 202:
        return failed(answer)
    return records.original_xray(answer.body)


@xray_blp.route("/<uuid:analysis_id>/", methods=["GET"])
@xray_blp.auth_required
@session_required
@xray_blp.response(200, schemas.XrayOutSchema)
def get_xray(analysis_id):
    """One X-ray analysis (poll until `analysis_result` is no longer "Processing...")."""
    answer = call_route("GET", f"/api/xray-analyses/{analysis_id}/")
    if answer.status != 200:
        return failed(answer)
    return records.original_xray(answer.body)
