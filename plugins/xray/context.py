"""Context for other plugins' AI prompts: the user's latest finished X-ray analyses, when asked about."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select

from core.api import ContextItem, db
from plugins.xray.demo import DEMO_NOTICE
from plugins.xray.models import XrayAnalysis

# English, Spanish and French words that make a question about the chest X-ray.
TOPIC = re.compile(r"x-?ray|radiograph|radiograf|radiogra|chest|lung|pulm|thorax|t[oó]rax|pecho|poumon|"
                   r"effusion|pneumo|cardiomegal|nodule|atelecta", re.IGNORECASE)
LATEST = 3


def xray_context(query: str, user_id: uuid.UUID | None) -> list[ContextItem]:
    if user_id is None or not TOPIC.search(query or ""):
        return []
    analyses = db.session.scalars(
        select(XrayAnalysis).where(XrayAnalysis.user_id == user_id, XrayAnalysis.status == "done")
        .order_by(XrayAnalysis.finished_at.desc()).limit(LATEST)).all()
    if not analyses:
        return []
    lines = []
    for analysis in analyses:
        findings = analysis.results.get("findings") or []
        listed = ", ".join(f"{f['label']} ({f['probability']:.2f})" for f in findings) or "none above threshold"
        demo = f" [{DEMO_NOTICE}]" if (analysis.model or {}).get("demo") else ""
        lines.append(f"- {analysis.finished_at:%Y-%m-%d}: model findings: {listed}{demo}")
    text = ("Automated chest X-ray screening results (scores from a model, not a diagnosis; a doctor "
            "must review the images):\n" + "\n".join(lines))
    sources = [{"type": "xray_analysis", "id": str(a.id), "finished_at": a.finished_at.isoformat()}
               for a in analyses]
    return [ContextItem("Your chest X-ray analyses", text, sources)]
