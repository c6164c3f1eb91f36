"""Builds `examples.jsonl`: after-sales reply examples for fine-tuning and evaluation.

Each example is a full `GenerationRequest` (redacted user text, this turn's facts, the
deterministic template answer from `bot.lang.replies`) plus `answer`: a short, friendly reply
that states only those facts. Answers are written by hand as phrasing variants per
situation and language; the script fills in varied shop data (orders, carriers, tracking
numbers, dates, amounts) and checks every answer with the grounding check, so the training
data never teaches the model to invent a fact. Deterministic (seeded); rerun with

    .venv/bin/python -m bot.llm.data.build_examples
"""
from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.lang import replies as R
from bot.llm.base import GenerationRequest
from bot.llm.grounding import check

OUT = Path(__file__).with_name("examples.jsonl")
PER_SCENARIO = 10          # per language
HELDOUT_SHARE = 0.2

CARRIERS = [("SF", "SF"), ("JD", "JDV"), ("YTO", "YT"), ("ZTO", "ZT"), ("EMS", "EM"), ("YD", "YD")]
ITEMS = [("跑鞋 42码", "shoes", "299.00"), ("Wireless earbuds", "electronics", "199.00"),
         ("保温杯 500ml", "home", "89.00"), ("Cotton T-shirt M", "clothing", "79.90"),
         ("机械键盘", "electronics", "459.00"), ("Yoga mat", "sports", "129.00"),
         ("蓝牙音箱", "electronics", "349.00"), ("Desk lamp", "home", "159.00"),
         ("Mooncake gift box", "food", "168.00"), ("定制马克杯", "customized", "59.00")]


def _rng_order(rng: random.Random, status: str) -> dict[str, Any]:
    placed = datetime(2026, rng.randint(9, 12), rng.randint(1, 20), rng.randint(8, 20), 0)
    shipped = placed + timedelta(days=rng.randint(1, 2))
    delivered = shipped + timedelta(days=rng.randint(1, 3))
    code, prefix = rng.choice(CARRIERS)
    name, cat, price = rng.choice(ITEMS)
    order: dict[str, Any] = {
        "id": f"SO{placed:%Y%m%d}{rng.randint(1000, 9999)}", "status": status,
        "placed_at": placed.isoformat() + "+08:00", "currency": "CNY", "total": price,
        "shipping_address": "<ADDRESS_1>",
        "items": [{"sku": f"SKU-{rng.randint(100, 999)}", "name": name, "qty": 1, "price": price, "category": cat}],
    }
    if status in ("shipped", "delivered", "returned"):
        order.update(shipped_at=shipped.isoformat() + "+08:00", carrier=code,
                     tracking_no=f"{prefix}{rng.randint(10**9, 10**10 - 1)}{rng.randint(10, 99)}")
    if status in ("delivered", "returned"):
        order["delivered_at"] = delivered.isoformat() + "+08:00"
    return order


def _d(value: str, lang: str) -> str:
    return R.date(value, lang)


# -- scenarios: (intent, user texts en/zh, facts+template builder, answer variants en/zh) --------

Scenario = dict[str, Any]


def _status(status: str, en: list[str], zh: list[str]) -> Scenario:
    def build(rng: random.Random, lang: str) -> tuple[dict[str, Any], str, dict[str, str]]:
        o = _rng_order(rng, status)
        return {"order": o}, R.order_status(o, lang), _vars(o, lang)
    return {"intent": "order_status", "build": build, "answers": {"en": en, "zh": zh},
            "users": {"en": ["where is my order {oid}?", "Hi, I'm <PERSON_1>. Any update on {oid}?",
                             "what's the status of order {oid}", "has {oid} shipped yet?",
                             "Can you check my package? Order number {oid}"],
                      "zh": ["订单{oid}到哪了？", "你好，我是<PERSON_1>，帮我查下订单{oid}", "我的订单{oid}什么状态",
                             "{oid}发货了吗", "查一下物流，订单号{oid}"]}}


def _vars(o: dict[str, Any], lang: str) -> dict[str, str]:
    return {"oid": o["id"], "tn": o.get("tracking_no", ""), "carrier": R.carrier(o.get("carrier"), lang),
            "shipped": _d(o.get("shipped_at", ""), lang), "delivered": _d(o.get("delivered_at", ""), lang),
            "what": R.items_text(o, lang), "total": R.money(o["total"], o["currency"], lang)}


def _refusal(code: str, action: str, status: str, en: list[str], zh: list[str],
             users: dict[str, list[str]]) -> Scenario:
    def build(rng: random.Random, lang: str) -> tuple[dict[str, Any], str, dict[str, str]]:
        o = _rng_order(rng, status)
        params: dict[str, Any] = {}
        if code == "return_window_expired":
            deadline = datetime.fromisoformat(o["delivered_at"]) + timedelta(days=7)
            params = {"days": 7, "deadline": deadline.isoformat()}
        if code == "non_returnable_category":
            o["items"][0].update(name=rng.choice(["Mooncake gift box", "定制马克杯", "Silk underwear set"]),
                                 category=rng.choice(["food", "customized", "underwear"]))
            params = {"category": o["items"][0]["category"], "sku": o["items"][0]["sku"]}
        v = _vars(o, lang)
        v.update(days=str(params.get("days", "")), deadline=_d(params.get("deadline", ""), lang),
                 item=o["items"][0]["name"])
        return {"order": o, "decision": {"code": code, **params}}, R.refusal(code, params, o, action, lang), v
    return {"intent": action, "build": build, "answers": {"en": en, "zh": zh}, "users": users}


def _done(action: str, en: list[str], zh: list[str], users: dict[str, list[str]]) -> Scenario:
    def build(rng: random.Random, lang: str) -> tuple[dict[str, Any], str, dict[str, str]]:
        o = _rng_order(rng, {"cancel_order": "paid", "return_request": "delivered",
                             "exchange_request": "delivered"}[action])
        data: dict[str, Any] = {}
        if action == "cancel_order":
            data = {"refund": {"id": f"RF{rng.randint(10**7, 10**8 - 1)}", "amount": o["total"]}}
        elif action == "return_request":
            data = {"return_id": f"RT{rng.randint(10**7, 10**8 - 1)}", "refund": {"amount": o["total"]}}
        else:
            data = {"exchange_id": f"EX{rng.randint(10**7, 10**8 - 1)}"}
        v = _vars(o, lang)
        v.update(ref=data.get("refund", {}).get("id", ""), rid=data.get("return_id", ""),
                 xid=data.get("exchange_id", ""))
        return {"order": o, "result": data}, R.done(action, o, data, lang), v
    return {"intent": action, "build": build, "answers": {"en": en, "zh": zh}, "users": users}


def _simple(intent: str, facts_fn: Callable[[random.Random], dict[str, Any]],
            template_fn: Callable[[dict[str, Any], str], str], en: list[str], zh: list[str],
            users: dict[str, list[str]]) -> Scenario:
    def build(rng: random.Random, lang: str) -> tuple[dict[str, Any], str, dict[str, str]]:
        facts = facts_fn(rng)
        return facts, template_fn(facts, lang), {k: str(v) for k, v in _flat(facts).items()}
    return {"intent": intent, "build": build, "answers": {"en": en, "zh": zh}, "users": users}


def _flat(d: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flat(v))
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            out.update(_flat(v[0]))
        else:
            out[k] = v
    return out


def _refund_facts(rng: random.Random) -> dict[str, Any]:
    created = datetime(2026, rng.randint(9, 12), rng.randint(1, 25), 10, 0)
    return {"refunds": [{"id": f"RF{rng.randint(10**7, 10**8 - 1)}", "order_id": f"SO{created:%Y%m%d}{rng.randint(1000, 9999)}",
                         "amount": rng.choice(["89.00", "129.00", "199.00", "299.00", "459.00"]), "currency": "CNY",
                         "status": rng.choice(["processing", "completed"]), "created_at": created.isoformat() + "+08:00"}]}


def _refund_template(facts: dict[str, Any], lang: str) -> str:
    return R.refund_list(facts["refunds"], lang)


SCENARIOS: list[Scenario] = [
    _status("shipped",
            ["Your order {oid} is on its way with {carrier}; the tracking number is {tn}.",
             "Good news: order {oid} shipped on {shipped} with {carrier}, tracking number {tn}.",
             "Order {oid} ({what}) is in transit with {carrier}. You can track it with {tn}.",
             "Your parcel for order {oid} left on {shipped} via {carrier} (tracking {tn}) and is on its way."],
            ["您好，订单{oid}已于{shipped}由{carrier}发出，运单号{tn}，正在运输途中。",
             "您的订单{oid}正在运输途中，{carrier}运单号{tn}。",
             "订单{oid}（{what}）已发货，{carrier}配送，运单号{tn}，请耐心等待。",
             "您好，您的订单{oid}已经发货啦，运单号{tn}，由{carrier}配送。"]),
    _status("delivered",
            ["Order {oid} was delivered on {delivered} by {carrier} (tracking {tn}).",
             "Your order {oid} ({what}) was delivered on {delivered}, tracking {tn}. If you haven't received it, let me know.",
             "According to {carrier}, order {oid} was delivered on {delivered}, tracking number {tn}."],
            ["您的订单{oid}已于{delivered}送达签收，运单号{tn}。",
             "订单{oid}（{what}）已于{delivered}由{carrier}送达（运单号{tn}），如果没收到请告诉我。",
             "您好，订单{oid}显示已签收，签收日期{delivered}，运单号{tn}。"]),
    _status("paid",
            ["Order {oid} is paid and being prepared; it usually ships within 48 hours.",
             "Your order {oid} ({what}) is paid and being packed. You'll get a tracking number once it ships.",
             "Thanks for waiting! Order {oid} is paid and being prepared for shipping."],
            ["您的订单{oid}已付款，正在备货，一般48小时内发货。",
             "订单{oid}（{what}）已付款，正在备货中，发货后会有运单号。",
             "您好，订单{oid}已付款，我们正在为您备货。"]),
    _status("pending",
            ["Order {oid} is still awaiting payment; we'll prepare it once payment goes through.",
             "Your order {oid} ({what}) hasn't been paid yet, it is awaiting payment."],
            ["订单{oid}目前是待付款状态，付款成功后我们会尽快发货。",
             "您的订单{oid}（{what}）还未付款，目前待付款。"]),
    _status("cancelled",
            ["Order {oid} ({what}) has been cancelled.", "Your order {oid} is cancelled."],
            ["订单{oid}（{what}）已取消。", "您好，您的订单{oid}已经取消了。"]),
    _refusal("return_window_expired", "return_request", "delivered",
             ["Sorry, order {oid} was delivered on {delivered} and the {days}-day return window has closed, so I can't open a return.",
              "I'm afraid order {oid} is past the {days}-day return window (it closed on {deadline}). If the item is faulty, tell me what's wrong.",
              "Order {oid} can no longer be returned: returns must be requested within {days} days of delivery."],
             ["抱歉，订单{oid}已于{delivered}签收，已超过{days}天退货期限，无法办理退货。",
              "非常抱歉，订单{oid}的{days}天退货期已于{deadline}截止，暂时无法退货。如果商品有质量问题，请告诉我。",
              "订单{oid}签收已超过{days}天，按规定不能再退货了，抱歉。"],
             {"en": ["I want to return order {oid}", "can I send back {oid}?", "return please, order {oid}"],
              "zh": ["订单{oid}我想退货", "{oid}能退吗", "我要退货，订单号{oid}"]}),
    _refusal("already_shipped", "cancel_order", "shipped",
             ["Order {oid} already shipped on {shipped} with {carrier} (tracking {tn}), so it can't be cancelled. You can refuse the parcel or return it after delivery.",
              "Sorry, order {oid} is already on its way (tracking {tn}), so cancelling is no longer possible."],
             ["订单{oid}已于{shipped}由{carrier}发出（运单号{tn}），无法取消了。您可以拒收，或签收后申请退货。",
              "抱歉，订单{oid}已经发货（运单号{tn}），现在不能取消了。"],
             {"en": ["cancel order {oid}", "please cancel {oid}, I changed my mind"],
              "zh": ["帮我取消订单{oid}", "{oid}不要了，取消吧"]}),
    _refusal("non_returnable_category", "return_request", "delivered",
             ["Sorry, {item} in order {oid} can't be returned under our policy. If it arrived damaged, tell me and I'll get a colleague to help.",
              "I'm afraid {item} (order {oid}) is excluded from returns. If it's defective, let me know."],
             ["抱歉，订单{oid}中的{item}按照政策不支持退货。如果有破损或质量问题，请告诉我。",
              "订单{oid}里的{item}不支持退货，如收到时有问题请联系我。"],
             {"en": ["I'd like to return order {oid}", "return {oid} please"],
              "zh": ["订单{oid}想退货", "{oid}可以退吗"]}),
    _done("cancel_order",
          ["Done, order {oid} is cancelled. The refund {ref} of {total} goes back to your original payment method.",
           "Order {oid} has been cancelled, and {total} will be refunded (reference {ref})."],
          ["已为您取消订单{oid}，退款{total}将原路退回，退款单号{ref}。",
           "好的，订单{oid}已取消，{total}会原路退回（退款单号{ref}）。"],
          {"en": ["yes", "yes, cancel it"], "zh": ["确认", "是的，取消"]}),
    _done("return_request",
          ["Your return request {rid} for order {oid} is submitted. Please send the item back within 7 days.",
           "Return {rid} for order {oid} is open. Once the warehouse receives the item, {total} will be refunded."],
          ["已为订单{oid}提交退货申请，申请号{rid}，请在7天内寄回商品。",
           "订单{oid}的退货申请{rid}已提交，仓库收到并检验后，{total}会原路退回。"],
          {"en": ["yes", "yes please"], "zh": ["确认", "好的，确认退货"]}),
    _done("exchange_request",
          ["Your exchange request {xid} for order {oid} is submitted. Send the original item back and we'll ship the replacement.",
           "Exchange {xid} for order {oid} is open; the replacement ships once we receive the original."],
          ["已为订单{oid}提交换货申请，申请号{xid}，请把原商品寄回。",
           "订单{oid}的换货申请{xid}已提交，收到原商品后我们会尽快发出新的。"],
          {"en": ["yes", "yes, exchange it"], "zh": ["确认", "对，换货"]}),
    _simple("refund_status", _refund_facts, _refund_template,
            ["Your refund {id} for order {order_id} is {amount} yuan and it's {status}.",
             "Refund {id} (order {order_id}, {amount} yuan) is {status}."],
            ["您的退款{id}（订单{order_id}）金额{amount}元，目前{status}。",
             "退款{id}对应订单{order_id}，金额{amount}元，状态：{status}。"],
            {"en": ["where is my refund?", "has my refund arrived?"], "zh": ["我的退款到哪了", "退款什么时候到账"]}),
    _simple("human_agent", lambda rng: {"ticket": f"TK{rng.randint(10**6, 10**7 - 1)}"},
            lambda f, lang: R.handoff(f["ticket"], lang),
            ["I've passed this to a colleague (ticket {ticket}); they'll reply here soon, usually within 2 hours.",
             "A colleague will take over (ticket {ticket}) and reply here as soon as possible."],
            ["已为您转接人工客服，工单号{ticket}，同事一般2小时内回复。",
             "好的，已转人工（工单号{ticket}），同事会尽快在这里回复您。"],
            {"en": ["I want to talk to a human", "let me speak to a person"], "zh": ["转人工", "我要找人工客服"]}),
    _simple("greeting", lambda rng: {}, lambda f, lang: R.greeting(lang, False),
            ["Hi! I can help with orders, deliveries, returns, exchanges, refunds and invoices. What can I do for you?",
             "Hello! How can I help you with your order today?"],
            ["您好！我可以帮您查订单、查物流，办理退换货、退款和发票。请问有什么可以帮您？",
             "您好，请问有什么可以帮您？"],
            {"en": ["hi", "hello there"], "zh": ["你好", "在吗"]}),
    _simple("thanks_bye", lambda rng: {}, lambda f, lang: R.thanks_bye(lang),
            ["You're welcome! Have a great day.", "Glad I could help. Just message me if anything else comes up!"],
            ["不客气！祝您生活愉快！", "不客气，有问题随时找我！"],
            {"en": ["thanks!", "thank you, bye"], "zh": ["谢谢", "好的谢谢，再见"]}),
    _simple("order_status", lambda rng: {"order_id": f"SO2026{rng.randint(10**7, 10**8 - 1)}", "code": "not_found"},
            lambda f, lang: R.order_not_found(lang, f["order_id"]),
            ["I couldn't find order {order_id} on your account. Could you check the number?",
             "Sorry, there's no order {order_id} on this account. Please double-check the order number."],
            ["抱歉，您的账户下没有找到订单{order_id}，请核对一下订单号。",
             "没有查到订单{order_id}，麻烦再确认一下订单号。"],
            {"en": ["where is order {order_id}?", "status of {order_id}"], "zh": ["查一下订单{order_id}", "{order_id}到哪了"]}),
]


def build(seed: int = 20261128) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for si, sc in enumerate(SCENARIOS):
        for lang in ("en", "zh"):
            for k in range(PER_SCENARIO):
                facts, template, v = sc["build"](rng, lang)
                if sc["intent"] == "refund_status":
                    r = facts["refunds"][0]
                    en_st, zh_st = R._REFUND_STATUS[r["status"]]
                    v["status"] = en_st if lang == "en" else zh_st
                user = rng.choice(sc["users"][lang]).format(oid=v.get("oid", ""), order_id=v.get("order_id", ""))
                answer = sc["answers"][lang][k % len(sc["answers"][lang])].format(**v)
                placeholders = ["<PERSON_1>"] if "<PERSON_1>" in user else []
                req = GenerationRequest(language=lang, intent=sc["intent"], user_text=user, history=[],
                                        facts=facts, snippets=[], template_answer=template,
                                        placeholders=placeholders + [R.CUSTOMER_NAME])
                result = check(answer, req)
                if not result.ok:
                    raise SystemExit(f"scenario {si} {lang}: gold answer fails grounding: {result.reasons}\n{answer}")
                row = asdict(req)
                row.pop("on_text", None)        # a live stream's sink, not data
                row.update(id=f"ex-{si:02d}-{lang}-{k}", answer=answer,
                           split="heldout" if rng.random() < HELDOUT_SHARE else "train")
                rows.append(row)
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    held = sum(r["split"] == "heldout" for r in rows)
    print(f"wrote {len(rows)} examples ({len(rows) - held} train, {held} held out) to {OUT}")


if __name__ == "__main__":
    main()
