"""The answer to a fault already described: which product's page may answer it, and what follows
when the customer already tried the fix.

- A symptom of a delivered line the customer names ("the left side of my headphones keeps cutting
  out") is a fault report for that line (the troubleshooting flow), never a help-centre page
  picked by its words alone (another product's guide).
- No page of THAT product for the symptom: said plainly, and the remedy the dates allow offered
  at once (never another product's text).
- Already tried ("did that, still cold", "试过了还是不行"): the same fix text is not pasted again;
  the remedy follows — and for a warranty repair, the shop's own claim steps.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.dialogue import symptoms as SY
from bot.dialogue.texts import t
from bot.lang import cues as C

# Flows a described symptom of a held item overrides (a guess from the words, not a request).
_LOOSE = (None, "product_info", "order_status")
_PRICE_Q = re.compile(r"\b(price[sd]?|costs?|cheaper|cheapest|more expensive|how much|difference between|compare)\b|"
                      r"便宜|贵|多少钱|价格|价钱|差价|区别|对比", re.I)


def route(flow: str | None, why: str, intent: str, confidence: float, text: str, ctx: Any,
          slots: dict[str, Any]) -> tuple[str | None, str]:
    """Troubleshooting for a specific symptom of a named delivered line (else `flow` unchanged)."""
    if ctx.flow is not None and ctx.step not in (None, "done"):
        return flow, why
    if flow not in _LOOSE or not SY.specific(text) or _PRICE_Q.search(text):
        # (a price or comparison question names no fault, even when a product's name holds a
        # symptom word: 充电宝 is no charging fault)
        return flow, why
    named = [i for i in slots.get("items") or [] if not i.get("excluded")]
    delivered = {str(o.get("id")) for o in ctx.orders if o.get("status") == "delivered"}
    if named and all(str(i.get("order_id")) in delivered for i in named):
        return "troubleshooting", "a symptom of a delivered item named (its own product's guide)"
    return flow, why


def tried(text: str, history: Sequence[tuple[str, str]] = ()) -> bool:
    """The customer says they already tried the fix (this message)."""
    return bool(C.TRIED.search(text or ""))


def no_guide(item: str, lang: str) -> str:
    """One sentence: there is no troubleshooting text for this product, so the remedy comes now."""
    return t(lang, f"I don't have a troubleshooting guide for this problem with the {item}, so let's go straight to "
                   f"putting it right.",
             f"关于{item}的这个问题，我们没有可用的排查说明，直接为您安排处理。")


def warranty_only(item: str, order_id: str, since_days: int, symptom: str, window: str, steps: str,
                  lang: str) -> str:
    """The fault past the direct replacement with the warranty the one remedy left: the claim
    offered for a yes (never "which would you prefer?" with one choice)."""
    sorry_en = f"Sorry the {item} {symptom}." if symptom else f"Sorry the {item} is giving you trouble."
    sorry_zh = f"很抱歉{item}{symptom}。" if symptom else f"很抱歉{item}出了问题。"
    steps_en = f" {steps}" if steps else ""
    return t(lang, f"{sorry_en} Order {order_id} was delivered {since_days} days ago. {window}{steps_en} "
                   f"Shall I file a warranty claim for it now? (yes/no)",
             f"{sorry_zh}订单 {order_id} 签收 {since_days} 天，{window}{steps}需要我现在为您提交保修申请吗？（是/否）")


def claim_steps(guide: str, lang: str) -> str:
    """The shop's warranty claim steps after a warranty remedy ("" when the shop has none)."""
    if not guide:
        return ""
    return t(lang, f" How a warranty claim works: {guide}", f"保修申请方法：{guide}")
