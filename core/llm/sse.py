"""A server-sent events reader over a sequence of text lines (the WHATWG event-stream format).

Small enough to keep here rather than add a dependency to the core: it joins
multi-line ``data:`` fields, skips comments (keep-alive lines starting with
``:``) and dispatches an event at each blank line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    data: str
    event: str = "message"


def iter_events(lines: Iterable[str]) -> Iterator[Event]:
    data: list[str] = []
    event = "message"
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data:
                yield Event("\n".join(data), event)
            data, event = [], "message"
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "data":
            data.append(value)
        elif field == "event":
            event = value or "message"
    if data:  # a stream closed without the final blank line
        yield Event("\n".join(data), event)
