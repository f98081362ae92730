"""The shared AI layer: one OpenAI-compatible LLM client and the assistant's identity.

Plugins reach it through core.api (get_llm, LLMUnavailable, LLMReply, assistant_identity, no_llm_notice).
"""

from core.llm.client import LLMClient, LLMStream, get_llm
from core.llm.errors import LLMReply, LLMUnavailable
from core.llm.identity import assistant_identity
from core.llm.notices import no_llm_notice

__all__ = ["LLMClient", "LLMReply", "LLMStream", "LLMUnavailable", "assistant_identity", "get_llm", "no_llm_notice"]
