"""core.api.no_llm_notice: what an answer given without the LLM says, for each reason, in en, es and fr."""

import pytest

from core.api import LLMUnavailable, no_llm_notice

NOT_CONFIGURED = {"en": "No AI model is configured on this server", "es": "no tiene configurado ningún modelo de IA",
                  "fr": "Aucun modèle d'IA n'est configuré sur ce serveur"}
ASK_ADMIN = {"en": "ask the server's administrator", "es": "pídeselo al administrador del servidor",
             "fr": "adressez-vous à l'administrateur du serveur"}
TRY_LATER = {"en": "Please try again later", "es": "Inténtalo de nuevo más tarde", "fr": "Réessayez plus tard"}
RETRY_WORDS = {"en": ("try again later", "minutes", "right now"), "es": ("más tarde", "minutos"),
               "fr": ("plus tard", "minutes")}


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_not_configured_says_so_asks_the_administrator_and_never_to_retry(language):
    text = no_llm_notice("not_configured", language)
    assert NOT_CONFIGURED[language] in text and ASK_ADMIN[language] in text
    assert not any(word in text for word in RETRY_WORDS[language]), text


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize("reason", [r for r in LLMUnavailable.REASONS if r != "not_configured"] + ["invalid_output"])
def test_every_other_reason_says_try_again_later(language, reason):
    text = no_llm_notice(reason, language)
    assert TRY_LATER[language] in text and NOT_CONFIGURED[language] not in text


def test_other_languages_and_regional_tags_fall_back_to_their_base_or_english():
    assert no_llm_notice("not_configured", "es-MX") == no_llm_notice("not_configured", "es")
    assert no_llm_notice("timeout", "de") == no_llm_notice("timeout", "en") == no_llm_notice("timeout", None)


def test_without_a_reason_it_says_what_is_true_of_the_server_now(make_app, llm_server):
    unconfigured = make_app({"HYGEIA_PLUGINS": [], "LLM_BASE_URL": "https://api.together.xyz/v1",
                             "TOGETHER_AI_API_KEY": None})
    with unconfigured.app_context():
        assert no_llm_notice(None, "fr") == no_llm_notice("not_configured", "fr")
    configured = make_app({"HYGEIA_PLUGINS": [], "LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "k"})
    with configured.app_context():
        assert no_llm_notice(None, "fr") == no_llm_notice("server_error", "fr")
