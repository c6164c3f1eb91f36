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
from .cn_name import MAX_SEGMENT_CHARS, SURNAMES, segment

_SURNAME_CLASS = "".join(sorted(c for c in SURNAMES if len(c) == 1))

_C = r"[\u4e00-\u9fff]"
_W = r"[\u4e00-\u9fff0-9A-Za-z]"
_NUM = r"(?:\d{1,5}(?:-\d{1,5})?|[一二三四五六七八九十百零]{1,4})"
_SEC = r"(?:第?[一二三四五六七八九十\d]{1,2}\s?段)?"   # Taiwan road sections: 敦化南路二段238号
_HNO = rf"[甲乙丙丁附]?{_NUM}(?:\s?之\s?{_NUM})?\s?号"    # 158号, 393之一号, 4之9号, 甲11号
_COMPONENTS = [
    ("admin", rf"{_C}{{1,8}}?(?:省|自治区|特别行政区)"),
    ("admin", rf"{_C}{{1,8}}?(?:自治州|地区|盟|市)(?!场|民|区(?![\u4e00-\u9fff]{{0,3}}路))"),
    # minority autonomous counties carry long names: 兰坪白族普米族自治县
    ("district", rf"{_C}{{1,12}}?(?:自治县|自治旗)"),
    ("district", rf"{_C}{{1,8}}?(?:新区|区|县|旗)(?!别|域|块|分)"),
    ("town", rf"{_C}{{1,8}}?(?:街道|镇|乡|村|社区|开发区|工业园)"),
    ("road", rf"{_W}{{1,10}}?(?:大道|大街|路|街|巷|弄|胡同|公路){_SEC}(?:{_HNO}(?:院|楼)?)?"),
    # 道 alone is a road only with a number (华山道69号, 窝打老道75号): 知道/味道 are not roads
    ("road", rf"{_W}{{1,10}}?道{_HNO}"),
    ("place", rf"{_W}{{1,10}}?(?:小区|花园|大厦|广场|公寓|中心|家园|新村|大楼|公馆|山庄|苑|园|城|府|院|学校|大学|医院|酒店|宾馆|市场|宿舍|写字楼)"),
    ("unit", rf"(?:第?{_NUM}\s?(?:号楼|号院|号|栋|幢|座|楼|层|单元|室|户|房|期)(?:\s?\d{{2,5}}(?![\d号栋幢座楼层单元室户房-]))?|[A-Za-z]\s?(?:座|栋|塔)(?:\s?\d{{2,5}}(?![\d号栋幢座楼层单元室户房-]))?|{_NUM}\s?-\s?{_NUM}(?=室|号))"),
]
_COMP = "|".join(f"(?P<{k}{i}>{p})" for i, (k, p) in enumerate(_COMPONENTS))
_COMP_PLAIN = "|".join(f"(?:{p})" for _, p in _COMPONENTS)
_ADDR = re.compile(rf"(?:{_COMP_PLAIN})(?:\s?(?:{_COMP_PLAIN}))*")
_ONE = re.compile(_COMP)

_PROVINCES = ("北京 天津 上海 重庆 河北 山西 内蒙古 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
              "广东 广西 海南 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾 "
              # Hong Kong and Macau addresses open with their region, not a province (新界沙田…, 九龙旺角…)
              "新界 九龙 港岛 离岛 氹仔 路环").split()
_START = re.compile("|".join(_PROVINCES))
# Words that lead into an address but are not part of it.
_LEAD = re.compile(r".*(?:地址|改成|改为|改到|寄到|送到|发到|寄往|发往|送往|住在|位于|搬到|放在|放到|寄回|退回|在|到|是|为|我|的|:|：)")
_BACK_OK = {"ns", "n", "nz", "nr", "nrt", "nt", "vn", "m", "eng", "j", "s", "f", "b", "a", "ng", "nrfg", "an", "t", "x"}


# --- descriptive tails --------------------------------------------------------------------
# People (and waybills) go on after the road/number/building with where exactly it is:
# "…汽车站斜对面", "…路口向南150米", "…卫生院", "…二段238号", "…393之一号", "…108国道旁".
# The tail is read piece by piece from a small grammar; each piece is bounded, so the scan
# is linear, and anything that is not one of these pieces (a name, 谢谢, 电话…) ends it.
_TC = (r"(?:(?![的了是我你他她您们吗呢吧啊哦呀请谢帮要想能会在收寄电话手机把被给让叫说和与跟及近"
       # "…B座709，麻烦送上楼": a request after the address is not a landmark ending in 楼
       r"这那也都就还没不很太过麻烦送])[\u4e00-\u9fff])")
_NUMX = r"(?:\d{1,5}|[一二三四五六七八九十百零两]{1,4})"
# campus and staff housing name their buildings too (…枫园宿舍4舍312, …教学楼B区)
_LANDMARK = ("宿舍楼|宿舍|公寓楼|教学楼|实验楼|汽车站|火车站|高铁站|客运站|客运总站|车站|地铁站|地铁|加油站|收费站|服务区|派出所|公安局|交警大队|"
             "卫生院|医院|诊所|学校|小学|中学|二中|一中|大学|学院|幼儿园|超市|商场|商厦|商城|市场|银行|邮局|邮政|"
             "公园|景区|风景区|风景名胜区|度假区|旅游区|度假村|自然保护区|保护区|农场|林场|水库|广场|酒店|宾馆|"
             "大厦|中心|公司|集团|工厂|厂|商铺|门面房|门面|门市|综合楼|办公楼|商业楼|商住楼|写字楼|大楼|"
             "寺|庙|教堂|营地|温泉|村委会|居委会|社委会|政府|财政局|税务局|国税局|地税局|工商局|交通局|环保局|"
             "局|所|院|馆|站|店|场|园|苑|城|府|居|庄|坊|墩|坝|坪|沟|港|营|铺|堡|塘|岭|湾|桥|岛|山|湖|寨|屯|"
             "组|社|村|里|线|楼|街|路|巷|弄|道|大道|大街|公寓|小区|花园|家园|新村|都|汇|苑区|期|区")
_TAIL_PIECES = [
    # (privacy14) the wing or tower named by its direction, read before an estate name could take
    # its first character: …大厦东座26楼, …一期南塔2708; and the entrance of a numbered block: …1号门 801
    r"[东南西北](?:座|塔|楼|区|栋)",
    r"(?<=\d号)门",
    rf"[,，]?\s?(?:第?{_NUMX}\s?段)",
    rf"[,，]?\s?[甲乙丙丁附]?第?{_NUMX}(?:\s?[-之]\s?{_NUMX}){{0,3}}\s?(?:号楼|号院|号门|号|栋楼|栋|幢|座|楼|层|单元|室|户|房|期|组|社|邻|门市|门|商铺|舍|[fF](?![A-Za-z]))",
    # Taiwan sub-units: 12樓之3 (the third flat on the twelfth floor)
    rf"(?<=[楼号室])之\s?{_NUMX}",
    # a bare room number after a building part: …B座2540, …3单元1502, …12号602, …环球广场2001
    # (…5号楼3门402: a Beijing courtyard block's entrance 门, then the flat)
    # (privacy14: after a floor too, …15层1508; never the head of a dashed flat number, …2座12-05)
    r"(?<=[座栋幢楼元期塔舍号层]|(?<=[\d号])门)\s?\d{2,5}(?!\d)(?!\s?-\s?\d)(?:室|房|号|楼|层)?",
    r"(?<=[场厦心园苑城府寓馆])\s?\d{3,5}(?![\d年月日元块号码个件])(?:室|房)?",
    # a lettered room after the floor: …2楼B2013, …3层A301
    r"(?<=[座栋幢楼层元室号])[A-Za-z]{1,2}\d{2,5}(?![\dA-Za-z])",
    # a lettered flat or room after the floor (Hong Kong / Taiwan): …5楼B室, …12楼A1室, …3楼C户
    r"(?<=[座栋幢楼层元号])[A-Za-z]{1,2}\d{0,3}\s?(?:室|房|户|号)",
    # an estate or building name right before its unit: 保利天悦B座, 金地天境3期
    # (the unit after it lets 太 open the name, which _TC refuses elsewhere: 太古汇一座, 太平洋广场B座)
    rf"(?:太|{_TC})(?:{_TC}|和){{0,7}}?(?=(?:[A-Za-z]|\d{{1,4}}|[一二三四五六七八九十]{{1,3}})?\s?(?:座|栋|幢|塔|号楼|期|单元))",
    r"[,，]?\s?[A-Za-z]{1,2}\d{0,4}(?:\s?-\s?\d{1,4}[A-Za-z]?){1,3}号?",
    r"[,，]?\s?\d{1,5}(?:\s?-\s?\d{1,5}){1,3}号?",
    rf"(?:[向往朝沿])?[东南西北]{{1,2}}(?:方向)?(?:行|走)?约?{_NUMX}\s?(?:米|公里|km|m)(?![A-Za-z])",
    r"[东南西北]{1,2}(?:侧|边|面|角|门|首|头|口|段|端|行|方|部|处)",
    # a lettered flat closing the floor: …26楼A
    r"(?<=[楼层])[A-Za-z](?![A-Za-z\d])",
    # (…中段路北王建设: on a waybill the side of the road is followed by the recipient's name)
    rf"(?:(?:路|道|街)|(?<=[路道街]))[东南西北](?:(?![\u4e00-\u9fff])|(?=[{_SURNAME_CLASS}][\u4e00-\u9fff]{{1,2}}(?:[\d\s,，]|$)))",
    r"(?:斜对面|斜对过|正对面|对面|对过|旁边|身边|附近|隔壁|楼下|楼上|门口|门前|大门|后门|正门|内部|里面|前台|"
    r"交汇处|交叉口|交叉路口|交口|十字路口|路口|十字|出口|入口|脚下|桥头|桥下|一带|旁|边|内|后|处|口|(?<=楼)[下上])",
    rf"[,，]?\s?(?:近|靠近|距离?|位于)?{_TC}{{0,10}}?(?:{_LANDMARK})",
    r"(?:近|靠近)?\d{1,4}\s?(?:国道|省道|县道|乡道|线)",
    rf"(?:与|和|跟|及)(?={_TC}{{1,10}}?(?:路|街|道|大道|巷)|\d{{1,4}}\s?(?:国道|省道|县道))",
    # 大道中段249号, 人民路西288号, 大道东21号
    rf"[东南西北中]{{1,2}}(?:段(?:{_HNO})?|{_HNO})",
    # a named building or shop and its number or position: 帝景国际19号, 大润发斜对面
    rf"[,，]?\s?{_TC}{{1,8}}?(?:{_HNO}(?:楼|院)?|斜对面|斜对过|对面|对过|旁边|附近|隔壁|楼下|门口|[东南西北]侧)",
    r"[A-Za-z]\d{0,2}\s?(?:座|栋|区|幢|楼|塔)",   # B座, E2区
    r"[,，]\s?(?:近|靠近)",
]
_TAIL = re.compile("|".join(f"(?:{p})" for p in _TAIL_PIECES))
MAX_TAIL = 40


def extend_tail(text: str, e: int) -> int:
    """End of the address after its descriptive tail, starting from `e`."""
    limit = min(len(text), e + MAX_TAIL)
    pos = e
    while pos < limit:
        m = _TAIL.match(text, pos, limit)
        if not m or m.end() == pos:
            break
        pos = m.end()
    # a connector or comma that nothing followed is not part of the address
    while pos > e and text[pos - 1] in "与和跟及近,， " and text[pos - 2:pos] not in ("附近", "靠近", "邻近"):
        pos -= 1   # (附近 is a position: "…68号附近" keeps its 近)
    return pos


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
        found: list[tuple[int, int, float]] = []
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
            found.append((s, extend_tail(text, e), score))
        # a tail may reach the next address match: merge overlapping or touching spans
        merged: list[list] = []
        for s, e, score in sorted(found):
            if merged and s <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], e)
                merged[-1][2] = max(merged[-1][2], score)
            else:
                merged.append([s, e, score])
        for s, e, score in merged:
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
