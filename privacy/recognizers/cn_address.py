"""Chinese postal addresses in running text.

An address is a run of components — province (省/自治区), city (市/州/盟), district (区/县/旗),
town (镇/乡/街道/村), road (路/街/大道/巷/弄 + 号), place (小区/花园/大厦/广场/苑…) and unit
(3栋/2单元/1201室/A座) — written back to back. Components are matched with bounded lazy
prefixes (linear time). The start of the first component is then pulled back to where the
place name really begins using the jieba segmentation (so "麻烦寄到上海市…" starts at 上海).
A single component counts only when it is precise (a road with a number, a unit); city +
district with nothing finer is accepted at a lower score.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .base import CJK, Recognizer
from .cn_name import MAX_SEGMENT_CHARS, segment

_C = r"[\u4e00-\u9fff]"
_W = r"[\u4e00-\u9fff0-9A-Za-z]"
_NUM = r"(?:\d{1,5}(?:-\d{1,5})?|[一二三四五六七八九十百零]{1,4})"
_COMPONENTS = [
    ("admin", rf"{_C}{{1,8}}?(?:省|自治区|特别行政区)"),
    ("admin", rf"{_C}{{1,8}}?(?:自治州|地区|盟|市)(?!场|民|区(?![\u4e00-\u9fff]{{0,3}}路))"),
    ("district", rf"{_C}{{1,6}}?(?:新区|区|县|旗)(?!别|域|块|分)"),
    ("town", rf"{_C}{{1,8}}?(?:街道|镇|乡|村|社区|开发区|工业园)"),
    ("road", rf"{_W}{{1,10}}?(?:大道|大街|路|街|巷|弄|胡同|公路)(?:{_NUM}\s?号(?:院|楼)?)?"),
    ("place", rf"{_W}{{1,10}}?(?:小区|花园|大厦|广场|公寓|中心|家园|新村|大楼|公馆|山庄|苑|园|城|府|院|学校|大学|医院|酒店|宾馆|市场|宿舍|写字楼)"),
    ("unit", rf"(?:第?{_NUM}\s?(?:号楼|号院|号|栋|幢|座|楼|层|单元|室|户|房)(?:\s?\d{{2,5}}(?![\d号栋幢座楼层单元室户房-]))?|[A-Za-z]\s?(?:座|栋)(?:\s?\d{{2,5}}(?![\d号栋幢座楼层单元室户房-]))?|{_NUM}\s?-\s?{_NUM}(?=室|号))"),
]
_COMP = "|".join(f"(?P<{k}{i}>{p})" for i, (k, p) in enumerate(_COMPONENTS))
_COMP_PLAIN = "|".join(f"(?:{p})" for _, p in _COMPONENTS)
_ADDR = re.compile(rf"(?:{_COMP_PLAIN})(?:\s?(?:{_COMP_PLAIN}))*")
_ONE = re.compile(_COMP)

_PROVINCES = ("北京 天津 上海 重庆 河北 山西 内蒙古 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
              "广东 广西 海南 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾").split()
_START = re.compile("|".join(_PROVINCES))
# Words that lead into an address but are not part of it.
_LEAD = re.compile(r".*(?:地址|改成|改为|改到|寄到|送到|发到|寄往|发往|送往|住在|位于|搬到|放在|放到|寄回|退回|在|到|是|为|我|的|:|：)")
_BACK_OK = {"ns", "n", "nz", "nr", "nrt", "nt", "vn", "m", "eng", "j", "s", "f", "b", "a", "ng", "nrfg", "an", "t", "x"}


@lru_cache(maxsize=8)
def _starts(tokens) -> list[int]:
    return [t[2] for t in tokens]


def _components(span: str) -> list[str]:
    kinds = []
    for m in _ONE.finditer(span):
        kinds.append(re.sub(r"\d+$", "", m.lastgroup or ""))
    return kinds


class ChineseAddressRecognizer(Recognizer):
    ENTITIES = ["ADDRESS"]

    def find(self, text, nlp_artifacts):
        if not CJK.search(text):
            return
        tokens = None
        for m in _ADDR.finditer(text):
            s, e = m.start(), m.end()
            first = _ONE.match(text, s)
            fe = first.end() if first else e
            # Where does the place name really start inside the first component?
            g = _START.search(text, s, fe)
            if g:
                s = g.start()
            else:
                if tokens is None:
                    tokens = segment(text) if len(text) <= MAX_SEGMENT_CHARS else ()
                s = self._start_by_tokens(text, tokens, s, fe)
            span = text[s:e]
            kinds = _components(span)
            if not kinds:
                continue
            precise = bool(re.search(r"\d\s?(?:号|栋|幢|座|楼|层|单元|室)|[A-Za-z]座", span))
            fine = [k for k in kinds if k in ("road", "place", "unit", "town")]
            admin = [k for k in kinds if k in ("admin", "district")]
            if precise and (len(kinds) >= 2 or "road" in kinds):
                score = 0.85
            elif fine and len(kinds) >= 2 and len(span) >= 5:
                score = 0.75
            elif len(admin) >= 3 or (len(admin) >= 2 and "district" in admin and g):
                score = 0.6
            else:
                continue
            yield "ADDRESS", s, e, score

    @staticmethod
    def _start_by_tokens(text: str, tokens, s: int, fe: int) -> int:
        """Move the start to the first token of the place name (ns/n… tokens before the suffix)."""
        if not tokens:
            lead = _LEAD.match(text, s, fe - 1)
            return lead.end() if lead else s
        # tokens overlapping the first component (bisect: a scan per match would be quadratic)
        lo = bisect.bisect_right(_starts(tokens), s) - 1
        inside = []
        for w, f, ts in tokens[max(lo, 0):]:
            if ts >= fe:
                break
            if ts + len(w) > s:
                inside.append((w, f, ts))
        if not inside:
            return s
        # walk back from the token that holds the suffix while tokens look like names of places
        k = len(inside) - 1
        start = inside[k][2]
        while k > 0:
            w, f, ts = inside[k - 1]
            if f not in _BACK_OK or _LEAD.fullmatch(w) or w in ("地址", "收件人", "收货人", "联系人"):
                break
            if f in ("nr", "nrfg") and len(w) <= 3:  # a person's name right before the address
                break
            start = ts
            k -= 1
        return max(start, s)
