"""route13 probes: faults on delivered items and follow-ups sent to stale flows, on the demo shop and on
a shop nobody wrote the code for (round 9's home-goods shop). Not a pytest module: it replays every probe
through `aftersales replay` and counts the last turn of each probe judged right by its check.

    /work/main/.venv/bin/python tests/dialogue/probes_route13/probes.py [-v] [CLASS] [--root CHECKOUT]

--root: the checkout whose code answers (default: this one), e.g. an export of the commit before route13.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/dialogue: probe_tally
import probe_tally  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
RUN = ROOT / "tests" / "playtest" / "run.py"
SHOPS = {"demo": (ROOT / "config" / "demo_shop.json", None),
         "shop6": (ROOT / "tests" / "playtest9" / "shop6" / "shop.json", ROOT / "tests" / "playtest9" / "shop6" / "knowledge")}
Check = Callable[[str, dict[str, Any]], bool]


_BACK = ("shall we go back", "要继续刚才的", "还要为您办理", "shall i still", "would you like to go back")


def main_part(reply: str) -> str:
    """The reply without the paused flow offered back in its own paragraph (that offer is wanted)."""
    return "\n\n".join(p for p in reply.split("\n\n") if not p.strip().lower().startswith(_BACK))


def acts(t: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [a for a in t["actions"] if a["name"] == name]


def no_lost_parcel(reply: str, t: dict[str, Any]) -> bool:
    tickets = [a for a in acts(t, "create_ticket") + acts(t, "add_to_ticket")
               if "delivery" in json.dumps(a.get("args", {}), ensure_ascii=False)]
    words = ("not received", "never arrived", "investigat", "没收到", "未收到", "调查", "未送达", "没有收到")
    return not tickets and not any(w in reply.lower() for w in words)


def fault_path(reply: str, t: dict[str, Any]) -> bool:
    faultish = ("replace", "exchange", "photo", "sorry", "换", "照片", "抱歉", "质保", "warranty", "fault", "故障")
    return no_lost_parcel(reply, t) and any(w in reply.lower() for w in faultish)


def has(*words: str, banned: tuple[str, ...] = ()) -> Check:
    def check(reply: str, t: dict[str, Any]) -> bool:
        low = main_part(reply).lower()
        return any(w.lower() in low for w in words) and not any(b.lower() in low for b in banned)
    return check


def billing(reply: str, t: dict[str, Any]) -> bool:
    """The payment-problem path: a billing case opened or added to, no cancel / change menu."""
    cased = bool(acts(t, "create_ticket") or acts(t, "add_to_ticket"))
    menu = ("cancel the order", "change the order", "取消订单", "修改订单", "what would you like to change")
    low = main_part(reply).lower()
    return cased and any(w in low for w in ("billing", "payment", "账务", "付款", "扣款")) and not any(m in low for m in menu)


PICKUP_BAD = ("goodbye", "have a great day", "bye", "再见", "parcel that is missing", "包裹丢失", "取消订单", "cancel order",
              "didn't quite get", "after-sales assistant", "没太明白", "您是想取消")


def both(*checks: Check) -> Check:
    return lambda r, t: all(c(r, t) for c in checks)


# (class, shop, user, [texts], check on the last reply)
PROBES: list[tuple[str, str, str, list[str], Check]] = [
    # ---- 1. a fault on a delivered item: the fault path, never "not received" ----
    ("fault", "demo", "telegram:1001", ["收到的跑鞋鞋底开胶了，给我换一双"], fault_path),
    ("fault", "demo", "wecom:zhangwei", ["耳机刚收到就坏了"], fault_path),
    ("fault", "demo", "web:demo", ["The smart watch arrived with a cracked screen, I want a new one"], fault_path),
    ("fault", "demo", "web:demo", ["my running shoes arrived damaged, please send a replacement"], fault_path),
    ("fault", "demo", "whatsapp:8615811112222", ["收到的吹风机不出热风，给我换一个"], fault_path),
    ("fault", "demo", "web:dlee", ["The tote bag arrived torn, I want a new one"], fault_path),
    ("fault", "demo", "feishu:ou_7f3a9c2e1b8d", ["吹风机还是有焦味，麻烦给我换一个新的"],
     both(fault_path, lambda r, t: bool(acts(t, "add_to_ticket")) or "TK20261124-0001" in r)),
    ("fault", "demo", "dingtalk:chenjing88", ["电饭煲寄到就是坏的，帮我换一个"], fault_path),
    ("fault", "shop6", "telegram:7207", ["The floor lamp arrived bent, I want a new one"], fault_path),
    ("fault", "shop6", "telegram:7207", ["收到的落地灯不亮，给我换一个"], fault_path),
    ("fault", "shop6", "whatsapp:12505550209", ["the bed frame arrived with a broken slat, send me a replacement"],
     fault_path),
    ("fault", "shop6", "telegram:7204", ["灯泡刚收到就坏了"], fault_path),
    ("fault", "shop6", "web:emilyp", ["床垫刚收到就坏了，给我换一个"], fault_path),
    ("fault", "shop6", "whatsapp:12505550209", ["床架收到就是坏的 帮我换个新的"], fault_path),
    # ---- 2a. a new topic leaves a stale open flow ----
    ("stale", "demo", "telegram:1001", ["帮我改一下SO202611270605的收货地址", "另外，收到的T恤破了个洞"],
     both(fault_path, has("", banned=("新地址", "新的收货地址", "地址是")))),
    ("stale", "demo", "web:demo", ["I need to change the address on SO202611262325",
                                    "also the smart watch arrived with a cracked screen"],
     both(fault_path, has("", banned=("address",)))),
    ("stale", "shop6", "telegram:7207", ["please change the delivery address of 2611/0066",
                                          "btw the floor lamp I got last week flickers"],
     both(no_lost_parcel, has("", banned=("address",)))),
    ("stale", "shop6", "wechat:zhaoxue_bby", ["2611/0074 的地址要改一下", "对了，羽绒枕什么时候发货？"],
     has("", banned=("新地址", "新的收货地址"))),
    ("stale", "demo", "wecom:zhangwei", ["我要改SO202611270605的地址", "电热水壶还有货吗"],
     has("", banned=("新地址", "新的收货地址"))),
    ("stale", "demo", "web:dlee", ["change the address for SO202611260629 please", "is the canvas tote in stock?"],
     has("stock", banned=("delivery address?",))),
    # ---- 2c. a cancelled order's refund ----
    ("cancelled", "demo", "whatsapp:8615811112222", ["我取消的手表订单退款怎么还没到"],
     has("1299", "1,299")),
    ("cancelled", "demo", "whatsapp:8615811112222", ["手表那单退款到哪了", "那单已经取消了对吧？"],
     has("已取消", "取消了", banned=("没有可以取消", "没有可取消"))),
    ("cancelled", "shop6", "wechat:zhaoxue_bby", ["my cancelled sofa order still hasn't been refunded"],
     has("2699", "2,699")),
    ("cancelled", "shop6", "wechat:zhaoxue_bby", ["where is the refund for the sofa", "that one was cancelled, right?"],
     has("cancelled", banned=("nothing you can cancel", "nothing to cancel"))),
    ("cancelled", "shop6", "wechat:zhaoxue_bby", ["沙发那单取消了，钱还没退回来"], has("2699", "2,699")),
    ("cancelled", "demo", "discord:518273645091827364", ["The nut gift box order was cancelled, right?"],
     has("cancel", banned=("nothing you can cancel", "nothing to cancel"))),
    # ---- 2d. a double charge ----
    ("double", "demo", "telegram:1001", ["SO202611270605 我被扣了两次钱"],
     billing),
    ("double", "demo", "web:demo", ["I was charged twice for SO202611262325"],
     billing),
    ("double", "shop6", "telegram:7204", ["I got charged two times for my curtain order"],
     billing),
    ("double", "shop6", "wechat:zhaoxue_bby", ["2611/0074 付了两次款"],
     billing),
    ("double", "demo", "whatsapp:8615811112222", ["耳机那单扣了我两笔钱"],
     billing),
    ("double", "shop6", "telegram:7210", ["my card was billed twice"],
     billing),
    ("double", "demo", "telegram:1001", ["我想取消SO202611270605", "等一下，我发现这单被扣了两次钱"], billing),
    ("double", "demo", "web:demo", ["cancel SO202611262325 please", "wait, I was actually charged twice for it"], billing),
    ("double", "shop6", "wechat:zhaoxue_bby", ["2611/0074 能取消吗", "等等，这单好像重复扣款了"], billing),
    ("double", "shop6", "telegram:7207", ["where is my 2611/0066 order?", "also my card was charged twice for it"],
     billing),
    # ---- 2b. a status or stock question after a policy answer: answered, not the policy again ----
    ("stale", "demo", "web:demo", ["what's your return policy?", "is the canvas tote in stock?"],
     has("stock", banned=("return window", "days of delivery"))),
    ("stale", "demo", "telegram:1001", ["你们的退货政策是什么？", "我的吹风机到哪了？"],
     has("SO202611261030", banned=("天内", "无理由"))),
    ("stale", "shop6", "telegram:7207", ["what is your return policy?", "where is my 2611/0066 order?"],
     has("2611/0066", banned=("within 21 days",))),
    # ---- 2e. how many days a refund takes ----
    ("refunddays", "demo", "telegram:1001", ["退款一般几天到账？"], has("天", "工作日", banned=("发货", "配送", "快递"))),
    ("refunddays", "demo", "web:demo", ["how many days does a refund take?"],
     has("day", banned=("ship", "deliver"))),
    ("refunddays", "shop6", "telegram:7207", ["How long until the refund reaches me?"],
     has("day", banned=("ship", "deliver"))),
    ("refunddays", "shop6", "wechat:zhaoxue_bby", ["退款要多久才到账"], has("天", "工作日", banned=("发货", "配送"))),
    ("refunddays", "demo", "whatsapp:8615811112222", ["手表的退款要几天"], has("天", "工作日", banned=("发货", "配送"))),
    ("refunddays", "shop6", "wechat:zhaoxue_bby", ["how many days for the refund of the sofa?"],
     has("day", banned=("ship", "deliver"))),
    # ---- 2f. where the invoice was sent ----
    ("invoice", "demo", "dingtalk:chenjing88", ["发票寄到哪里了？"], has("IV20261120-0001", "已开", "开具", "邮箱", "发送")),
    ("invoice", "demo", "dingtalk:chenjing88", ["where did you send the invoice?"],
     has("IV20261120-0001", "issued", "email", "sent")),
    ("invoice", "shop6", "web:emilyp", ["Where did you send my invoice?"], has("INV-CL-0207", "issued", "email", "sent")),
    ("invoice", "shop6", "web:emilyp", ["发票发到哪了"], has("INV-CL-0207", "已开", "开具", "邮箱", "发送")),
    ("invoice", "demo", "dingtalk:chenjing88", ["电饭煲的发票是怎么发给我的"], has("IV20261120-0001", "已开", "开具", "邮箱", "发送")),
    ("invoice", "shop6", "web:emilyp", ["how was the invoice for the mattress sent to me?"],
     has("INV-CL-0207", "issued", "email", "sent")),
    # ---- 2g. fault + "book the pickup" ----
    ("pickup", "demo", "web:demo", ["the smart watch arrived with a cracked screen", "ok, book the pickup"],
     has("pickup", "collect", "return", "exchange", "replace", banned=PICKUP_BAD)),
    ("pickup", "shop6", "telegram:7207", ["the floor lamp arrived bent", "please arrange a pickup"],
     has("pickup", "collect", "return", "exchange", "replace", banned=PICKUP_BAD)),
    ("pickup", "shop6", "whatsapp:12505550209", ["bed frame came with a cracked leg", "book the pickup please"],
     has("pickup", "collect", "return", "exchange", "replace", banned=PICKUP_BAD)),
    ("pickup", "demo", "telegram:1001", ["收到的跑鞋开胶了", "帮我安排上门取件"],
     has("取件", "退货", "换货", "换", banned=PICKUP_BAD)),
    ("pickup", "shop6", "telegram:7204", ["吊灯收到就坏了", "那就帮我预约上门取件吧"],
     has("取件", "退货", "换货", "换", banned=PICKUP_BAD)),
    ("pickup", "demo", "web:dlee", ["the tote bag arrived torn", "just book the pickup"],
     has("pickup", "collect", "return", "exchange", "replace", banned=PICKUP_BAD)),
]


def run(selected: str | None, verbose: bool, root: Path = ROOT) -> int:
    results: dict[str, list[int]] = {}
    for shop_name, (shop, knowledge) in SHOPS.items():
        probes = [(n, p) for n, p in enumerate(PROBES) if p[1] == shop_name and (selected in (None, p[0]))]
        if not probes:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            lines = [{"conversation": f"p{n}", "user": user, "text": text}
                     for n, (_, _, user, texts, _) in probes for text in texts]
            (Path(tmp) / "conversations.jsonl").write_text(
                "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
            extra = ["--knowledge", str(knowledge)] if knowledge else []
            out = subprocess.run([sys.executable, str(RUN), tmp, "--shop", str(shop), "--root", str(root), *extra],
                                 capture_output=True, text=True, cwd=ROOT)
        by_conv: dict[str, list[dict[str, Any]]] = {}
        for line in out.stdout.splitlines():
            item = json.loads(line)
            by_conv.setdefault(item["conversation"], []).append(item)
        for n, (cls, _, _user, texts, check) in probes:
            turns = by_conv.get(f"p{n}", [])
            ok = bool(turns) and check(turns[-1]["reply"], turns[-1]["trace"])
            results.setdefault(cls, [0, 0])[0 if ok else 1] += 1
            if verbose or not ok:
                print(f"{'OK ' if ok else 'BAD'} {cls:10} {shop_name:5} {texts}")
                for t in turns:
                    tr = t["trace"]
                    names = [a["name"] for a in tr["actions"] if a["name"] not in ("list_orders", "get_order")]
                    print(f"      [{tr['intent']['name']}] {names} {t['reply'][:300]!r}")
    probe_tally.report(results)
    return 0


if __name__ == "__main__":
    sys.exit(run(*probe_tally.cli(sys.argv[1:], ROOT)))
