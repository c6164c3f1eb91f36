"""A shipped order's address refused (dialogue/address_after_ship): the order, its carrier and
tracking number, and the shop's own next step — the clause naming this order's carrier, the
refusal sentence when the carrier cannot redirect, none invented. zh and en."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bot.dialogue import address_after_ship as AS
from bot.knowledge import KnowledgeBase, Snippet

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class _Fc:
    lang: str
    knowledge: Any
    orders: list[dict[str, Any]]
    turn: Any = field(default_factory=lambda: SimpleNamespace(text="can I change the address?"))


def _kb(*pages: tuple[str, str, str]) -> KnowledgeBase:
    return KnowledgeBase([Snippet(id=i, title=i, text=t, score=0.0, lang=lang) for i, lang, t in pages])


_REDIRECT = ("You can change the address until dispatch. After dispatch, Kestrel parcels can be redirected once from "
             "the carrier's tracking page; Postline parcels cannot be redirected.")
_REDIRECT_ZH = "发货前可以修改地址。发货后，Kestrel 的包裹可以在承运商的追踪页面改派一次；Postline 的包裹无法改派。"
_REFUSE = ("refuse-en", "en", "You may refuse the parcel at the door; we refund it once it is back with us.")
_REFUSE_ZH = ("refuse-zh", "zh", "您可以在派送时拒收包裹，包裹退回后我们为您退款。")


def _order(carrier: str) -> dict[str, Any]:
    return {"id": "Q-77", "status": "shipped", "carrier": carrier, "tracking_no": "TRK1",
            "shipped_at": "2026-11-26T10:00:00+08:00", "items": []}


def test_the_clause_of_this_orders_carrier() -> None:
    fc = _Fc("en", _kb(("addr-en", "en", _REDIRECT), _REFUSE), [])
    text = AS.refused_text(fc, _order("Kestrel"))
    assert "Q-77" in text and "Kestrel" in text and "TRK1" in text
    assert "redirected once" in text and "Postline" not in text
    zh = AS.refused_text(_Fc("zh", _kb(("addr-zh", "zh", _REDIRECT_ZH), _REFUSE_ZH), []), _order("Kestrel"))
    assert "Q-77" in zh and "改派一次" in zh and "Postline" not in zh


def test_a_carrier_that_cannot_redirect_gets_the_refusal_sentence() -> None:
    text = AS.refused_text(_Fc("en", _kb(("addr-en", "en", _REDIRECT), _REFUSE), []), _order("Postline"))
    assert "cannot be redirected" in text and "refuse the parcel" in text
    zh = AS.refused_text(_Fc("zh", _kb(("addr-zh", "zh", _REDIRECT_ZH), _REFUSE_ZH), []), _order("Postline"))
    assert "无法改派" in zh and "拒收" in zh


def test_demo_pages_next_step_in_both_languages() -> None:
    kb = KnowledgeBase.load(ROOT / "config" / "knowledge")
    en = AS.next_step(_Fc("en", kb, []), _order("SF"))
    zh = AS.next_step(_Fc("zh", kb, []), _order("SF"))
    assert "redirect" in en and "carrier" in en
    assert "改派" in zh


def test_no_page_no_redirect_promised() -> None:
    text = AS.refused_text(_Fc("en", _kb(("x", "en", "We sell kettles.")), []), _order("Kestrel"))
    assert "Q-77" in text and "redirect" not in text
