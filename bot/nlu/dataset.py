"""Labelled data for the intent classifier.

Our own utterances live in bot/nlu/data/{train,eval}_{zh,en}.txt (sections per intent, slots
in braces filled here). The public sets vendored in bot/nlu/data/public (each with its licence
and SOURCE.md) are part of the training data: Bitext (English customer-service intents, mapped
onto ours) and CLINC150 (out-of-scope -> other). A missing file is an error, never a quiet
fallback to a different model.
The eval split is written as separate phrasing families, never sampled from train rows.
"""
from __future__ import annotations

import csv
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
PUBLIC_DATA = DATA_DIR / "public"


def _public(*parts: str) -> Path:
    path = PUBLIC_DATA.joinpath(*parts)
    if not path.is_file():
        raise FileNotFoundError(f"vendored training data missing: {path}")
    return path

INTENTS: tuple[str, ...] = (
    "order_status", "cancel_order", "change_address", "return_request", "exchange_request",
    "refund_status", "product_issue", "invoice", "human_agent", "greeting", "thanks_bye", "other",
    "modify_order", "delivery_issue", "payment_issue", "product_info",
)

# Bitext intent -> ours. None: dropped (no clean counterpart; keeping it would blur a boundary).
BITEXT_MAP: dict[str, str | None] = {
    "track_order": "order_status",
    "delivery_period": "order_status",        # "when will my order arrive"
    "cancel_order": "cancel_order",
    "check_cancellation_fee": "cancel_order",  # asked while considering a cancellation
    "change_order": "modify_order",            # editing the items of an order
    "place_order": "other",
    "change_shipping_address": "change_address",
    "set_up_shipping_address": "change_address",
    "get_refund": "return_request",            # "I want my money back" starts a return/refund
    "check_refund_policy": "return_request",   # "in which cases can I get a refund" -> return flow + policy
    "track_refund": "refund_status",
    "get_invoice": "invoice",
    "check_invoice": "invoice",
    "contact_human_agent": "human_agent",
    "contact_customer_service": "human_agent",
    "complaint": "human_agent",                # a complaint goes to a person
    "review": "other",
    "delivery_options": "other",
    "check_payment_methods": "other",
    "payment_issue": "payment_issue",
    "newsletter_subscription": "other",
    "create_account": "other",
    "delete_account": "other",
    "edit_account": "other",
    "recover_password": "other",
    "registration_problems": "other",
    "switch_account": "other",
}

# CLINC150 in-scope intents that correspond to ours; every other CLINC intent is `other`.
CLINC_MAP: dict[str, str | None] = {
    "greeting": "greeting",
    "goodbye": "thanks_bye",
    "thank_you": "thanks_bye",
    "order_status": "order_status",
    "cancel": None,            # "cancel that" (cancel the request), not an order
    "order": None,             # placing orders: ambiguous with ours
    "yes": None, "no": None, "maybe": None, "repeat": None,
}


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    lang: str
    source: str  # "ours", "bitext", "clinc"


_FILLERS_ZH = {
    "order": ["SO202611200931", "SO202611180412", "so202612010077", "SO 2026 1203 0015",
              "4398127744102938811", "260412998310274411", "订单号SO202611150008"],
    "track": ["SF1234567890", "SF1409876543211", "JDVA10293847561", "YT7712345678901", "ZTO73312345678",
              "EMS1029384756"],
    "product": ["跑鞋", "吹风机", "无线耳机", "电热水壶", "T恤", "羽绒服", "坚果礼盒", "内衣", "马克杯",
                "充电宝", "智能手表", "帆布包", "电饭煲", "AirFlow吹风机", "耳机", "鞋子", "衣服"],
    "amount": ["299元", "¥129", "59块", "1299.00元", "￥88.5", "三百块"],
    "size": ["42", "43", "XL", "L", "M", "41码", "大一码", "XXL"],
    "color": ["黑色", "白色", "红色", "蓝色", "灰色", "粉色", "藏青色"],
    "addr": ["<ADDRESS_1>", "<ADDRESS>", "<ADDRESS_2>"],
    "person": ["<PERSON_1>", "<PERSON>"],
    "phone": ["<PHONE_NUMBER_1>", "<PHONE_NUMBER>"],
    "email": ["<EMAIL_ADDRESS_1>", "<EMAIL_ADDRESS>"],
    "days": ["3", "5", "七", "十", "10", "两"],
}
_FILLERS_EN = {
    "order": ["SO202611200931", "so202612040118", "SO-2026-1130-0442", "4398127744102938811",
              "#SO202611210077", "order SO202611190005"],
    "track": ["SF1234567890", "1Z999AA10123456784", "JDVA10293847561", "YT7712345678901"],
    "product": ["running shoes", "hair dryer", "AirFlow HD-2000", "earbuds", "wireless earbuds", "kettle",
                "t-shirt", "down jacket", "nut gift box", "mug", "custom mug", "power bank",
                "smart watch", "tote bag", "rice cooker", "shoes", "jacket"],
    "amount": ["$12.50", "¥299", "RMB 100", "299 yuan", "$45", "89 dollars"],
    "size": ["9", "10", "42", "XL", "M", "L", "small", "large", "size 9"],
    "color": ["black", "white", "red", "navy", "grey", "pink", "blue"],
    "addr": ["<ADDRESS_1>", "<ADDRESS>", "<ADDRESS_2>"],
    "person": ["<PERSON_1>", "<PERSON>"],
    "phone": ["<PHONE_NUMBER_1>", "<PHONE_NUMBER>"],
    "email": ["<EMAIL_ADDRESS_1>", "<EMAIL_ADDRESS>"],
    "days": ["3", "5", "10", "14", "two", "ten"],
}
_SLOT_RE = re.compile(r"\{(\w+)\}")
_EXPANSIONS = 3  # variants generated per slotted line


def _parse_sections(path: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    intent = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head = re.fullmatch(r"\[(\w+)\]", line)
        if head:
            intent = head.group(1)
            if intent not in INTENTS:
                raise ValueError(f"{path.name}: unknown intent {intent!r}")
            continue
        if intent is None:
            raise ValueError(f"{path.name}: utterance before any [intent] section")
        rows.append((intent, line))
    return rows


def _expand(template: str, fillers: dict[str, list[str]], rng: random.Random, n: int) -> list[str]:
    if not _SLOT_RE.search(template):
        return [template]
    out: list[str] = []
    for _ in range(n * 3):
        text = _SLOT_RE.sub(lambda m: rng.choice(fillers[m.group(1)]), template)
        if text not in out:
            out.append(text)
        if len(out) >= n:
            break
    return out


def load_ours(split: str, lang: str, expansions: int = _EXPANSIONS) -> list[Example]:
    """Our hand-written utterances for `split` ("train"/"eval") and `lang`, slots filled."""
    fillers = _FILLERS_ZH if lang == "zh" else _FILLERS_EN
    # Seeded per file so the expansion is reproducible (and the model cache key stable).
    rng = random.Random(f"{split}-{lang}")
    out: list[Example] = []
    for intent, template in _parse_sections(DATA_DIR / f"{split}_{lang}.txt"):
        n = expansions if split == "train" else 1
        for text in _expand(template, fillers, rng, n):
            out.append(Example(text, intent, lang, "ours"))
    return out


def load_labelled_file(path: Path, lang: str, source: str) -> list[Example]:
    """A labelled file in the same section format, taken verbatim (no slot expansion).

    Used for sets that must never feed training, such as tests/nlu/data/challenge_*.txt.
    """
    return [Example(text, intent, lang, source) for intent, text in _parse_sections(path)]


def _norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def load_bitext(split: str, per_intent: int | None = None, seed: int = 7) -> list[Example]:
    """Bitext rows mapped onto our intents ("train", "dev" or "test").

    Test/dev rows that duplicate a train utterance are dropped so evaluation is not inflated.
    `per_intent` caps rows per Bitext intent (the set is templated and would swamp our data).
    """
    path = _public("bitext_cs_intent_en", f"{split}.csv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if split != "train":
        with _public("bitext_cs_intent_en", "train.csv").open(encoding="utf-8") as fh:
            seen = {_norm_key(r["utterance"]) for r in csv.DictReader(fh)}
        rows = [r for r in rows if _norm_key(r["utterance"]) not in seen]
    by_intent: dict[str, list[str]] = {}
    for r in rows:
        by_intent.setdefault(r["intent"], []).append(r["utterance"])
    rng = random.Random(seed)
    out: list[Example] = []
    for src_intent in sorted(by_intent):
        ours = BITEXT_MAP.get(src_intent)
        if ours is None:
            continue
        texts = sorted(set(by_intent[src_intent]))
        if per_intent is not None and len(texts) > per_intent:
            texts = rng.sample(texts, per_intent)
        out.extend(Example(t, _bitext_relabel(src_intent, t, ours), "en", "bitext") for t in texts)
    return out


# Bitext files "how long do refunds take" under check_refund_policy; ours (and customers) mean
# "where is my money": a refund *timing* question is refund_status, in both languages.
_REFUND_TIMING = re.compile(r"how (long|much time)|\btakes?\b|\batke\b", re.I)


def _bitext_relabel(src_intent: str, text: str, ours: str) -> str:
    if src_intent == "check_refund_policy" and _REFUND_TIMING.search(text):
        return "refund_status"
    return ours


def load_clinc(split: str, per_intent: int | None = None, seed: int = 11) -> list[Example]:
    """CLINC150 rows mapped: a few to ours, everything else (and oos) to `other`.

    split: "train", "val", "test", "oos_train", "oos_val", "oos_test".
    """
    path = _public("clinc150_oos_en", "data_full.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    by_intent: dict[str, list[str]] = {}
    for text, label in data[split]:
        by_intent.setdefault(label, []).append(text)
    rng = random.Random(seed)
    out: list[Example] = []
    for label in sorted(by_intent):
        ours = CLINC_MAP.get(label, "other")
        if ours is None:
            continue
        texts = by_intent[label]
        if per_intent is not None and len(texts) > per_intent:
            texts = rng.sample(texts, per_intent)
        out.extend(Example(t, ours, "en", "clinc") for t in texts)
    return out


def training_set() -> list[Example]:
    """Everything the shipped model trains on."""
    ex = load_ours("train", "zh") + load_ours("train", "en")
    ex += load_bitext("train", per_intent=60)
    ex += load_clinc("train", per_intent=6)
    ex += load_clinc("oos_train") + load_clinc("oos_val")
    return ex


def data_fingerprint_files() -> list[Path]:
    """Files whose content determines the trained model (for the cache key)."""
    files = sorted(DATA_DIR.glob("train_*.txt"))
    files.append(_public("bitext_cs_intent_en", "train.csv"))
    files.append(_public("clinc150_oos_en", "data_full.json"))
    return files
