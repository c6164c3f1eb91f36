"""Who a chat-page visitor is: a shop-signed identity token, or an anonymous signed visitor id.

Identity token (minted by the shop's own back end for a logged-in customer, see README):

    token = b64url(json {"sub": "web:123", "exp": <unix seconds>}) + "." + hex(HMAC-SHA256(secret, b64url part))

with `secret = AFTERSALES_WEBCHAT_SECRET`, b64url without padding, and the MAC computed over
the ASCII bytes of the first part exactly as sent. `sub` is the customer's identity as listed
in the shop's `identities`; `exp` must lie in the future and at most `[chat] token_max_ttl_s`
ahead (a stolen token is not good forever). Anything else is refused (401).

Visitor id (anyone else): `anon-<random>` from the server, in an HttpOnly cookie as
`<id>.<hex MAC>` under a key derived from the same secret (or the master key). The MAC means a
visitor cannot pick someone else's id; the pipeline never maps a visitor id to a customer
(`vouched()` is False for it), whatever the store's identities say.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass

from bot.core.errors import VerificationError
from bot.core.messages import IDENTITY_DEMO, IDENTITY_SOURCE, IDENTITY_TOKEN, IDENTITY_VISITOR

TOKEN_MAX_CHARS = 2048
_B64 = re.compile(r"^[A-Za-z0-9_-]{4,2000}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_SUB = re.compile(r"^[a-z][a-z0-9_-]{0,31}:[\x21-\x7e]{1,128}$")
_VISITOR = re.compile(r"^anon-[A-Za-z0-9_-]{16,43}$")
_COOKIE_VALUE = re.compile(r"^(anon-[A-Za-z0-9_-]{16,43})\.([0-9a-f]{32})$")

# Where an identity came from (bot/core/messages.py); the pipeline maps only vouched ones to a customer.
SOURCE_TOKEN, SOURCE_DEMO, SOURCE_VISITOR = IDENTITY_TOKEN, IDENTITY_DEMO, IDENTITY_VISITOR
RAW_KEY = IDENTITY_SOURCE


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _mac_hex(secret: str | bytes, data: str) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, data.encode("ascii"), hashlib.sha256).hexdigest()


def mint_token(secret: str, sub: str, ttl_s: int = 3600, now: float | None = None) -> str:
    """What the shop's back end does (tests and the README snippet use the same recipe)."""
    exp = int((time.time() if now is None else now) + ttl_s)
    payload = _b64url(json.dumps({"sub": sub, "exp": exp}, separators=(",", ":")).encode())
    return f"{payload}.{_mac_hex(secret, payload)}"


def verify_token(secret: str | None, token: str, max_ttl_s: int, now: float | None = None) -> str:
    """The identity a valid token vouches for; VerificationError (401) for anything else."""
    if not secret:
        raise VerificationError("chat identity tokens are not configured (AFTERSALES_WEBCHAT_SECRET)")
    if len(token) > TOKEN_MAX_CHARS or token.count(".") != 1:
        raise VerificationError("malformed identity token")
    payload, mac = token.split(".")
    if not _B64.match(payload) or not _HEX64.match(mac):
        raise VerificationError("malformed identity token")
    if not hmac.compare_digest(mac, _mac_hex(secret, payload)):
        raise VerificationError("bad identity token signature")
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, binascii.Error, RecursionError):
        raise VerificationError("malformed identity token") from None
    if not isinstance(claims, dict):
        raise VerificationError("malformed identity token")
    sub, exp = claims.get("sub"), claims.get("exp")
    if not isinstance(sub, str) or not _SUB.match(sub):
        raise VerificationError("identity token without a valid sub")
    if not isinstance(exp, int) or isinstance(exp, bool):
        raise VerificationError("identity token without a valid exp")
    t = time.time() if now is None else now
    if exp <= t:
        raise VerificationError("identity token expired")
    if exp > t + max_ttl_s:
        raise VerificationError("identity token lives longer than allowed")
    return sub


def derive_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose, so a visitor-cookie MAC is never also a token MAC."""
    return hmac.new(secret.encode(), f"aftersales webchat {purpose} v1".encode(), hashlib.sha256).digest()


@dataclass(frozen=True, slots=True)
class VisitorIds:
    """Server-generated, signed anonymous visitor ids."""

    key: bytes

    @classmethod
    def with_secret(cls, secret: str | None) -> VisitorIds:
        # No secret configured: a per-process key (visitors just get a new id after a restart).
        return cls(derive_key(secret, "visitor") if secret else secrets.token_bytes(32))

    def new(self) -> tuple[str, str]:
        """(visitor id, cookie value)."""
        vid = "anon-" + secrets.token_urlsafe(18)
        return vid, f"{vid}.{self._mac(vid)}"

    def check(self, cookie: str | None) -> str | None:
        """The visitor id a cookie value carries, or None when it is absent, malformed or forged."""
        if not cookie:
            return None
        m = _COOKIE_VALUE.match(cookie)
        if m is None or not _VISITOR.match(m.group(1)):
            return None
        if not hmac.compare_digest(m.group(2), self._mac(m.group(1))):
            return None
        return m.group(1)

    def _mac(self, vid: str) -> str:
        return hmac.new(self.key, vid.encode("ascii"), hashlib.sha256).hexdigest()[:32]
