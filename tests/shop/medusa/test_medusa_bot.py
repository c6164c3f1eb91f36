"""The bot itself on Medusa, by configuration only: `aftersales replay` with `[shop] backend =
"medusa"` answers from Medusa's orders and cancels through Medusa's workflow."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.core.settings import PROJECT_ROOT
from tests.shop.medusa_harness import IDENTITY_KEY, MedusaInstance


def _replay(medusa: MedusaInstance, tmp_path: Path, lines: list[dict]) -> list[dict]:
    env = {**os.environ, "AFTERSALES_SHOP_BACKEND": "medusa", "AFTERSALES_SHOP_BASE_URL": medusa.base_url,
           "AFTERSALES_SHOP_IDENTITY_KEY": IDENTITY_KEY, "AFTERSALES_MEDUSA_API_KEY": medusa.seeded.api_key,
           "AFTERSALES_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "replay", "--generator", "template"],
                          input="".join(json.dumps(line) + "\n" for line in lines), cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert medusa.seeded.api_key not in proc.stdout + proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


async def test_bot_lists_and_cancels_through_medusa(medusa: MedusaInstance, tmp_path: Path) -> None:
    ref = medusa.seeded.refs["anna_bot_cancel"]
    user = "telegram:7001"
    out = _replay(medusa, tmp_path, [
        {"conversation": "m1", "user": user, "text": "Where is my order?"},
        {"conversation": "m2", "user": user, "text": f"Please cancel my order {ref}"},
        {"conversation": "m2", "user": user, "text": "yes, please cancel it"},
    ])
    # Turn 1: the orders listed are Anna's, read from Medusa (ids as Medusa shows them).
    listed = {o["id"] for a in out[0]["trace"]["actions"] if a["name"] == "list_orders"
              for o in a["result"].get("orders", [])}
    assert ref in listed and medusa.seeded.refs["ben_paid"] not in listed
    # The cancellation went through Medusa's own workflow.
    order = (await medusa.admin.get(f"/admin/orders/{medusa.seeded.orders['anna_bot_cancel']}",
                                    fields="status,payment_status"))["order"]
    actions = [(a["name"], a["ok"]) for turn in out[1:] for a in turn["trace"]["actions"]]
    assert ("cancel_order", True) in actions, [t["reply"] for t in out]
    assert order["status"] == "canceled" and order["payment_status"] == "refunded"
    assert ref in out[1]["reply"] + out[2]["reply"]
