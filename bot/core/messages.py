"""The neutral message model every adapter produces and every stage consumes.

Adapters never hand aiohttp types to the core, and the core never sees a platform's
payload shape: one inbound `Message`, one outbound `Reply`.
"""
from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Who vouches for a web-chat sender, as the chat page records it in `Message.raw[IDENTITY_SOURCE]`:
# a shop-minted token, demo mode, or nobody (a signed anonymous visitor). Platforms vouch for
# their own senders; the pipeline maps only vouched identities to a customer.
IDENTITY_SOURCE = "identity_source"
IDENTITY_TOKEN, IDENTITY_DEMO, IDENTITY_VISITOR = "token", "demo", "visitor"


@dataclass(frozen=True, slots=True)
class Message:
    """One inbound text message from a customer, as any platform delivered it."""

    platform: str
    conversation_id: str
    sender_id: str
    message_id: str
    text: str
    received_at: float = field(default_factory=time.time)
    # Platform fields the core does not model (reply tokens, response URLs). Never logged.
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # Set when the sender's identity is not `platform:sender_id` (the generic webhook and the
    # web chat carry a full `platform:id` identity chosen by the shop's own front end).
    identity: str = ""

    @property
    def user(self) -> str:
        """The identity the store maps to a customer: `platform:id`."""
        return self.identity or f"{self.platform}:{self.sender_id}"

    @property
    def conversation_key(self) -> str:
        """Conversation ids are only unique within a platform."""
        return f"{self.platform}:{self.conversation_id}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "conversation_id": self.conversation_id,
            "sender_id": self.sender_id,
            "message_id": self.message_id,
            "text": self.text,
            "received_at": self.received_at,
            "raw": dict(self.raw),
            "identity": self.identity,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Message:
        return cls(
            platform=d["platform"],
            conversation_id=d["conversation_id"],
            sender_id=d["sender_id"],
            message_id=d["message_id"],
            text=d["text"],
            received_at=float(d.get("received_at") or time.time()),
            raw=dict(d.get("raw") or {}),
            identity=d.get("identity") or "",
        )


# The webhook checks that a parsed message can be stored (adapters/_schema.py `storable`) and the
# inbox then seals the same bytes a moment later: encoding it once per message instead of twice
# was a tenth of an acknowledgement's CPU (#17). Keyed by identity and holding the message, so a
# reused id() can never answer for another message; a handful of entries covers the gap between
# the check and the seal (the same request, usually without a suspension in between).
_ENCODED: OrderedDict[int, tuple[Message, bytes]] = OrderedDict()
_ENCODED_MAX = 256


def message_json(msg: Message) -> bytes:
    """`msg.to_dict()` as UTF-8 JSON (`ensure_ascii=False`, `allow_nan=False`): what the inbox
    seals. Raises TypeError / ValueError / UnicodeError / RecursionError when it cannot be stored."""
    hit = _ENCODED.get(id(msg))
    if hit is not None and hit[0] is msg:
        return hit[1]
    data = json.dumps(msg.to_dict(), ensure_ascii=False, allow_nan=False).encode("utf-8")
    _ENCODED[id(msg)] = (msg, data)
    if len(_ENCODED) > _ENCODED_MAX:
        _ENCODED.popitem(last=False)
    return data


@dataclass(frozen=True, slots=True)
class Reply:
    """One outbound answer to a customer, addressed the way the inbound message came."""

    platform: str
    conversation_id: str
    sender_id: str
    in_reply_to: str
    text: str
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    identity: str = ""

    @classmethod
    def to(cls, msg: Message, text: str) -> Reply:
        return cls(msg.platform, msg.conversation_id, msg.sender_id, msg.message_id, text, msg.raw,
                   msg.identity)

    @property
    def user(self) -> str:
        return self.identity or f"{self.platform}:{self.sender_id}"


@dataclass(frozen=True, slots=True)
class Handshake:
    """A response a platform expects synchronously (URL verification, challenge, ping)."""

    status: int = 200
    body: bytes | str = b""
    content_type: str = "text/plain"
