"""Round 3, invoice re-issue: the tax number given with the title (ABN, VAT, 税号, org nr …, also
written in digit groups or as the answer to "what should the title be?") is in the confirmation
and in the re-issue request; a question asked inside the open confirmation ("how long will it
take?", "大概需要多久？") is answered and the same yes asked again, with nothing written until the
yes. Demo shop and a generated shop (digit-only order ids, other currency, an issued invoice of
its own); the store export is checked."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.flows.invoice import invoice_title
from bot.lang import cues as C
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import DEMO_SHOP, replay

# (messages up to the confirmation, the title, the tax id, a question asked at the confirmation or None)
PROBES = [
    (["please reissue the invoice for {A} with title Nordlicht Rad AG, ABN 51 824 753 556"],
     "Nordlicht Rad AG", "51 824 753 556", None),
    (["发票{A}要重开，抬头改成上海云帆科技有限公司，税号91310000MA1FL5LT2X"], "上海云帆科技有限公司", "91310000MA1FL5LT2X", None),
    (["reissue invoice {A}", "Brandt Velo GmbH, VAT DE812345678"], "Brandt Velo GmbH", "DE812345678", None),
    (["can you redo the invoice on {A}? Company: Harbour Tools Pty Ltd ABN 51824753556"],
     "Harbour Tools Pty Ltd", "51824753556", "how long will it take?"),
    (["{A}的发票抬头开错了，重开成深圳前海星河有限公司 税号 91440300MA5ABCDE1X"], "深圳前海星河有限公司", "91440300MA5ABCDE1X",
     "大概需要多久？"),
    (["Need invoice {A} re-issued to 'Fjord Design AS', org nr 987654321"], "Fjord Design AS", "987654321",
     "and when will I get it?"),
]


def _shop(kind: str, tmp: Path) -> tuple[Path, str, str]:
    if kind == "demo":
        return DEMO_SHOP, "dingtalk:chenjing88", "SO202611170528"
    s = make_shop(13, tmp, "digits")
    cid = s.fixture["customers"][0]["id"]
    a = s.orders_of(cid, "delivered")[0]["id"]
    s.fixture["invoices"] = [{"id": "FV-77-1", "order_id": a, "status": "issued", "title": "Old Name Oy",
                              "created_at": "2026-11-20T09:30:00+01:00"}]
    s.path.write_text(json.dumps(s.fixture, ensure_ascii=False), encoding="utf-8")
    return s.path, s.identity[cid], a


def _reissues(shop: dict[str, Any], order_id: str) -> list[str]:
    return [str(line) for t in shop["tickets"] if t.get("order_id") == order_id
            for line in t.get("transcript") or [] if "new_title=" in str(line)]


@pytest.mark.parametrize("kind", ["demo", "gen"])
@pytest.mark.parametrize("case", range(len(PROBES)))
async def test_the_tax_id_reaches_confirmation_and_request(case: int, kind: str, settings: Any, tmp_path: Path,
                                                          models: Any) -> None:
    msgs, name, tax, question = PROBES[case]
    path, user, a = _shop(kind, tmp_path)
    zh = not msgs[0].isascii()
    texts = [m.format(A=a) for m in msgs]
    if question:
        texts.append(question)
    out, shop = await replay(settings, path, user, texts, tmp_path / "a.db")
    confirm = out[len(msgs) - 1]["reply"]
    assert name in confirm and tax in confirm and a in confirm, confirm
    assert not _reissues(shop, a)                  # nothing before the yes
    if question:
        asked = out[-1]
        # a time is stated before the confirmation is asked again: the shop's invoice page's own
        # words when it has them ("within 1 business day"), else its reply hours
        units = ("小时", "工作日", "天") if zh else ("hour", "day")
        said = asked["reply"].split(name)[0]
        assert any(u in said for u in units) and any(ch.isdigit() for ch in said), asked["reply"]
        assert name in asked["reply"] and tax in asked["reply"], asked["reply"]    # the same yes asked again
        assert asked["trace"]["flow"] == {"name": "invoice", "step": "confirm"}
    out, shop = await replay(settings, path, user, [*texts, "确认" if zh else "yes"], tmp_path / "b.db")
    made = _reissues(shop, a)
    assert len(made) == 1 and name in made[0] and tax in made[0], made
    assert tax in out[-1]["reply"], out[-1]["reply"]


async def test_a_no_at_the_confirmation_after_a_question_writes_nothing(settings: Any, tmp_path: Path,
                                                                        models: Any) -> None:
    path, user, a = _shop("gen", tmp_path)
    _, shop = await replay(settings, path, user, [f"redo the invoice on {a}: Harbour Tools Pty Ltd ABN 51824753556",
                                                  "how long will it take?", "no"], tmp_path / "n.db")
    assert not _reissues(shop, a)


@pytest.mark.parametrize(("text", "tax"), [
    ("title Nordlicht Rad AG, ABN 51 824 753 556", "51 824 753 556"), ("org nr 987654321", "987654321"),
    ("USt-IdNr. DE812345678", "DE812345678"), ("GST number 123456789", "123456789"),
    ("税号 91310000MA1FL5LT2X", "91310000MA1FL5LT2X")])
def test_tax_id_cues(text: str, tax: str) -> None:
    m = C.TAX_ID.search(text)
    assert m and m.group(1) == tax


@pytest.mark.parametrize("text", ["VAT included?", "the price incl. vat is 20 percent", "my order number 123456789"])
def test_no_tax_id_without_one(text: str) -> None:
    assert not C.TAX_ID.search(text)


def test_the_lead_verb_is_not_part_of_a_chinese_title() -> None:
    assert invoice_title("重开成深圳前海星河有限公司 税号 91440300MA5ABCDE1X") == "深圳前海星河有限公司 / 91440300MA5ABCDE1X"
    assert invoice_title("re-issued to 'Fjord Design AS', org nr 987654321") == "Fjord Design AS / 987654321"
