"""The shop end to end as a user runs it: `store import`, the real pipeline (`replay`), the tools
on the same sealed database in another process, `store export` showing DESIGN.md's records,
and `shop check`.

The dialogue of today can cancel, read orders and hand off through `replay`; item changes,
quantity returns, option-chosen exchanges, payment and default-address changes are driven
through ShopTools (what the dialogue calls) until the dialogue core (#13) asks for them.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

from tests.conftest import TEST_MASTER_KEY
from tests.shop.contract import contract_fixture

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-28T12:00:00+00:00"

DRIVE = textwrap.dedent("""
    import asyncio, json, sys
    from datetime import datetime
    from bot.core.settings import load_settings
    from bot.shop.store.builtin import BuiltinShop
    from bot.shop.tools import ShopTools
    from bot.core.trace import Trace

    async def main():
        settings = load_settings(overrides={"data": {"db": sys.argv[1]}})
        shop = await BuiltinShop.open(settings)
        trace = Trace()
        try:
            tools = ShopTools(shop, await shop.policies(), datetime.fromisoformat(sys.argv[2]), trace)
            alice = (await tools.resolve_customer("telegram:9001")).customer
            out = {}
            # An item change by a non-size/colour option on the pending order, paid by PayPal.
            match = await tools.match_variant(alice, "C1002", "SP-AX", "actually the Google Home version")
            out["match"] = match.data
            out["items"] = (await tools.change_items(alice, "C1002", [("SP-AX", 1, match.data["new_sku"])],
                                                     payment_method_id="pm_a_paypal")).data
            out["payment"] = (await tools.change_payment(alice, "#C1002", "pm_a_paypal")).code
            out["default"] = (await tools.change_default_address(alice, "77 Mission St, San Francisco")).data
            # One of the two shirts back, to PayPal; the speaker exchanged for the Alexa one.
            out["return"] = (await tools.create_return(alice, "#C1004", "too_small", items=[("SH-M-WH", 1)],
                                                       refund_to="pm_a_paypal")).data
            alexa = await tools.match_variant(alice, "#C1004", "SP-GH", "I wanted the Amazon Alexa one")
            out["exchange"] = (await tools.create_exchange(alice, "#C1004", "SP-GH", "the Amazon Alexa one",
                                                           "wrong_assistant", new_sku=alexa.data["new_sku"])).data
            out["trace"] = trace.actions
            print(json.dumps(out, ensure_ascii=False))
        finally:
            await shop.close()

    asyncio.run(main())
""")


def run(args: list[str], tmp: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, AFTERSALES_DATA_DIR=str(tmp / "data"), AFTERSALES_MASTER_KEY=TEST_MASTER_KEY,
               HF_HUB_OFFLINE="1")
    return subprocess.run([sys.executable, *args], cwd=ROOT, input=stdin, text=True, capture_output=True, env=env,
                          timeout=300)


def test_replay_tools_and_export_show_the_records(tmp_path: Path) -> None:
    fixture = tmp_path / "shop.json"
    fixture.write_text(json.dumps(contract_fixture(datetime.fromisoformat(NOW))), encoding="utf-8")
    db = str(tmp_path / "shop.db")
    imported = run(["-m", "bot.cli", "store", "import", str(fixture), "--db", db], tmp_path)
    assert imported.returncode == 0, imported.stderr

    lines = [{"conversation": "a", "user": "telegram:9001", "text": "where is my order c1003?"},
             {"conversation": "b", "user": "telegram:9001", "text": "please cancel order #C1001"},
             {"conversation": "b", "user": "telegram:9001", "text": "yes"},
             {"conversation": "c", "user": "telegram:9002", "text": "cancel order C1002"}]
    replay = run(["-m", "bot.cli", "replay", "--db", db, "--now", NOW], tmp_path,
                 "\n".join(json.dumps(x) for x in lines) + "\n")
    assert replay.returncode == 0, replay.stderr
    out = [json.loads(x) for x in replay.stdout.splitlines()]
    assert "1Z999AA10123456784" in out[0]["reply"]            # "c1003" is Alice's "#C1003"
    assert out[0]["trace"]["entities"]["order_ids"] == ["#C1003"]
    cancelled = [a for a in out[2]["trace"]["actions"] if a["name"] == "cancel_order"]
    assert cancelled and cancelled[0]["ok"]
    # Bob names Alice's order: exactly the answer for an order that does not exist.
    assert not any(a["name"] == "cancel_order" and a["ok"] for a in out[3]["trace"]["actions"])

    driven = run(["-c", DRIVE, db, NOW], tmp_path)
    assert driven.returncode == 0, driven.stderr
    res = json.loads(driven.stdout)
    assert res["match"]["new_sku"] == "SP-GH" and res["match"]["changed"] == {"assistant": "Google Home"}
    assert res["items"]["price_difference"] == "10.00" and res["payment"] == "ok"
    assert res["return"]["items"] == [{"sku": "SH-M-WH", "qty": 1}]
    assert res["exchange"]["items"] == [{"sku": "SP-GH", "qty": 1, "new_sku": "SP-AX"}]
    dump = json.dumps(res["trace"], ensure_ascii=False)
    for secret in ("77 Mission St", "PayPal al***", "Visa •••• 4242", "1 Market St"):
        assert secret not in dump

    exported = run(["-m", "bot.cli", "store", "export", "--db", db], tmp_path)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    changes = {(c["order_id"], c["kind"]): c for c in data["order_changes"]}
    assert set(changes) == {("#C1001", "cancel"), ("#C1002", "items"), ("#C1002", "payment")}
    items = changes[("#C1002", "items")]
    assert (items["before"], items["after"]) == ([{"sku": "SP-AX", "qty": 1}], [{"sku": "SP-GH", "qty": 1}])
    assert set(items) >= {"id", "order_id", "kind", "before", "after", "created_at"}
    assert (changes[("#C1002", "payment")]["before"], changes[("#C1002", "payment")]["after"]) == (
        "pm_a_card", "pm_a_paypal")
    (ret,) = data["returns"]
    assert set(ret) >= {"id", "order_id", "status", "reason", "created_at", "items", "refund_amount", "refund_to"}
    assert (ret["order_id"], ret["items"], ret["refund_amount"], ret["refund_to"]) == (
        "#C1004", [{"sku": "SH-M-WH", "qty": 1}], "20.00", "pm_a_paypal")
    (ex,) = data["exchanges"]
    assert set(ex) >= {"id", "order_id", "status", "reason", "created_at", "items", "wanted", "price_difference"}
    assert (ex["items"], ex["wanted"], ex["price_difference"]) == (
        [{"sku": "SP-GH", "qty": 1, "new_sku": "SP-AX"}], "the Amazon Alexa one", "-10.00")
    alice = next(c for c in data["customers"] if c["id"] == "cus_alice")
    assert alice["default_address"] == "77 Mission St, San Francisco"
    orders = {o["id"]: o for o in data["orders"]}
    assert orders["#C1001"]["status"] == "cancelled" and orders["#C1002"]["status"] == "pending"
    assert orders["#C1002"]["payment_method_id"] == "pm_a_paypal" and orders["#C1002"]["total"] == "99.00"
    # Sealed at rest: the new addresses are not in the database files.
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("shop.db*"))
    assert b"77 Mission St" not in raw and b"PayPal al***" not in raw

    check = run(["-m", "bot.cli", "shop", "check", "--db", db], tmp_path)
    assert check.returncode == 0, check.stderr
    report = json.loads(check.stdout)
    assert report["backend"] == "builtin" and report["ok"]
    assert (report["counts"]["orders"], report["counts"]["order_changes"], report["counts"]["returns"]) == (7, 3, 1)


def test_shop_check_names_a_missing_connector(tmp_path: Path) -> None:
    env = dict(os.environ, AFTERSALES_DATA_DIR=str(tmp_path / "data"), AFTERSALES_MASTER_KEY=TEST_MASTER_KEY,
               AFTERSALES_SHOP_BACKEND="medusa", AFTERSALES_SHOP_BASE_URL="http://127.0.0.1:9")
    result = subprocess.run([sys.executable, "-m", "bot.cli", "shop", "check", "--db", str(tmp_path / "x.db")],
                            cwd=ROOT, text=True, capture_output=True, env=env, timeout=120)
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["backend"] == "medusa" and not report["ok"]
    assert report["detail"]
