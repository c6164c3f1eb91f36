"""Errors the bot raises on purpose, each mapped to an HTTP status at the server edge.

    BotError
     ├── VerificationError   401  forged, stale or missing signature
     ├── ForbiddenError      403  wrong verify token in a handshake
     ├── PayloadError        400  malformed or incomplete body
     ├── PayloadTooLarge     413
     ├── UnsupportedMedia    415
     ├── Overloaded          503  inbox full (Retry-After)
     ├── ConfigError             a wrong or missing setting; names it
     └── ToolError               a shop tool refused (carries a reason code)
"""
from __future__ import annotations


class BotError(Exception):
    status: int = 500


class VerificationError(BotError):
    status = 401


class ForbiddenError(BotError):
    status = 403


class PayloadError(BotError):
    status = 400


class PayloadTooLarge(BotError):
    status = 413


class UnsupportedMedia(BotError):
    status = 415


class Overloaded(BotError):
    status = 503

    def __init__(self, message: str = "busy", retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ConfigError(BotError):
    """A setting is wrong or missing; the message names the setting."""

    def __init__(self, setting: str, problem: str) -> None:
        super().__init__(f"configuration error: {setting}: {problem}")
        self.setting = setting


class ToolError(BotError):
    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code
