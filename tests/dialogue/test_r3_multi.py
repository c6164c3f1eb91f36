"""Round 3 (issue #13, multi9): several requests in one message where one is a delivery-status
question ("change the shoes to 43, also was my power bank delivered?"). A status question is
answered with the status — never a carrier investigation nobody asked for; only an explicit
"not received / never arrived" opens one. The other request is proposed and the next yes goes to
it; a goodbye gets no trouble offer. Whole conversations on the demo shop and on a generated shop
(tests/dialogue/gen_shop.py: other catalogue, option dimensions, id shape), plus unit tests of the
reading (`bot/dialogue/status_question.py`)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import classic
from bot.dialogue import status_question as S
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import _order, replay

DEMO = Path(__file__).resolve().parents[2] / "config" / "demo_shop.json"
WRITES = ("change_items", "cancel_order", "change_payment", "change_address", "create_return", "create_exchange",
          "create_ticket")
TROUBLE = ("investigation", "发起调查", "case tk", "工单号")          # a carrier case opened

# demo shop, customer c13: SO202611260629 paid (running shoes 42), SO202610280554 delivered (power bank)
DEMO_USER, DEMO_CHANGE, DEMO_ASKED = "web:dlee", "SO202611260629", "SO202610280554"
# generated shop 41, customer c41-1: SO-41111-H paid (yoga mat 6mm sage), SO-41074-F delivered (stunt kite)
GEN_USER, GEN_CHANGE, GEN_ASKED = "telegram:41177", "SO-41111-H", "SO-41074-F"


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


def _skus(shop: dict[str, Any], order_id: str) -> list[str]:
    return [i["sku"] for i in _order(shop, order_id)["items"]]


def _yes(text: str) -> str:
    return "确认" if any("\u4e00" <= c <= "\u9fff" for c in text) else "yes"


def _bye(text: str) -> str:
    return "谢谢，再见" if any("\u4e00" <= c <= "\u9fff" for c in text) else "thanks, bye"


def _gen_shop(tmp_path: Path) -> Any:
    return make_shop(41, tmp_path / "gen", "suffixed")


# -- the change and the status question in one message, either order, zh / en / mixed ----------------
DEMO_BOTH = [
    "Can I change my running shoes to size 43? Also was my power bank delivered?",
    "was my power bank delivered? and pls change the shoes to 43",
    "跑鞋换成43码，另外充电宝送到了吗",
    "充电宝到了没？顺便把跑鞋改成43码",
]
GEN_BOTH = [
    "please change the yoga mat to 4mm, and was my stunt kite delivered?",
    "stunt kite到了没？顺便把瑜伽垫改成4mm",
]


def _status_said(reply: str, order_id: str) -> bool:
    return order_id in reply and any(w in reply.lower() for w in ("delivered", "签收", "送达"))


@pytest.mark.parametrize("text", DEMO_BOTH)
async def test_demo_change_and_status_question(settings: Any, tmp_path: Path, models: Any, text: str) -> None:
    out, shop = await replay(settings, DEMO, DEMO_USER, [text, _yes(text), _bye(text)], tmp_path / "c.db")
    replies = [o["reply"] for o in out]
    assert _status_said(replies[0], DEMO_ASKED), replies
    assert DEMO_CHANGE in replies[0] and "43" in replies[0], replies       # the change proposed too
    assert _writes(out) == ["change_items"], replies                       # the yes made it; no ticket
    assert "SHOE-RUN-43" in _skus(shop, DEMO_CHANGE)
    assert not shop["tickets"] or all(t.get("order_id") != DEMO_ASKED for t in shop["tickets"])
    assert not any(w in replies[-1].lower() for w in TROUBLE), replies[-1]


@pytest.mark.parametrize("text", GEN_BOTH)
async def test_generated_shop_change_and_status_question(settings: Any, tmp_path: Path, models: Any,
                                                         text: str) -> None:
    shop = _gen_shop(tmp_path)
    # the 4mm sage mat is sold out in this shop: the change asks which colour, "yes" takes the one left
    texts = [text, _yes(text), _yes(text), _bye(text)]
    out, exported = await replay(settings, shop.path, GEN_USER, texts, tmp_path / "c.db")
    replies = [o["reply"] for o in out]
    assert _status_said(replies[0], GEN_ASKED), replies
    assert "4mm" in replies[0], replies
    assert _writes(out) == ["change_items"], replies
    new = [s for s in _skus(exported, GEN_CHANGE) if s.startswith("P413")]
    mat = next(p for p in shop.fixture["products"] if p["id"] == "P413")
    assert [next(v["options"]["thickness"] for v in mat["variants"] if v["sku"] == s) for s in new] == ["4mm"]
    assert not any(w in r.lower() for r in replies for w in TROUBLE), replies


# -- the status question as a follow-up while the change waits for its yes -----------------------------
async def test_status_question_at_the_confirmation_keeps_the_change(settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    texts = ["change my running shoes to 43 please", "also did the power bank get delivered?", "yes", "bye"]
    out, shop = await replay(settings, DEMO, DEMO_USER, texts, tmp_path / "c.db")
    replies = [o["reply"] for o in out]
    assert _status_said(replies[1], DEMO_ASKED) and "43" in replies[1], replies   # answered, change asked again
    assert _writes(out) == ["change_items"], replies
    assert "SHOE-RUN-43" in _skus(shop, DEMO_CHANGE)


async def test_status_question_while_the_change_asks_a_detail(settings: Any, tmp_path: Path, models: Any) -> None:
    """The change asks which colour; the status question comes in between; "yes" to "shall we go
    back to the change?" resumes it (it was dropped before), and its own yes makes it."""
    shop = _gen_shop(tmp_path)
    texts = ["change the yoga mat to 4mm pls", "was the kite delivered btw?", "yes", "yes"]
    out, exported = await replay(settings, shop.path, GEN_USER, texts, tmp_path / "c.db")
    replies = [o["reply"] for o in out]
    assert _status_said(replies[1], GEN_ASKED), replies
    assert "4mm" in replies[2] and "4mm" in replies[3] and GEN_CHANGE in replies[3], replies
    assert _writes(out) == [], replies                  # nothing written without the change's own yes
    out, exported = await replay(settings, shop.path, GEN_USER, [*texts, "yes"], tmp_path / "d.db")
    assert _writes(out) == ["change_items"], [o["reply"] for o in out]


# -- only a trouble named opens an investigation ---------------------------------------------------------
@pytest.mark.parametrize(("where", "text"), [
    ("demo", "my power bank says delivered but I never got it"),
    ("demo", "充电宝显示签收了但我没收到"),
    ("gen", "my stunt kite shows delivered but I never got it"),
])
async def test_not_received_still_opens_an_investigation(settings: Any, tmp_path: Path, models: Any,
                                                         where: str, text: str) -> None:
    path, user, asked = (DEMO, DEMO_USER, DEMO_ASKED) if where == "demo" else \
        (_gen_shop(tmp_path).path, GEN_USER, GEN_ASKED)
    out, _ = await replay(settings, path, user, [text], tmp_path / "c.db")
    assert _writes(out) == ["create_ticket"] and asked in out[0]["reply"], out[0]["reply"]


@pytest.mark.parametrize(("where", "text"), [
    ("demo", "was my power bank delivered?"), ("demo", "did the power bank get delivered?"),
    ("demo", "充电宝送到了吗"), ("gen", "did the stunt kite get delivered?"), ("gen", "has my stunt kite arrived yet?"),
])
async def test_a_status_question_alone_opens_nothing(settings: Any, tmp_path: Path, models: Any,
                                                     where: str, text: str) -> None:
    path, user, asked = (DEMO, DEMO_USER, DEMO_ASKED) if where == "demo" else \
        (_gen_shop(tmp_path).path, GEN_USER, GEN_ASKED)
    out, _ = await replay(settings, path, user, [text], tmp_path / "c.db")
    assert _writes(out) == [] and _status_said(out[0]["reply"], asked), out[0]["reply"]


# -- unit: the reading ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["was my power bank delivered?", "has the kite arrived yet", "did it get delivered?",
                                  "充电宝送到了吗", "充电宝到了没", "包裹到哪了", "where is my order"])
def test_asks_status(text: str) -> None:
    assert S.asks_status(text)


@pytest.mark.parametrize("text", ["it says delivered but I never got it", "my parcel still hasn't arrived",
                                  "the kite was delivered damaged", "显示签收了但是没收到", "怎么还没到",
                                  "please change the mat to 4mm", "包裹丢了"])
def test_not_a_plain_status_question(text: str) -> None:
    assert not S.asks_status(text)


def test_status_spans_only_beside_another_request() -> None:
    split = classic._REQUEST_SPLIT
    text = "change the shoes to 43, and was my power bank delivered?"
    (a, b), = S.status_spans(text, split)
    assert "power bank" in text[a:b] and "shoes" not in text[a:b]
    assert S.status_spans("was my power bank delivered?", split) == []      # alone: no other request
    assert S.status_spans("跑鞋换成43码，另外充电宝送到了吗", split) != []
