"""Written Cantonese read as Mandarin: a Hong Kong customer's "發票寄咗去邊度" / "充電器仲有冇貨"
reaches the cues (all written in Mandarin) as "发票寄了去哪里" / "充电器还有没有货" (routezh14).

Only function words and the common verbs of written Cantonese, general vocabulary of the language,
never a shop's word. Applied to the simplified working form of a message that is written Cantonese
(`script.variant_of` is "hk"), so Mandarin text is never touched. Longest forms first, so "有冇"
becomes "有没有" before "冇" alone becomes "没有".

    to_mandarin("滑板车仲有冇货")   -> "滑板车还有没有货"
"""
from __future__ import annotations

import re

# (Cantonese, Mandarin), in the simplified script the working form is in.
_WORDS: tuple[tuple[str, str], ...] = (
    ("有冇", "有没有"), ("系咪", "是不是"), ("系唔系", "是不是"), ("唔系", "不是"), ("唔该晒", "谢谢"), ("唔该", "麻烦"),
    # #13 (yes14): the yes words of written Cantonese, so a confirmation reads them as Mandarin does
    ("冇问题", "没问题"), ("系呀", "是呀"), ("系啊", "是啊"), ("系嘅", "是的"), ("系喇", "是啦"), ("就咁做", "就这么办"),
    ("就咁啦", "就这样吧"), ("就咁", "就这样"), ("得㗎", "行的"), ("得喇", "行啦"), ("得嘅", "行的"),
    ("得唔得", "行不行"), ("可唔可以", "可不可以"), ("好唔好", "好不好"), ("要唔要", "要不要"),
    ("仲未", "还没"), ("仲有", "还有"), ("仲要", "还要"), ("仲系", "还是"), ("仲冇", "还没有"),
    ("乜嘢", "什么"), ("咩事", "什么事"), ("边度", "哪里"), ("边个", "哪个"), ("边单", "哪单"), ("边件", "哪件"),
    ("几耐", "多久"), ("几多日", "多少天"), ("几多", "多少"), ("几日", "几天"), ("点解", "为什么"), ("点样", "怎样"),
    ("点算", "怎么办"), ("而家", "现在"), ("依家", "现在"), ("琴日", "昨天"), ("听日", "明天"), ("寻日", "昨天"), ("退返", "退回"), ("返嚟", "回来"),
    ("呢个", "这个"), ("呢单", "这单"), ("呢件", "这件"), ("呢部", "这部"), ("呢啲", "这些"),
    ("嗰个", "那个"), ("嗰单", "那单"), ("嗰件", "那件"), ("嗰啲", "那些"), ("嗰", "那"),
    ("佢哋", "他们"), ("我哋", "我们"), ("你哋", "你们"), ("哋", "们"),
    ("冇", "没有"), ("嘅", "的"), ("咗", "了"), ("啲", "些"), ("佢", "他"), ("俾", "给"), ("畀", "给"),
    ("喺", "在"), ("嚟", "来"), ("睇", "看"), ("攞", "拿"), ("搵", "找"), ("揾", "找"), ("嘢", "东西"),
    ("咩", "什么"), ("乜", "什么"), ("咁", "这么"), ("噉", "这样"),
    # 唔 only before the verbs it negates: a Mandarin "唔，好的" is a hum, never a "no"
    ("唔好意思", "不好意思"), ("唔记得", "忘了"), ("唔知", "不知道"), ("唔明", "不明白"), ("唔好", "不要"), ("唔要", "不要"), ("唔使", "不用"),
    ("唔用", "不用"), ("唔想", "不想"), ("唔得", "不行"), ("唔识", "不会"), ("唔会", "不会"), ("唔够", "不够"),
    ("啱啱", "刚刚"), ("头先", "刚才"), ("落单", "下单"), ("落咗单", "下了单"), ("但系", "但是"), ("即系", "就是"), ("都系", "都是"),
    ("唔啱", "不对"), ("啱唔啱", "对不对"), ("啱", "对"), ("唔见", "不见"), ("唔到", "不到"), ("唔喺", "不在"),
    # keeping / not sending back (keep14b): "电动车唔退", "礼盒留低", "唔洗退" (a common typo of 唔使)
    ("唔洗", "不用"), ("唔退", "不退"), ("唔换", "不换"), ("唔寄", "不寄"), ("净系", "只"),
    ("留低", "留下"), ("留返", "留下"),
)
_ALL = re.compile("|".join(re.escape(c) for c, _ in sorted(_WORDS, key=lambda w: -len(w[0]))))
_TO = dict(_WORDS)


# 係 (simplified 系) opening a message before a particle or a stop is the copula, the Cantonese yes:
# "係", "係呀", "係，改呢個" (never 系统 / 系列, which a particle or stop never follows).
_IS = re.compile(r"^(\s*)系(?=$|[呀啊吖喇啦嘅的咯,，。.!！?？\s])")


def to_mandarin(text: str) -> str:
    """`text` (simplified characters) with written-Cantonese words in their Mandarin form."""
    return _IS.sub(r"\1是", _ALL.sub(lambda m: _TO[m.group(0)], text)) if text else text
