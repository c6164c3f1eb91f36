"""The adapter contract: verify, parse, send (and a handshake where a platform has one).

Only `bot/server/webhook.py` knows aiohttp's request type; adapters see an `InboundRequest`
(raw body bytes, lower-cased headers, query) so that verification runs over the exact
bytes the platform signed, before anything is parsed.
"""
from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

import aiohttp

from bot.core.messages import Handshake, Message, Reply


@dataclass(frozen=True, slots=True)
class InboundRequest:
    method: str
    path: str
    body: bytes
    headers: Mapping[str, str]      # keys lower-cased by the server layer
    query: Mapping[str, str] = field(default_factory=dict)
    received_at: float = 0.0        # unix seconds, for timestamp windows

    def header(self, name: str) -> str:
        """A missing header reads as "" so comparisons fail closed."""
        return self.headers.get(name.lower(), "")


@dataclass(frozen=True, slots=True)
class Parsed:
    """What an adapter makes of a verified request.

    `messages` go to the durable inbox; `handshake`, when set, is the synchronous HTTP
    answer (challenges, pings, deferred acknowledgements); `notices` are short replies to
    send for events the bot cannot read (an image, a voice note).
    """

    messages: list[Message] = field(default_factory=list)
    handshake: Handshake | None = None
    notices: list[Reply] = field(default_factory=list)


@runtime_checkable
class Adapter(Protocol):
    name: ClassVar[str]

    def verify(self, req: InboundRequest) -> None:
        """Raise VerificationError (401) or ForbiddenError (403); pure, no I/O."""

    def parse(self, req: InboundRequest) -> Parsed:
        """Turn a verified request into messages and/or a handshake; raise PayloadError (400)."""

    async def send(self, reply: Reply, http: aiohttp.ClientSession) -> dict[str, Any]:
        """Deliver a reply through the platform's API; return delivery facts for the trace."""


def constant_time_equal(a: str | bytes, b: str | bytes) -> bool:
    """Compare secrets without leaking their length of agreement through timing."""
    # surrogatepass: a header with non-UTF-8 bytes arrives with escaped surrogates; it must
    # compare unequal (401), not raise (which used to make a 400 or worse).
    if isinstance(a, str):
        a = a.encode("utf-8", "surrogatepass")
    if isinstance(b, str):
        b = b.encode("utf-8", "surrogatepass")
    return hmac.compare_digest(a, b)
