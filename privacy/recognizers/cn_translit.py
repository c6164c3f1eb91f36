"""Transliterated foreign names written in Chinese characters without a dot (约翰, 凯瑟琳, 伊万诺夫).

With the interpunct (安娜·彼得罗娃) cn_name already finds them. Without it, a name is a run of
the characters Chinese uses to spell foreign sounds, which the segmenter usually keeps as one
token. The same characters spell brands and dishes (阿迪达斯, 卡布奇诺, 比萨), so a run counts only
in a person's slot: right after a cue (我叫 / 收件人 / 朋友 / 转告 / 联系 …), before an honorific
(史密斯先生), or opening a clause and followed by what people do (约翰帮我下的单). Dictionary words,
places, brands and runs followed by a product noun never count.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

# The syllable characters of the standard transliteration tables (names of people), the ones
# ordinary words rarely consist of entirely.
_TRANS = frozenset(
    "阿埃艾爱安昂奥澳巴拜班邦鲍贝本比彼毕宾波伯博布查达黛戴丹道德迪蒂丁杜多厄恩尔法凡菲费芬弗福伏"
    "盖甘冈戈格古哈海汉翰豪赫亨胡霍基吉加贾杰捷卡凯坎康柯科克肯库奎拉莱赖兰朗劳勒雷蕾里利莉丽连"
    "列林琳卢鲁伦罗洛玛迈曼芒梅门蒙米密缪莫姆穆娜纳奈南瑙内尼妮涅宁纽努诺欧帕派潘佩皮珀普奇契恰"
    "乔琴萨塞桑瑟森沙莎什舍施史斯松苏索塔泰坦汤唐陶特提汀廷图托瓦万威韦维温沃乌伍西希茜席夏谢辛"
    "休雅亚扬耶伊依尤约泽扎詹珍朱兹佐卜娅薇丝黎姬琪璐萝夫东瑞赛琼卓茱蓓")
_OPEN = re.compile(r"(?:^|(?<=[，。！？,.!?；;：:\s—\-]))")
# what a person does right after their name (no 的-phrases: 迪士尼的快递 is a shop's parcel)
_ACTS = re.compile(r"(?:帮我|帮忙|替我|让我|说|答应|同意|签收|代收|下的单|下单|打电话|打过电话|来电|收到|已经|刚才|"
                   r"不在|在家|今天|明天|昨天|会来|来取|取走|拿走|付的|付了|确认|反馈|投诉)")
_HONOR = re.compile(r"(?:先生|女士|小姐|太太|夫人|博士|教授|经理)")


def translit_names(text: str, tokens, strong_ends: set[int], weak_ends: set[int]) -> Iterator[tuple[str, int, int, float]]:
    """PERSON spans of transliterated names. `tokens`: jieba (word, flag, start) of the text;
    `strong_ends` / `weak_ends`: offsets where a strong (我叫, 收件人) or weak (朋友, 联系, 我是) person
    cue ends. After a weak cue the name must also close the clause or be followed by what people
    do ("我是阿迪达斯的会员" is a brand's member)."""
    from .cn_name import _NOT_AFTER_NAME, _NOT_NAMES, jieba_freq
    from .places import CN_PLACES
    if not any(c in _TRANS for c in text):
        return
    for w, flag, s in tokens:
        e = s + len(w)
        if not (2 <= len(w) <= 6) or not all(c in _TRANS for c in w) or flag == "ns" or w in _NOT_NAMES \
                or w in CN_PLACES or any(w.startswith(b) or b.startswith(w) for b in _NOT_NAMES if len(b) >= 2 and b[0] == w[0]):
            continue
        # a person-tagged token, or one the dictionary does not hold; never an ordinary word
        if not (flag.startswith("nr") or not jieba_freq(w)) or _NOT_AFTER_NAME.match(text, e):
            continue
        closes = e == len(text) or text[e] in "，。！？,.!?；;：: \t\n"
        if s in strong_ends or _HONOR.match(text, e):
            yield "PERSON", s, e, 0.9   # the whole token beats a cue's surname + two characters (伊万诺|夫)
        elif s in weak_ends and (closes or _ACTS.match(text, e)):
            yield "PERSON", s, e, 0.8
        elif _OPEN.match(text, s) and _ACTS.match(text, e) and not (flag.startswith("nr") and (jieba_freq(w) or 0) > 2000):
            yield "PERSON", s, e, 0.75
