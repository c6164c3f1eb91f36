"""Staff accounts on bot.storage, on SQLite and PostgreSQL alike: accounts, sessions shared by
replicas (two stores on one database), and the sign-in failure counter's upsert."""
from __future__ import annotations

from bot.db import connect
from bot.web.staff.users import StaffStore


async def test_accounts_sessions_and_failure_counters(target: str) -> None:
    a, b = await connect(target), await connect(target)
    one = await StaffStore.open(a)
    two = await StaffStore.open(b)                          # another replica on the same tables
    one.scrypt_n = two.scrypt_n = 2 ** 4                    # keep the test fast; strength is tested elsewhere
    user = await one.add("王芳", ["agent", "reviewer"], "a long passphrase 长密码")
    assert (await two.get("王芳")) == user and await two.count_active() == 1
    assert await two.authenticate("王芳", "a long passphrase 长密码") == user
    assert await two.authenticate("王芳", "wrong password!!") is None
    sid, session = await one.new_session(user)
    seen = await two.session(sid)
    assert seen is not None and seen.user == user and seen.csrf == session.csrf
    assert await two.sessions_of("王芳") == 1
    keys = one.keys_for("王芳", "10.0.0.1")
    for _ in range(one.failures_allowed):
        await one.fail(keys)                                # the upsert counts up, per key
    assert await two.limited(keys) is True
    await two.succeeded("王芳")                              # clears the account's counter only
    assert await one.limited(keys[:1]) is False and await one.limited(keys[1:]) is True
    await two.set_disabled("王芳")
    assert await one.session(sid) is None                   # revoked on every replica
    await a.close()
    await b.close()
