"""What an answer given without the LLM says about why, in the languages Hygeia answers in (en, es, fr).

Two situations that a user must never confuse, because the advice is opposite:

* no model is configured on this server (reason ``not_configured``): the offline answer is what
  this server gives, trying again changes nothing, and only its administrator can add a model;
* a configured model could not answer (unreachable, timed out, rate-limited, its breaker open
  after repeated failures, or a reply that could not be used): try again later.
"""

from __future__ import annotations

NOT_CONFIGURED = "not_configured"

NOTICES = {
    NOT_CONFIGURED: {
        "en": "No AI model is configured on this server, so this is the answer it gives, and trying again will "
              "not change it. To have AI answers here, ask the server's administrator.",
        "es": "Este servidor no tiene configurado ningún modelo de IA, así que esta es la respuesta que da, y "
              "volver a intentarlo no la cambiará. Para tener respuestas con IA aquí, pídeselo al administrador "
              "del servidor.",
        "fr": "Aucun modèle d'IA n'est configuré sur ce serveur : c'est donc la réponse qu'il donne, et réessayer "
              "n'y changera rien. Pour obtenir des réponses par IA ici, adressez-vous à l'administrateur du "
              "serveur.",
    },
    "unavailable": {
        "en": "The AI service could not answer just now. Please try again later; if this keeps happening, tell "
              "the server's administrator.",
        "es": "El servicio de IA no ha podido responder ahora. Inténtalo de nuevo más tarde; si sigue "
              "ocurriendo, avisa al administrador del servidor.",
        "fr": "Le service d'IA n'a pas pu répondre pour l'instant. Réessayez plus tard ; si cela se reproduit, "
              "prévenez l'administrateur du serveur.",
    },
}


def no_llm_notice(reason: str | None = None, language: str | None = None) -> str:
    """The sentence to put in an answer given without the LLM, in ``language`` (en, es or fr; else en).

    ``reason`` is ``LLMUnavailable.reason`` (or a plugin's own, such as ``invalid_output``): only
    ``not_configured`` says that no model is configured; every other reason says try again later.
    ``None`` (a stored answer whose reason was not kept) says what is true now: ``not_configured``
    when the server has no model configured at this moment, else try again later. Needs an app
    context only then.
    """
    if reason is None:
        from core.llm.client import get_llm

        reason = NOT_CONFIGURED if not get_llm().configured else "unavailable"
    texts = NOTICES[NOT_CONFIGURED if reason == NOT_CONFIGURED else "unavailable"]
    return texts.get((language or "en")[:2].lower(), texts["en"])
