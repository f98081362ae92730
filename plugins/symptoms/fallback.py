"""Step five: the honest answer when no model can be asked: the offline triage engine's, said to be its.

The level, the advice and the safety-netting are the engine's (core.triage): it
never answers self-care for what it does not recognise. The summary says that
this is the rule-based assessment, not the AI analysis, and why (core.api's
no_llm_notice): no model configured on this server, or try again later.
"""

from __future__ import annotations

from core.api import TriageResult, no_llm_notice
from plugins.symptoms.analysis import Outcome, Prepared, Request

TEXT = {
    "en": {
        "summary": "Hygeia's AI analysis is not available for this answer, so it comes from Hygeia's offline "
                   "triage rules: {title}. It is a rule-based first assessment, not a diagnosis.",
        "disclaimer": ("This is general information, not a diagnosis or a substitute for a health professional. "
                       "In an emergency call your local emergency number."),
    },
    "es": {
        "summary": "El análisis con IA de Hygeia no está disponible para esta respuesta, así que procede de sus "
                   "reglas de triaje sin conexión: {title}. Es una primera valoración por reglas, no un diagnóstico.",
        "disclaimer": ("Esto es información general, no un diagnóstico ni sustituye a un profesional sanitario. "
                       "En una emergencia llame al número de emergencias."),
    },
    "fr": {
        "summary": "L'analyse par IA de Hygeia n'est pas disponible pour cette réponse : elle vient donc de ses "
                   "règles de triage hors ligne : {title}. C'est une première évaluation par règles, pas un "
                   "diagnostic.",
        "disclaimer": ("Ceci est une information générale, pas un diagnostic, et ne remplace pas un professionnel "
                       "de santé. En cas d'urgence, appelez les secours."),
    },
}


def fallback_analysis(language: str, assessment: TriageResult, reason: str | None) -> dict:
    """The engine's answer; ``reason`` (LLMUnavailable's, or invalid_output) says why the model gave none."""
    text = TEXT[language if language in TEXT else "en"]
    summary = f"{text['summary'].format(title=assessment.title)} {no_llm_notice(reason, language)}"
    return {"summary": summary, "possible_conditions": [],
            "next_steps": list(assessment.advice), "watch_for": list(assessment.safety_net), "medications": [],
            "disclaimer": text["disclaimer"]}


def default_disclaimer(language: str) -> str:
    return TEXT[language if language in TEXT else "en"]["disclaimer"]


def fallback_outcome(request: Request, prepared: Prepared, reason: str) -> Outcome:
    """No model answer: the engine's level, advice and safety-netting, said to come from it."""
    assessment = prepared.assessment
    return Outcome(source="fallback", triage_level=assessment.level,
                   analysis=fallback_analysis(request.language, assessment, reason), fallback_reason=reason)
