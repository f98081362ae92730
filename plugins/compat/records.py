"""The original's answers built from Hygeia's records: chat messages, consultations, research, X-rays.

The original stored every assistant answer as a JSON string of a "diagnosis" document (conditions,
next steps, urgent signs, advice, clarifying questions); its clients parse that string. Hygeia's
answers (a reply text with the offline triage engine's assessment, a consultation's analysis) are
written into the same document here. `conditions` are the analysis' possible conditions when a model
gave some, never invented; emergency advice goes in `urgent`.
"""

from __future__ import annotations

import json

DISCLAIMER = "This is health information, not a diagnosis. See a clinician for medical advice."


def _questions(triage: dict | None) -> list[str]:
    return [q.get("text", "") for q in (triage or {}).get("questions") or [] if q.get("text")]


def _urgent(triage: dict | None) -> list[str]:
    triage = triage or {}
    if triage.get("level") == "emergency":
        return list(triage.get("advice") or []) or [triage.get("title") or "Seek emergency care now."]
    return list(triage.get("safety_net") or [])


def diagnosis_document(advice: str, triage: dict | None = None, conditions=(), next_steps=None) -> dict:
    triage = triage or {}
    return {
        "diagnosis": {
            "conditions": list(conditions),
            "next_steps": list(next_steps if next_steps is not None else triage.get("advice") or []),
            "urgent": _urgent(triage),
            "advice": advice,
            "clarification": _questions(triage),
        },
        "triage_level": triage.get("level"),
        "disclaimer": DISCLAIMER,
    }


def original_message(message: dict, question: dict | None = None) -> dict:
    """A chat message as the original stored it: the user's text, or the assistant's JSON string."""
    content = message.get("content") or ""
    if message.get("role") == "assistant":
        content = json.dumps(diagnosis_document(content, (question or {}).get("triage")), ensure_ascii=False)
    return {"id": message["id"], "role": message["role"], "content": content, "created_at": message["created_at"]}


def original_messages(messages: list[dict]) -> list[dict]:
    by_id = {m["id"]: m for m in messages}
    return [original_message(m, by_id.get(m.get("reply_to_id"))) for m in messages]


def original_session(session: dict, messages: list[dict] | None = None) -> dict:
    body = {"id": session["id"], "title": session.get("title") or "New Chat",
            "created_at": session["created_at"], "updated_at": session["updated_at"]}
    if messages is None:
        last = session.get("last_message")
        body["last_message"] = None if last is None else {
            "id": last["id"], "role": last["role"], "created_at": last["created_at"],
            "content": json.dumps(diagnosis_document(last["content"]), ensure_ascii=False)
            if last["role"] == "assistant" else last["content"]}
    else:
        body["messages"] = original_messages(messages)
    return body


def consultation_diagnosis(consultation: dict) -> str:
    analysis = consultation.get("analysis") or {}
    triage = consultation.get("triage") or {}
    red_flag = consultation.get("red_flag") or {}
    advice = analysis.get("summary") or red_flag.get("advice") or " ".join(triage.get("advice") or [])
    document = diagnosis_document(
        advice, triage,
        conditions=[c.get("name") for c in analysis.get("possible_conditions") or [] if c.get("name")],
        next_steps=analysis.get("next_steps") or triage.get("advice") or [])
    if analysis.get("disclaimer"):
        document["disclaimer"] = analysis["disclaimer"]
    return json.dumps(document, ensure_ascii=False)


def original_consultation(consultation: dict) -> dict:
    return {"id": consultation["id"], "symptoms": consultation["symptoms"],
            "diagnosis": consultation_diagnosis(consultation), "language": consultation.get("language") or "en",
            "created_at": consultation["created_at"]}


def original_article(article: dict) -> dict:
    """A research result: Hygeia's article (always a real PubMed or Europe PMC record) in the original's names."""
    year = article.get("year")
    return {"title": article.get("title"), "authors": article.get("authors") or [],
            "journal": article.get("journal"), "publication_date": str(year) if year else None,
            "url": article.get("url"), "summary": article.get("abstract") or "", "pmid": article.get("pmid"),
            "doi": article.get("doi"), "source": "PubMed" if article.get("pmid") else "Europe PMC"}


def original_research(query: dict) -> dict:
    return {"id": query["id"], "query": query["query"],
            "results": [original_article(a) for a in query.get("articles") or []], "created_at": query["created_at"]}


def original_xray(analysis: dict) -> dict:
    """An X-ray analysis; its image is never given a public URL (image_url is null)."""
    result = analysis.get("result") or {}
    findings = result.get("findings") or []
    status = analysis.get("status")
    if status in ("queued", "running", "pending"):
        text = "Processing..."
    elif analysis.get("error"):
        text = f"Analysis failed: {analysis['error']}"
    elif findings:
        text = "Findings above the model's thresholds: " + ", ".join(f["label"] for f in findings)
    elif result:
        text = "No finding above the model's thresholds."
    else:
        text = status or ""
    return {"id": analysis["id"], "image_url": None, "analysis_result": text,
            "detected_conditions": {f["label"]: True for f in findings},
            "confidence_scores": dict(result.get("probabilities") or {}), "created_at": analysis["created_at"]}


def original_news(item: dict) -> dict:
    published = item.get("published_at")
    return {"id": item["id"], "title": item.get("title"), "source": item.get("source"), "url": item.get("link"),
            "summary": item.get("summary") or "", "image_url": None,
            "published_date": published[:10] if published else None, "created_at": published}
