"""Privacy v2 case classes (issue #14): obfuscated numbers, phones with extensions and UK/local
forms, names with titles/suffixes/sign-offs, cue-less Chinese names, address tails, UK and
military addresses, and business data that must survive.

Two disjoint template sets share the value generators:
- `TUNE` goes into corpus.jsonl (make_corpus.py) — the set we look at while improving;
- `HELDOUT` is written once to heldout.jsonl (`python tests/redaction/cases_v2.py --heldout`)
  and only ever reported, never tuned on (different phrasing, different seed).
Values are invented here (faker plus hand-made lists); nothing is copied from public data.
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from faker import Faker

HELDOUT = Path(__file__).with_name("heldout.jsonl")
_ZH_DIG = "零一二三四五六七八九"
_EN_DIG = "zero one two three four five six seven eight nine".split()

ZH_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
ZH_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力鹏宇浩凯健俊帆琳晨欣怡婷雪梅慧倩颖佳琪思远博航子豪嘉")
EN_TITLES = ["Dr.", "Dr", "Mr.", "Mrs.", "Ms.", "Prof.", "Mr", "Ms"]
EN_SUFFIX = ["MD", "Jr.", "PhD", "Sr.", "III", "DDS", "Esq."]
UK_TOWNS = ["Eastbury", "Northwick", "Ashford", "Millbrook", "Kingsley", "Harrowgate", "Westmoor", "Elmstead"]
UK_COURTS = ["Miller Court", "Harbour Yard", "Rowan House", "Station Mews", "Oakfield Lodge", "Mill Wharf", "Cedar House"]
UK_PC = ["SW1A 2AB", "LS1 4AP", "M4 7HQ", "EH2 3JU", "B15 2TT", "CF10 1EP", "N1 9GU", "BS8 1TH", "G2 5QR"]
US_NOWORD = ["Broadway", "Kingsway", "Eastway", "Main", "Elm", "Riverside"]
BRANCHES = ["南京路总店", "华东区总代理", "徐家汇旗舰店", "王府井分店", "天河城专卖店", "西湖店", "华南区经销商", "朝阳门店"]
COMPANIES = ["Park Trading LLC", "Brooks & Sons Ltd", "Helen Street Bakery Inc.", "Ellis Logistics GmbH", "Morgan Home Supplies Co.",
             "Grant Office Partners LLP", "King Electronics Ltd"]
ZH_COMPANIES = ["上海天丰贸易有限公司", "杭州林氏家居有限公司", "深圳华强电子科技有限公司", "北京王府商贸有限公司", "广州陈记食品有限公司"]
SHOP_IDS = ["#W{0}", "SO2026{0}", "ORD-{0}", "1001-2026-{1}", "A{0}"]


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fe = Faker("en_US")
        self.fg = Faker("en_GB")
        self.fe.seed_instance(seed)
        self.fg.seed_instance(seed + 1)

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def mobile(self) -> str:
        return self.rng.choice(["13", "15", "18", "19", "17"]) + str(self.rng.randint(0, 9)) + self.digits(8)

    # -- obfuscated phone numbers -----------------------------------------------------------
    def dotted(self) -> str:
        d = self.mobile()
        return f"{d[:3]}.{d[3:7]}.{d[7:]}"

    def zh_numerals(self) -> str:
        d = self.mobile()
        return "".join(_ZH_DIG[int(c)] for c in d).replace("一", self.rng.choice(["一", "一", "幺"]))

    def mixed(self) -> str:
        d = self.mobile()
        return "".join(c if self.rng.random() < 0.5 else _ZH_DIG[int(c)] for c in d)

    def spelled(self) -> str:
        d = self.mobile() if self.rng.random() < 0.5 else "".join(self.fe.numerify("%##%##%###"))
        sep = self.rng.choice([" ", " ", "-", ", "])
        return sep.join(_EN_DIG[int(c)] for c in d)

    def interleaved(self) -> str:
        d = self.mobile()
        parts = [d[:3], d[3:7], d[7:]]
        out = []
        for p in parts:
            out.append(p if self.rng.random() < 0.5 else " ".join(_EN_DIG[int(c)] for c in p))
        return " ".join(out)

    def zh_interleaved(self) -> str:
        d = self.mobile()
        return f"{d[:3]}{self.rng.choice(['，', '、', ' 然后 ', '-'])}{d[3:7]}{self.rng.choice(['，', '、', ' 再 ', '-'])}{d[7:]}"

    # -- e-mails --------------------------------------------------------------------------------
    def user(self) -> str:
        return self.rng.choice([self.fe.user_name(), self.fe.first_name().lower() + "." + self.fe.last_name().lower(),
                                self.fe.last_name().lower() + str(self.rng.randint(1, 99))])

    def email_at(self) -> str:
        u, dom, tld = self.user(), self.rng.choice(["example", "mailbox", "inbox", "post"]), self.rng.choice(["org", "com", "net", "co.uk"])
        at, dot = self.rng.choice([(" [at] ", " [dot] "), ("[at]", "[dot]"), (" (at) ", " (dot) "), (" at ", " dot "),
                                   (" AT ", " DOT "), ("{at}", "{dot}")])
        return u + at + dom + dot + tld.replace(".", dot)

    def email_zh(self) -> str:
        u, dom = self.user(), self.rng.choice(["qq", "163", "126", "sina"])
        return self.rng.choice([f"{u} 艾特 {dom} 点 com", f"{u}#{dom}.com", f"{u}（at）{dom}.com"])

    def email_spaced(self) -> str:
        u = re.sub(r"[^a-z]", "", self.fe.first_name().lower())[:6]
        dom = self.rng.choice(["gmail", "yahoo", "outlook"])
        return " ".join(u) + " @ " + " ".join(dom) + " . c o m"

    # -- phones ---------------------------------------------------------------------------------
    def ext_phone(self) -> str:
        a, b, c = str(self.rng.randint(201, 989)), "555", f"01{self.rng.randint(0, 99):02d}"
        x = str(self.rng.randint(1, 9999))
        return self.rng.choice([f"({a}){b}-{c}x{x}", f"+1-{a}-{b}-{c}x{x}", f"({a}) {b}-{c} ext. {x}",
                                f"{a}-{b}-{c} ext {x}", f"{a}.{b}.{c} x{x}", f"+1 {a} {b} {c} extension {x}"])

    def uk_phone(self) -> str:
        return self.rng.choice([f"01632{self.rng.randint(960000, 960999)}", f"(029){self.rng.randint(2018000, 2018999)}",
                                f"07700 {self.rng.randint(900000, 900999)}", f"+44 7700 {self.rng.randint(900000, 900999)}",
                                f"020 7946 0{self.rng.randint(100, 999)}", f"(0161) 496 0{self.rng.randint(100, 999)}",
                                f"0113 496 0{self.rng.randint(100, 999)}"])

    def local_phone(self) -> str:
        return self.rng.choice([f"555-{self.rng.randint(1000, 9999)}", f"555 {self.rng.randint(1000, 9999)}",
                                f"{self.rng.randint(6, 8)}{self.digits(3)}-{self.digits(4)}"])

    def zh_local_phone(self) -> str:
        return self.rng.choice([f"{self.rng.randint(5, 8)}{self.digits(7)}", f"{self.rng.randint(5, 8)}{self.digits(3)}-{self.digits(4)}"])

    # -- names ----------------------------------------------------------------------------------
    def zh_name(self) -> str:
        return self.rng.choice(ZH_SURNAMES) + "".join(self.rng.choice(ZH_GIVEN) for _ in range(self.rng.choice([1, 2, 2])))

    def en_full(self) -> str:
        return f"{self.fe.first_name()} {self.fe.last_name()}"

    # Titles and post-nominal letters are written around the name but are not personal data:
    # (before, name, after) — only the name is labelled.
    def en_title(self) -> tuple[str, str, str]:
        return (f"{self.rng.choice(EN_TITLES)} ", self.en_full(), "")

    def en_suffix(self) -> tuple[str, str, str]:
        return ("", self.en_full(), f"{self.rng.choice([' ', ', '])}{self.rng.choice(EN_SUFFIX)}")

    def en_caps(self) -> str:
        return self.en_full().upper()

    def en_lower(self) -> str:
        return self.en_full().lower()

    def en_last(self) -> str:
        return self.fe.last_name()

    # -- addresses ------------------------------------------------------------------------------
    def zh_addr_tail(self) -> str:
        city = self.rng.choice(["上海市徐汇区", "南京市鼓楼区", "杭州市西湖区", "广州市天河区", "成都市武侯区", "武汉市洪山区"])
        road = self.rng.choice(["中山", "建国", "解放", "人民", "长江", "新华"]) + self.rng.choice(["路", "东路", "西路", "大道"])
        estate = self.rng.choice(["金地花园", "万科城市花园", "碧桂园", "阳光新城", "绿地公馆", "保利天悦"])
        unit = self.rng.choice([f"{self.rng.randint(1, 5)}期{self.rng.randint(1, 30)}{self.rng.randint(1, 30):02d}室",
                                f"{self.rng.randint(1, 20)}栋{self.rng.randint(1, 3)}单元{self.rng.randint(101, 2802)}",
                                f"{self.rng.randint(1, 12)}号楼{self.rng.randint(101, 2802)}室",
                                f"{self.rng.choice('ABC')}座{self.rng.randint(101, 2802)}"])
        return city + road + f"{self.rng.randint(1, 300)}号" + estate + unit

    def uk_addr(self) -> str:
        first = self.rng.choice([f"Flat {self.rng.randint(1, 40)}{self.rng.choice(['', 'A', 'B'])}", f"Studio {self.rng.randint(1, 20)}",
                                 f"Apartment {self.rng.randint(1, 90)}", f"Unit {self.rng.randint(1, 30)}"])
        return f"{first}, {self.rng.choice(UK_COURTS)}, {self.rng.choice(UK_TOWNS)}, {self.rng.choice(UK_PC)}"

    def mil_addr(self) -> str:
        return self.rng.choice([f"PSC {self.rng.randint(1000, 9999)}, Box {self.rng.randint(1000, 9999)}, APO AE 09{self.rng.randint(100, 999)}",
                                f"Unit {self.rng.randint(1000, 9999)} Box {self.rng.randint(100, 9999)}, APO AP 96{self.rng.randint(200, 699)}",
                                f"CMR {self.rng.randint(100, 999)}, Box {self.rng.randint(100, 9999)}, APO AE 09{self.rng.randint(100, 999)}",
                                f"USS {self.fe.last_name()}, FPO AP 96{self.rng.randint(200, 699)}"])

    def noword_addr(self) -> str:
        return f"{self.rng.randint(100, 9999)} {self.rng.choice(US_NOWORD)}, {self.fe.city()}, {self.fe.state_abbr()} {self.fe.zipcode()}"

    def zip4_addr(self) -> str:
        return f"{self.fe.building_number()} {self.fe.street_name()}, {self.fe.city()}, {self.fe.state_abbr()} {self.fe.zipcode_plus4()}"

    def us_phone(self) -> str:
        d = self.fe.numerify("%##%##%###")
        return self.rng.choice([f"{d[:3]}-{d[3:6]}-{d[6:]}", f"({d[:3]}) {d[3:6]}-{d[6:]}"])

    # -- must survive ---------------------------------------------------------------------------
    def shop_id(self) -> str:
        return self.rng.choice(SHOP_IDS).format(self.digits(7), self.digits(4))

    def tracking(self) -> str:
        return self.rng.choice(["SF" + self.digits(12), "YT" + self.digits(13), "1Z" + self.digits(16), "JD" + self.digits(13)])

    def amount(self) -> str:
        return self.rng.choice([f"${self.rng.randint(5, 999)}.{self.rng.randint(0, 99):02d}", f"¥{self.rng.randint(9, 3999)}",
                                f"£{self.rng.randint(5, 500)}", f"{self.rng.randint(9, 999)}元"])

    def date(self) -> str:
        return self.rng.choice([f"{self.rng.randint(1, 12)}月{self.rng.randint(1, 28)}日", f"2026-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}",
                                f"{self.rng.choice(['March', 'June', 'October', 'December'])} {self.rng.randint(1, 28)}"])


PII = {
    "DOTTED": ("PHONE_NUMBER", Gen.dotted), "ZHNUM": ("PHONE_NUMBER", Gen.zh_numerals), "MIXNUM": ("PHONE_NUMBER", Gen.mixed),
    "SPELLED": ("PHONE_NUMBER", Gen.spelled), "INTERLEAVED": ("PHONE_NUMBER", Gen.interleaved),
    "ZHINTER": ("PHONE_NUMBER", Gen.zh_interleaved),
    "ATMAIL": ("EMAIL_ADDRESS", Gen.email_at), "ZHMAIL": ("EMAIL_ADDRESS", Gen.email_zh), "SPMAIL": ("EMAIL_ADDRESS", Gen.email_spaced),
    "EXT": ("PHONE_NUMBER", Gen.ext_phone), "UKTEL": ("PHONE_NUMBER", Gen.uk_phone), "LOCAL": ("PHONE_NUMBER", Gen.local_phone),
    "ZHLOCAL": ("PHONE_NUMBER", Gen.zh_local_phone), "USTEL": ("PHONE_NUMBER", Gen.us_phone),
    "ZN": ("PERSON", Gen.zh_name), "EN": ("PERSON", Gen.en_full), "TITLED": ("PERSON", Gen.en_title),
    "SUFFIXED": ("PERSON", Gen.en_suffix), "CAPS": ("PERSON", Gen.en_caps), "LOWER": ("PERSON", Gen.en_lower),
    "LAST": ("PERSON", Gen.en_last),
    "ZHTAIL": ("ADDRESS", Gen.zh_addr_tail), "UKADDR": ("ADDRESS", Gen.uk_addr), "MIL": ("ADDRESS", Gen.mil_addr),
    "NOWORD": ("ADDRESS", Gen.noword_addr), "ZIP4": ("ADDRESS", Gen.zip4_addr),
}
KEEP = {
    "SHOPID": Gen.shop_id, "TRK": Gen.tracking, "AMT": Gen.amount, "DATE": Gen.date,
    "BRANCH": lambda g: g.rng.choice(BRANCHES), "COMPANY": lambda g: g.rng.choice(COMPANIES),
    "ZHCOMPANY": lambda g: g.rng.choice(ZH_COMPANIES),
}

# (lang, template). Literal text in templates is never PII; {X} fills a value.
TUNE = [
    ("zh", "我的电话是{DOTTED}，订单{SHOPID}"),
    ("zh", "手机号{ZHNUM}，麻烦尽快联系"),
    ("zh", "电话{MIXNUM}，快递到了打给我"),
    ("zh", "号码 {ZHINTER} 白天都能接"),
    ("zh", "{ZN}帮我下的单，订单{SHOPID}，到现在没发货"),
    ("zh", "快递一直没到，单号{TRK}，麻烦催一下。{ZN}"),
    ("zh", "刚才客服{ZN}说可以退{AMT}，怎么还没到账"),
    ("zh", "寄到{ZHTAIL}，谢谢"),
    ("zh", "收货地址改成{ZHTAIL}，电话{DOTTED}"),
    ("zh", "我是在{BRANCH}买的，能在网上退吗？订单{SHOPID}"),
    ("zh", "{BRANCH}说没货了，{DATE}能补吗"),
    ("zh", "发票抬头：{ZHCOMPANY}，金额{AMT}"),
    ("zh", "邮箱是{ZHMAIL}，发票发这个"),
    ("zh", "座机{ZHLOCAL}，上班时间打"),
    ("zh", "{ZN}和{ZN}都是我们家的，用同一个地址"),
    ("en", "My number is {DOTTED}."),
    ("en", "Call me at {EXT} about order {SHOPID}."),
    ("en", "Office line {EXT}, ask for billing."),
    ("en", "UK mobile {UKTEL}, please text before delivery."),
    ("en", "You can phone {UKTEL} during the day."),
    ("en", "my cell is {SPELLED}"),
    ("en", "Reach me on {INTERLEAVED} after six."),
    ("en", "Email me at {ATMAIL} with the label."),
    ("en", "my email is {SPMAIL}"),
    ("en", "Please ship to {UKADDR}. Order {SHOPID}."),
    ("en", "Send it to {MIL}, I'm deployed."),
    ("en", "The address is {NOWORD}."),
    ("en", "Deliver to {ZIP4} {USTEL}"),
    ("en", "Refer to {TITLED}, she signed for it."),
    ("en", "The prescription was from {SUFFIXED}, can I still return the glasses?"),
    ("en", "Order {SHOPID} was returned. Regards, {EN}"),
    ("en", "MY NAME IS {CAPS} AND I WANT A REFUND NOW"),
    ("en", "hi this is {LOWER}, where is my parcel {TRK}?"),
    ("en", "Thanks, {LAST}"),
    ("en", "Invoice title: {COMPANY}, amount {AMT}."),
    ("en", "Put {COMPANY} on the invoice for order {SHOPID} please."),
    ("en", "Local number {LOCAL}, call before noon."),
    ("en", "Order {SHOPID} of {DATE}, tracking {TRK}, total {AMT}."),
]
# More phrasings of the same classes (tuning set only)
TUNE2 = [
    ("en", "phone number: {EXT}"),
    ("en", "The number is {UKTEL}, ask for me."),
    ("en", "Text me on {DOTTED} when it ships."),
    ("en", "Number: {SPELLED}."),
    ("en", "you can call {INTERLEAVED}"),
    ("en", "Home phone {LOCAL}"),
    ("en", "Ring me at {UKTEL} please."),
    ("en", "It's {EXT}, I'm at my desk."),
    ("en", "my e-mail: {ATMAIL}"),
    ("en", "Send the label to {SPMAIL}."),
    ("en", "Address for the replacement: {UKADDR}."),
    ("en", "Forward it to {MIL}"),
    ("en", "Delivery address {NOWORD}, buzz twice"),
    ("en", "{ZIP4} {USTEL}"),
    ("en", "Signed for by {TITLED} yesterday."),
    ("en", "The order was for {SUFFIXED}, my father."),
    ("en", "Order {SHOPID} never came.\nThanks,\n{EN}"),
    ("en", "HELLO, I AM {CAPS}. WHERE IS MY REFUND?"),
    ("en", "my name's {LOWER} and the box was empty"),
    ("en", "Best, {LAST}"),
    ("en", "Company name for the invoice is {COMPANY}."),
    ("en", "We are {COMPANY}; please re-issue invoice {SHOPID}."),
    ("en", "Is the {DATE} delivery for {SHOPID} still on? It cost {AMT}."),
    ("zh", "我电话是{DOTTED}"),
    ("zh", "号码：{ZHNUM}"),
    ("zh", "联系我 {MIXNUM}"),
    ("zh", "电话{ZHINTER}，工作日打"),
    ("zh", "{ZN}说包裹放门卫了，单号{TRK}"),
    ("zh", "衣服尺码不对，想换一下。{ZN}"),
    ("zh", "售后{ZN}让我把照片发过来"),
    ("zh", "请寄到{ZHTAIL}，周末也行"),
    ("zh", "地址是{ZHTAIL}，电话{ZHNUM}"),
    ("zh", "{BRANCH}的店员说不能退"),
    ("zh", "开票抬头{ZHCOMPANY}，金额{AMT}，订单{SHOPID}"),
    ("zh", "邮箱：{ZHMAIL}"),
    ("zh", "办公室电话{ZHLOCAL}，找我就行"),
    ("zh", "{ZN}跟{ZN}一起买的，分开发货"),
]
HELDOUT_T = [
    ("zh", "联系电话：{DOTTED}（白天）"),
    ("zh", "我手机{ZHNUM}"),
    ("zh", "打这个 {MIXNUM} 就行"),
    ("zh", "手机 {ZHINTER}，谢谢"),
    ("zh", "{ZN}让我来问一下订单{SHOPID}的进度"),
    ("zh", "东西坏了怎么处理？{ZN}"),
    ("zh", "之前客服{ZN}答应给我补发的"),
    ("zh", "新地址：{ZHTAIL}"),
    ("zh", "麻烦送到{ZHTAIL}门口"),
    ("zh", "{BRANCH}能自提吗？"),
    ("zh", "发票开{ZHCOMPANY}，税号后面发你"),
    ("zh", "我的邮箱 {ZHMAIL}"),
    ("zh", "家里电话{ZHLOCAL}"),
    ("zh", "{ZN}的快递{TRK}被别人签收了"),
    ("zh", "订单{SHOPID}，{DATE}下单，{AMT}，{BRANCH}发的货"),
    ("en", "phone: {DOTTED}"),
    ("en", "Best number is {EXT}."),
    ("en", "Please ring {UKTEL} if the courier can't find us."),
    ("en", "it's {SPELLED} if you need to call"),
    ("en", "text {INTERLEAVED}"),
    ("en", "Contact {ATMAIL} for the invoice."),
    ("en", "write to {SPMAIL} please"),
    ("en", "New delivery address: {UKADDR}"),
    ("en", "Mail address {MIL}"),
    ("en", "We're at {NOWORD} now."),
    ("en", "Ship to {ZIP4} {USTEL} thanks"),
    ("en", "The parcel was signed by {TITLED} at reception."),
    ("en", "Refund to the account of {SUFFIXED}."),
    ("en", "Still waiting on order {SHOPID}.\nKind regards,\n{EN}"),
    ("en", "THIS IS {CAPS}, ORDER {SHOPID} IS WRONG"),
    ("en", "this is {LOWER} again, any news?"),
    ("en", "Cheers, {LAST}"),
    ("en", "Bill it to {COMPANY}, order {SHOPID}."),
    ("en", "My landline is {LOCAL}."),
    ("en", "Tracking {TRK} for order {SHOPID}, paid {AMT} on {DATE}."),
]


def fill(g: Gen, lang: str, tpl: str) -> dict:
    text, pii, keep = "", [], []
    pos = 0
    for m in re.finditer(r"\{([A-Z0-9]+)\}", tpl):
        text += tpl[pos:m.start()]
        name = m.group(1)
        if name in PII:
            typ, fn = PII[name]
            v = fn(g)
            before, v, after = v if isinstance(v, tuple) else ("", v, "")
            text += before
            pii.append({"type": typ, "value": v, "start": len(text), "end": len(text) + len(v)})
            text += v
            v = after
        else:
            v = KEEP[name](g)
            keep.append(v)
        text += v
        pos = m.end()
    text += tpl[pos:]
    return {"lang": lang, "text": text, "pii": pii, "keep": keep}


def records(templates, seed: int, rounds: int) -> list[dict]:
    g = Gen(seed)
    return [fill(g, lang, tpl) for _ in range(rounds) for lang, tpl in templates]


def write_heldout() -> None:
    """Written once, before any tuning; regenerating it must give the same bytes."""
    recs = records(HELDOUT_T, 4141, 6)
    with HELDOUT.open("w", encoding="utf-8") as f:
        for i, r in enumerate(recs):
            f.write(json.dumps({"id": f"heldout-{i:04d}", **r}, ensure_ascii=False) + "\n")
    print(len(recs), "records ->", HELDOUT)


if __name__ == "__main__":
    if "--heldout" in sys.argv:
        write_heldout()
