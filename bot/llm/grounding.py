"""Grounding check: does a generated answer say only what its inputs say?

`check(answer, req)` is a pure function. Every identifier (order and tracking numbers),
amount, date, number (days, percentages, quantities) and status word in the answer must
appear in the inputs: the facts, the knowledge snippets, the template answer and the
customer's own text. It also checks the language, the length, the placeholders, and that the
answer neither leaks the prompt's instructions nor echoes a prompt-injection attempt.
A failing answer is replaced by the template answer, so the check errs on the strict side.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.llm.base import GenerationRequest

MAX_CHARS = {"zh": 300, "en": 700}
MIN_CHARS = 2

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_PLACEHOLDER = re.compile(r"<\s*[A-Za-z][A-Za-z_]*(?:_\d+)?\s*>")
# Identifiers: letters and digits mixed (SO202611200931, SF1234567890, RF-2026-0001) or long digit runs.
_IDENT = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z][A-Za-z0-9-]{4,}[A-Za-z0-9]"
                    r"|(?<![\d.])\d{6,}(?![\d.])")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTH_RE = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_PATTERNS: list[tuple[re.Pattern[str], tuple[str, str, str]]] = [
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), ("m", "d", "")),
    (re.compile(r"\b" + _MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b", re.I), ("M", "d", "y")),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r"(?:,?\s+(\d{4}))?\b", re.I),
     ("d", "M", "y")),
]
_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_NUMBER = re.compile(r"([零一二两三四五六七八九十百]+)\s*(?=天|日|个工作日|个小时|小时|%|％|元|件|周|个月|年)")
_EN_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
                    "twenty": 20, "thirty": 30}
_EN_WORD_NUMBER = re.compile(r"\b(" + "|".join(_EN_WORD_NUMBERS) + r")\s+(?:business\s+|working\s+|calendar\s+)?"
                             r"(?:days?|weeks?|months?|hours?|percent)\b", re.I)

# Status words, canonicalised across both languages. An answer's status words must be
# among those its inputs mention (in any language, or as the raw status code in the facts).
_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "pending": ("pending", "awaiting payment", "unpaid", "待付款", "未付款", "待支付"),
    "paid": ("paid", "re:已经?付款", "re:已经?支付", "付款成功"),
    "shipped": ("shipped", "dispatched", "on its way", "in transit", "re:已经?发货", "re:已经?发出", "运输中", "运输途中", "在途",
                "re:(?<![未没待])(?<!没有)(?<!尚未)(?<!还未)(?<!还没)发(?:货|出)"),
    "delivered": ("delivered", "signed for", "re:已经?签收", "re:已经?送达", "已妥投"),
    "cancelled": ("cancelled", "canceled", "re:已(?:经|为您)?取消", "取消成功"),
    "returned": ("returned", "re:已经?退货(?!申请)", "退货完成"),
    "refunded": ("refunded", "refund completed", "refund has been completed", "已退款", "退款成功", "退款完成"),
    "rejected": ("rejected", "declined", "denied", "已拒绝", "被拒绝", "驳回"),
    "approved": ("approved", "已批准", "已通过", "审核通过"),
    "processing": ("processing", "being processed", "处理中", "正在处理"),
}


def _word_re(word: str) -> str:
    if word.startswith("re:"):
        return word[3:]
    return (r"(?<![A-Za-z])" + re.escape(word) + r"(?![A-Za-z])") if word.isascii() else re.escape(word)


_STATUS_RE = {canon: re.compile("|".join(_word_re(w) for w in words), re.I) for canon, words in _STATUS_WORDS.items()}
# Status codes as they appear in tool results map onto the words above.
_STATUS_CODES = {"completed": "refunded", "succeeded": "refunded", "failed": "rejected"}

# Text the prompt uses to talk *to the model*; an answer that repeats it leaked the prompt.
PROMPT_MARKERS = (
    "facts:", "customer:", "reply:", "draft:", "knowledge:", "instructions:", "reference answer",
    "customer message:", "intent:", "事实：", "顾客：", "回复：", "资料：", "草稿：",
    "<start_of_turn>", "<end_of_turn>", "<bos>", "<eos>", "###", "system prompt", "系统提示",
    "answer in english", "answer in chinese", "用中文回答", "用英文回答", "only use the facts", "只使用",
)
# Phrases that show the model followed (or repeated) an injected instruction.
_INJECTION = re.compile("|".join([
    r"ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier) (?:instructions|rules|prompts?)",
    r"disregard (?:all |the )?(?:previous|prior|above) ", r"developer mode", r"jailbreak", r"\bDAN\b",
    r"as an ai(?: language)? model", r"i am (?:an ai|a language model|chatgpt)", r"my instructions",
    r"i (?:was|have been) (?:told|instructed) to", r"prompt injection", r"new instructions?:",
    r"忽略(?:之前|以上|上面|前面|所有)", r"无视(?:之前|以上|上面|前面|所有)", r"作为(?:一个)?(?:AI|人工智能)(?:语言)?模型",
    r"开发者模式", r"越狱", r"我的指令", r"提示词",
]), re.I)


@dataclass
class GroundingResult:
    ok: bool
    reasons: list[str] = field(default_factory=list)


def check(answer: str, req: GenerationRequest) -> GroundingResult:
    """Check `answer` against the inputs of `req`; `reasons` names every failure."""
    reasons: list[str] = []
    text = answer.strip()
    sources = _sources(req)
    src_lower = sources.lower()
    _check_shape(text, req.language, sources, reasons)
    _check_placeholders(text, req, reasons)
    _check_leaks(text, req, src_lower, reasons)
    _check_identifiers(text, sources, reasons)
    _check_coverage(text, req, reasons)
    rest = _check_dates(text, sources, reasons)
    _check_numbers(rest, sources, reasons)
    _check_statuses(text, sources, reasons)
    return GroundingResult(ok=not reasons, reasons=reasons)


# -- inputs -----------------------------------------------------------------------------------

def _flatten(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _flatten(v)
    elif isinstance(value, (list, tuple, set)):
        for v in value:
            yield from _flatten(v)
    elif value is not None:
        yield str(value)


def _sources(req: GenerationRequest) -> str:
    parts = list(_flatten(req.facts))
    for s in req.snippets:
        parts.append(str(getattr(s, "title", "")))
        parts.append(str(getattr(s, "text", "")))
    parts += [req.template_answer, req.user_text]
    return "\n".join(parts)


# -- individual checks ------------------------------------------------------------------------

_LATIN_WORD = re.compile(r"[A-Za-z]+")


def _check_shape(text: str, language: str, sources: str, reasons: list[str]) -> None:
    if len(text) < MIN_CHARS:
        reasons.append("empty answer")
        return
    limit = MAX_CHARS.get(language, MAX_CHARS["en"])
    if len(text) > limit:
        reasons.append(f"too long: {len(text)} > {limit} characters")
    bare = _PLACEHOLDER.sub("", text)
    cjk, latin = len(_CJK.findall(bare)), len(_LATIN.findall(bare))
    if language == "zh":
        # Chinese answers may quote Latin ids, product and carrier names from the inputs, but
        # their own words must be Chinese.
        known = {w.lower() for w in _LATIN_WORD.findall(sources)}
        own = sum(len(w) for w in _LATIN_WORD.findall(_IDENT.sub(" ", bare)) if w.lower() not in known)
        if cjk < 2 or cjk < 0.5 * (cjk + own):
            reasons.append("language: expected Chinese")
    elif cjk > 0.2 * (cjk + latin) or latin < 2:
        # English answers may quote a Chinese product name, but must be mostly Latin.
        reasons.append("language: expected English")


def _check_placeholders(text: str, req: GenerationRequest, reasons: list[str]) -> None:
    allowed = set(req.placeholders) | set(_PLACEHOLDER.findall(req.template_answer))
    for ph in _PLACEHOLDER.findall(text):
        if ph not in allowed:
            reasons.append(f"unknown placeholder {ph}")


def _check_leaks(text: str, req: GenerationRequest, src_lower: str, reasons: list[str]) -> None:
    low = text.lower()
    inputs_low = (req.template_answer + "\n" + "\n".join(
        str(getattr(s, "text", "")) for s in req.snippets)).lower()
    for marker in PROMPT_MARKERS:
        if marker in low and marker not in inputs_low:
            reasons.append(f"prompt text leaked: {marker!r}")
            break
    m = _INJECTION.search(text)
    if m and not _INJECTION.search(req.template_answer):
        reasons.append("prompt-injection echo")
    for url in _URL.findall(text):
        if url.lower().rstrip(".,)") not in src_lower:
            reasons.append("invented link")
    for mail in _EMAIL.findall(text):
        if mail.lower() not in src_lower:
            reasons.append("invented e-mail address")


def _identifiers(text: str) -> list[str]:
    return _IDENT.findall(_PLACEHOLDER.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", text))))


def _check_identifiers(text: str, sources: str, reasons: list[str]) -> None:
    # Whole tokens only: a truncated tracking number is as wrong as an invented one.
    known = {ident.lower() for ident in _identifiers(sources)}
    for ident in _identifiers(text):
        if ident.lower() not in known:
            reasons.append(f"invented identifier {ident}")


# Intents whose answer *is* a status: the answer must state the status the template states.
_STATUS_INTENTS = {"order_status", "refund_status"}


def _check_coverage(text: str, req: GenerationRequest, reasons: list[str]) -> None:
    """The answer must keep the template's key facts: its order/tracking numbers (and, for
    status questions, its status). Stops fluent answers that drop or contradict the facts."""
    said = {ident.lower() for ident in _identifiers(text)}
    for ident in dict.fromkeys(_identifiers(req.template_answer)):
        if ident.lower() not in said:
            reasons.append(f"missing fact {ident}")
    if req.intent in _STATUS_INTENTS:
        wanted = _said_statuses(req.template_answer)
        if wanted and not wanted & _said_statuses(text):
            reasons.append("missing status")
    # A template that asks something (which order? confirm?) needs an answer that still asks it:
    # dropping the question leaves the customer with nothing to reply to.
    if re.search(r"[?？]", req.template_answer) and not re.search(r"[?？]", text):
        reasons.append("missing question")


def _dates_in(text: str) -> tuple[list[tuple[int | None, int, int]], str]:
    """Dates found in `text` as (year|None, month, day), and the text with them blanked out."""
    found: list[tuple[int | None, int, int]] = []
    for pattern, roles in _DATE_PATTERNS:
        def take(m: re.Match[str], roles: tuple[str | None, ...] = roles) -> str:
            vals: dict[str, Any] = {}
            for role, group in zip(roles, m.groups()):
                if role and group:
                    vals[role] = group
            month = _MONTHS.get(vals["M"][:3].lower()) if "M" in vals else int(vals.get("m", 0))
            day = int(vals.get("d", 0))
            if month and 1 <= month <= 12 and 1 <= day <= 31:
                found.append((int(vals["y"]) if vals.get("y") else None, month, day))
                return " "
            return m.group(0)
        text = pattern.sub(take, text)
    return found, text


def _check_dates(text: str, sources: str, reasons: list[str]) -> str:
    answer_dates, rest = _dates_in(_PLACEHOLDER.sub(" ", text))
    if not answer_dates:
        return rest
    source_dates, _ = _dates_in(sources)
    for y, m, d in answer_dates:
        same_day = [sy for sy, sm, sd in source_dates if sm == m and sd == d]
        # A year in the answer must be the year the inputs give (when they give one at all).
        years = {sy for sy in same_day if sy is not None}
        ok = bool(same_day) and (y is None or not years or y in years)
        if not ok:
            reasons.append(f"invented date {'' if y is None else str(y) + '-'}{m:02d}-{d:02d}")
    return rest


def _numbers(text: str) -> list[float]:
    values: list[float] = []
    bare = _IDENT.sub(" ", text)
    for raw in _NUMBER.findall(bare):
        values.append(float(raw.replace(",", "")))
    for raw in _ZH_NUMBER.findall(bare):
        values.append(float(_zh_to_int(raw)))
    for raw in _EN_WORD_NUMBER.findall(bare):
        values.append(float(_EN_WORD_NUMBERS[raw.lower()]))
    return values


def _zh_to_int(raw: str) -> int:
    total, current = 0, 0
    for ch in raw:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _ZH_DIGITS.get(ch, 0)
    return total + current


def _check_numbers(rest: str, sources: str, reasons: list[str]) -> None:
    answer_numbers = _numbers(_URL.sub(" ", _EMAIL.sub(" ", rest)))
    if not answer_numbers:
        return
    source_numbers = set(_numbers(sources))
    for source_date in _dates_in(sources)[0]:
        source_numbers.update(float(v) for v in source_date if v is not None)
    for value in answer_numbers:
        if value not in source_numbers:
            shown = int(value) if value.is_integer() else value
            reasons.append(f"invented number {shown}")


# "hasn't been paid", "not yet shipped", "can't be returned": negated or modal status words
# are not claims about the order's status.
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bno longer)\s+(?:yet\s+)?(?:be(?:en)?\s+)?(?:fully\s+)?[a-z]+"
                      r"|\b(?:be|get)\s+(?:fully\s+)?[a-z]+", re.I)


def _said_statuses(text: str) -> set[str]:
    text = _NEGATED.sub(" ", text)
    return {canon for canon, rx in _STATUS_RE.items() if rx.search(text)}


def _status_set(text: str) -> set[str]:
    found = _said_statuses(text)
    low = text.lower()
    for code, canon in _STATUS_CODES.items():
        if re.search(r"(?<![a-z])" + code + r"(?![a-z])", low):
            found.add(canon)
    return found


def _check_statuses(text: str, sources: str, reasons: list[str]) -> None:
    said = _said_statuses(text)
    if not said:
        return
    known = _status_set(sources)
    for canon in sorted(said - known):
        reasons.append(f"status not in inputs: {canon}")


# -- drafts (what a page may show while the model is still writing) -----------------------------

DRAFT_MASK = "…"


class DraftMask:
    """Masks what an unchecked draft must not show: identifiers, e-mail addresses and links the
    inputs do not hold, and placeholders the request does not allow (they would restore to
    nothing of this customer's, or leak a placeholder). The full check still runs at the end;
    this only keeps an invented id or address from flashing on screen meanwhile."""

    def __init__(self, req: GenerationRequest) -> None:
        sources = _sources(req)
        self._src_lower = sources.lower()
        self._known = {ident.lower() for ident in _identifiers(sources)}
        self._allowed = set(req.placeholders) | set(_PLACEHOLDER.findall(req.template_answer))

    def __call__(self, text: str) -> str:
        text = _EMAIL.sub(lambda m: m.group(0) if m.group(0).lower() in self._src_lower else DRAFT_MASK, text)
        text = _URL.sub(lambda m: m.group(0) if m.group(0).lower().rstrip(".,)") in self._src_lower
                        else DRAFT_MASK, text)
        text = _PLACEHOLDER.sub(lambda m: m.group(0) if m.group(0) in self._allowed else DRAFT_MASK, text)
        return _IDENT.sub(lambda m: m.group(0) if m.group(0).lower() in self._known or _is_placeholder_part(text, m)
                          else DRAFT_MASK, text)


def _is_placeholder_part(text: str, m: re.Match[str]) -> bool:
    """An identifier-looking run inside an allowed placeholder (`<ORDER_ID_12>`) is not an id."""
    return any(p.start() <= m.start() and m.end() <= p.end() for p in _PLACEHOLDER.finditer(text))
