"""The xray queue's job. Run a worker that keeps the model loaded between jobs:

    flask worker xray --simple

Each job takes its own analysis plus whatever else is queued (up to
XRAY_BATCH_SIZE) and runs them through the network as one batch; the jobs of
analyses already done in an earlier batch return at once.
"""

from __future__ import annotations

import uuid

from plugins.xray.settings import setting


def requeue_stalled() -> dict:
    """Periodic: queue again the analyses whose job was lost (worker killed, queue flushed)."""
    from plugins.xray.services import requeue_stalled as sweep

    return {"requeued": sweep()}


def analyse_xray(analysis_id: str) -> dict:
    from plugins.xray.pipeline import run_batch
    from plugins.xray.services import claim_batch

    batch = claim_batch(uuid.UUID(analysis_id), max(1, int(setting("BATCH_SIZE"))))
    if batch:
        run_batch(batch)
    return {"analysed": len(batch)}
