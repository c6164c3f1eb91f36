"""Reply templates of the information flows (product info, warranty, faults, policy questions),
zh and en side by side.

Kept apart from texts.py so these flows can grow without touching the shared templates. Every
figure comes in as an argument (catalogue prices, stock, policy windows, warranty months).
Money is written in the currency it is in: a price is never shown with another currency's sign.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from bot.dialogue.texts import dimension, options_text, t, value_text
from bot.lang.money import format_money as money


def category(code: str, lang: str) -> str:
    """A category code as a customer reads it ("personal_care" → "personal care" / "个人护理用品")."""
    from bot.lang.category_words import category_word
    from bot.lang.display_names import foreign
    from bot.lang.replies import _CATEGORY, _CATEGORY_ZH
    # Any shop's category: the table's, else its general zh word, else the shop's code quoted.
    zh = _CATEGORY_ZH.get(code) or category_word(code, "zh") or foreign(code.replace("_", " "), "zh")
    en, zh = _CATEGORY.get(code, (code.replace("_", " "), zh))
    return t(lang, en, zh)


def price_in(variant: Mapping[str, Any], currency: str | None) -> tuple[Any, str | None]:
    """The variant's price in `currency` (the customer's): the main price when it is in that
    currency (or its currency is unrecorded, i.e. the shop's own), else the listed price in that
    currency, else the main price in its own currency."""
    own = variant.get("currency")
    prices = variant.get("prices") or {}
    if currency and own and str(own).upper() != str(currency).upper():
        if currency in prices:
            return prices[currency], currency
        return variant.get("price"), own
    return variant.get("price"), own or currency


def _stock(n: int, lang: str) -> str:
    if n <= 0:
        return t(lang, "out of stock", "缺货")
    return t(lang, f"in stock ({n})", f"有货（{n} 件）")


def variant_label(variant: Mapping[str, Any], lang: str = "en") -> str:
    return "/".join(value_text(x, lang) for x in (variant.get("options") or {}).values()) \
        or str(variant.get("sku") or "")


def variant_line(variant: Mapping[str, Any], currency: str | None, lang: str) -> str:
    amount, cur = price_in(variant, currency)
    stock = int(variant.get("stock") or 0)
    return t(lang, f"{variant_label(variant)}: {money(amount, cur, lang)}, {_stock(stock, lang)}",
             f"{variant_label(variant, lang)}：{money(amount, cur, lang)}，{_stock(stock, lang)}")


def product_overview(name: str, options: Mapping[str, Sequence[str]], variants: Sequence[Mapping[str, Any]],
                     currency: str | None, lang: str) -> str:
    """Options of every dimension, the price range and what is out of stock."""
    sep = "；" if lang == "zh" else "; "
    opts = sep.join(f"{dimension(str(k), lang)}: {', '.join(value_text(x, lang) for x in v)}"
                    for k, v in options.items())
    priced = [price_in(v, currency) for v in variants]
    amounts = sorted({(Decimal(str(a)), c) for a, c in priced if a not in (None, "")}, key=lambda p: p[0])
    price = ""
    if amounts:
        lo, hi = money(amounts[0][0], amounts[0][1], lang), money(amounts[-1][0], amounts[-1][1], lang)
        price = lo if lo == hi else f"{lo}–{hi}"
    out = [variant_label(v, lang) for v in variants if int(v.get("stock") or 0) <= 0]
    if len(variants) == 1:
        stock = int(variants[0].get("stock") or 0)
        return t(lang, f"{name}: {price}, {_stock(stock, lang)}.", f"{name}：{price}，{_stock(stock, lang)}。")
    stock_en = f" Out of stock: {', '.join(out)}." if out else " Everything is in stock."
    stock_zh = f"缺货：{'、'.join(out)}。" if out else "目前都有货。"
    return t(lang, f"{name}: {opts or 'one version'}; price {price}.{stock_en} Which version would you like to know about?",
             f"{name}：{opts or '只有一个规格'}；价格 {price}。{stock_zh}您想了解哪个规格？")


def variants_answer(name: str, named: Mapping[str, Sequence[str]], variants: Sequence[Mapping[str, Any]],
                    alternatives: Sequence[Mapping[str, Any]], currency: str | None, lang: str) -> str:
    """The versions asked about (one, or several to compare): price and stock each; when none
    of them is in stock, the nearest versions that are."""
    what = options_text({k: "/".join(v) for k, v in named.items()}, lang)
    if not variants:
        head = t(lang, f"{name} doesn't come as {what}.", f"{name}没有{what}这个规格。")
    else:
        lines = [variant_line(v, currency, lang) for v in variants]
        head = t(lang, f"{name} ({what}) — " + "; ".join(lines) + ".", f"{name}（{what}）——" + "；".join(lines) + "。")
    if alternatives and not any(int(v.get("stock") or 0) > 0 for v in variants):
        alt = [variant_line(v, currency, lang) for v in alternatives[:3]]
        head += t(lang, " In stock instead: " + "; ".join(alt) + ".", "有货的相近规格：" + "；".join(alt) + "。")
    return head


def the_one(variant: Mapping[str, Any], currency: str | None, lang: str) -> str:
    """The version a comparison picks ("the cheaper one")."""
    amount, cur = price_in(variant, currency)
    return t(lang, f" That's {variant_label(variant)}, at {money(amount, cur, lang)}.",
             f"是 {variant_label(variant, lang)}，{money(amount, cur, lang)}。")


def price_range(variants: Sequence[Mapping[str, Any]], currency: str | None, lang: str) -> str:
    priced = sorted({(Decimal(str(a)), c) for a, c in (price_in(v, currency) for v in variants)
                     if a not in (None, "")}, key=lambda p: p[0])
    if not priced:
        return ""
    lo, hi = money(priced[0][0], priced[0][1], lang), money(priced[-1][0], priced[-1][1], lang)
    return lo if lo == hi else f"{lo}–{hi}"


def products_compared(rows: Sequence[tuple[str, str]], pick: str, lang: str) -> str:
    """Several products asked about at once: each one's price (range); the one a "cheaper" picks."""
    body = t(lang, "; ".join(f"{n}: {p}" for n, p in rows) + ".", "；".join(f"{n}：{p}" for n, p in rows) + "。")
    if pick:
        body += t(lang, f" The cheaper one is {pick}.", f"{pick}更便宜。")
    return body + t(lang, " Which one would you like details on?", "想了解哪一款的具体规格？")


def ask_which_product(names: Sequence[str], lang: str) -> str:
    return t(lang, f"Do you mean {' or '.join(names)}?", f"请问是{'还是'.join(names)}？")


def not_in_catalogue(lang: str) -> str:
    return t(lang, "I couldn't find that in our catalogue. Which product do you mean (its name, or the order it was in)?",
             "商品目录里没有找到这个商品，请问您指的是哪一款（商品名称，或所在的订单）？")


# ---- warranty -------------------------------------------------------------------------------------
def product_warranty(name: str, months: int, claim: str, lang: str) -> str:
    """Warranty of a catalogue product the customer asks about before (or without) buying it."""
    if months <= 0:
        return t(lang, f"{name} has no warranty beyond the return window; a fault present on arrival is always "
                       f"ours to fix.",
                 f"{name}没有退货期之外的保修；收到时就有的质量问题由我们负责处理。")
    return t(lang, f"Yes — {name} comes with a {months}-month warranty, counted from delivery."
                   + (f" How to claim: {claim}" if claim else ""),
             f"有的——{name}自签收之日起保修 {months} 个月。" + (f"保修方式：{claim}" if claim else ""))


def warranty_unknown(name: str, order_id: str | None, claim: str, lang: str) -> str:
    """The shop states no warranty for this item's category: say so honestly (never a default
    length), give its claim guide when it has one, and offer a colleague who can check."""
    where_en = f" (order {order_id})" if order_id else ""
    where_zh = f"（订单 {order_id}）" if order_id else ""
    guide_en = f" How claims work here: {claim}" if claim else ""
    guide_zh = f"保修方式：{claim}" if claim else ""
    return t(lang, f"I don't have the warranty terms for {name}{where_en} on record, so I won't guess a length."
                   f"{guide_en} If you like, a colleague can check its warranty for you — shall I pass it on?",
             f"我这里没有{name}{where_zh}的保修期限记录，不便随意回答。{guide_zh}"
             f"需要的话我可以请同事为您确认保修情况，要转给同事吗？")


def no_warranty_options(item: str, order_id: str, returnable: bool, return_until: str | None,
                        exchange_until: str | None, lang: str) -> str:
    """No warranty for the item's category: what the customer can still do, from the order's dates."""
    head = t(lang, f"{item} (order {order_id}) has no warranty beyond the return window.",
             f"{item}（订单 {order_id}）没有退货期之外的保修。")
    if returnable and (return_until or exchange_until):
        en, zh = [], []
        if return_until and return_until == exchange_until:
            en.append(f"return or exchange it until {return_until}")
            zh.append(f"{return_until}前可以退货或换货")
            return_until = exchange_until = None
        if return_until:
            en.append(f"return it for a refund until {return_until}")
            zh.append(f"{return_until}前可以退货退款")
        if exchange_until:
            en.append(f"exchange it until {exchange_until}")
            zh.append(f"{exchange_until}前可以换货")
        return head + t(lang, f" But it's still inside our windows: you can {' or '.join(en)}. Shall I start one?",
                        f"不过目前还在售后期内：{'，'.join(zh)}。需要我为您办理吗？")
    if not returnable:
        return head + t(lang, " Its category can't be returned either; if it is faulty, I can pass it to a colleague "
                              "to look at — shall I?",
                        "该类商品也不支持退货；如果是质量问题，我可以转给同事为您处理，需要吗？")
    return head + t(lang, " The return window has ended too; if it is faulty, a colleague can look at a paid repair — "
                          "shall I pass it on?",
                    "退换货期也已结束；如果是质量问题，同事可以为您看看付费维修，需要我转给同事吗？")


# ---- faults -------------------------------------------------------------------------------------
def _or(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def fault_options(item: str, order_id: str, since_days: int, remedies: Sequence[str], lang: str,
                  guide: str = "", blocked: str = "", symptom: str = "", window: str = "") -> str:
    """A fault (after the product's guide, when there is one): the remedies the policy and the
    dates allow; a non-returnable category says so. `symptom` ("is leaking" / "出现渗漏"): what
    the customer said is wrong, said back instead of a general "giving you trouble"."""
    names_en = {"return": "return it for a refund", "exchange": "exchange it for a new one",
                "warranty": "arrange a warranty repair", "person": "pass it to a colleague to look at"}
    names_zh = {"return": "退货退款", "exchange": "换一件新的", "warranty": "办理保修维修", "person": "转给同事为您处理"}
    en = [names_en[r] for r in remedies if r in names_en]
    zh = [names_zh[r] for r in remedies if r in names_zh]
    if guide:
        intro_en, intro_zh = f"Sorry about that. Please try this first:\n{guide}\nIf that doesn't help: ", \
            f"抱歉给您带来麻烦了。可以先试试这些方法：\n{guide}\n如果还是不行："
    else:
        intro_en, intro_zh = (f"Sorry the {item} {symptom}. " if symptom else f"Sorry the {item} is giving you trouble. ",
                              f"很抱歉{item}{symptom}。" if symptom else f"很抱歉{item}出了问题。")
    rule_en = f" {category(blocked, 'en').capitalize()} items can't be returned, but we" if blocked else " We"
    rule_zh = f"{category(blocked, 'zh')}不支持退货，" if blocked else ""
    order_en = "order" if guide else "Order"
    # `window`: the remedy the delivery date allows, in the shop's terms (fault_window).
    w_en = f" {window}" if window else ""
    return t(lang, f"{intro_en}{order_en} {order_id} was delivered {since_days} days ago.{w_en}{rule_en} can "
                   f"{_or(en)} — which would you prefer?",
             f"{intro_zh}订单 {order_id} 签收 {since_days} 天，{window}{rule_zh}可以{'或'.join(zh)}——您想怎么处理？")


# ---- policy questions ------------------------------------------------------------------------------
def policy_answer(topic: str, window: int | None, product: str, returnable: bool | None,
                  non_returnable: Sequence[str], offer: str, lang: str) -> str:
    """The rule, whether the product named falls under it, and an offer to start one."""
    what_en = {"return_request": "returns", "exchange_request": "exchanges"}.get(topic, "returns")
    what_zh = {"return_request": "退货", "exchange_request": "换货"}.get(topic, "退货")
    parts_en = [f"Our policy: {what_en} are accepted within {window} days of delivery."]
    parts_zh = [f"我们的政策：签收后 {window} 天内可以{what_zh}。"]
    if non_returnable:
        parts_en.append(f"Not returnable: {', '.join(category(c, 'en') for c in non_returnable)}.")
        parts_zh.append(f"不支持退货的类别：{'、'.join(category(c, 'zh') for c in non_returnable)}。")
    if product and returnable is not None:
        parts_en.append(f"{product} {'can' if returnable else 'cannot'} be {'returned' if topic != 'exchange_request' else 'exchanged'}"
                        + (" under it." if returnable else "."))
        parts_zh.append(f"{product}{'可以' if returnable else '不可以'}{what_zh}。")
    if offer:
        parts_en.append(f"Would you like me to start one for {offer}?")
        parts_zh.append(f"需要我为{offer}办理吗？")
    return t(lang, " ".join(parts_en), "".join(parts_zh))


# ---- delivery time -----------------------------------------------------------------------------
def wait_answer(order_id: str, carrier: str, tracking: str, since: int, days: str, expected_by: str, lang: str) -> str:
    """"It's been N days": the wait counted against the carrier's usual time for the route,
    instead of the status repeated."""
    track_en = f" (tracking {tracking})" if tracking else ""
    track_zh = f"（运单号 {tracking}）" if tracking else ""
    return t(lang, f"Order {order_id} shipped {since} day{'s' if since != 1 else ''} ago with {carrier}{track_en}; "
                   f"{carrier} usually takes {days} business days on this route, so it is still within the normal "
                   f"time. If it hasn't arrived by {expected_by}, tell me and I'll open an inquiry with the carrier.",
             f"订单 {order_id} 由{carrier}发出{track_zh}，已发货 {since} 天；{carrier}在这条线路上一般需要 {days} 个工作日，"
             f"目前仍在正常时效内。如果到{expected_by}还没收到，告诉我，我为您向承运商发起核查。")
