"""REST API: /api/chat-sessions/ and their messages."""

from __future__ import annotations

import uuid

from core.api import Blueprint, PageArgs, TriageAnswersSchema, abort, current_user, page_of, paginate
from plugins.chat import services
from plugins.chat.generation import generate_reply
from plugins.chat.models import PENDING, ChatSession
from plugins.chat.schemas import (
    ChatExchangeSchema,
    ChatHistoryArgs,
    ChatMessageCreateSchema,
    ChatMessageSchema,
    ChatTriageAnswerSchema,
    ChatSessionCreateSchema,
    ChatSessionSchema,
    ChatSessionUpdateSchema,
)

blp = Blueprint("chat", __name__, title="Chat sessions", url_prefix="/api/chat-sessions",
                description="Chat sessions with the assistant. Live streaming: ws /ws/chat/<session_id>/.")


def _session_or_404(session_id: uuid.UUID) -> ChatSession:
    session = services.session_of(current_user.id, session_id)
    if session is None:
        abort(404, "Chat session not found.")
    return session


@blp.route("/", methods=["GET"])
@blp.auth_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(ChatSessionSchema))
def list_sessions(args):
    """Your chat sessions, most recently active first."""
    page = paginate(services.sessions_of(current_user.id), args)
    services.with_last_messages(page["items"])
    return page


@blp.route("/", methods=["POST"])
@blp.auth_required
@blp.arguments(ChatSessionCreateSchema)
@blp.response(201, ChatSessionSchema)
def create_session(data):
    """Start a session. Without a title, the first message names it."""
    return services.create_session(current_user.id, data.get("title"))


@blp.route("/<uuid:session_id>/", methods=["GET"])
@blp.auth_required
@blp.response(200, ChatSessionSchema)
@blp.alt_response(404, description="No such session of yours.")
def get_session(session_id):
    """One of your chat sessions."""
    return _session_or_404(session_id)


@blp.route("/<uuid:session_id>/", methods=["PATCH"])
@blp.auth_required
@blp.arguments(ChatSessionUpdateSchema)
@blp.response(200, ChatSessionSchema)
@blp.alt_response(404, description="No such session of yours.")
def rename_session(data, session_id):
    """Rename one of your chat sessions."""
    return services.rename_session(_session_or_404(session_id), data["title"])


@blp.route("/<uuid:session_id>/", methods=["DELETE"])
@blp.auth_required
@blp.response(204)
@blp.alt_response(404, description="No such session of yours.")
def delete_session(session_id):
    """Delete the session and all its messages."""
    services.delete_session(_session_or_404(session_id))


@blp.route("/<uuid:session_id>/messages/", methods=["GET"])
@blp.auth_required
@blp.arguments(ChatHistoryArgs, location="query")
@blp.response(200, page_of(ChatMessageSchema))
@blp.alt_response(404, description="No such session of yours.")
def list_messages(args, session_id):
    """The session's messages, oldest first (order=desc for newest first), paginated."""
    session = _session_or_404(session_id)
    return paginate(services.history(session.id, args["order"]), args)


@blp.route("/<uuid:session_id>/messages/", methods=["POST"])
@blp.auth_required
@blp.arguments(ChatMessageCreateSchema)
@blp.response(201, ChatExchangeSchema)
@blp.alt_response(404, description="No such session of yours.")
def post_message(data, session_id):
    """Send a message and get the assistant's reply (use the WebSocket to receive it token by token).

    The reply's status says what it is: complete, red_flag (urgent-care advice) or
    fallback (no AI answer: the reply says whether no model is configured on this server, which
    retrying does not change, or the AI service could not answer and to try again later).
    """
    session = _session_or_404(session_id)
    question, reply = services.post_user_message(session, data["content"])
    if reply.status == PENDING:
        reply = generate_reply(reply.id)
    if reply is None:  # the session was deleted meanwhile
        abort(404, "Chat session not found.")
    return {"message": question, "reply": reply}


@blp.route("/<uuid:session_id>/messages/<uuid:message_id>/answers/", methods=["POST"])
@blp.auth_required
@blp.arguments(TriageAnswersSchema)
@blp.response(200, ChatTriageAnswerSchema)
@blp.alt_response(404, description="No such session or message of yours.")
@blp.alt_response(409, description="The message has no open questions.")
@blp.alt_response(422, description="An unknown question, or an answer of the wrong type.")
def answer_message(data, session_id, message_id):
    """Answer the triage questions of one of your messages: it is triaged again with them, each step is
    stored on it, and when the answers make it an emergency the advice is posted as a reply at once."""
    session = _session_or_404(session_id)
    message = services.message_of(session, message_id)
    if message is None or message.role != "user":
        abort(404, "Message not found.")
    message, reply = services.answer_message(session, message, data["answers"])
    return {"message": message, "reply": reply}


@blp.route("/<uuid:session_id>/messages/<uuid:message_id>/", methods=["GET"])
@blp.auth_required
@blp.response(200, ChatMessageSchema)
@blp.alt_response(404, description="No such session or message of yours.")
def get_message(session_id, message_id):
    """One message: e.g. a reply whose stream was cut off (pending until it is stored)."""
    message = services.message_of(_session_or_404(session_id), message_id)
    if message is None:
        abort(404, "Message not found.")
    return message
