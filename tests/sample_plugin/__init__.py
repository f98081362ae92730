"""A small plugin that uses every hook, to prove the contract end to end in the core's tests."""

from __future__ import annotations

import uuid
from datetime import timedelta

import click
import marshmallow as ma
from sqlalchemy import select

from core.api import (
    Blueprint, CheckResult, ContextItem, HealthCheck, Manifest, PageArgs, RateLimit, Schedule,
    WebSocketRoute, current_user, db, enqueue, get_owned_or_404, hookimpl, owned, page_of, paginate, send_json,
)
from tests.sample_plugin.models import SampleNote

manifest = Manifest(name="sample", version="1.2.3", description="Notes, to exercise every hook")


class NoteSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "5e0c9a7b-3d2f-4b1e-a8c6-7f4d2e1b9a30"})
    text = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=500),
                            metadata={"example": "Slept badly; mild headache in the morning."})
    words = ma.fields.Integer(dump_only=True, allow_none=True,
                              metadata={"description": "Counted by a background job; null until then.",
                                        "example": 7})


blp = Blueprint("sample", __name__, url_prefix="/api/sample-notes", description="Sample notes.", title="Sample notes")


@blp.route("/", methods=["GET"])
@blp.auth_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(NoteSchema))
def list_notes(args):
    """Your notes, newest first."""
    return paginate(owned(SampleNote).order_by(SampleNote.created_at.desc()), args)


@blp.route("/", methods=["POST"])
@blp.auth_required
@blp.arguments(NoteSchema)
@blp.response(201, NoteSchema)
def create_note(data):
    """Write a note (its words are counted in the background)."""
    note = SampleNote(user_id=current_user.id, text=data["text"])
    db.session.add(note)
    db.session.commit()
    enqueue(count_words, str(note.id))
    db.session.refresh(note)
    return note


@blp.route("/<uuid:note_id>/", methods=["GET"])
@blp.auth_required
@blp.response(200, NoteSchema)
def get_note(note_id):
    """One of your notes."""
    return get_owned_or_404(SampleNote, note_id, "Note")


def count_words(note_id: str) -> int:
    note = db.session.get(SampleNote, uuid.UUID(note_id))
    note.words = len(note.text.split())
    db.session.commit()
    return note.words


def tidy() -> str:
    return "tidied"


def echo(ws, user):
    """Each text message comes back as an `echo` frame with the user's id."""
    while True:
        message = ws.receive(timeout=5)
        if message is None:
            return
        send_json(ws, {"type": "echo", "user": str(user.id), "text": message})


@hookimpl
def register_models():
    return [SampleNote]


@hookimpl
def register_blueprints():
    return [blp]


@hookimpl
def register_websockets():
    return [WebSocketRoute("/ws/sample/echo/", echo)]


@hookimpl
def register_jobs():
    return [count_words, tidy]


@hookimpl
def register_schedules():
    return [Schedule(tidy, interval=timedelta(minutes=5))]


@hookimpl
def register_health_checks():
    return [HealthCheck("notes_table", lambda: CheckResult("ok", "reachable", {"notes": db.session.scalar(
        select(db.func.count()).select_from(SampleNote))}))]


@hookimpl
def register_commands():
    @click.command("hello")
    def hello():
        """Say hello, with the number of notes (which needs an application context)."""
        count = db.session.scalar(select(db.func.count()).select_from(SampleNote))
        click.echo(f"hello from sample: {count} notes")

    return [hello]


@hookimpl
def register_rate_limits():
    return [RateLimit(authenticated="5/minute", anonymous="2/minute")]


@hookimpl
def export_user_data(user_id):
    notes = db.session.scalars(
        select(SampleNote).where(SampleNote.user_id == user_id).order_by(SampleNote.created_at)).all()
    return [{**NoteSchema().dump(note), "created_at": note.created_at.isoformat()} for note in notes]


@hookimpl
def ai_context(query, user_id):
    if user_id is None:
        return []
    notes = db.session.scalars(select(SampleNote).where(SampleNote.user_id == user_id)).all()
    hits = [n.text for n in notes if any(w in n.text.lower() for w in query.lower().split())]
    return [ContextItem("Your notes", "\n".join(hits), [{"type": "note"}])] if hits else []
