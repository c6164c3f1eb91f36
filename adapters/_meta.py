"""Meta's webhook scheme, shared by WhatsApp Cloud API and Messenger.

- set-up: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` → the bare challenge,
  403 for a wrong verify token;
- every POST: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, over the raw
  bytes (Meta escapes non-ASCII as `\\uXXXX`, so re-serialised JSON never matches). No timestamp is
  signed: dedupe on the message id is the replay defence;
- Graph API throttling arrives as HTTP 400 with an error code; which codes depends on the product.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection
from typing import Any

from adapters.base import InboundRequest, Parsed, constant_time_equal
from adapters.outbound import Outcome, http_outcome
from bot.core.errors import ForbiddenError, PayloadError, VerificationError
from bot.core.messages import Handshake


def signature(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def verify_meta(req: InboundRequest, app_secret: str, verify_token: str, platform: str) -> None:
    """Meta's two checks: the subscription GET (403 when wrong) and the body signature (401)."""
    if req.method == "GET":
        token = req.query.get("hub.verify_token", "")
        if req.query.get("hub.mode") != "subscribe" or not token or \
                not constant_time_equal(token, verify_token):
            raise ForbiddenError(f"{platform}: wrong verify token")
        return
    sig = req.header("X-Hub-Signature-256")
    if not sig or not constant_time_equal(sig, signature(app_secret, req.body)):
        raise VerificationError(f"{platform}: missing or bad X-Hub-Signature-256")


def meta_handshake(req: InboundRequest) -> Parsed | None:
    """The verified subscription GET: echo `hub.challenge` as the bare body."""
    if req.method != "GET":
        return None
    challenge = req.query.get("hub.challenge")
    if not challenge:
        raise PayloadError("missing hub.challenge")
    return Parsed(handshake=Handshake(200, challenge, "text/plain"))


def graph_outcome(status: int, headers: Any, body: Any, throttled: Collection[int] = ()) -> Outcome:
    """Graph throttling arrives as 400 + an error code in `throttled`; retry those with backoff."""
    outcome = http_outcome(status, headers, body)
    if not outcome.ok and isinstance(body, dict) and isinstance(body.get("error"), dict):
        code = body["error"].get("code")
        if code in throttled:
            return Outcome(ok=False, retry=True, retry_after=outcome.retry_after,
                           error=f"graph_{code}")
        if not outcome.retry:
            return Outcome(ok=False, error=f"graph_{code}")
    return outcome


def objects(value: Any) -> list[dict[str, Any]]:
    """A list of JSON objects, or [] when absent; anything else is a malformed payload."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise PayloadError("expected a list of objects")
    return value
