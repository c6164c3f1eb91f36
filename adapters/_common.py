"""Small helpers every platform module uses: settings access, JSON/XML reading, the text-only notice."""
from __future__ import annotations

import json
import re
import time
import xml.etree.ElementTree as ET
from typing import Any

from adapters.base import InboundRequest
from bot.core.errors import PayloadError
from bot.core.messages import Reply

# Sent when a customer sends an image, voice note, sticker…: the bot reads text only.
TEXT_ONLY_NOTICE = ("目前只能读取文字消息，请用文字描述您的问题。\n"
                    "I can only read text for now — please type your question.")


def api_base(settings: Any, platform: str, default: str) -> str:
    """`AFTERSALES_<PLATFORM>_API_BASE` (tests point it at a local fake), else the real host."""
    return (settings.secret(f"{platform.upper()}_API_BASE") or default).rstrip("/")


def now(req: InboundRequest) -> float:
    """The time a timestamp window is measured against."""
    return req.received_at or time.time()


def load_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise PayloadError("body is not valid JSON") from None


def json_object(body: bytes) -> dict[str, Any]:
    data = load_json(body)
    if not isinstance(data, dict):
        raise PayloadError("body is not a JSON object")
    return data


_XML_DECL_ENCODING = re.compile(r"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']""", re.I)
_ENCRYPT = re.compile(rb"<Encrypt>\s*(?:<!\[CDATA\[([A-Za-z0-9+/=]{1,200000})\]\]>|([A-Za-z0-9+/=]{1,200000}))\s*</Encrypt>")


def parse_xml(body: bytes | str) -> dict[str, str]:
    """A flat WeChat-style `<xml><Key>value</Key>…</xml>` document as a dict.

    DOCTYPEs are refused outright: WeChat never sends one, and refusing them rules out
    entity-expansion tricks before the parser sees the body. The check runs on the decoded
    text, and only UTF-8 is accepted (WeChat and WeCom send nothing else): a UTF-16 body, or one
    declaring another encoding, would otherwise hide its DOCTYPE from a byte search.
    """
    if isinstance(body, str):
        text = body
    else:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise PayloadError("XML body is not UTF-8") from None
    text = text.removeprefix("\ufeff")
    declared = _XML_DECL_ENCODING.match(text)
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise PayloadError("XML in an encoding other than UTF-8 is not accepted")
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper or "\x00" in text:
        raise PayloadError("XML with a DOCTYPE is not accepted")
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        raise PayloadError("XML body is not valid Unicode") from None
    try:
        root = ET.fromstring(raw)
    except (ET.ParseError, RecursionError, ValueError):
        raise PayloadError("body is not valid XML") from None
    return {child.tag: (child.text or "") for child in root}


def encrypted_field(body: bytes) -> str:
    """The `<Encrypt>` value of a WXBizMsgCrypt envelope, found without running an XML parser:
    the signature over it is checked before anything parses the (still untrusted) body."""
    found = _ENCRYPT.search(body)
    if not found:
        return ""
    return (found.group(1) or found.group(2) or b"").decode("ascii")


def notice(platform: str, conversation_id: str, sender_id: str, in_reply_to: str,
           raw: dict[str, Any] | None = None) -> Reply:
    """The polite text-only reply for an event the bot cannot read."""
    return Reply(platform, conversation_id, sender_id, in_reply_to, TEXT_ONLY_NOTICE, raw or {})


def as_str(value: Any) -> str:
    """Platform ids arrive as ints or strings; the core uses strings."""
    if value is None or isinstance(value, (dict, list)):
        raise PayloadError("missing identifier")
    return str(value)


def read_secrets(settings: Any, platform: str, required: tuple[str, ...],
                 optional: tuple[str, ...] = ()) -> dict[str, str | None] | None:
    """The platform's secrets, or None when none of the required ones is set (not mounted).

    Some but not all set is a configuration mistake: stop start-up naming the missing one.
    Keys of the result are lower-case secret names (`signing_secret`).
    """
    from bot.core.errors import ConfigError

    prefix = platform.upper()
    # Declare every name this platform reads, set or not, so start-up can tell a misspelt
    # AFTERSALES_* variable from one that belongs to a platform that is simply not enabled.
    requested: set[str] = getattr(settings, "requested", set())
    requested.update(f"{prefix}_{n}" for n in (*required, *optional, "API_BASE"))
    values: dict[str, str | None] = {n.lower(): settings.secret(f"{prefix}_{n}") for n in required}
    if not any(values.values()):
        return None
    for name in required:
        if not values[name.lower()]:
            raise ConfigError(f"AFTERSALES_{prefix}_{name}",
                              f"must be set together with the other {platform} secrets")
    for name in optional:
        values[name.lower()] = settings.secret(f"{prefix}_{name}")
    return values
