"""The contract every platform adapter passes; each tests/adapters/test_<platform>.py subclasses it.

A subclass supplies the platform's side: its secrets, how to produce a genuine signed
request, which forgeries must fail, where `send()` should post and how to read the text
back out of the recorded call. The suite then checks, the same way for every platform:
mounting from settings, verification, parsing, redelivery keys, the text-only notice,
and delivery (request shape, 429 + Retry-After, 5xx retries, long texts split).
"""
from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Mapping
from types import ModuleType
from typing import Any, ClassVar

import aiohttp
import pytest
from platform_fakes import Answer, Call, FakeApi, inbound

import adapters
from adapters._common import TEXT_ONLY_NOTICE
from adapters.base import Adapter, InboundRequest
from adapters.outbound import measure
from bot.core.errors import ConfigError, PayloadError, VerificationError
from bot.core.messages import Message, Reply
from bot.core.settings import Settings, load_settings

__all__ = ["AdapterContract", "Answer", "Call", "FakeApi", "inbound"]

LONG_SENTENCE_EN = "Your parcel SF1234567890 left the Shenzhen hub this morning. "
LONG_SENTENCE_ZH = "您的包裹已从深圳转运中心发出，预计明天送达。"


class EndToEnd:
    """Mixed into each platform's contract: the real app, a signed webhook in, the reply out."""

    async def _post(self, client: Any, req: InboundRequest) -> Any:
        headers = dict(req.headers)
        if req.body and "content-type" not in headers:   # a platform always sends one
            headers["content-type"] = "text/xml" if req.body.startswith(b"<") else "application/json"
        return await client.request(req.method, f"/webhooks/{self.module.ADAPTER.name}",
                                    data=req.body, headers=headers, params=dict(req.query))

    async def app_client(self, aiohttp_client: Any, fake_api: FakeApi, make_settings: Any) -> Any:
        from bot.server.app import create_app

        self.make_adapter(fake_api)          # registers the fake's routes
        return await aiohttp_client(create_app(make_settings(**self.env(fake_api.base))))

    async def test_e2e_signed_webhook_answered_once(self, aiohttp_client: Any, fake_api: FakeApi,
                                                    make_settings: Any, models: Any) -> None:
        from bot.server.app import INBOX, create_app

        self.make_adapter(fake_api)          # registers the fake's routes
        client = await aiohttp_client(create_app(make_settings(**self.env(fake_api.base))))
        genuine = self.text_request("你好，我的订单到哪了？", "9")
        assert (await self._post(client, genuine)).status == 200
        assert (await self._post(client, self.redelivery(genuine))).status == 200
        deadline = time.monotonic() + 60
        while not self.sends(fake_api) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await client.app[INBOX].wait_idle()
        await asyncio.sleep(0.3)
        [call] = self.sends(fake_api)                       # answered, and only once
        assert "".join(self.sent_texts(call)).strip()
        self.assert_auth(call)

    async def test_e2e_forged_webhook_is_401_and_unanswered(self, aiohttp_client: Any,
                                                           fake_api: FakeApi, make_settings: Any,
                                                           models: Any) -> None:
        from bot.server.app import create_app

        self.make_adapter(fake_api)
        client = await aiohttp_client(create_app(make_settings(**self.env(fake_api.base))))
        genuine = self.text_request("refund please", "9")
        for label, forged in self.forgeries(genuine).items():
            assert (await self._post(client, forged)).status == 401, label
        await asyncio.sleep(0.3)
        assert self.sends(fake_api) == []


class AdapterContract(EndToEnd):
    module: ClassVar[ModuleType]
    secrets: ClassVar[dict[str, str]]           # AFTERSALES_* variables, API base excluded
    missing_secret_example: ClassVar[str]       # dropping it alone must stop start-up
    send_method: ClassVar[str] = "POST"
    send_path: ClassVar[str]                    # path on the fake that send() calls
    fallback_paths: ClassVar[tuple[str, ...]] = ()   # where send() goes when send_path fails
    text_limit: ClassVar[int]
    limit_measure: ClassVar[str] = "chars"

    # ---------------------------------------------------------------- platform hooks

    def text_request(self, text: str, key: str = "1") -> InboundRequest:
        """A genuine, signed delivery of one text message whose platform id derives from `key`."""
        raise NotImplementedError

    def forgeries(self, genuine: InboundRequest) -> dict[str, InboundRequest]:
        """Variants of `genuine` that must be refused with VerificationError."""
        raise NotImplementedError

    def non_text_request(self) -> InboundRequest:
        """A genuine delivery of an image/voice/sticker in a one-to-one chat."""
        raise NotImplementedError

    def malformed_request(self) -> InboundRequest:
        """A genuinely signed body that is not a valid payload."""
        raise NotImplementedError

    def sent_text(self, call: Call) -> str:
        """The reply text as the fake API received it."""
        raise NotImplementedError

    def sent_texts(self, call: Call) -> list[str]:
        """All texts one call carried (LINE puts up to 5 messages in one call)."""
        return [self.sent_text(call)]

    def assert_auth(self, call: Call) -> None:
        """The platform's outbound auth is on the call."""
        raise NotImplementedError

    def redelivery(self, genuine: InboundRequest) -> InboundRequest:
        """The platform's retry of the same delivery (retry headers, redelivery flags)."""
        return genuine

    def setup_fake(self, fake: FakeApi) -> None:
        """Routes the send path depends on (access-token endpoints)."""

    def rate_limited(self) -> Answer:
        return Answer(429, {"ok": False}, {"Retry-After": "2"})

    retry_after_s: ClassVar[float] = 2.0

    def ok_answer(self) -> Answer:
        return Answer(200, {"ok": True})

    # ---------------------------------------------------------------- helpers

    def env(self, api_base: str | None = None, **extra: str) -> dict[str, str]:
        env = dict(self.secrets)
        if api_base:
            env[f"AFTERSALES_{self.module.ADAPTER.name.upper()}_API_BASE"] = api_base
        env.update(extra)
        return env

    def settings(self, api_base: str | None = None, **extra: str) -> Settings:
        return load_settings(env=self.env(api_base, **extra))

    def make_adapter(self, fake: FakeApi | None = None) -> Any:
        adapter = self.module.from_settings(self.settings(fake.base if fake else None))
        assert adapter is not None
        self.slept: list[float] = []

        async def record(seconds: float) -> None:
            self.slept.append(seconds)

        adapter.retry.sleep = record
        adapter.pace.sleep = record
        if fake is not None:
            self.setup_fake(fake)
            fake.on(self.send_method, self.send_path, default=self.ok_answer())
        return adapter

    def parse_one(self, adapter: Any, req: InboundRequest) -> Message:
        adapter.verify(req)
        parsed = adapter.parse(req)
        assert parsed.handshake is None or parsed.handshake.status == 200
        assert len(parsed.messages) == 1, parsed
        return parsed.messages[0]

    def sends(self, fake: FakeApi) -> list[Call]:
        return fake.calls_to(self.send_path, self.send_method)

    # ---------------------------------------------------------------- settings / discovery

    def test_not_mounted_without_secrets(self) -> None:
        assert self.module.from_settings(load_settings(env={})) is None
        assert self.module.ADAPTER.name not in adapters.enabled_adapters(load_settings(env={}))

    def test_partial_secrets_name_the_missing_one(self) -> None:
        env = self.env()
        del env[self.missing_secret_example]
        with pytest.raises(ConfigError) as err:
            self.module.from_settings(load_settings(env=env))
        assert err.value.setting == self.missing_secret_example

    def test_discovered_and_enabled(self) -> None:
        name = self.module.ADAPTER.name
        assert adapters.discover()[name] is self.module
        adapter = adapters.enabled_adapters(self.settings())[name]
        assert isinstance(adapter, Adapter)
        assert re.fullmatch(r"[a-z0-9_-]+", adapter.name)

    def test_secrets_not_in_repr(self) -> None:
        adapter = self.make_adapter()
        shown = repr(adapter.config)
        for name, value in self.secrets.items():
            if len(value) >= 8 and not name.endswith(("_ID", "AGENT_ID", "APP_KEY", "PUBLIC_KEY")):
                assert value not in shown, name

    # ---------------------------------------------------------------- inbound

    def test_genuine_text_accepted_and_parsed(self) -> None:
        adapter = self.make_adapter()
        msg = self.parse_one(adapter, self.text_request("我的快递到哪了 where is SO202611200931?", "7"))
        assert msg.platform == adapter.name
        assert msg.text == "我的快递到哪了 where is SO202611200931?"
        assert msg.message_id and msg.sender_id and msg.conversation_id
        assert msg.user == f"{adapter.name}:{msg.sender_id}"

    def test_distinct_messages_have_distinct_keys(self) -> None:
        adapter = self.make_adapter()
        a = self.parse_one(adapter, self.text_request("one", "1"))
        b = self.parse_one(adapter, self.text_request("two", "2"))
        assert a.message_id != b.message_id

    def test_redelivery_keeps_the_dedupe_key(self) -> None:
        adapter = self.make_adapter()
        genuine = self.text_request("hello", "3")
        first = self.parse_one(adapter, genuine)
        again = self.parse_one(adapter, self.redelivery(genuine))
        assert again.message_id == first.message_id

    def test_forgeries_rejected(self) -> None:
        adapter = self.make_adapter()
        genuine = self.text_request("refund please", "4")
        adapter.verify(genuine)
        forged = self.forgeries(genuine)
        assert len(forged) >= 2
        for label, req in forged.items():
            with pytest.raises(VerificationError):
                adapter.verify(req)
                pytest.fail(f"forgery accepted: {label}")

    def test_non_text_gets_notice(self) -> None:
        adapter = self.make_adapter()
        req = self.non_text_request()
        adapter.verify(req)
        parsed = adapter.parse(req)
        assert parsed.messages == []
        assert len(parsed.notices) == 1
        assert parsed.notices[0].text == TEXT_ONLY_NOTICE
        assert parsed.notices[0].platform == adapter.name

    def test_malformed_rejected(self) -> None:
        adapter = self.make_adapter()
        req = self.malformed_request()
        with pytest.raises(PayloadError):
            adapter.verify(req)
            adapter.parse(req)

    # ---------------------------------------------------------------- outbound

    async def _reply(self, fake: FakeApi, http: aiohttp.ClientSession, text: str,
                     key: str = "9") -> tuple[Any, dict[str, Any]]:
        adapter = self.make_adapter(fake)
        msg = self.parse_one(adapter, self.text_request("hi", key))
        facts = await adapter.send(Reply.to(msg, text), http)
        return adapter, facts

    async def test_send_posts_expected_request(self, fake_api: FakeApi,
                                               http: aiohttp.ClientSession) -> None:
        _, facts = await self._reply(fake_api, http, "您好，订单已发货 Your order has shipped.")
        assert facts["ok"] is True, facts
        assert facts["attempts"] == 1
        calls = self.sends(fake_api)
        assert len(calls) == 1
        assert self.sent_text(calls[0]) == "您好，订单已发货 Your order has shipped."
        self.assert_auth(calls[0])

    async def test_429_retry_after_honoured(self, fake_api: FakeApi,
                                            http: aiohttp.ClientSession) -> None:
        fake_api.on(self.send_method, self.send_path, self.rate_limited())
        _, facts = await self._reply(fake_api, http, "ok")
        assert facts["ok"] is True, facts
        assert facts["attempts"] == 2
        assert len(self.sends(fake_api)) == 2
        assert self.retry_after_s in self.slept

    async def test_5xx_retried_with_backoff(self, fake_api: FakeApi,
                                            http: aiohttp.ClientSession) -> None:
        fake_api.on(self.send_method, self.send_path, Answer(503, {}), Answer(502, {}))
        adapter, facts = await self._reply(fake_api, http, "ok")
        assert facts["ok"] is True, facts
        assert facts["attempts"] == 3
        backoffs = [s for s in self.slept if s > 0]
        assert len(backoffs) == 2
        assert backoffs[1] >= adapter.retry.base_delay_s   # grows: 2nd wait >= base

    async def test_persistent_failure_reported(self, fake_api: FakeApi,
                                               http: aiohttp.ClientSession) -> None:
        adapter = self.make_adapter(fake_api)
        msg = self.parse_one(adapter, self.text_request("hi", "9"))
        fake_api.on(self.send_method, self.send_path, default=Answer(500, {}))
        for path in self.fallback_paths:
            fake_api.on("POST", path, default=Answer(500, {}))
        facts = await adapter.send(Reply.to(msg, "ok"), http)
        assert facts["ok"] is False
        assert facts["attempts"] == adapter.retry.max_attempts * (1 + len(self.fallback_paths))
        assert facts["status"] == 500 and facts["error"]

    async def test_long_text_split_at_limit(self, fake_api: FakeApi,
                                            http: aiohttp.ClientSession) -> None:
        sentence = LONG_SENTENCE_ZH + LONG_SENTENCE_EN
        text = sentence * (int(2.5 * self.text_limit / measure(sentence, self.limit_measure)) + 1)
        _, facts = await self._reply(fake_api, http, text)
        assert facts["ok"] is True, facts
        parts = [t for c in self.sends(fake_api) for t in self.sent_texts(c)]
        assert len(parts) >= 3
        assert all(measure(p, self.limit_measure) <= self.text_limit for p in parts)
        assert "".join(parts).replace(" ", "") == text.replace(" ", "")


def header_map(call: Call) -> Mapping[str, str]:
    return {k.lower(): v for k, v in call.headers.items()}

