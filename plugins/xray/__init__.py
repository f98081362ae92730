"""Chest X-ray analysis with MONAI: uploads, a batched inference queue, findings, Grad-CAM heatmaps.

Needs the ``xray`` extra (torch, monai, pydicom, ...) and installed weights
(``flask xray install-weights``); without them it says so (503, health degraded).
Run its worker with ``flask worker xray --simple`` so the model stays loaded.
"""

from __future__ import annotations

from datetime import timedelta

from core.api import HealthCheck, Manifest, RateLimit, Schedule, hookimpl
from plugins.xray.cli import import_torchxrayvision_command, install_weights_command, show_weights_command
from plugins.xray.context import xray_context
from plugins.xray.demo import check_demo_weights
from plugins.xray.health import check_model
from plugins.xray.jobs import analyse_xray, requeue_stalled
from plugins.xray.models import XrayAnalysis
from plugins.xray.routes import blp
from plugins.xray.services import export_user_data as export_analyses
from plugins.xray.settings import DEFAULTS, check_settings

manifest = Manifest(name="xray", version="0.1.0", description="Chest X-ray analysis with MONAI", settings=DEFAULTS)


@hookimpl
def register_models():
    return [XrayAnalysis]


@hookimpl
def register_blueprints():
    return [blp]


@hookimpl
def register_jobs():
    return [analyse_xray, requeue_stalled]


@hookimpl
def register_schedules():
    return [Schedule(requeue_stalled, interval=timedelta(minutes=10), timeout=60)]


@hookimpl
def register_health_checks():
    return [HealthCheck("model", check_model)]


@hookimpl
def register_commands():
    return [install_weights_command, show_weights_command, import_torchxrayvision_command]


@hookimpl
def register_rate_limits():
    return [
        RateLimit(authenticated="5/hour", anonymous="3/minute", methods=["POST"]),  # uploads
        RateLimit(authenticated="120/minute", anonymous="3/minute", methods=["GET", "DELETE"]),  # polling
    ]


@hookimpl
def ai_context(query, user_id):
    return xray_context(query, user_id)


@hookimpl
def export_user_data(user_id):
    """The user's analyses: state, results, model, explanation, Grad-CAM grid."""
    return export_analyses(user_id)


@hookimpl
def startup():
    check_settings()
    check_demo_weights()
