"""Round 3 (#13), a refund asked for a parcel still inside its carrier's estimate: no carrier
investigation is opened (the store's tickets are unchanged), the answer names the estimate (the
same date the status answer gave), what is possible now (no cancelling once shipped; refusing
only where the shop's pages say what a refused parcel does; else a return within the shop's own
window) and when an investigation can be opened. Days are calendar days on the shop's clock.
Demo shop (zh and en) and generated shops with other id shapes, carriers and windows."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import parcel_wait as PW
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import DEMO_SHOP, replay

PROBES = [
    ["我的快递怎么还没到，不想等了 直接退款吧"],
    ["my parcel is taking forever, just refund me"],
    ["物流太慢了", "不想等了，直接退款吧"],
    ["my package hasn't arrived yet", "forget it, just refund me"],
    ["package still not here, can I just get a refund?"],
    ["快递还没到，能不能直接退"],
    ["快递还没到 能退款吗"],                       # read as a refund question first: handed to the parcel
    ["{A} 还没到，太慢了，我要退款"],
]


def _shop(kind: str, tmp: Path) -> tuple[Path, str, str, int]:
    """(shop, identity, the shipped order, the shop's return window)."""
    if kind == "demo":
        return DEMO_SHOP, "wecom:liuyang", "SO202611241031", 7
    s = make_shop(int(kind[3:]), tmp, "suffixed" if kind == "gen3" else "hash")
    cid = s.fixture["customers"][0]["id"]
    o = s.orders_of(cid, "shipped")[0]
    o["shipped_at"] = "2026-11-27T09:00:00+01:00"     # yesterday on the shop's clock (+08:00), inside any estimate
    s.path.write_text(json.dumps(s.fixture, ensure_ascii=False), encoding="utf-8")
    return s.path, s.identity[cid], o["id"], int(s.fixture["policies"]["return_window_days"])


@pytest.mark.parametrize("kind", ["demo", "gen3", "gen7"])
@pytest.mark.parametrize("case", range(len(PROBES)))
async def test_a_refund_inside_the_estimate_opens_no_case_and_says_what_is_possible(
        case: int, kind: str, settings: Any, tmp_path: Path, models: Any) -> None:
    path, user, oid, window = _shop(kind, tmp_path)
    texts = [t.format(A=oid) for t in PROBES[case]]
    out, shop = await replay(settings, path, user, texts, tmp_path / "r.db")
    before = {t["id"] for t in json.loads(Path(path).read_text(encoding="utf-8"))["tickets"]}
    assert {t["id"] for t in shop["tickets"]} == before, shop["tickets"]
    assert not [a for o in out for a in o["trace"]["actions"] if a["name"] == "create_ticket"]
    reply = out[-1]["reply"]
    assert oid in reply, reply
    zh = any("\u4e00" <= ch <= "\u9fff" for ch in texts[-1])
    assert ("无法再取消" in reply) if zh else ("no longer be cancelled" in reply), reply
    if kind == "demo":
        assert ("拒收" in reply) if zh else ("refuse" in reply), reply        # the shop's own refusal page
        assert "3 天前" in reply or "3 days ago" in reply, reply
    else:
        assert not ("拒收" in reply or "refuse" in reply), reply              # no page: refusing not offered
        assert f"{window} 天内" in reply or f"within {window} days" in reply, reply
        assert "昨天" in reply or "yesterday" in reply, reply
    # The date to come back is the status answer's date, in a two-turn conversation the same in both.
    if len(texts) == 2:
        first = out[0]["reply"]
        date = next(w for w in ("12月1日", "Dec 1", "11月30日", "Nov 30", "12月2日", "Dec 2") if w in first)
        assert date in reply.replace(" ", "") or date in reply, (first, reply)


def test_calendar_days_count_dates_on_the_shops_clock() -> None:
    now = datetime.fromisoformat("2026-11-28T12:00:00+08:00")
    assert PW.calendar_days("2026-11-27T09:00:00+01:00", now) == 1      # 20.8 hours, but yesterday's date
    assert PW.calendar_days("2026-11-28T00:30:00+08:00", now) == 0
    assert PW.calendar_days("2026-11-25T08:00:00+08:00", now) == 3
    assert PW.calendar_days("2026-11-27T23:30:00+00:00", now) == 0      # 07:30 today in +08:00
    assert PW.calendar_days(None, now) is None


@pytest.mark.parametrize("text", ["just refund me", "can I just get a refund?", "I want my money back instead",
                                  "不想等了 直接退款吧", "退款吧", "能不能直接退"])
def test_a_refund_instead_of_waiting_is_read(text: str) -> None:
    assert PW.wants_refund(text)


@pytest.mark.parametrize("text", ["where is my parcel?", "is my refund done?", "退款到账了吗", "物流太慢了"])
def test_no_refund_wish_is_read_into_a_status_question(text: str) -> None:
    assert not PW.wants_refund(text)


@pytest.mark.parametrize("text", ["我的退款还没到账", "refund still not here, it's been ages", "where is my refund?"])
async def test_money_not_arriving_stays_a_refund_question(text: str, settings: Any, tmp_path: Path,
                                                         models: Any) -> None:
    # Same customer (a shipped order in transit): words about the money keep the refund answers.
    out, _ = await replay(settings, DEMO_SHOP, "wecom:liuyang", [text], tmp_path / "m.db")
    assert "无法再取消" not in out[-1]["reply"] and "no longer be cancelled" not in out[-1]["reply"], out[-1]["reply"]


async def test_the_delay_answer_and_the_status_answer_share_one_estimate() -> None:
    from bot.dialogue import context as CX
    from bot.dialogue import timing as TM
    from bot.dialogue.facts import Facts
    now = datetime.fromisoformat("2026-11-28T12:00:00+08:00")
    order = {"id": "X-1", "carrier": "YTO", "shipped_at": "2026-11-25T08:00:00+08:00", "status": "shipped"}
    facts = Facts.load()
    tr = TM.transit(facts, order, now)
    text, overdue = CX.delay_answer(order, tr.normal_days, tr.since, "en", tr.late, tr.expected_by, now)
    # 3.2 days against 2–4 business days: not overdue while the status answer's date is ahead.
    assert tr.expected_by is not None and tr.expected_by.date() > now.date()
    assert not overdue and "3 days ago" in text, text
    _, past = CX.delay_answer(order, tr.normal_days, tr.since, "en", tr.late, tr.expected_by,
                              tr.expected_by.replace(hour=23))
    assert past
