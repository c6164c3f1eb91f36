"""The whole bot on a real socket in its own thread and loop, with a fake Telegram API and fake
staff-notice webhooks (Slack, Feishu) on another local socket: what the console tests drive,
from plain `requests` or from headless Chromium (whose calls block, hence the thread)."""
from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import requests
from aiohttp import web

from bot.core.settings import PROJECT_ROOT, load_settings

sys.path.insert(0, str(PROJECT_ROOT / "tests" / "adapters"))
from platform_fakes import FakeApi  # noqa: E402

BOT_TOKEN = "123456:console-test-token"
SECRET = "console-webhook-secret"
KEY_HEX = bytes(range(32)).hex()
PASSWORD = "console pass phrase 1"
USERS = {"amy": ["agent"], "ben": ["agent"], "rita": ["reviewer"], "pia": ["privacy", "agent"], "ada": ["admin"]}


class FilesFake(FakeApi):
    """The platform fake, also serving raw bytes (media downloads) for paths in `files`."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, bytes] = {}

    async def _handle(self, request: web.Request) -> web.Response:
        if request.path in self.files:
            from platform_fakes import Call
            self.calls.append(Call(request.method, request.path, dict(request.query), dict(request.headers), b""))
            return web.Response(body=self.files[request.path], content_type="application/octet-stream")
        return await super()._handle(request)


WA_SECRET = "whatsapp-app-secret"
WA_TOKEN = "EAAG-whatsapp-token"
LINE_SECRET = "line-channel-secret"
LINE_TOKEN = "line-access-token"


class Bot:
    def __init__(self, tmp_path: Path, **env: str) -> None:
        self.tmp_path = tmp_path
        self.env = env
        self.fake = FilesFake()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.base = ""
        self.app: web.Application | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    # -- lifecycle --------------------------------------------------------------------------
    def __enter__(self) -> Bot:
        self._thread.start()
        assert self._ready.wait(180), "bot did not start"
        if self._error:
            raise self._error
        return self

    def __exit__(self, *exc: Any) -> None:
        assert self.loop is not None
        self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(60)

    def _run(self) -> None:
        self.loop = asyncio.new_event_loop()
        try:
            self.loop.run_until_complete(self._main())
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            self._error = exc
            self._ready.set()
        finally:
            self.loop.close()

    async def _main(self) -> None:
        from bot.server.app import create_app
        from bot.web.console.mount import STAFF

        self._stop = asyncio.Event()
        fake_runner = web.AppRunner(self.fake.app)
        await fake_runner.setup()
        fake_site = web.TCPSite(fake_runner, "127.0.0.1", 0)
        await fake_site.start()
        self.fake.base = f"http://127.0.0.1:{fake_site._server.sockets[0].getsockname()[1]}"
        env = {"AFTERSALES_DATA_DIR": str(self.tmp_path / "data"), "AFTERSALES_MASTER_KEY": "m1:" + KEY_HEX,
               "AFTERSALES_GENERATOR_KIND": "template", "AFTERSALES_STAFF_SCRYPT_N": "1024",
               "AFTERSALES_TELEGRAM_BOT_TOKEN": BOT_TOKEN, "AFTERSALES_TELEGRAM_SECRET_TOKEN": SECRET,
               "AFTERSALES_TELEGRAM_API_BASE": self.fake.base,
               "AFTERSALES_LINE_CHANNEL_SECRET": LINE_SECRET, "AFTERSALES_LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN,
               "AFTERSALES_LINE_API_BASE": self.fake.base,
               "AFTERSALES_WHATSAPP_APP_SECRET": WA_SECRET, "AFTERSALES_WHATSAPP_VERIFY_TOKEN": "verify-token",
               "AFTERSALES_WHATSAPP_ACCESS_TOKEN": WA_TOKEN, "AFTERSALES_WHATSAPP_API_BASE": self.fake.base,
               "AFTERSALES_NOTIFY_SLACK_WEBHOOK_URL": self.fake.base + "/slack/hook",
               "AFTERSALES_NOTIFY_FEISHU_WEBHOOK_URL": self.fake.base + "/feishu/hook",
               "AFTERSALES_CONSOLE_PUBLIC_URL": "https://support.example.com",
               "AFTERSALES_HOURS_ALWAYS_ON": "true",
               # "{fake}" in a test's own setting: the fake's address, known only once it listens
               **{k: v.replace("{fake}", self.fake.base) for k, v in self.env.items()}}
        self.settings = load_settings(env=env)
        self.fake.on("POST", "/feishu/hook", default=_answer({"code": 0, "msg": "success"}))
        self.app = create_app(self.settings)
        runner = web.AppRunner(self.app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        for name, roles in USERS.items():
            await self.app[STAFF].add(name, roles, PASSWORD)
        self._ready.set()
        await self._stop.wait()
        await runner.cleanup()
        await fake_runner.cleanup()

    def call(self, fn: Callable[[], Awaitable[Any]], timeout: float = 60) -> Any:
        """Run a coroutine on the bot's loop from the test thread."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(fn(), self.loop).result(timeout)

    # -- the customer's side ----------------------------------------------------------------
    _next_id = 500

    def customer_says(self, text: str, chat_id: int = 1001) -> None:
        Bot._next_id += 1
        body = {"update_id": Bot._next_id, "message": {
            "message_id": Bot._next_id, "date": int(time.time()), "text": text,
            "from": {"id": chat_id, "is_bot": False, "first_name": "伟"}, "chat": {"id": chat_id, "type": "private"}}}
        self._post(body)

    def customer_taps(self, data: str, chat_id: int = 1001) -> None:
        Bot._next_id += 1
        body = {"update_id": Bot._next_id, "callback_query": {
            "id": f"cbq{Bot._next_id}", "data": data, "from": {"id": chat_id, "is_bot": False},
            "message": {"message_id": 1, "chat": {"id": chat_id, "type": "private"}}}}
        self._post(body)

    def customer_sends_photo(self, file_id: str, chat_id: int = 1001, caption: str | None = None) -> None:
        Bot._next_id += 1
        msg: dict[str, Any] = {"message_id": Bot._next_id, "date": int(time.time()),
                               "photo": [{"file_id": file_id + "-small", "file_size": 10, "width": 90},
                                         {"file_id": file_id, "file_size": 2000, "width": 800}],
                               "from": {"id": chat_id, "is_bot": False}, "chat": {"id": chat_id, "type": "private"}}
        if caption:
            msg["caption"] = caption
        self._post({"update_id": Bot._next_id, "message": msg})

    def line_event(self, message: dict[str, Any], user: str = "Uline0001") -> None:
        import base64
        import hashlib
        import hmac
        Bot._next_id += 1
        body = json.dumps({"destination": "Ubot", "events": [{
            "type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
            "webhookEventId": f"ev{Bot._next_id}", "replyToken": f"rt{Bot._next_id}",
            "source": {"type": "user", "userId": user}, "message": {"id": str(Bot._next_id), **message},
            "deliveryContext": {"isRedelivery": False}}]}).encode()
        sig = base64.b64encode(hmac.new(LINE_SECRET.encode(), body, hashlib.sha256).digest()).decode()
        r = requests.post(self.base + "/webhooks/line", data=body, timeout=30,
                          headers={"Content-Type": "application/json", "X-Line-Signature": sig})
        assert r.status_code == 200, r.text

    def whatsapp_message(self, message: dict[str, Any], wa_id: str = "8613900002222") -> None:
        import hashlib
        import hmac
        Bot._next_id += 1
        value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "PNID"},
                 "messages": [{"from": wa_id, "id": f"wamid.{Bot._next_id}", "timestamp": str(int(time.time())),
                               **message}]}
        body = json.dumps({"object": "whatsapp_business_account",
                           "entry": [{"id": "W1", "changes": [{"field": "messages", "value": value}]}]}).encode()
        sig = "sha256=" + hmac.new(WA_SECRET.encode(), body, hashlib.sha256).hexdigest()
        r = requests.post(self.base + "/webhooks/whatsapp", data=body, timeout=30,
                          headers={"Content-Type": "application/json", "X-Hub-Signature-256": sig})
        assert r.status_code == 200, r.text

    def whatsapp_sent(self) -> list[str]:
        return [c.json["text"]["body"] for c in self.fake.calls if c.path == "/PNID/messages"]

    def line_sent(self) -> list[dict[str, Any]]:
        return [m for c in self.fake.calls if c.path in ("/v2/bot/message/reply", "/v2/bot/message/push")
                for m in c.json["messages"]]

    def _post(self, body: dict[str, Any]) -> None:
        r = requests.post(self.base + "/webhooks/telegram", data=json.dumps(body).encode(),
                          headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
                          timeout=30)
        assert r.status_code == 200, r.text

    def sent(self) -> list[dict[str, Any]]:
        """Everything the bot sent to Telegram (the customer's screen), oldest first."""
        return [c.json for c in self.fake.calls if c.path.endswith("/sendMessage")]

    def wait_sent(self, n: int, timeout: float = 90) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.sent()) < n and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.sent()) >= n, f"expected {n} sends, got {self.sent()}"
        self.idle()
        return self.sent()

    def idle(self) -> None:
        from bot.server.app import INBOX
        assert self.app is not None
        self.call(lambda: self.app[INBOX].wait_idle(60))
        time.sleep(0.1)

    def notices(self, kind: str) -> list[Any]:
        return [c.json for c in self.fake.calls if c.path == f"/{kind}/hook"]


def _answer(body: Any) -> Any:
    from platform_fakes import Answer
    return Answer(200, body)


class Staff:
    """One staff member's browser-less session (requests keeps the cookies)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.s = requests.Session()

    def login(self, user: str, password: str = PASSWORD, prefix: str = "/console") -> requests.Response:
        page = self.s.get(self.bot.base + prefix + "/login", timeout=30)
        return self.s.post(self.bot.base + prefix + "/login", timeout=30, allow_redirects=False,
                           data={"csrf": csrf(page.text), "username": user, "password": password})

    def get(self, path: str) -> requests.Response:
        return self.s.get(self.bot.base + path, timeout=30, allow_redirects=False)

    def post(self, path: str, data: dict[str, str] | None = None, *, from_page: str | None = None,
             with_csrf: bool = True) -> requests.Response:
        data = dict(data or {})
        if with_csrf:
            data["csrf"] = csrf(self.get(from_page or path.rsplit("/", 1)[0]).text)
        return self.s.post(self.bot.base + path, data=data, timeout=60, allow_redirects=False)


def csrf(html: str) -> str:
    import re
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF field on the page"
    return m.group(1)
