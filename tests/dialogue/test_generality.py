"""Generated shops nobody wrote the code for (tests/dialogue/gen_shop.py): every id shape, another
currency, carriers and payment types of their own, option values partly in Chinese, a knowledge
folder of their own. Standard scenarios in zh and en run through the real pipeline (`replay`);
per turn: no crash, the right order, no fact of the demo shop, the shop's currency; at the end the
store holds exactly the writes the scenarios asked for and confirmed.

Also: order references in any shape (unit level, on the same generated shops) and which knowledge
folder `serve` / `chat` answer a shop with when `[knowledge] dir` is left at the shipped default.
"""
from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.cli.main import _replay
from bot.core.settings import Settings
from bot.pipeline.runtime import Runtime
from bot.pipeline.shop_knowledge import GENERIC_KNOWLEDGE
from bot.shop import order_ids as O
from tests.dialogue.gen_shop import ID_SHAPES, GenShop, make_shop

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-28T12:00:00+01:00"
SHOPS = [(11, "slashed"), (12, "suffixed"), (13, "digits"), (14, "short"), (15, "hash")]


# ------------------------------------------------------------------ what the demo shop says
def _demo_facts() -> list[str]:
    """The demo shops' carriers, payment names, product words, windows and knowledge sentences."""
    words: set[str] = {"Alipay", "支付宝", "WeChat Pay", "微信支付", "顺丰", "京东", "China time", "北京时间",
                       "9:00–21:00", "¥", "RMB"}
    for name in ("demo_shop.json", "demo_shop_en.json"):
        data = json.loads((ROOT / "config" / name).read_text(encoding="utf-8"))
        for p in data["products"]:
            words.add(p["name"])
            if p.get("name_zh"):
                words.add(p["name_zh"])
        words |= {o["carrier"] for o in data["orders"] if o.get("carrier")}
    for md in (ROOT / "config" / "knowledge").glob("*/*.md"):
        for block in md.read_text(encoding="utf-8").split("---"):
            for sentence in re.split(r"(?<=[.。!！?？])\s*", block):
                sentence = sentence.strip()
                if len(sentence) >= 40 and "{" not in sentence and ":" not in sentence[:12]:
                    words.add(sentence)
    return sorted(words)


DEMO_FACTS = _demo_facts()


def demo_leaks(reply: str, shop: GenShop) -> list[str]:
    own = " ".join([json.dumps(shop.fixture, ensure_ascii=False)])
    hits = []
    for w in DEMO_FACTS:
        if w in own:
            continue          # the generated shop has it too
        if w == "¥":
            if re.search(r"(?<!JP)¥", reply):      # JP¥ is the yen's own sign, not the demo's yuan
                hits.append(w)
        elif re.fullmatch(r"[A-Za-z]{2,5}", w):
            if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", reply):
                hits.append(w)
        elif w.lower() in reply.lower():
            hits.append(w)
    window = shop.fixture["policies"]["return_window_days"]
    for days in (7, 15, 30):       # the demo shops' windows
        if days not in (window, shop.fixture["policies"]["exchange_window_days"]) \
                and re.search(rf"(?<!\d){days} ?(?:days|天)", reply):
            hits.append(f"{days} days")
    return hits


# ------------------------------------------------------------------ order references, any shape
@pytest.mark.parametrize("shape", sorted(ID_SHAPES))
def test_a_part_of_the_customers_own_id_finds_that_order(shape: str, tmp_path: Path) -> None:
    shop = make_shop(21, tmp_path, shape)
    ids = [o["id"] for o in shop.orders_of("c21-0")]
    for oid in ids:
        whole = O.canonical(oid)
        assert O.find_known(f"status of {oid}", ids) == [oid]
        assert O.find_known(f"订单{whole.lower()}到哪了", ids) == [oid]           # separators left out
        wide = oid.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
        assert O.find_known(f"{wide} 什么时候到", ids) == [oid]                  # full-width digits
        part = re.split(r"[^0-9A-Za-z]+", oid.lstrip("#"))
        distinct = [p for p in part if p and sum(p == q for i in ids for q in re.split(r"[^0-9A-Za-z]+", i)) == 1
                    and sum(ch.isdigit() for ch in p) >= 3]
        for p in distinct:
            assert O.find_known(f"where is my order {p}?", ids) == [oid], (shape, oid, p)
    # another customer's id: never one of this customer's, never "found"
    other = [o["id"] for o in shop.orders_of("c21-1")]
    for oid in other:
        assert O.find_known(f"status of {oid}", ids) == []


def test_a_part_fitting_two_of_the_customers_ids_asks_between_them(tmp_path: Path) -> None:
    shop = make_shop(22, tmp_path, "suffixed")
    ids = [o["id"] for o in shop.orders_of("c22-0")]
    number = ids[0].split("-")[1]
    assert ids[1].split("-")[1] == number                         # a split order: one number, two letters
    assert O.find_known(f"where is {number}", ids) == []
    assert O.ambiguous(f"where is {number}", ids) == ids[:2]
    assert O.find_known(f"where is {ids[1].lower()}", ids) == [ids[1]] and O.ambiguous(ids[1], ids) == []


def test_ids_written_in_the_customers_shape_but_not_theirs_are_mentions_not_other_orders() -> None:
    ids = ["ORD/2026/00459", "ORD/2026/00460"]
    assert O.resolve_mentions("ORD/2026/99999 到哪了", [], ids) == ["ORD/2026/99999"]
    assert O.resolve_mentions("where is 00459", ["00459"], ids) == ["ORD/2026/00459"]
    assert O.resolve_mentions("delivered 2026/11/28?", [], ids) == []          # a date
    assert O.find_known("I paid 10.43 for it", ["#1043"]) == []               # an amount
    digits = ["2026112800017", "2026112801290"]
    assert O.find_known("where is 00017?", digits) == ["2026112800017"]       # its last digits
    assert O.find_known("订单０１２９０", digits) == ["2026112801290"]
    for money in ("I paid 1290 CHF", "paid $1290", "1290元"):
        assert O.find_known(money, digits) == [], money
    assert O.resolve_mentions("tracking NP77 1234 5678", [], ["X-1"], {"NP7712345678": "X-1"}) == ["X-1"]


# ------------------------------------------------------------------ knowledge folder by shop
async def _folder(settings: Settings) -> Path:
    rt = await Runtime.open(settings)
    try:
        return Path(rt.settings["knowledge"]["dir"]).resolve()
    finally:
        await rt.close()


async def test_serve_answers_a_seeded_shop_from_its_own_folder_or_the_generic_one(
        make_settings: Callable[..., Settings], models: Any, tmp_path: Path) -> None:
    shop = make_shop(31, tmp_path / "gen")
    assert await _folder(make_settings(DATA_SEED_FIXTURE=str(shop.path), DATA_DB=str(tmp_path / "a.db"))) \
        == (tmp_path / "gen" / "knowledge").resolve()
    beauty = ROOT / "tests" / "dialogue" / "data" / "beauty_shop_eur.json"     # names no folder
    assert await _folder(make_settings(DATA_SEED_FIXTURE=str(beauty), DATA_DB=str(tmp_path / "b.db"))) \
        == GENERIC_KNOWLEDGE.resolve()
    # the demo shop keeps its own folder; a folder chosen in the configuration always wins
    assert await _folder(make_settings(DATA_DB=str(tmp_path / "c.db"))) == (ROOT / "config" / "knowledge").resolve()
    assert await _folder(make_settings(DATA_SEED_FIXTURE=str(beauty), DATA_DB=str(tmp_path / "d.db"),
                                       KNOWLEDGE_DIR=str(tmp_path / "gen" / "knowledge"))) \
        == (tmp_path / "gen" / "knowledge").resolve()


async def test_a_shop_imported_over_the_demo_loses_the_demo_folder(
        make_settings: Callable[..., Settings], models: Any, tmp_path: Path) -> None:
    from bot.cli.main import _store_import, fixture_knowledge
    db = tmp_path / "e.db"
    assert await _folder(make_settings(DATA_DB=str(db))) == (ROOT / "config" / "knowledge").resolve()  # the demo
    beauty = ROOT / "tests" / "dialogue" / "data" / "beauty_shop_eur.json"
    data = json.loads(beauty.read_text(encoding="utf-8"))
    assert await _store_import(make_settings(DATA_DB=str(db)), data, fixture_knowledge(beauty)) == 0
    assert await _folder(make_settings(DATA_DB=str(db))) == GENERIC_KNOWLEDGE.resolve()
    # imported without the file's folder (the store API): the demo seed no longer fits either
    shop = make_shop(32, tmp_path / "gen")
    db2 = tmp_path / "f.db"
    await _folder(make_settings(DATA_DB=str(db2)))
    from bot.shop.store import Store
    store = await Store.open(db2)
    try:
        await store.import_fixture(shop.fixture)
    finally:
        await store.close()
    assert await _folder(make_settings(DATA_DB=str(db2))) == GENERIC_KNOWLEDGE.resolve()


# ------------------------------------------------------------------ scenarios through the pipeline
def _part(oid: str) -> str:
    """How a customer types an id without its prefix: its longest digit run ("00459"), or its
    last segment when that has few digits ("7F3K" of A-7F3K)."""
    digits = max(re.findall(r"\d+", oid), key=len)
    return digits if len(digits) >= 3 else re.split(r"[^0-9A-Za-z]+", oid)[-1]


def _meant(shop: GenShop, customer: str, text: str, oid: str) -> str | list[str]:
    """The order a turn must name: `oid`, or — when the part typed fits several of the
    customer's ids (a split order "SO-41000-A/B") — the candidates the reply must ask between."""
    ids = [o["id"] for o in shop.orders_of(customer)]
    both = O.ambiguous(text, ids)
    return both if both else oid


def scenarios(shop: GenShop) -> list[dict[str, Any]]:
    """Standard scripts; each turn says which order the reply must name (or None) and the
    customer it comes from. Scripts that write say so in `writes`."""
    c0, c1 = f"c{shop.seed}-0", f"c{shop.seed}-1"
    o0 = shop.orders_of(c0)
    o1 = shop.orders_of(c1)
    delivered, shipped, paid = o0[0], o0[1], o0[2]
    line2 = delivered["items"][1]
    product_of = {p["id"]: p for p in shop.fixture["products"]}
    # the product name as the customer writes it (its zh name in zh when it has one)
    name_en = product_of[line2["product_id"]]["name"].lower()
    name_zh = product_of[line2["product_id"]].get("name_zh") or name_en
    wp = product_of[o0[3]["items"][0]["product_id"]]
    # an option change on c1's unshipped order: the first line whose product has another value
    change_line = next(li for li in o1[2]["items"] if any(len(v) > 1 for v in product_of[li["product_id"]]["options"].values()))
    cp = product_of[change_line["product_id"]]
    dim = next(d for d, v in cp["options"].items() if len(v) > 1)
    new_value = next(v for v in cp["options"][dim] if v != change_line["options"][dim])
    wanted = dict(change_line["options"], **{dim: new_value})
    new_sku = next(v["sku"] for v in cp["variants"] if v["options"] == wanted)
    pending = o0[4]
    return [
        {"conv": "change-en", "who": c1,
         "turns": [(f"on order {o1[2]['id']} could I change the {cp['name'].lower()} to {new_value} instead?", o1[2]["id"]),
                   ("yes", o1[2]["id"])],
         "writes": {"changed": (o1[2]["id"], change_line["sku"], new_sku)}},
        {"conv": "cancel-zh", "who": c0, "turns": [(f"{pending['id']} 不想要了，帮我取消", pending["id"]),
                                                     ("是的", pending["id"])],
         "writes": {"cancelled_zh": pending["id"]}},
        {"conv": "status-en", "who": c0, "turns": [(f"status of {shipped['id']}", shipped["id"])]},
        {"conv": "status-zh", "who": c0, "turns": [(t, _meant(shop, c0, t, shipped["id"])) for t in
                                                     [f"订单{_part(shipped['id'])}现在什么状态？"]]},
        {"conv": "parcel-en", "who": c0, "turns": [(t, _meant(shop, c0, t, shipped["id"])) for t in
                                                     [f"where is my parcel {_part(shipped['id'])}?"]]},
        {"conv": "parcel-full-en", "who": c0, "turns": [(f"where is my parcel {O.canonical(shipped['id']).lower()}?",
                                                          shipped["id"])]},
        {"conv": "parcel-zh", "who": c1, "turns": [(f"{o1[1]['id']} 的包裹到哪了", o1[1]["id"])]},
        {"conv": "cancel-en", "who": c0, "turns": [(f"please cancel order {O.canonical(paid['id']).lower()}", paid["id"]),
                                                     ("yes please", paid["id"])],
         "writes": {"cancelled": paid["id"]}},
        {"conv": "return-zh", "who": c0, "turns": [(f"{delivered['id']} 里的{name_zh}我想退一个", delivered["id"]),
                                                     ("是的，确认", delivered["id"])],
         "writes": {"return": (delivered["id"], line2["sku"], 1)}, "name_en": name_en},
        {"conv": "invoice-en", "who": c1, "turns": [(f"I need an invoice for order {o1[0]['id']}", o1[0]["id"])]},
        {"conv": "warranty-en", "who": c0,
         "turns": [(f"how long is the warranty on the {wp['name'].lower()} from {_part(o0[3]['id'])}?", o0[3]["id"])]},
        {"conv": "warranty-zh", "who": c0,
         "turns": [(f"{o0[3]['id']} 的{wp.get('name_zh') or wp['name']}保修多久？", o0[3]["id"])]},
        {"conv": "refund-en", "who": c1, "turns": [(t, _meant(shop, c1, t, o1[0]["id"])) for t in
                                                     [f"where is my refund for {_part(o1[0]['id'])}?"]]},
        {"conv": "stranger-en", "who": None, "turns": [("how many days do I have to return something?", None)]},
        {"conv": "stranger-zh", "who": None, "turns": [("你们的退货期限是几天？", None)]},
        {"conv": "price-en", "who": None, "turns": [(f"how much is the {wp['name'].lower()}?", None)]},
    ]


async def run_shop(make_settings: Callable[..., Settings], tmp: Path, seed: int, shape: str
                   ) -> tuple[GenShop, list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    shop = make_shop(seed, tmp / f"shop{seed}", shape)
    settings = make_settings(DATA_DB=str(tmp / f"shop{seed}.db"))
    scripts = scenarios(shop)
    lines = []
    for sc in scripts:
        user = shop.identity[sc["who"]] if sc["who"] else f"telegram:9{seed}0001"
        for text, _ in sc["turns"]:
            lines.append({"conversation": f"{seed}-{sc['conv']}", "user": user, "text": text})
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    await _replay(settings, str(shop.path), datetime.fromisoformat(NOW), fresh=True, stdin=stdin, stdout=out,
                  stderr=err)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert len(rows) == len(lines), err.getvalue()[-2000:]
    rt = await Runtime.open(settings, seed=False)
    try:
        exported = await rt.store.export_fixture()
    finally:
        await rt.close()
    return shop, scripts, rows, exported


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, models: Any) -> list[Any]:
    import asyncio

    from bot.core.settings import load_settings
    from tests.conftest import TEST_MASTER_KEY
    tmp = tmp_path_factory.mktemp("generality")

    def make(**env: str) -> Settings:
        base = {"AFTERSALES_DATA_DIR": str(tmp / "data"), "AFTERSALES_MASTER_KEY": TEST_MASTER_KEY,
                "AFTERSALES_GENERATOR_KIND": "template"}
        base.update({"AFTERSALES_" + k: v for k, v in env.items()})
        return load_settings(env=base)
    return [asyncio.run(run_shop(make, tmp, seed, shape)) for seed, shape in SHOPS]


def _variants(shop: GenShop) -> list[dict[str, Any]]:
    return [v for p in shop.fixture["products"] for v in p["variants"]]


def _turns(run: Any) -> list[tuple[dict[str, Any], str, str | None, dict[str, Any]]]:
    shop, scripts, rows, _ = run
    out, k = [], 0
    for sc in scripts:
        for text, oid in sc["turns"]:
            out.append((sc, text, oid, rows[k]))
            k += 1
    return out


def test_every_turn_answers_without_a_demo_fact(runs: list[Any]) -> None:
    # the check reads the demo's facts: carriers, payment names, products, knowledge sentences
    assert {"Alipay", "SF", "Rice cooker"} <= set(DEMO_FACTS) and len(DEMO_FACTS) > 60
    for run in runs:
        shop = run[0]
        for _sc, text, _, row in _turns(run):
            reply = row["reply"]
            assert reply.strip(), (shop.shape, text)
            assert not demo_leaks(reply, shop), (shop.shape, text, reply, demo_leaks(reply, shop))


def test_the_right_order_is_named_in_every_turn(runs: list[Any]) -> None:
    for run in runs:
        shop = run[0]
        for sc, text, oid, row in _turns(run):
            if oid is None:
                continue
            reply = row["reply"]
            if isinstance(oid, list):        # a part of several ids: ask between exactly those
                named = [o["id"] for o in shop.fixture["orders"] if o["id"] in reply]
                # (or, when none of the customer's orders has what is asked, says so for all of them)
                assert sorted(named) == sorted(oid) or (not named and sc["conv"].startswith("refund")), \
                    (shop.shape, text, reply)
                continue
            assert oid in reply or oid in (row["trace"].get("entities") or {}).get("order_ids", []), \
                (shop.shape, text, reply)
            others = [o["id"] for o in shop.fixture["orders"] if o["id"] != oid and o["id"] in reply
                      and o["id"] not in oid]
            assert not others, (shop.shape, text, reply)


def test_the_shops_currency_and_its_own_facts_are_shown(runs: list[Any]) -> None:
    symbol = {"EUR": "€", "GBP": "£", "JPY": "JP¥", "CHF": "CHF"}
    for run in runs:
        shop = run[0]
        by_conv = {}
        for sc, _text, _oid, row in _turns(run):
            by_conv.setdefault(sc["conv"], []).append(row["reply"])
        price = by_conv["price-en"][0]
        assert symbol[shop.currency] in price or shop.currency in price, (shop.currency, price)
        window = str(shop.fixture["policies"]["return_window_days"])
        assert window in by_conv["stranger-en"][0] and window in by_conv["stranger-zh"][0]
        months = shop.fixture["facts"]["warranty"]["months"]
        wp_cat = shop.orders_of(f"c{shop.seed}-0")[3]["items"][0]["category"]
        assert str(months[wp_cat]) in by_conv["warranty-en"][0], by_conv["warranty-en"][0]
        # the shop's own claim guide (its knowledge folder), in both languages
        assert "Uppsala depot" in by_conv["warranty-en"][0] and "乌普萨拉仓库" in by_conv["warranty-zh"][0]
        carrier = shop.orders_of(f"c{shop.seed}-0")[1]["carrier"]
        assert carrier in by_conv["parcel-full-en"][0], by_conv["parcel-full-en"][0]


def test_the_store_holds_exactly_the_confirmed_writes(runs: list[Any]) -> None:
    for run in runs:
        shop, scripts, rows, exported = run
        writes = {k: v for sc in scripts for k, v in (sc.get("writes") or {}).items()}
        before = {o["id"]: o for o in shop.fixture["orders"]}
        after = {o["id"]: o for o in exported["orders"]}
        changed = {oid for oid in before if after[oid]["status"] != before[oid]["status"]}
        assert changed == {writes["cancelled"], writes["cancelled_zh"]}, (shop.shape, changed)
        assert after[writes["cancelled"]]["status"] == after[writes["cancelled_zh"]]["status"] == "cancelled"
        cid, old_sku, new_sku = writes["changed"]
        skus = [i["sku"] for i in after[cid]["items"]]
        assert new_sku in skus and old_sku not in skus, (shop.shape, skus)
        assert len(skus) == len(before[cid]["items"])
        oid, sku, qty = writes["return"]
        returns = exported.get("returns") or []
        assert len(returns) == 1, (shop.shape, returns)
        assert returns[0]["order_id"] == oid and returns[0]["skus"] == [sku], returns
        assert (returns[0].get("quantities") or {sku: 1}).get(sku, 1) == qty, returns
        assert not exported.get("exchanges"), shop.shape
        # the refunds the cancel and the return open, in the shop's currency, nothing else
        refunds = sorted((r["order_id"], r["currency"]) for r in exported.get("refunds") or [])
        paid_cancel = [writes["cancelled"]] + ([writes["cancelled_zh"]] if before[writes["cancelled_zh"]]["status"]
                                               != "pending" else [])
        cheaper = sum(float(v["price"]) for v in _variants(shop) if v["sku"] == new_sku) \
            < sum(float(i["price"]) for i in before[cid]["items"] if i["sku"] == old_sku)
        assert refunds == sorted([(o, shop.currency) for o in [*paid_cancel, oid] + ([cid] if cheaper else [])]), \
            refunds
        kinds = sorted((c["order_id"], c["kind"]) for c in exported.get("order_changes") or [])
        assert [k for k in kinds if k[1] == "cancel"] == sorted([(writes["cancelled"], "cancel"),
                                                                  (writes["cancelled_zh"], "cancel")]), kinds
        assert {k[0] for k in kinds} == {writes["cancelled"], writes["cancelled_zh"], cid}, kinds
        for oid2 in before:
            assert after[oid2]["items"] == before[oid2]["items"] or oid2 in (writes["cancelled"], cid), oid2
        owners = {c["id"] for c in shop.fixture["customers"]}
        for ticket in exported.get("tickets") or []:
            assert ticket.get("customer_id") in owners | {None}, ticket
