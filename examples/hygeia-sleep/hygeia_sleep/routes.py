"""/api/sleep: log nights, list and delete them, read the summary. Every route needs a token."""

from __future__ import annotations

from core.api import (
    Blueprint, ErrorSchema, abort, current_user, enqueue, get_owned_or_404, page_of, paginate,
)
from hygeia_sleep import jobs, services
from hygeia_sleep.models import SleepLog
from hygeia_sleep.schemas import SleepLogQuerySchema, SleepLogSchema, SleepSummarySchema
from hygeia_sleep.settings import setting

blp = Blueprint("sleep", __name__, title="Sleep log", url_prefix="/api/sleep", description="The user's sleep log.")


@blp.route("/logs/", methods=["GET"])
@blp.auth_required
@blp.arguments(SleepLogQuerySchema, location="query")
@blp.response(200, page_of(SleepLogSchema))
def list_logs(args):
    """List the user's nights, newest first, optionally between two nights."""
    return paginate(services.logs_of(current_user.id, args.get("since"), args.get("until")), args)


@blp.route("/logs/", methods=["POST"])
@blp.auth_required
@blp.arguments(SleepLogSchema)
@blp.response(201, SleepLogSchema)
@blp.alt_response(409, schema=ErrorSchema, description="This night is already logged.")
def create_log(data):
    """Log a night's sleep; the summary is recomputed in the background."""
    try:
        log = services.create_log(current_user.id, **data)
    except services.DuplicateNight as error:
        abort(409, f"A sleep is already logged for the night of {error.night.isoformat()}; delete it first.",
              error="night_already_logged", details={"night": error.night.isoformat()})
    enqueue(jobs.refresh_summary, str(current_user.id))
    return log


@blp.route("/logs/<uuid:log_id>/", methods=["GET"])
@blp.auth_required
@blp.response(200, SleepLogSchema)
@blp.alt_response(404, schema=ErrorSchema, description="No such log for this user.")
def get_log(log_id):
    """One night's log."""
    return get_owned_or_404(SleepLog, log_id, "Sleep log")


@blp.route("/logs/<uuid:log_id>/", methods=["DELETE"])
@blp.auth_required
@blp.response(204)
@blp.alt_response(404, schema=ErrorSchema, description="No such log for this user.")
def delete_log(log_id):
    """Delete one night's log; the summary is recomputed in the background."""
    services.delete_log(get_owned_or_404(SleepLog, log_id, "Sleep log"))
    enqueue(jobs.refresh_summary, str(current_user.id))


@blp.route("/summary/", methods=["GET"])
@blp.auth_required
@blp.response(200, SleepSummarySchema)
def get_summary():
    """The user's latest nights in figures (all zero until a night is logged)."""
    summary = services.summary_of(current_user.id)
    if summary is None:
        return {"window_nights": int(setting("SUMMARY_NIGHTS")), "nights": 0, "short_nights": 0,
                "average_minutes": None, "average_quality": None, "bedtime_spread_minutes": None, "updated_at": None}
    return summary
