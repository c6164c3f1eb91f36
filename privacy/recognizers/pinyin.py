"""Chinese names written in pinyin: "JIANG WEI", "退款打到LIU YANG的卡上", "收件人 Zhang Xiuying".

Forms, cards and waybills write a mainland name as surname + given name in pinyin, often in
capitals. The English gazetteer knows few of these, and the Chinese recognizers do not read
Latin script, so a pair is a name when its first word is a common surname's pinyin and its
second is one to three pinyin syllables (the syllable grammar rejects English words like
"said" or "ion"). Title-case pairs count only inside Chinese text, where "Long Island" cannot be.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

# Pinyin of the most common surnames (about 85% of the population), single and compound.
SURNAMES = frozenset("""wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng
liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai du ye cheng su wei lv lyu lu
ding ren shen yao jin shi liao jia xia fu fang bai zou meng xiong qin qiu yin xue yan duan lei hou long tao gu mao
hao gong shao wan qian kong xiang tan dai mo kang fan niu geng zhan hong qi ni bao gan nie ou ouyang sima zhuge
shangguan situ dongfang murong huangfu""".split())
_INI = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FIN = (r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo|ui|"
        r"ue|ve|a|o|e|i|u|v)")
_GIVEN = re.compile(rf"(?:{_INI}{_FIN}){{1,3}}", re.I)
_PAIR = re.compile(r"(?<![A-Za-z'\-])([A-Z][a-z]{1,7}|[A-Z]{2,8})[ \t]+([A-Z][a-z]{1,11}|[A-Z]{2,12})"
                   r"(?:[ \t-]+([A-Z][a-z]{1,7}|[A-Z]{2,8}))?(?![A-Za-z'\-])")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _given(word: str) -> bool:
    return len(word) <= 12 and _GIVEN.fullmatch(word) is not None


def pinyin_names(text: str) -> Iterator[tuple[str, int, int, float]]:
    if not any(c.isupper() for c in text):
        return
    cjk = bool(_CJK.search(text))
    from .en_name import _english_words
    words = _english_words()
    for m in _PAIR.finditer(text):
        a, b, c = m.group(1), m.group(2), m.group(3)
        caps = a.isupper() and b.isupper()
        if not caps and not (cjk and a[1:].islower() and b[1:].islower()):
            continue   # mixed shapes ("LI Ning"), or title case outside Chinese text
        if a.lower() not in SURNAMES or not _given(b) or (not cjk and b.lower() in words):
            continue
        end = m.end(2)
        if c and (c.isupper() == caps) and _given(c) and c.lower() not in words:
            end = m.end(3)   # "ZHANG XIU YING", "Wang Xiao-ming"
        yield "PERSON", m.start(1), end, 0.75
