"""Step four: the model's analysis, its JSON validated, with one corrective retry."""

from __future__ import annotations

import json
import logging
import re

import marshmallow as ma

from core.api import LLMUnavailable, get_llm
from plugins.symptoms.analysis import Outcome, Prepared, Request
from plugins.symptoms.fallback import default_disclaimer
from plugins.symptoms.prompt import build_messages, describe_errors, retry_messages
from plugins.symptoms.schemas import LLMAnalysisSchema
from plugins.symptoms.settings import setting

log = logging.getLogger(__name__)


class InvalidOutput(ValueError):
    pass


_OUTPUT_SCHEMA = LLMAnalysisSchema()  # stateless between loads: built once


def parse_reply(text: str) -> dict:
    """The model's JSON object, validated; raises InvalidOutput with a short reason."""
    cleaned = re.sub(r"^```(?:json)?\s*|\s*```$", "", text.strip())  # some models fence JSON anyway
    try:
        data = json.loads(cleaned)
    except ValueError:
        raise InvalidOutput("it was not valid JSON") from None
    if not isinstance(data, dict):
        raise InvalidOutput("it was not a JSON object")
    try:
        return _OUTPUT_SCHEMA.load(data)
    except ma.ValidationError as error:
        raise InvalidOutput(describe_errors(error.messages)) from None


def ask_model(request: Request, prepared: Prepared) -> Outcome:
    """The model's analysis; raises LLMUnavailable or InvalidOutput (after one corrective retry)."""
    llm = get_llm()
    messages = build_messages(request.symptoms, request.duration, request.severity, request.language,
                              prepared.facts, prepared.context, prepared.assessment)
    options = {"max_tokens": int(setting("LLM_MAX_TOKENS")), "temperature": float(setting("LLM_TEMPERATURE")),
               "json_mode": True}
    try:
        reply = llm.chat(messages, **options)
    except LLMUnavailable as error:
        if error.reason != "client_error" or error.status not in (400, 422):
            raise
        options["json_mode"] = False  # a server without JSON mode: the prompt asks for JSON anyway
        reply = llm.chat(messages, **options)
    try:
        data = parse_reply(reply.text)
    except InvalidOutput as problem:
        log.info("model output invalid, asking once more")
        reply = llm.chat(retry_messages(messages, reply.text, str(problem)), **options)
        data = parse_reply(reply.text)
    triage = data.pop("triage_level")
    data["disclaimer"] = data["disclaimer"] or default_disclaimer(request.language)
    return Outcome(source="llm", triage_level=triage, analysis=data, model=reply.model)
