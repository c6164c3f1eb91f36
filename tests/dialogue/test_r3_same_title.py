"""Round 3, references across orders: after an invoice for order A, "the same title for my other
order" / "另一个订单也开同样的抬头" is the title (and tax id) THIS conversation used for A, put on
another order of the customer (asked with candidates when there are several), read back and
written only after a yes — never the words "the same title", never order A again. Demo shop and a
generated shop (other id shape, other catalogue); the store export is checked."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import carried as CV
from bot.dialogue.state import DialogueState
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import DEMO_SHOP, replay

# (first request naming {A} with a title, the follow-up, the title it carries, the tax id)
PROBES = [
    ("Please invoice order {A} to Nordlicht Rad AG, tax number DE812345678",
     "and the same title for my other order", "Nordlicht Rad AG", "DE812345678"),
    ("发票开到订单{A}，抬头 上海云帆科技有限公司 税号 91310000MA1FL5LT2X",
     "另一个订单也开同样的抬头", "上海云帆科技有限公司", "91310000MA1FL5LT2X"),
    ("invoice for {A}: Brandt Velo GmbH", "same title for {B} please", "Brandt Velo GmbH", None),
    ("订单{A}开发票，抬头杭州云帆科技有限公司", "{B}也要，抬头一样", "杭州云帆科技有限公司", None),
    ("need an invoice for {A}, company Acme Trading Ltd",
     "can you do my other order with the same company name too", "Acme Trading Ltd", None),
    ("{A}开票 抬头：北京星河贸易有限公司", "另外一单也按这个抬头开", "北京星河贸易有限公司", None),
    ("hi! could I get an invoice for order {A}? title Kettle & Co. Ltd, VAT number GB123456789",
     "thx. my other order - same details pls", "Kettle & Co. Ltd", "GB123456789"),
]
BAD = ("same title", "同样的抬头", "抬头一样", "same company", "same details", "按这个")


def _shop(kind: str, tmp: Path) -> tuple[Path, str, list[str]]:
    if kind == "demo":
        return DEMO_SHOP, "whatsapp:8613912345678", ["SO202611220541", "SO202611160527"]
    s = make_shop(12, tmp, "suffixed")
    cid = s.fixture["customers"][0]["id"]
    return s.path, s.identity[cid], [o["id"] for o in s.orders_of(cid) if o["status"] not in ("cancelled", "pending")]


@pytest.mark.parametrize("kind", ["demo", "gen"])
@pytest.mark.parametrize("case", range(len(PROBES)))
async def test_the_same_title_goes_on_the_other_order(case: int, kind: str, settings: Any, tmp_path: Path,
                                                      models: Any) -> None:
    first, follow, name, tax = PROBES[case]
    path, user, ok = _shop(kind, tmp_path)
    a, b = ok[0], ok[1]
    yes = "yes" if first.isascii() else "确认"
    texts = [first.format(A=a), yes, follow.format(B=b)]
    out, _ = await replay(settings, path, user, texts, tmp_path / "a.db")
    asked = out[-1]["trace"]["flow"]["step"] == "choose_order"
    if asked:
        # Several other orders: a question listing them, never order A, and nothing written yet.
        assert a not in out[-1]["reply"] and b in out[-1]["reply"], out[-1]["reply"]
        texts.append(b)
    out, shop = await replay(settings, path, user, [*texts, yes], tmp_path / "b.db")
    confirm = out[-2]["reply"]
    assert name in confirm and b in confirm and a not in confirm, confirm
    if tax:
        assert tax in confirm, confirm
    assert not any(w in confirm for w in BAD), confirm
    mine = {i["order_id"]: i.get("title") for i in shop["invoices"] if i["order_id"] in (a, b)}
    assert mine.get(b) and name in mine[b] and (tax is None or tax in mine[b]), mine
    assert name in str(mine.get(a)), mine          # order A keeps its own invoice, written once
    assert len([i for i in shop["invoices"] if i["order_id"] == b]) == 1


async def test_nothing_is_written_for_the_other_order_without_a_yes(settings: Any, tmp_path: Path,
                                                                     models: Any) -> None:
    path, user, ok = _shop("gen", tmp_path)
    out, shop = await replay(settings, path, user, [f"invoice for {ok[0]}: Brandt Velo GmbH", "yes",
                                                     f"same title for {ok[1]} please"], tmp_path / "c.db")
    assert "Brandt Velo GmbH" in out[-1]["reply"] and ok[1] in out[-1]["reply"]
    assert [i["order_id"] for i in shop["invoices"] if i["order_id"] in ok] == [ok[0]]


async def test_same_title_with_nothing_used_yet_is_never_the_words(settings: Any, tmp_path: Path,
                                                                   models: Any) -> None:
    path, user, ok = _shop("gen", tmp_path)
    out, shop = await replay(settings, path, user, [f"invoice for {ok[1]} with the same title please", "yes"],
                             tmp_path / "d.db")
    for o in out:
        assert "same title" not in o["reply"].replace("the same title", "") or "?" in o["reply"]
    assert not [i for i in shop["invoices"] if i["order_id"] == ok[1] and "same" in str(i.get("title")).lower()]


def test_the_last_used_value_is_the_one_carried() -> None:
    st = DialogueState()
    assert CV.used(st, "invoice_title") is None
    CV.remember(st, "invoice_title", "A1", "Alpha AG / DE1", "Alpha AG / DE1")
    CV.remember(st, "invoice_title", "B2", "Beta Ltd", "<ORG>")
    assert CV.used(st, "invoice_title") == ("Beta Ltd", "<ORG>", "B2")
    CV.remember(st, "invoice_title", "A1", "Alpha AG / DE1")
    assert CV.used(st, "invoice_title") == ("Alpha AG / DE1", "Alpha AG / DE1", "A1")
    saved: dict[str, Any] = {}
    st.save(saved)                                  # survives the state being stored and loaded
    assert CV.used(DialogueState.load(saved), "invoice_title") == ("Alpha AG / DE1", "Alpha AG / DE1", "A1")


@pytest.mark.parametrize("text", ["and the same title for my other order", "另一个订单也开同样的抬头", "抬头一样",
                                  "same details pls", "按这个抬头开", "same company name too", "same as before"])
def test_same_value_is_read_in_both_languages(text: str) -> None:
    assert CV.SAME_VALUE.search(text)


@pytest.mark.parametrize("text", ["invoice for my other order", "Brandt Velo GmbH", "开发票，抬头杭州云帆科技有限公司",
                                  "the same order arrived twice"])
def test_no_same_value_without_one(text: str) -> None:
    assert not CV.SAME_VALUE.search(text)
