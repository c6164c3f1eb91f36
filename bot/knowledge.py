"""Knowledge base: help-centre snippets in Chinese and English, retrieved with BM25.

File format
-----------
`config/knowledge/<lang>/<topic>.md`, one file per topic and language. A file holds one or
more snippets, each introduced by a small front-matter header between two `---` lines:

    ---
    id: returns-window-en            # stable, unique; `<topic>-<lang>` by convention
    title: 7-day no-reason returns
    lang: en                          # optional; defaults to the directory name
    tags: [returns, return_request]   # topic words (indexed) and intent names (boost only)
    products: []                      # optional: the kinds of product the page is about
    ---                               # ([] a general page; [kettle, electric kettle] a guide)
    Snippet text, one topic, a few sentences with the concrete figures.

A bare `---` line therefore always starts a header; snippet bodies must not contain one.

A text may name the running shop's own policy figures as `{return_window_days}`,
`{exchange_window_days}` (any numeric field of the shop's policies): `fill_policies` writes them
in per turn, so one generic folder serves every shop with its own windows. An unknown name is
left as written.

Retrieval
---------
One BM25 (Okapi) index per language over title (counted twice), topic tags and text.
Tokenisation is shared by both languages because queries and snippets mix scripts
("AirFlow HD-2000吹风机"): jieba in search mode for Chinese plus the single CJK characters of
each word (colloquial Chinese often uses one character where the help centre uses a word:
退 / 退货), lowercase + light suffix stemming for Latin words, stop words removed in both,
and a small domain thesaurus folding colloquial synonyms onto one form. Redaction
placeholders (`<PHONE_NUMBER_1>`) are removed before tokenising.

`search` scores the query-language index (detected from the text when `lang` is None) and
falls back to the other language only when nothing there clears the score floor. An
`intent` multiplies the scores of snippets tagged with that intent name. Results under an
absolute floor, or far below the best hit, are dropped, so chit-chat returns nothing.
"""
from __future__ import annotations

import functools
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import jieba
from rank_bm25 import BM25Okapi

from bot.lang.script import fold

log = logging.getLogger(__name__)

LANGS = ("zh", "en")
INTENTS = frozenset({
    "order_status", "cancel_order", "change_address", "return_request", "exchange_request",
    "refund_status", "product_issue", "invoice", "human_agent", "greeting", "thanks_bye", "other",
})

# Small talk needs no help-centre text; the pipeline's intent says so better than BM25 can.
_CHITCHAT_INTENTS = frozenset({"greeting", "thanks_bye"})

# Scoring knobs; values chosen on the dev split of tests/knowledge_eval/questions.jsonl.
MIN_SCORE = 2.5          # absolute BM25 floor: below it a hit is noise (chit-chat, one stray word)
MIN_COVERAGE = 0.2       # a hit must contain this share of the query's IDF mass
RELATIVE_FLOOR = 0.3     # drop hits scoring under this share of the best hit
# Relevance floor (tests/knowledge_eval/unanswerable.jsonl): below STRONG_SCORE a hit must also
# cover this share of the question's IDF mass.
STRONG_SCORE = 5.0
WEAK_COVERAGE = 0.35
INTENT_BOOST = 1.3       # multiplier for snippets tagged with the query's intent
TITLE_WEIGHT = 2         # title tokens are counted this many times

_PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]*>")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_HEADER_LINE = re.compile(r"^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")

EN_STOPWORDS = frozenset("""
a about above after again all also am an and any are as at be been before being below
between both but by can could did do does doing don done down during each else ever every
few for from further get got had has have having he her here hers him his how i if in into
is it its itself just let like me might tell mine more most much must my myself need no nor not
now of off on once one only or other our ours out over own please pls really same shall she
should since so some still such than thank thanks that the their them then there these they
this those though through to too under until up upon us very want was way we were what
whatever when where whether which while who whom why will with within without would yet you
your yours yourself hi hello hey ok okay yes yeah im ive id dont doesnt didnt cant wont isnt
wasnt arent havent hasnt youre thats whats good great nice morning afternoon evening night
today tomorrow yesterday bye goodbye lol haha s t d ll m re ve already anyone anything someone
something thing things actually maybe help
""".split())

ZH_STOPWORDS = frozenset("""
的 了 吗 呢 吧 啊 呀 哦 嗯 哈 么 嘛 哎 喔 噢 是 在 有 和 与 及 或 就 都 也 还 又 很 太 更 最 把 被 给 让
对 从 到 向 跟 于 为 以 之 其 这 那 哪 这个 那个 这样 那样 什么 怎么 怎么办 怎样 如何 为什么 多少 几 能
可以 能不能 可不可以 会 要 想 我 我们 你 你们 您 他 她 它 他们 自己 一下 一个 一些 已经 现在 然后
但是 可是 因为 所以 如果 还是 而且 就是 不是 没有 请问 请 谢谢 你好 您好 麻烦 帮 帮我 一直 刚 刚刚
个 上 下 里 中 后 前 时候 问 说 看 知道 东西 这边 那边 好 好的 哈哈 呵呵 嘿 喂 啦 咯 么么 嗯嗯
我要 我想 今天 明天 昨天 再见 拜拜 辛苦 早上好 晚上好 下午好 早 在吗 知道了 收到了 行 对 对的 是的 谁
""".split())

# Domain words jieba's dictionary splits badly ("充电宝给" -> 充电 / 宝给).
_ZH_USER_WORDS = (
    "充电宝", "移动电源", "电饭煲", "电饭锅", "电水壶", "吹风机", "冷风", "冷风键", "过滤网", "进风口",
    "羽绒服", "钻绒", "跑绒", "水垢", "除垢", "夹生", "跑鞋", "尺码", "马克杯", "定制", "退货", "换货",
    "退款", "到账", "发票", "电子发票", "普通发票", "增值税专用发票", "专票", "普票", "抬头", "税号",
    "人工客服", "转人工", "快递单号", "物流", "签收", "包邮", "运费", "到付", "拒收", "补发", "丢件",
    "保修", "售后", "蓝牙", "配对", "充电盒", "续航", "同步", "烧焦", "故障代码", "无理由", "改地址",
    "收货地址", "取消订单", "发错货", "顺丰", "圆通", "中通", "京东物流", "偏远地区", "江浙沪",
)

# Colloquial variants folded onto the help centre's word (applied to snippets and queries alike).
_SYNONYMS = {
    # zh
    "电饭锅": "电饭煲", "饭锅": "电饭煲", "移动电源": "充电宝", "电吹风": "吹风机", "风筒": "吹风机",
    "热水壶": "电水壶", "烧水壶": "电水壶", "水壶": "电水壶", "跑绒": "钻绒", "掉毛": "钻绒",
    "钻毛": "钻绒", "邮费": "运费", "快递费": "运费", "退钱": "退款", "返款": "退款",
    "专票": "增值税专用发票", "普票": "电子普通发票", "客服": "人工客服", "转人工": "人工客服",
    "人工": "人工客服", "真人": "人工客服", "快递": "物流", "包裹": "物流", "运单号": "快递单号",
    "单号": "快递单号", "蓝牙耳机": "耳机", "手环": "手表", "鞋码": "尺码", "码数": "尺码",
    # en
    "package": "parcel", "courier": "carrier", "swap": "exchange", "postage": "shipping",
    "reimburse": "refund", "repay": "refund", "earphone": "earbud", "headphone": "earbud",
    "hairdryer": "dryer", "blowdryer": "dryer", "powerbank": "power", "charger": "charge",
    "fapiao": "invoice", "receipt": "invoice", "agent": "human", "person": "human",
    "representative": "human", "operator": "human", "deliver": "delivery",
    "feather": "down", "part": "partial", "ship": "shipping", "shipment": "shipping",
}


# Multi-word English idioms rewritten before tokenising (the single words are too vague).
_EN_PHRASES = tuple((re.compile(p), r) for p, r in (
    (r"\bsend(?:ing)? (?:it|them|this|that|the \w+|everything)? ?back\b", " return "),
    (r"\b(?:money|cash) back\b", " refund "),
    (r"\b(?:don'?t|do not|didn'?t|did not) (?:really )?(?:like|love|want|need)\b", " no-reason return "),
    (r"\bchang(?:e|ed|ing) (?:my|your|our) minds?\b", " no-reason return "),
    (r"\bsign(?:ed)? for\b", " delivery "),
    (r"\bhow (?:long|many days)\b", " days "),       # a duration question asks for a number of days
))
# The same for Chinese duration questions; applied before jieba.
_ZH_PHRASES = tuple((re.compile(p), r) for p, r in (
    (r"多久|多长时间|几天|多少天", " 天 "),
))


@dataclass(frozen=True)
class Snippet:
    """One help-centre answer; `score` is the retrieval score (0.0 when fetched by id)."""
    id: str
    title: str
    text: str
    score: float
    lang: str
    tags: tuple[str, ...] = field(default=(), compare=False)
    # The kinds of product the page is about (header `products:`): () for a general page,
    # None when the file does not say (then its tags are read as the dialogue always did).
    products: tuple[str, ...] | None = field(default=None, compare=False)


_POLICY_SLOT = re.compile(r"\{([a-z_]+)\}")


def fill_text(text: str, values: dict[str, object]) -> str:
    """`text` with `{name}` replaced by `values[name]` where known."""
    return _POLICY_SLOT.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def policy_values(policies: object) -> dict[str, object]:
    """The numeric policy figures a knowledge text may name (`return_window_days`, …)."""
    out: dict[str, object] = {}
    for name in dir(policies):
        if name.startswith("_"):
            continue
        value = getattr(policies, name, None)
        if isinstance(value, int) and not isinstance(value, bool):
            out[name] = value
    return out


def fill_policies(snippets: list[Snippet], policies: object) -> list[Snippet]:
    """The snippets with the shop's policy figures written into their texts."""
    values = policy_values(policies)
    return [replace(s, text=fill_text(s.text, values)) if "{" in s.text else s for s in snippets]


def _stem(word: str) -> str:
    """Light English suffix stripping: enough to join return/returns/returned/returning and
    change/changed/changing (a trailing -e is dropped so both sides meet at "chang")."""
    if len(word) <= 3 or not word.isalpha():
        return word
    stem = word
    for suffix, repl, min_len in (("ies", "y", 5), ("sses", "ss", 6), ("ing", "", 6), ("ed", "", 5),
                                  ("ly", "", 6), ("es", "", 6), ("s", "", 4)):
        if word.endswith(suffix) and len(word) >= min_len:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "sses", "zes")):
                continue
            stem = word[: len(word) - len(suffix)] + repl
            # "shipped" -> "shipp" -> "ship"; "stopping" -> "stop"
            if suffix in ("ing", "ed") and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                stem = stem[:-1]
            break
    if stem.endswith("e") and len(stem) >= 5:
        stem = stem[:-1]
    return stem


def _private_jieba() -> jieba.Tokenizer:
    """A tokenizer of our own (the domain words below must not change the redactor's shared one),
    started from a copy of the default dictionary: one dictionary load per process, not two (~0.5 s)."""
    jieba.initialize()   # the shared default: loads the cached dictionary once, under jieba's lock
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total = dict(jieba.dt.FREQ), jieba.dt.total
    tk.initialized = True
    return tk


class Tokenizer:
    """Mixed Chinese/English tokeniser used for both snippets and queries."""

    def __init__(self) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._jieba = _private_jieba()
        for word in _ZH_USER_WORDS:
            self._jieba.add_word(word, freq=20000)
        for word in _SYNONYMS:
            if _CJK.search(word):
                self._jieba.add_word(word, freq=20000)
        self._en_syn = {_stem(k): _stem(v) for k, v in _SYNONYMS.items() if not _CJK.search(k)}

    def __call__(self, text: str) -> list[str]:
        text = _PLACEHOLDER.sub(" ", text)
        # one script: a traditional knowledge folder answers simplified questions and vice versa
        text = fold(unicodedata.normalize("NFKC", text).lower())
        for pattern, repl in _EN_PHRASES + _ZH_PHRASES:
            text = pattern.sub(repl, text)
        tokens: list[str] = []
        for piece in self._jieba.cut_for_search(text):
            piece = piece.strip()
            if not piece:
                continue
            if _CJK.search(piece):
                if piece not in ZH_STOPWORDS:
                    tokens.append(_SYNONYMS.get(piece, piece))
            else:
                for word in _LATIN_WORD.findall(piece):
                    if word in EN_STOPWORDS:
                        continue
                    stem = _stem(word)
                    tokens.append(self._en_syn.get(stem, stem))
        # Each CJK character of a non-stop word once, as a weak back-off for colloquial
        # one-character words (退 / 退货, 裂 / 开裂) that jieba keeps whole.
        for word in self._jieba.cut(text):
            if len(word) > 1 and _CJK.search(word) and word.strip() not in ZH_STOPWORDS:
                tokens.extend(ch for ch in word if _CJK.match(ch) and ch not in ZH_STOPWORDS)
        return tokens


@functools.lru_cache(maxsize=1)
def shared_tokenizer() -> Tokenizer:
    """One tokeniser per process: jieba's dictionary takes ~0.5 s to load, and is read-only after."""
    return Tokenizer()


def detect_lang(text: str) -> str:
    """zh when the text has any real share of CJK characters, otherwise en."""
    text = _PLACEHOLDER.sub(" ", text)
    cjk = len(_CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk and cjk * 3 >= latin else "en"


def _parse_tags(raw: str) -> tuple[str, ...]:
    raw = raw.strip().strip("[]")
    return tuple(t.strip().strip("'\"") for t in raw.split(",") if t.strip())


def _lang_code(lang: str) -> str:
    """"zh-TW", "zh_Hant", "zh-HK" folders and headers are Chinese like "zh": one index."""
    low = lang.strip().lower()
    return "zh" if low.startswith("zh") else low


def parse_file(path: Path, default_lang: str) -> list[Snippet]:
    """Snippets of one Markdown file (format in the module docstring)."""
    snippets: list[Snippet] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != "---":
            if lines[i].strip():
                raise ValueError(f"{path}:{i + 1}: text outside a snippet (missing '---' header?)")
            i += 1
            continue
        header: dict[str, str] = {}
        i += 1
        while i < len(lines) and lines[i].strip() != "---":
            m = _HEADER_LINE.match(lines[i])
            if m:
                header[m.group(1).lower()] = m.group(2)
            elif lines[i].strip():
                raise ValueError(f"{path}:{i + 1}: bad header line")
            i += 1
        i += 1  # closing ---
        body: list[str] = []
        while i < len(lines) and lines[i].strip() != "---":
            body.append(lines[i])
            i += 1
        if "id" not in header or "title" not in header:
            raise ValueError(f"{path}: snippet header needs id and title")
        # Kept in the working script (simplified): the dialogue reads a page's sentences with
        # simplified cues; a traditional customer gets the answer converted back (the pipeline).
        text = fold(" ".join(part.strip() for part in body if part.strip()))
        snippets.append(Snippet(id=header["id"], title=fold(header["title"]), text=text, score=0.0,
                                lang=_lang_code(header.get("lang", default_lang)),
                                tags=_parse_tags(fold(header.get("tags", ""))),
                                products=_parse_tags(fold(header["products"])) if "products" in header else None))
    return snippets


class _Index:
    """BM25 over the snippets of one language."""

    def __init__(self, snippets: list[Snippet], tokenize: Tokenizer) -> None:
        self.snippets = snippets
        docs = []
        for s in snippets:
            topic_tags = " ".join(t for t in s.tags if t not in INTENTS)
            docs.append(tokenize(" ".join([s.title] * TITLE_WEIGHT + [topic_tags, s.text])))
        self.bm25 = BM25Okapi(docs) if snippets else None

    def coverage(self, query_tokens: list[str], i: int) -> float:
        """Share of the query's IDF mass that document i contains (unknown words weigh most)."""
        if self.bm25 is None:
            return 0.0
        top = max(self.bm25.idf.values(), default=1.0)
        terms = set(query_tokens)
        total = sum(self.bm25.idf.get(t, top) for t in terms)
        found = sum(self.bm25.idf[t] for t in terms if t in self.bm25.doc_freqs[i])
        return found / total if total > 0 else 0.0

    def scores(self, query_tokens: list[str]) -> list[float]:
        if self.bm25 is None or not query_tokens:
            return [0.0] * len(self.snippets)
        return [float(x) for x in self.bm25.get_scores(query_tokens)]


class KnowledgeBase:
    """Load once (`KnowledgeBase.load(dir)`), then `search` / `get`; read-only, thread-safe."""

    def __init__(self, snippets: list[Snippet], tokenizer: Tokenizer | None = None) -> None:
        self._tokenize = tokenizer or shared_tokenizer()
        self._by_id: dict[str, Snippet] = {}
        for s in snippets:
            if s.id in self._by_id:
                raise ValueError(f"duplicate snippet id {s.id!r}")
            self._by_id[s.id] = s
        self._indexes = {lang: _Index([s for s in snippets if s.lang == lang], self._tokenize)
                         for lang in sorted({s.lang for s in snippets} | set(LANGS))}

    @classmethod
    def load(cls, directory: Path | str) -> KnowledgeBase:
        directory = Path(directory)
        if not directory.is_dir():
            raise FileNotFoundError(f"knowledge directory not found: {directory}")
        snippets: list[Snippet] = []
        for path in sorted(directory.rglob("*.md")):
            if path.name.lower() == "readme.md":
                continue
            default_lang = path.parent.name if path.parent != directory else "en"
            snippets.extend(parse_file(path, default_lang))
        log.info("knowledge base loaded: %d snippets from %s", len(snippets), directory)
        return cls(snippets)

    def __len__(self) -> int:
        return len(self._by_id)

    @property
    def ids(self) -> list[str]:
        return list(self._by_id)

    def get(self, snippet_id: str) -> Snippet | None:
        return self._by_id.get(snippet_id)

    def search(self, query: str, lang: str | None = None, k: int = 3,
               intent: str | None = None) -> list[Snippet]:
        """The best `k` relevant snippets, best first; may be fewer, or none for chit-chat."""
        if k <= 0 or intent in _CHITCHAT_INTENTS:
            return []
        tokens = self._tokenize(query)
        if not tokens:
            return []
        if lang not in self._indexes:
            lang = detect_lang(query)
        order = [lang] + [other for other in self._indexes if other != lang]
        for candidate in order:
            hits = self._search_one(self._indexes[candidate], tokens, k, intent)
            if hits:
                return hits
        return []

    def _search_one(self, index: _Index, tokens: list[str], k: int,
                    intent: str | None) -> list[Snippet]:
        scores = index.scores(tokens)
        if intent:
            scores = [sc * INTENT_BOOST if intent in s.tags else sc
                      for s, sc in zip(index.snippets, scores)]
        ranked = sorted(zip(scores, range(len(scores))), key=lambda p: (-p[0], p[1]))
        if not ranked or ranked[0][0] < MIN_SCORE:
            return []
        best = ranked[0][0]
        out: list[Snippet] = []
        for score, i in ranked[:k]:
            if score < MIN_SCORE or score < best * RELATIVE_FLOOR or math.isnan(score):
                break
            cover = index.coverage(tokens, i)
            if cover < MIN_COVERAGE or (score < STRONG_SCORE and cover < WEAK_COVERAGE):
                # No snippet beats a wrong snippet: a hit that shares only a stray word or two
                # with the question ("can I pay with bitcoin" → return shipping costs) is noise
                # unless its words are very specific to it (a high BM25 score).
                continue
            out.append(replace(index.snippets[i], score=round(score, 4)))
        return out
