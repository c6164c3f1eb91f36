"""The /audit review pages: staff accounts, login hygiene, roles, trace view, audited reveal, report."""
from __future__ import annotations

import re
from typing import Any

import pytest
from aiohttp import web

from bot.core.settings import load_settings
from bot.db import connect
from bot.web.review import create_audit_app
from bot.web.staff.users import StaffStore
from privacy.audit import AuditEntry, AuditFilter, AuditLog
from privacy.keys import KeyRing
from privacy.vault import Vault

in_session_loop = pytest.mark.asyncio(loop_scope="session")

KEY = bytes(range(32))
PASSWORD = "correct horse battery"
FAST = {"AFTERSALES_STAFF_SCRYPT_N": "1024"}     # tests only; the default is memory-hard


def make_trace(i: int) -> dict[str, Any]:
    return {"language": "zh", "intent": {"name": "return_request", "confidence": 0.87},
            "sentiment": {"label": "negative" if i == 2 else "neutral", "score": -0.4},
            "redactions": [{"type": "PHONE_NUMBER", "placeholder": "<PHONE_NUMBER_1>"}],
            "entities": {"order_id": "SO202611200931"},
            "knowledge": [{"id": "zh/returns", "title": "退货政策", "score": 4.2}],
            "actions": [{"name": "create_return", "args": {"order_id": "SO202611200931"}, "ok": True,
                         "result": {"id": "RT-1", "status": "requested"}}],
            "generator": "template", "grounded": True, "handoff": i == 3, "prompt": None,
            "timings_ms": {"redact": 4.0, "understand": 9.0, "generate": 2.0, "total": 20.0}}


async def build(tmp_path: Any, env: dict[str, str]) -> tuple[Any, AuditLog, web.Application, StaffStore]:
    settings = load_settings(env={"AFTERSALES_DATA_DIR": str(tmp_path), "AFTERSALES_MASTER_KEY": "m1:" + KEY.hex(),
                                  **FAST, **env})
    conn = await connect(tmp_path / "web.db")
    ring = await KeyRing.open(conn, {"m1": KEY}, "m1")
    audit = await AuditLog.open(conn, ring)
    vault = await Vault.open(conn, ring)
    staff = await StaffStore.open(conn, settings)
    for name, role in (("rita", "reviewer"), ("pia", "privacy"), ("alex", "agent"), ("ada", "admin")):
        await staff.add(name, [role], PASSWORD)
    await vault.save("telegram:1001", "c1", {"<PHONE_NUMBER_1>": "13812345678"})
    for i in range(1, 4):
        await audit.append(AuditEntry("telegram", "telegram:1001", f"m{i}", f"退货，电话 <PHONE_NUMBER_1> #{i}",
                                      "已为您创建退货单 RT-1。", make_trace(i), customer_id="c1"))
    return conn, audit, create_audit_app(settings, lambda: audit, staff), staff


@pytest.fixture
async def site(tmp_path, aiohttp_client):
    conn, audit, sub, _ = await build(tmp_path, {})
    app = web.Application()
    app.add_subapp("/audit", sub)
    client = await aiohttp_client(app)
    yield client, audit
    await conn.close()


async def login(client: Any, user: str = "rita", password: str = PASSWORD) -> Any:
    page = await client.get("/audit/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', await page.text()).group(1)
    return await client.post("/audit/login", data={"csrf": csrf, "username": user, "password": password},
                             allow_redirects=False)


async def csrf_of(client: Any, path: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', await (await client.get(path)).text()).group(1)


@in_session_loop
async def test_refuses_without_login(site):
    client, _ = site
    for path in ("/audit/", "/audit/record/1", "/audit/report", "/audit/verify"):
        resp = await client.get(path)
        text = await resp.text()
        assert resp.status == 401 and 'name="password"' in text and "退货" not in text, path
    resp = await client.post("/audit/record/1/reveal", data={"reason": "x", "csrf": "x"})
    assert resp.status == 401
    resp = await client.get("/audit/record/1", headers={"Authorization": "Bearer anything"})
    assert resp.status == 401


@in_session_loop
async def test_wrong_password_and_missing_csrf_refused(site):
    client, _ = site
    resp = await login(client, "rita", "wrong-password-here")
    assert resp.status == 401 and "aftersales_staff" not in {c.key for c in client.session.cookie_jar}
    resp = await client.post("/audit/login", data={"username": "rita", "password": PASSWORD}, allow_redirects=False)
    assert resp.status == 403           # no CSRF token from the form
    assert (await client.get("/audit/")).status == 401


@in_session_loop
async def test_login_sets_strict_httponly_cookie(site):
    client, _ = site
    resp = await login(client)
    assert resp.status == 303 and resp.headers["Location"] == "/audit/" and PASSWORD not in resp.headers["Location"]
    cookie = resp.cookies["aftersales_staff"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
    assert not cookie["secure"]          # plain HTTP here; see test_users for HTTPS behind a proxy
    page = await client.get("/audit/")
    text = await page.text()
    assert page.status == 200 and 'href="/audit/record/3"' in text and PASSWORD not in text
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store" and "<script" not in text


@in_session_loop
async def test_login_is_rate_limited_per_account(site):
    client, _ = site
    for _ in range(5):
        assert (await login(client, "rita", "not-the-password")).status == 401
    assert (await login(client)).status == 429    # even the right password, until the window passes


@in_session_loop
async def test_roles_reach_only_their_pages(site):
    client, _ = site
    for user in ("alex", "ada"):                 # agents and admins do not read the audit log
        client.session.cookie_jar.clear()
        assert (await login(client, user)).status == 303
        resp = await client.get("/audit/record/1")
        assert resp.status == 403 and "退货" not in await resp.text()
    client.session.cookie_jar.clear()
    await login(client, "pia")
    assert (await client.get("/audit/record/1")).status == 200


@in_session_loop
async def test_record_page_shows_the_trace(site):
    client, _ = site
    await login(client)
    text = await (await client.get("/audit/record/2")).text()
    for needle in ('id="intent">return_request', "confidence 0.87", "zh/returns", "退货政策", "create_return",
                   "RT-1", "&lt;PHONE_NUMBER_1&gt;", "grounded", "milliseconds per stage", "negative"):
        assert needle in text, needle
    assert "13812345678" not in text


@in_session_loop
async def test_filters_and_report(site):
    client, audit = site
    await audit.record_rating("telegram:1001", "m1", True)
    await login(client)
    text = await (await client.get("/audit/?handoff=yes")).text()
    assert "1 matching record(s)" in text and 'href="/audit/record/3"' in text
    text = await (await client.get("/audit/?negative=1")).text()
    assert 'href="/audit/record/2"' in text and 'href="/audit/record/1"' not in text
    text = await (await client.get("/audit/report?since=all")).text()
    assert "Containment" in text and "0.0%" in text and "<svg" in text and "100.0%" in text
    assert "1 of 1 rated helpful" in text
    text = await (await client.get("/audit/verify")).text()
    assert "intact" in text


@in_session_loop
async def test_reveal_needs_the_privacy_role_and_is_audited_with_the_account(site):
    client, audit = site
    await login(client)                           # a reviewer: no reveal form, and a POST is refused
    text = await (await client.get("/audit/record/1")).text()
    assert 'id="no-reveal"' in text and 'action="/audit/record/1/reveal"' not in text
    csrf = await csrf_of(client, "/audit/record/1")
    resp = await client.post("/audit/record/1/reveal", data={"csrf": csrf, "reason": "curious"})
    assert resp.status == 403 and "13812345678" not in await resp.text()
    client.session.cookie_jar.clear()
    await login(client, "pia")
    resp = await client.post("/audit/record/1/reveal", data={"reason": "complaint"})
    assert resp.status == 403 and "13812345678" not in await resp.text()     # no CSRF token
    csrf = await csrf_of(client, "/audit/record/1")
    resp = await client.post("/audit/record/1/reveal", data={"csrf": csrf, "reason": "complaint #42"})
    assert resp.status == 200 and "13812345678" in await resp.text()
    events = await audit.list(AuditFilter(kind="reveal", newest_first=False))
    assert len(events) == 1
    ok = await audit.get(events[0].id)
    assert ok.details["record"] == 1 and ok.details["placeholders"] == ["<PHONE_NUMBER_1>"]
    assert "user pia" in ok.details["reviewer"] and "complaint #42" in ok.details["reviewer"]
    assert "13812345678" not in str(ok.details)
    assert (await audit.verify()).ok


@in_session_loop
async def test_cross_origin_post_refused(site):
    client, _ = site
    await login(client)
    csrf = await csrf_of(client, "/audit/record/1")
    resp = await client.post("/audit/logout", data={"csrf": csrf}, headers={"Origin": "https://evil.example"},
                             allow_redirects=False)
    assert resp.status == 403
    resp = await client.post("/audit/logout", data={"csrf": csrf}, allow_redirects=False)
    assert resp.status == 303 and (await client.get("/audit/")).status == 401


# -- headless Chromium ----------------------------------------------------------------------
def _serve_in_thread(tmp_path: Any, env: dict[str, str]) -> tuple[str, Any]:
    """Run the review app on a real socket in its own thread and loop (selenium calls block)."""
    import asyncio
    import random
    import threading
    import time as _time

    ready, box = threading.Event(), {}

    def run() -> None:
        loop = asyncio.new_event_loop()

        async def main() -> None:
            conn, audit, sub, _ = await build(tmp_path, env)
            rnd = random.Random(7)
            intents = ["order_status", "return_request", "refund_status", "product_issue", "greeting", "invoice"]
            for i in range(120):   # ten days of traffic for the report charts
                t = make_trace(i)
                t["intent"] = {"name": rnd.choice(intents), "confidence": round(rnd.uniform(0.5, 1), 2)}
                t["sentiment"] = {"label": rnd.choice(["negative", "neutral", "neutral", "positive"]), "score": 0.1}
                t["handoff"] = rnd.random() < 0.15
                t["grounded"] = rnd.random() > 0.05
                await audit.append(AuditEntry("telegram", f"telegram:{2000 + i % 9}", f"x{i}", f"question #{i}",
                                              "answer", t, customer_id=f"c{i % 9}",
                                              time=_time.time() - 86400 * (i % 10) - 60,
                                              latency_ms=rnd.uniform(40, 400)))
                if i % 4 == 0:
                    await audit.record_rating(f"telegram:{2000 + i % 9}", f"x{i}", rnd.random() < 0.8)
            app = web.Application()
            app.add_subapp("/audit", sub)
            runner = web.AppRunner(app)
            await runner.setup()
            tcp = web.TCPSite(runner, "127.0.0.1", 0)
            await tcp.start()
            box["port"] = tcp._server.sockets[0].getsockname()[1]
            box["stop"] = asyncio.Event()
            ready.set()
            await box["stop"].wait()
            await runner.cleanup()
            await conn.close()

        loop.run_until_complete(main())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30)

    def stop() -> None:
        box["stop"]._loop.call_soon_threadsafe(box["stop"].set)
        thread.join(10)
    return f"http://127.0.0.1:{box['port']}", stop


@pytest.mark.browser
def test_review_page_in_headless_chromium(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from bot.core.settings import PROJECT_ROOT

    artifacts = PROJECT_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    base, stop = _serve_in_thread(tmp_path, {})
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 f"--user-data-dir={tmp_path / 'chrome-profile'}", "--window-size=1280,1700"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.get(base + "/audit/record/2")
        assert "Sign in" in driver.page_source and "退货" not in driver.page_source   # refused: login form
        driver.find_element(By.ID, "username").send_keys("pia")
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        driver.find_element(By.ID, "login").click()
        WebDriverWait(driver, 15).until(EC.url_to_be(base + "/audit/record/2"))
        driver.get(base + "/audit/")
        assert PASSWORD not in driver.current_url
        cookie = driver.get_cookie("aftersales_staff")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert len(driver.find_elements(By.CSS_SELECTOR, "#records tbody tr")) == 50
        driver.get(base + "/audit/record/2")
        assert driver.find_element(By.ID, "intent").text == "return_request"
        assert "create_return" in driver.find_element(By.ID, "actions").text
        assert "退货政策" in driver.find_element(By.ID, "knowledge").text
        assert "<PHONE_NUMBER_1>" in driver.find_element(By.ID, "inbound").text
        assert "13812345678" not in driver.page_source
        driver.save_screenshot(str(artifacts / "audit_record.png"))
        driver.get(base + "/audit/report?since=30d")
        assert len(driver.find_elements(By.CSS_SELECTOR, "svg.chart")) == 5
        assert "containment" in driver.find_element(By.ID, "tiles").text.lower()
        driver.save_screenshot(str(artifacts / "audit_report.png"))
        driver.get(base + "/audit/record/2")
        driver.find_element(By.NAME, "reason").send_keys("complaint review")
        driver.find_element(By.ID, "reveal").click()
        revealed = WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.ID, "revealed")))
        assert "13812345678" in revealed.text
    finally:
        driver.quit()
        stop()
    assert (artifacts / "audit_record.png").stat().st_size > 10_000


@in_session_loop
async def test_reviewer_never_sees_the_conversation_key(tmp_path, aiohttp_client):
    """A WhatsApp conversation key embeds the customer's phone number (wa_id)."""
    conn, audit, sub, _ = await build(tmp_path, {})
    await audit.append(AuditEntry("whatsapp", "whatsapp:8613900001111", "wamid.1", "hi", "hello", make_trace(9)))
    app = web.Application()
    app.add_subapp("/audit", sub)
    client = await aiohttp_client(app)
    await login(client)
    text = await (await client.get("/audit/record/4")).text()
    assert "conversation ref" in text and "8613900001111" not in text
    assert "revealing needs the privacy role" in text
    await conn.close()
