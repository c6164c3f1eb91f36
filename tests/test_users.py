"""Staff accounts: the `users` CLI, scrypt hashes, sessions that end, sign-in limits, proxies."""
from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from typing import Any

import pytest
from aiohttp import web

from bot.core.settings import PROJECT_ROOT, load_settings
from bot.db import connect
from bot.web.review import create_audit_app
from bot.web.staff.users import StaffStore, UserError, check_password, hash_password
from privacy.audit import AuditLog
from privacy.keys import KeyRing

in_session_loop = pytest.mark.asyncio(loop_scope="session")
KEY = bytes(range(32))
PASSWORD = "a long pass phrase 1"


def cli(*args: str, stdin: str = "", db: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AFTERSALES_MASTER_KEY": "m1:" + KEY.hex(), "AFTERSALES_STAFF_SCRYPT_N": "1024",
           "AFTERSALES_DATA_DIR": str(db.parent)}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args, "--db", str(db)], input=stdin, text=True,
                          capture_output=True, cwd=PROJECT_ROOT, env=env, timeout=120)


def test_default_hash_is_scrypt_memory_hard_and_salted():
    settings = load_settings(env={})
    assert settings["staff"]["scrypt_n"] >= 2 ** 15           # >= 32 MiB with r = 8
    h1, h2 = hash_password(PASSWORD, n=1024), hash_password(PASSWORD, n=1024)
    assert h1.startswith("scrypt$1024$8$1$") and h1 != h2 and PASSWORD not in h1
    assert check_password(PASSWORD, h1) and not check_password(PASSWORD + "x", h1)
    assert not check_password(PASSWORD, "plain$" + PASSWORD)


def test_users_cli_add_list_disable_passwd(tmp_path):
    db = tmp_path / "staff.db"
    r = cli("users", "add", "alice", "--role", "agent", "--role", "privacy", "--password-stdin",
            stdin=PASSWORD + "\n", db=db)
    assert r.returncode == 0, r.stderr
    assert cli("users", "add", "bob", "--role", "boss", "--password-stdin", stdin=PASSWORD + "\n", db=db).returncode == 2
    weak = cli("users", "add", "bob", "--role", "reviewer", "--password-stdin", stdin="short\n", db=db)
    assert weak.returncode == 2 and "at least" in weak.stderr
    out = cli("users", "list", db=db).stdout
    assert re.search(r"alice\s+agent,privacy\s+active", out)
    assert cli("users", "disable", "alice", db=db).returncode == 0
    assert re.search(r"alice\s+agent,privacy\s+disabled", cli("users", "list", db=db).stdout)
    new = "another pass phrase 2"
    assert cli("users", "passwd", "alice", "--password-stdin", stdin=new + "\n", db=db).returncode == 0
    assert cli("users", "passwd", "nobody", "--password-stdin", stdin=new + "\n", db=db).returncode == 2
    blob = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("staff.db"))
    assert b"alice" in blob and PASSWORD.encode() not in blob and new.encode() not in blob
    assert b"scrypt$" in blob


@pytest.fixture
async def staff_site(tmp_path, aiohttp_client, request):
    env = {"AFTERSALES_DATA_DIR": str(tmp_path), "AFTERSALES_MASTER_KEY": "m1:" + KEY.hex(),
           "AFTERSALES_STAFF_SCRYPT_N": "1024", **getattr(request, "param", {})}
    settings = load_settings(env=env)
    conn = await connect(tmp_path / "web.db")
    ring = await KeyRing.open(conn, {"m1": KEY}, "m1")
    audit = await AuditLog.open(conn, ring)
    staff = await StaffStore.open(conn, settings)
    for name in ("rita", "rob", "rae"):
        await staff.add(name, ["reviewer"], PASSWORD)
    app = web.Application()
    app.add_subapp("/audit", create_audit_app(settings, lambda: audit, staff))
    client = await aiohttp_client(app)
    yield client, staff, conn
    await conn.close()


async def login(client: Any, user: str, password: str = PASSWORD, headers: dict[str, str] | None = None) -> Any:
    page = await client.get("/audit/login", headers=headers)
    csrf = re.search(r'name="csrf" value="([^"]+)"', await page.text()).group(1)
    return await client.post("/audit/login", data={"csrf": csrf, "username": user, "password": password},
                             allow_redirects=False, headers=headers)


@in_session_loop
async def test_disabled_user_and_new_password_end_sessions_at_once(staff_site):
    client, staff, _ = staff_site
    assert (await login(client, "rita")).status == 303
    assert (await client.get("/audit/")).status == 200
    await staff.set_disabled("rita")
    assert (await client.get("/audit/")).status == 401                  # the very next request
    assert (await login(client, "rita")).status == 401                  # and no new one
    await staff.set_disabled("rita", False)
    assert (await login(client, "rita")).status == 303
    await staff.set_password("rita", "brand new pass phrase")
    assert (await client.get("/audit/")).status == 401
    assert await staff.sessions_of("rita") == 0


@in_session_loop
async def test_sign_out_revokes_the_server_side_session(staff_site):
    client, staff, _ = staff_site
    resp = await login(client, "rob")
    sid = resp.cookies["aftersales_staff"].value
    page = await (await client.get("/audit/")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert (await client.post("/audit/logout", data={"csrf": csrf}, allow_redirects=False)).status == 303
    client.session.cookie_jar.update_cookies({"aftersales_staff": sid})   # replaying the old cookie
    assert (await client.get("/audit/")).status == 401


@in_session_loop
async def test_client_is_rate_limited_across_accounts_and_the_table_is_not_wiped(staff_site):
    client, staff, _ = staff_site
    for user in ("rita", "rob", "rae", "rita", "rob"):
        assert (await login(client, user, "wrong password!")).status == 401
    assert (await login(client, "rae")).status == 429            # the client is limited, whatever account
    # A spray of other addresses does not reset the counters (the old table was cleared at 10,000).
    await staff.fail([f"client:spray-{i}" for i in range(10_050)])
    assert await staff.limited(staff.keys_for("rae", "127.0.0.1"))


@in_session_loop
async def test_forwarded_for_is_ignored_unless_from_a_configured_proxy(staff_site):
    client, _, _ = staff_site
    for i in range(5):       # a different spoofed address each time: still one client, the peer
        assert (await login(client, "rita", "wrong password!", {"X-Forwarded-For": f"10.0.0.{i}"})).status == 401
    assert (await login(client, "rob", headers={"X-Forwarded-For": "10.9.9.9"})).status == 429


@pytest.mark.parametrize("staff_site", [{"AFTERSALES_SERVER_TRUSTED_PROXIES": "127.0.0.1"}], indirect=True)
@in_session_loop
async def test_behind_a_trusted_proxy_each_client_counts_and_https_cookie_is_secure(staff_site):
    client, _, _ = staff_site
    for _ in range(5):
        resp = await login(client, "rita" if _ % 2 else "rob", "wrong password!",
                           {"X-Forwarded-For": "203.0.113.7, 127.0.0.1"})
        assert resp.status == 401
    assert (await login(client, "rae", headers={"X-Forwarded-For": "203.0.113.7"})).status == 429
    # Another customer-side address behind the same proxy is not blocked by the first one's failures.
    # (The test client speaks plain HTTP, so the form is fetched without the https header: a Secure
    # pre-sign-in cookie would not come back over it.)
    page = await client.get("/audit/login", headers={"X-Forwarded-For": "198.51.100.2"})
    csrf = re.search(r'name="csrf" value="([^"]+)"', await page.text()).group(1)
    resp = await client.post("/audit/login", data={"csrf": csrf, "username": "rae", "password": PASSWORD},
                             headers={"X-Forwarded-For": "198.51.100.2", "X-Forwarded-Proto": "https"},
                             allow_redirects=False)
    assert resp.status == 303 and resp.cookies["aftersales_staff"]["secure"]


@in_session_loop
async def test_limit_counted_after_the_body_per_account(staff_site):
    """The account's counter moves only for a posted password (a forged form counts for the client
    alone); the account then stays limited for any client."""
    client, staff, _ = staff_site
    for _ in range(5):
        await staff.fail(staff.keys_for("rita", "198.51.100.9"))
    assert (await login(client, "rita")).status == 429               # right password, other client
    assert (await login(client, "rob")).status == 303                # another account from here is fine


@in_session_loop
async def test_passwords_never_logged(staff_site, caplog):
    client, _, _ = staff_site
    with caplog.at_level(logging.DEBUG):
        await login(client, "rita", "secret-wrong-guess")
        await login(client, "rita")
    text = caplog.text
    assert "secret-wrong-guess" not in text and PASSWORD not in text and "rita" not in text


@in_session_loop
async def test_store_refuses_bad_accounts(staff_site):
    _, staff, _ = staff_site
    with pytest.raises(UserError):
        await staff.add("rita", ["reviewer"], PASSWORD)          # exists
    with pytest.raises(UserError):
        await staff.add("zed", ["root"], PASSWORD)
    with pytest.raises(UserError):
        await staff.add("zed", ["agent"], "zed")
