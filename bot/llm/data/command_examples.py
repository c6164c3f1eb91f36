"""Training examples for the command generator: (conversation state, message) -> commands.

Written by the project from templates and the demo catalogues (`config/demo_shop*.json`, plus a
few invented products so no single catalogue is learnt), in zh and en. Never from evaluation
data or playtest conversations: `check_disjoint()` proves that no generated message equals (or
contains, or is contained in) a message of `bench/data/understand_heldout.jsonl`, and the
customers' orders are drawn here with random ids of varied shapes, never the held-out
customer's. What the model must learn is the mapping, not a shop: which flow a message opens,
which of *this* customer's orders an item name points to (named in either language), and what
a short reply means at the active step.

    .venv/bin/python -m bot.llm.data.command_examples --out ~/.cache/aftersales/cmd_train.jsonl [--n 1200]
"""
from __future__ import annotations

import argparse
import json
import random
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
CATALOGUES = (ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json")
HELD_OUT = ROOT / "bench" / "data" / "understand_heldout.jsonl"

# Invented products beside the demo catalogues: other categories and option dimensions.
EXTRA_PRODUCTS: tuple[tuple[str, str], ...] = (
    ("Yoga mat", "瑜伽垫"), ("Desk lamp", "台灯"), ("Blender", "破壁机"), ("Phone case", "手机壳"),
    ("Air purifier", "空气净化器"), ("Linen bedsheet", "亚麻床单"), ("Cat litter", "猫砂"),
    ("Ceramic vase", "陶瓷花瓶"), ("Kids scooter", "儿童滑板车"), ("Face cream", "面霜"),
    ("Office chair", "办公椅"), ("Tea set", "茶具套装"), ("Robot vacuum", "扫地机器人"),
    ("Silk scarf", "真丝围巾"), ("Fishing rod", "鱼竿"), ("Printer ink", "打印机墨盒"),
)
STATUSES = ("paid", "shipped", "delivered", "delivered", "cancelled", "pending")


@dataclass
class Product:
    en: str
    zh: str

    def surfaces(self, lang: str) -> list[str]:
        """How a customer names it: the full name, or its head noun (the last word)."""
        name = self.zh if lang == "zh" else self.en
        out = [name]
        words = name.split()
        if len(words) > 1:
            out.append(words[-1] if lang == "zh" else " ".join(words[-2:]).lower())
            if lang == "en":
                out.append(words[-1].lower())
        elif lang == "en":
            out.append(name.lower())
        return out


@dataclass
class Example:
    """One training turn, in the same shape as a held-out turn (`expect` is the target)."""

    lang: str
    text: str
    orders: list[dict[str, Any]]
    expect: list[dict[str, Any]]
    flow: str | None = None
    step: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    history: list[list[str]] = field(default_factory=list)
    kind: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "lang": self.lang, "text": self.text, "flow": self.flow, "step": self.step,
                "slots": self.slots, "history": self.history, "orders": self.orders, "expect": self.expect}


def load_products(paths: Sequence[Path] = CATALOGUES) -> list[Product]:
    out = [Product(en, zh) for en, zh in EXTRA_PRODUCTS]
    for p in paths:
        for prod in json.loads(p.read_text(encoding="utf-8"))["products"]:
            out.append(Product(prod["name"], prod.get("name_zh") or prod["name"]))
    return out


# Order id shapes from several shop systems; the model must copy whatever the orders line shows.
def _order_id(rng: random.Random) -> str:
    d = string.digits
    shape = rng.randrange(7)
    if shape == 0:
        return "SO" + "".join(rng.choices(d, k=12))
    if shape == 1:
        return "#W" + "".join(rng.choices(d, k=7))
    if shape == 2:
        return "".join(rng.choices(d, k=rng.randint(5, 10)))
    if shape == 3:
        return "ORD-" + "".join(rng.choices(string.ascii_uppercase + d, k=6))
    if shape == 4:
        return "#" + "".join(rng.choices(d, k=4))
    if shape == 5:
        return rng.choice(["JD", "TB", "PDD", "AMZ"]) + "".join(rng.choices(d, k=rng.randint(8, 12)))
    return "".join(rng.choices(string.ascii_lowercase, k=3)) + "_" + "".join(rng.choices(d + "abcdef", k=8))


def _orders(rng: random.Random, products: list[Product], n: int) -> tuple[list[dict[str, Any]], list[Product]]:
    picked = rng.sample(products, n)
    orders = []
    for prod in picked:
        # The shop shows item names in its own language, not the customer's.
        name = prod.zh if rng.random() < 0.6 else prod.en
        items = [{"name": name}]
        if rng.random() < 0.15:
            other = rng.choice(products)
            items.append({"name": other.zh if rng.random() < 0.5 else other.en})
        orders.append({"id": _order_id(rng), "status": rng.choice(STATUSES), "items": items})
    return orders, picked


# -- templates ------------------------------------------------------------------------------------
# {x} is the item as the customer names it. Phrasings written for training; check_disjoint()
# keeps them apart from the held-out turns.
FLOW_TEMPLATES: dict[str, dict[str, list[str]]] = {
    "order_status": {
        "en": ["has my {x} shipped yet?", "any update on the {x}?", "when does the {x} arrive",
               "I'm still waiting for my {x}", "can you check where the {x} is", "status of my {x} order?"],
        "zh": ["{x}发货了吗", "{x}什么时候能到", "帮我查下{x}的物流", "{x}怎么还没到", "我买的{x}现在在哪",
               "{x}到哪一步了"]},
    "return_request": {
        "en": ["I want to return the {x}", "the {x} doesn't fit, can I send it back?", "how do I return my {x}",
               "please start a return for the {x}", "not happy with the {x}, returning it"],
        "zh": ["{x}想退货", "{x}不合适，能退吗", "我要退{x}", "帮我把{x}退了", "{x}不喜欢，申请退货"]},
    "cancel_order": {
        "en": ["cancel my {x} order", "please cancel the {x}", "I don't want the {x} anymore, cancel it",
               "stop the {x} order before it ships"],
        "zh": ["取消{x}的订单", "{x}不要了，取消吧", "帮我取消{x}", "{x}别发了，我要取消"]},
    "troubleshooting": {
        "en": ["the {x} won't turn on", "my {x} stopped working", "the {x} keeps making a weird noise",
               "something is wrong with the {x}, it doesn't work"],
        "zh": ["{x}开不了机", "{x}坏了用不了", "{x}有异响", "{x}用着用着就不工作了"]},
    "payment_issue": {
        "en": ["I was charged twice for the {x}", "the {x} payment failed but money left my account",
               "why was I billed extra for the {x}"],
        "zh": ["{x}重复扣款了", "{x}付款失败但是钱扣了", "{x}多扣了钱"]},
    "invoice": {
        "en": ["can I get an invoice for the {x}?", "please send a receipt for my {x}",
               "I need a company invoice for the {x}"],
        "zh": ["{x}开个发票", "{x}的发票怎么开", "我要{x}的电子发票"]},
    "exchange_request": {
        "en": ["can I exchange the {x} for another size", "I'd like a different colour of the {x}",
               "swap my {x} for a new one please"],
        "zh": ["{x}想换个颜色", "{x}能换货吗", "{x}尺码不对想换一个"]},
    "change_address": {
        "en": ["change the delivery address for the {x}", "send the {x} to a different address",
               "I moved, please update the address on my {x} order"],
        "zh": ["{x}的收货地址要改一下", "{x}换个地址寄", "{x}改寄到我家"]},
    "warranty": {
        "en": ["does the {x} have a warranty?", "is my {x} still under warranty", "warranty claim for the {x}"],
        "zh": ["{x}保修多久", "{x}能保修吗", "{x}过保了吗"]},
    "change_payment": {
        "en": ["can I pay for the {x} another way", "switch the payment method on my {x} order"],
        "zh": ["{x}想换个支付方式", "{x}能改成微信支付吗"]},
    "modify_order": {
        "en": ["I need to change the quantity on the {x} order", "add one more {x} to my order"],
        "zh": ["{x}的数量要改一下", "{x}再加一件"]},
}
FLOW_NO_ITEM: dict[str, dict[str, list[str]]] = {
    "delivery_issue": {"en": ["the courier says delivered but I have nothing", "my parcel arrived damaged",
                              "the package was left at the wrong address"],
                       "zh": ["快递显示已签收可我没拿到", "包裹到了但是破损了", "快递送错地址了"]},
    "refund_status": {"en": ["where is my refund?", "has the refund been processed", "still no refund in my account"],
                      "zh": ["我的退款到哪了", "退款处理了吗", "钱怎么还没退回来"]},
    "order_status": {"en": ["where is my order", "has my package shipped?"],
                     "zh": ["我的订单到哪了", "我的快递发了吗"]},
    "default_address": {"en": ["update my default shipping address"], "zh": ["修改我的默认收货地址"]},
}
SIMPLE: dict[str, dict[str, list[str]]] = {
    "handoff": {"en": ["I want to speak to a human", "connect me to an agent", "can a real person help me",
                       "get me customer service staff"],
                "zh": ["人工客服", "我要找人工", "帮我转接真人客服", "叫你们客服来"]},
    "chitchat": {"en": ["hi there", "hello", "thank you so much", "great, thanks", "bye", "ok cool, bye"],
                 "zh": ["你好", "在吗", "谢谢你", "好的，谢啦", "拜拜", "没事了，再见"]},
    "knowledge_answer": {"en": ["what is your return policy?", "do you ship overseas?",
                                "which payment methods do you accept", "how long does shipping usually take"],
                         "zh": ["退货政策是什么", "能寄到国外吗", "支持哪些付款方式", "一般几天能到"]},
    "clarify": {"en": ["?", "umm", "hmm ok", "well..."], "zh": ["？", "额", "嗯嗯", "那个……"]},
}
CONFIRM = {"en": ["yes please", "sure, do it", "ok confirm", "yes that's right", "correct"],
           "zh": ["是的", "确认", "好的，办吧", "对的", "可以"]}
DENY = {"en": ["no", "nope, not that", "no, don't do that", "not yet"],
        "zh": ["不是", "不要", "不用了，先别", "不对"]}
CANCEL_FLOW = {"en": ["never mind", "actually forget about it", "stop, I changed my mind"],
               "zh": ["算了", "不用了，不弄了", "我改主意了，不办了"]}
REASONS = {"en": ["it arrived scratched", "wrong colour was sent", "it's too small for me",
                  "the quality is worse than the photos", "it stopped charging after a week"],
           "zh": ["收到就有划痕", "发错颜色了", "尺寸太小", "质量和图片差太多", "用了一周就充不进电"]}
ORDINALS = {"en": ["number 1 please", "it's number 2", "option 3"], "zh": ["第1个订单", "是第2个", "选3"]}
CORRECT = {"en": ["oops, I meant the {x}, not the {y}", "no, it's the {x} order"],
           "zh": ["搞错了，是{x}不是{y}", "不对，是{x}那个订单"]}
SWITCH_PREFIX = {"en": ["by the way, ", "also, ", "oh and "], "zh": ["另外，", "顺便问下，", "还有，"]}
QUESTIONS = {"return_request": ("ask_reason", {"en": "Why would you like to return it?", "zh": "请问退货原因是什么？"}),
             "cancel_order": ("confirm", {"en": "Cancel this order?", "zh": "确认取消这个订单吗？"}),
             "change_address": ("confirm", {"en": "Change the address to this one?", "zh": "确认改成这个地址吗？"}),
             "exchange_request": ("ask_reason", {"en": "What is wrong with it?", "zh": "请问换货原因是什么？"})}


def _cmd(name: str, **args: Any) -> dict[str, Any]:
    return {"name": name, "args": args}


def _lang(rng: random.Random) -> str:
    return "zh" if rng.random() < 0.5 else "en"


def gen_flow_item(rng: random.Random, products: list[Product]) -> Example:
    lang = _lang(rng)
    orders, picked = _orders(rng, products, rng.randint(1, 4))
    i = rng.randrange(len(orders))
    flow = rng.choice(list(FLOW_TEMPLATES))
    x = rng.choice(picked[i].surfaces(lang))
    text = rng.choice(FLOW_TEMPLATES[flow][lang]).format(x=x)
    return Example(lang, text, orders, [_cmd("start_flow", flow=flow), _cmd("set_slot", order_id=orders[i]["id"])],
                   kind="flow_item")


def gen_flow_plain(rng: random.Random, products: list[Product]) -> Example:
    lang = _lang(rng)
    orders, _ = _orders(rng, products, rng.randint(1, 4))
    flow = rng.choice(list(FLOW_NO_ITEM))
    return Example(lang, rng.choice(FLOW_NO_ITEM[flow][lang]), orders, [_cmd("start_flow", flow=flow)], kind="flow")


def gen_simple(rng: random.Random, products: list[Product]) -> Example:
    lang = _lang(rng)
    orders, _ = _orders(rng, products, rng.randint(1, 3))
    name = rng.choice(list(SIMPLE))
    text = rng.choice(SIMPLE[name][lang])
    args: dict[str, Any] = {}
    if name == "handoff":
        args = {"reason": "asked for a person"}
    elif name == "knowledge_answer":
        args = {"query": text}
    return Example(lang, text, orders, [_cmd(name, **args)], kind=name)


def _in_flow(rng: random.Random, products: list[Product]) -> tuple[str, list[dict[str, Any]], list[Product], int, str]:
    lang = _lang(rng)
    orders, picked = _orders(rng, products, rng.randint(1, 4))
    return lang, orders, picked, rng.randrange(len(orders)), rng.choice(list(QUESTIONS))


def gen_step_reply(rng: random.Random, products: list[Product]) -> Example:
    lang, orders, _, i, flow = _in_flow(rng, products)
    step, question = QUESTIONS[flow]
    hist = [["assistant", question[lang]]] if rng.random() < 0.5 else []
    pick = rng.random()
    if step == "confirm" and pick < 0.4:
        text, expect, kind = rng.choice(CONFIRM[lang]), [_cmd("confirm")], "confirm"
    elif step == "confirm" and pick < 0.75:
        text, expect, kind = rng.choice(DENY[lang]), [_cmd("deny")], "deny"
    elif pick < 0.75:
        text = rng.choice(REASONS[lang])
        expect, kind = [_cmd("set_slot", reason=text)], "reason"
    else:
        text, expect, kind = rng.choice(CANCEL_FLOW[lang]), [_cmd("cancel_flow")], "cancel_flow"
    return Example(lang, text, orders, expect, flow, step, {"order_id": orders[i]["id"]}, hist, kind)


def gen_pick_order(rng: random.Random, products: list[Product]) -> Example:
    lang = _lang(rng)
    orders, _ = _orders(rng, products, rng.randint(2, 3))
    flow = rng.choice(list(QUESTIONS))
    listing = " ".join(f"{k + 1}) {o['id']} {o['items'][0]['name']}" for k, o in enumerate(orders))
    ask = "Which order? " if lang == "en" else "请问是哪个订单？"
    k = rng.randrange(len(orders))
    return Example(lang, ORDINALS[lang][k], orders, [_cmd("set_slot", order_id=orders[k]["id"])], flow, "ask_order",
                   {}, [["assistant", ask + listing]], "pick_order")


def gen_correct(rng: random.Random, products: list[Product]) -> Example:
    lang = _lang(rng)
    orders, picked = _orders(rng, products, rng.randint(2, 4))
    wrong, right = rng.sample(range(len(orders)), 2)
    flow = rng.choice(list(QUESTIONS))
    text = rng.choice(CORRECT[lang]).format(x=rng.choice(picked[right].surfaces(lang)),
                                            y=picked[wrong].surfaces(lang)[-1])
    return Example(lang, text, orders, [_cmd("correct_slot", order_id=orders[right]["id"])], flow,
                   QUESTIONS[flow][0], {"order_id": orders[wrong]["id"]}, [], "correct")


def gen_switch(rng: random.Random, products: list[Product]) -> Example:
    """A new request in the middle of a flow starts that flow."""
    ex = gen_flow_item(rng, products)
    flow = rng.choice(list(QUESTIONS))
    ex.text = rng.choice(SWITCH_PREFIX[ex.lang]) + ex.text
    ex.flow, ex.step, ex.slots = flow, QUESTIONS[flow][0], {"order_id": rng.choice(ex.orders)["id"]}
    ex.kind = "switch"
    return ex


def gen_answered_handoff(rng: random.Random, products: list[Product]) -> Example:
    ex = gen_simple(rng, products)
    if ex.kind != "handoff":
        return ex
    ex.flow, ex.step = rng.choice(["order_status", "refund_status", "warranty"]), "answered"
    ex.text = ("this doesn't help, " if ex.lang == "en" else "没解决问题，") + ex.text
    return ex


GENERATORS: tuple[tuple[Callable[[random.Random, list[Product]], Example], float], ...] = (
    (gen_flow_item, 0.36), (gen_flow_plain, 0.08), (gen_simple, 0.14), (gen_step_reply, 0.16),
    (gen_pick_order, 0.08), (gen_correct, 0.07), (gen_switch, 0.07), (gen_answered_handoff, 0.04))


def generate(n: int, seed: int = 0, products: list[Product] | None = None) -> list[Example]:
    """`n` examples, deterministic for a seed; duplicates (same state and text) are dropped."""
    rng = random.Random(seed)
    prods = products or load_products()
    fns, weights = zip(*GENERATORS)
    out: list[Example] = []
    seen: set[str] = set()
    tries = 0
    while len(out) < n and tries < n * 20:
        tries += 1
        ex = rng.choices(fns, weights)[0](rng, prods)
        sig = json.dumps([ex.text, ex.flow, ex.step, ex.orders], ensure_ascii=False)
        if sig not in seen:
            seen.add(sig)
            out.append(ex)
    return out


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def check_disjoint(examples: Sequence[Example], held_out: Path = HELD_OUT) -> list[str]:
    """Generated messages that equal, contain or are contained in a held-out message (want: [])."""
    held = [_norm(json.loads(line)["text"]) for line in held_out.read_text(encoding="utf-8").splitlines() if line.strip()]
    held_ids = set()
    for line in held_out.read_text(encoding="utf-8").splitlines():
        if line.strip():
            t = json.loads(line)
            held_ids |= {str(v) for e in t["expect"] for v in e.get("args", {}).values()}
    bad = []
    for ex in examples:
        t = _norm(ex.text)
        # Very short texts ("no", "ok") are too generic to be copies; compare them exactly only.
        if any(t == h or (len(t) >= 6 and len(h) >= 6 and (t in h or h in t)) for h in held):
            bad.append(ex.text)
        elif any(o["id"] in held_ids for o in ex.orders):
            bad.append(ex.text + " (a held-out order id)")
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    exs = generate(args.n, args.seed)
    bad = check_disjoint(exs)
    if bad:
        print(f"{len(bad)} generated messages overlap the held-out set, e.g. {bad[:3]}")
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for ex in exs:
            fh.write(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for ex in exs:
        kinds[ex.kind] = kinds.get(ex.kind, 0) + 1
    print(f"wrote {len(exs)} examples to {args.out}: {sorted(kinds.items())}; 0 overlap with {HELD_OUT.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
