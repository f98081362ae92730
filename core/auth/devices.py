"""A readable name for the device behind a User-Agent ("Firefox 128 on Ubuntu"), with ua-parser."""

from __future__ import annotations

from functools import lru_cache

from ua_parser import parse

UNKNOWN = "Unknown device"


@lru_cache(maxsize=1024)
def describe_device(user_agent: str) -> str:
    user_agent = (user_agent or "").strip()
    if not user_agent:
        return UNKNOWN
    result = parse(user_agent[:512])
    browser = _name(result.user_agent)
    system = _name(result.os)
    if browser and system:
        return f"{browser} on {system}"[:128]
    if browser or system:
        return (browser or system)[:128]
    # API clients and scripts: their product token, e.g. "python-httpx/0.27" -> "python-httpx".
    return user_agent.split("/", 1)[0].split()[0][:128] or UNKNOWN


def _name(part) -> str:
    if part is None or not part.family or part.family == "Other":
        return ""
    return f"{part.family} {part.major}" if part.major else part.family
