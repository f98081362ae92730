"""What the LLM client returns and raises."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LLMReply:
    text: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str | None = None


class LLMUnavailable(RuntimeError):
    """No usable answer from the provider. ``reason`` is one of REASONS; ``status`` the HTTP status if any."""

    REASONS = ("not_configured", "breaker_open", "timeout", "network_error", "rate_limited",
               "server_error", "client_error", "malformed_response")

    def __init__(self, reason: str, detail: str = "", status: int | None = None):
        super().__init__(f"LLM unavailable: {reason}" + (f" ({detail})" if detail else ""))
        self.reason = reason
        self.detail = detail
        self.status = status
