"""Generate tests/redaction/corpus.jsonl: labelled zh/en after-sales messages.

Hand-written templates of real after-sales phrasing, filled with varied fake values from
`faker` (zh_CN / en_US) in varied written forms (spaced, dashed, full-width, +86 …). Each
record: {"id", "lang", "text", "pii": [{"type","value","start","end"}], "keep": [values that
must survive]}. Deterministic (seeded). Run: .venv/bin/python tests/redaction/make_corpus.py
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from faker import Faker

sys.path.insert(0, str(Path(__file__).parent))
import cases_v2  # noqa: E402
import cases_v3  # noqa: E402
import cases_v4  # noqa: E402
import cases_v5  # noqa: E402
import cases_v7  # noqa: E402

OUT = Path(__file__).with_name("corpus.jsonl")
rng = random.Random(20261128)
fz = Faker("zh_CN")
fe = Faker("en_US")
Faker.seed(20261128)
FW = str.maketrans("0123456789", "０１２３４５６７８９")


def luhn_complete(prefix: str, length: int) -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for d in "0123456789":
        s = body + d
        tot = 0
        for i, ch in enumerate(reversed(s)):
            v = int(ch) * (2 if i % 2 else 1)
            tot += v - 9 if v > 9 else v
        if tot % 10 == 0:
            return s
    raise AssertionError


def cn_mobile() -> str:
    d = rng.choice(["13", "15", "17", "18", "19", "14", "16"]) + str(rng.randint(0, 9)) + "".join(rng.choice("0123456789") for _ in range(8))
    f = rng.random()
    if f < 0.35:
        return d
    if f < 0.5:
        return f"{d[:3]} {d[3:7]} {d[7:]}"
    if f < 0.62:
        return f"{d[:3]}-{d[3:7]}-{d[7:]}"
    if f < 0.74:
        return "+86 " + d if rng.random() < 0.5 else "+86-" + d
    if f < 0.88:
        return d.translate(FW)
    return f"{d[:3]} {d[3:7]} {d[7:]}".translate(FW)


def cn_landline() -> str:
    area = rng.choice(["010", "021", "020", "0755", "0571", "028", "027", "0512"])
    num = str(rng.randint(2, 8)) + "".join(rng.choice("0123456789") for _ in range(7 if len(area) == 3 else rng.choice([6, 7])))
    return rng.choice([f"{area}-{num}", f"({area}){num}", f"{area} {num[:4]} {num[4:]}", f"{area}-{num}转{rng.randint(100, 999)}"])


def cn_id() -> str:
    if rng.random() < 0.15:  # old 15-digit form
        return f"{rng.choice(['110105', '310104', '440305', '510107'])}{rng.randint(50, 89)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    v = fz.ssn()
    return v if rng.random() < 0.8 else f"{v[:6]} {v[6:14]} {v[14:]}"


def card() -> str:
    r = rng.random()
    if r < 0.4:
        v = luhn_complete(rng.choice(["622202", "621700", "622848", "625807", "620522"]), rng.choice([16, 19]))
    elif r < 0.55:
        v = "62" + "".join(rng.choice("0123456789") for _ in range(rng.choice([14, 17])))  # UnionPay, not always Luhn
    else:
        v = fe.credit_card_number(card_type=rng.choice(["visa16", "mastercard", "amex", "discover"]))
    if rng.random() < 0.5 and len(v) >= 16:
        v = " ".join(v[i:i + 4] for i in range(0, len(v), 4))
    return v


def zh_address() -> str:
    prov = fz.province()
    city = fz.city_name() + "市"
    dist = fz.district() + "区"
    road = rng.choice(["建设", "人民", "中山", "解放", "和平", "长江", "科技", "文化", "新华", "学府", "滨江", "东风", "银杉", "迎宾"]) + rng.choice(["路", "大道", "街", "南路", "北路", "东路"])
    num = f"{rng.randint(1, 999)}号"
    tail = rng.choice([
        f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 33)}{rng.randint(1, 4):02d}室",
        f"{rng.choice(['阳光', '幸福', '绿地', '万科', '碧桂园', '金地', '保利'])}{rng.choice(['花园', '小区', '家园', '公寓', '城'])}{rng.randint(1, 20)}号楼{rng.randint(101, 2505)}",
        f"{rng.choice(['国贸', '财富', '时代', '环球'])}大厦{rng.choice('ABCD')}座{rng.randint(5, 40)}层",
        "",
    ])
    form = rng.random()
    if prov in ("北京市", "上海市", "天津市", "重庆市"):
        return prov + dist + road + num + tail
    if form < 0.55:
        return prov + city + dist + road + num + tail
    if form < 0.8:
        return city + dist + road + num + tail
    return dist + road + num + tail


def en_address() -> str:
    a = fe.street_address()
    if rng.random() < 0.6:
        a += f", {fe.city()}, {fe.state_abbr()} {fe.zipcode()}"
    return a


def en_phone() -> str:
    d = fe.numerify("%##%##%###")
    return rng.choice([f"({d[:3]}) {d[3:6]}-{d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}", f"+1 {d[:3]} {d[3:6]} {d[6:]}",
                       f"{d[:3]}.{d[3:6]}.{d[6:]}", f"+1-{d[:3]}-{d[3:6]}-{d[6:]}", f"+44 20 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}"])


def zh_name() -> str:
    if rng.random() < 0.05:
        return rng.choice(["欧阳", "司马", "诸葛", "上官"]) + fz.first_name()
    return fz.last_name() + fz.first_name()


# ---- values that must survive -----------------------------------------------------------
def so() -> str:
    return "SO" + str(rng.randint(2025, 2027)) + "".join(rng.choice("0123456789") for _ in range(8))


def market_id() -> str:
    return str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(rng.choice([15, 17, 18, 19])))


def tracking() -> str:
    return rng.choice([
        "SF" + "".join(rng.choice("0123456789") for _ in range(12)),
        "SF" + "".join(rng.choice("0123456789") for _ in range(10)),
        "JD" + "".join(rng.choice("0123456789") for _ in range(13)),
        "YT" + "".join(rng.choice("0123456789") for _ in range(13)),
        "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(16)),
    ])


def amount_zh() -> str:
    v = rng.choice([f"¥{rng.randint(9, 3999)}", f"{rng.randint(9, 3999)}元", f"￥{rng.randint(9, 999)}.{rng.randint(0, 99):02d}", f"{rng.randint(9, 999)}块"])
    return v


def amount_en() -> str:
    return rng.choice([f"${rng.randint(5, 999)}.{rng.randint(0, 99):02d}", f"${rng.randint(5, 2999)}", f"{rng.randint(5, 500)} dollars"])


ZH_PRODUCTS = ["跑鞋 42码", "无线耳机", "蓝牙音箱", "电动牙刷", "羽绒服 XL", "保温杯", "空气炸锅", "机械键盘", "扫地机器人",
               "李宁跑鞋", "华为手机壳", "小米充电宝", "连衣裙 M码", "儿童安全座椅", "电热水壶", "吹风机"]
EN_PRODUCTS = ["AirFlow HD-2000 hair dryer", "running shoes size 42", "wireless earbuds", "Bluetooth speaker", "iPhone 15 case",
               "Galaxy Buds Pro", "ThinkPad X1 charger", "Instant Pot Duo", "Nike Air Max 90", "KitchenAid mixer",
               "Dyson V11 vacuum", "Kindle Paperwhite", "PowerCore 10000 power bank", "Jordan 1 sneakers", "Apple Watch band"]


def date_zh() -> str:
    return rng.choice([f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日", f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", f"2026年{rng.randint(1, 12)}月{rng.randint(1, 28)}号"])


def date_en() -> str:
    return rng.choice([f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/2026", fe.date_between("-60d", "+10d").strftime("%B %d"), f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])


GEN = {
    "NAME": ("PERSON", zh_name), "MOBILE": ("PHONE_NUMBER", cn_mobile), "LANDLINE": ("PHONE_NUMBER", cn_landline),
    "ID": ("CN_RESIDENT_ID", cn_id), "CARD": ("CREDIT_CARD", card), "EMAIL": ("EMAIL_ADDRESS", fe.email),
    "ADDR": ("ADDRESS", zh_address), "ENAME": ("PERSON", lambda: f"{fe.first_name()} {fe.last_name()}"),
    "EFIRST": ("PERSON", fe.first_name), "EPHONE": ("PHONE_NUMBER", en_phone), "EADDR": ("ADDRESS", en_address),
    "SSN": ("US_SSN", fe.ssn), "IP": ("IP_ADDRESS", lambda: rng.choice([fe.ipv4_public(), fe.ipv4_private(), fe.ipv6()])),
    "SO": (None, so), "MID": (None, market_id), "TRK": (None, tracking), "AMT": (None, amount_zh), "EAMT": (None, amount_en),
    "PROD": (None, lambda: rng.choice(ZH_PRODUCTS)), "EPROD": (None, lambda: rng.choice(EN_PRODUCTS)),
    "DATE": (None, date_zh), "EDATE": (None, date_en),
    "ZTO": (None, lambda: "".join(rng.choice("0123456789") for _ in range(rng.choice([12, 13, 14])))),
}

ZH = [
    "你好，我叫{NAME}，订单{SO}还没发货，能帮我查一下吗？",
    "收件人：{NAME}，电话：{MOBILE}，地址：{ADDR}",
    "{NAME} {MOBILE} {ADDR}",
    "麻烦把收货地址改成{ADDR}，电话不变{MOBILE}",
    "我的手机号是{MOBILE}，有问题打这个电话",
    "订单号{MID}的{PROD}坏了，想退货",
    "顺丰单号{TRK}显示已签收，但我没收到，收件人{NAME}",
    "退款请退到我的银行卡{CARD}，户名{NAME}",
    "实名认证要身份证号吗？我的是{ID}",
    "身份证{ID}，姓名{NAME}，帮我开发票",
    "买的{PROD}花了{AMT}，{DATE}到的，现在不能用了",
    "联系人{NAME}，座机{LANDLINE}，工作日都在",
    "我的邮箱是{EMAIL}，发票发到这里就行",
    "中通快递{ZTO}一直没更新物流，订单{SO}",
    "你好，{PROD}尺码不合适，想换大一号，订单号是{MID}",
    "我是{NAME}，{DATE}下的单，订单{SO}，金额{AMT}，现在还没收到",
    "请寄到{ADDR}，{NAME}收，{MOBILE}",
    "我的地址写错了，应该是{ADDR}",
    "{NAME}先生的订单{SO}能不能加急？",
    "快递员联系不上我，我的号码{MOBILE}，地址{ADDR}",
    "上次退货的{PROD}退款{AMT}还没到账，卡号{CARD}",
    "订单{MID}，收货人{NAME}，手机{MOBILE}",
    "帮我查下物流 {TRK}，谢谢",
    "{PROD}收到的时候盒子破了，订单{SO}，{DATE}签收的",
    "我在{ADDR}，能送货上门吗",
    "改一下电话，新号码是{MOBILE}",
    "登录IP是{IP}，我怀疑账号被盗了",
    "这个{PROD}多少钱？上周看是{AMT}",
    "客服你好，订单号：{MID}，申请退款{AMT}",
    "发票抬头写个人，{NAME}，邮箱{EMAIL}",
]
EN = [
    "Hi, my name is {ENAME} and my order {SO} hasn't arrived yet.",
    "Please ship the replacement to {EADDR}. Thanks, {EFIRST}",
    "You can reach me at {EPHONE} or {EMAIL}.",
    "The {EPROD} I bought for {EAMT} stopped working on {EDATE}.",
    "Tracking number {TRK} says delivered but I never got it.",
    "Order number {MID} - I'd like a refund of {EAMT} to my card {CARD}.",
    "This is {ENAME}, my phone is {EPHONE}, please call me back.",
    "Can you change my address to {EADDR}?",
    "My SSN is {SSN}, why do you need it for a return?",
    "I logged in from {IP} and the cart was empty.",
    "Hello, {ENAME} here. The {EPROD} from order {SO} arrived broken.",
    "Recipient: {ENAME}, {EADDR}, {EPHONE}",
    "I want to return the {EPROD}, order {SO}, it cost {EAMT}.",
    "Please send the invoice to {EMAIL}, the order was placed on {EDATE}.",
    "Card ending... actually full number is {CARD}, please refund there.",
    "Is {EPROD} still in stock? I saw it for {EAMT} last week.",
    "My wife {ENAME} placed order {MID}, can I cancel it?",
    "Dear support, I'm {ENAME}. Where is my package {TRK}?",
    "Call me on {EPHONE} after 6pm, thanks!",
    "The {EPROD} is great but the box was damaged. Order {SO}.",
    "Name on the card is {ENAME}, number {CARD}.",
    "Deliver to {EADDR} please, not the old address.",
    "Hi {EFIRST}, thanks for the help with order {SO}!",
    "Can I exchange the {EPROD} for a bigger size? Order {MID}.",
    "Contact email {EMAIL}, phone {EPHONE}.",
]
# Hand-written hard cases (no generated values): exact spans given as [[type, value], ...]
HARD = [
    ("zh", "手机１３９　８８７６　５４３２，麻烦快点", [["PHONE_NUMBER", "１３９　８８７６　５４３２"]], []),
    ("zh", "订单号123456789012345678还没发货", [], ["123456789012345678"]),
    ("zh", "订单 6222021234567890123 的退款呢", [], ["6222021234567890123"]),
    ("zh", "王建国 13912345678 浙江省杭州市西湖区文三路90号东部软件园", [["PERSON", "王建国"], ["PHONE_NUMBER", "13912345678"], ["ADDRESS", "浙江省杭州市西湖区文三路90号东部软件园"]], []),
    ("zh", "陈静买的无线耳机左耳没声音", [["PERSON", "陈静"]], ["无线耳机"]),
    ("zh", "刘洋说快递放在了丰巢柜，但他住在海淀区中关村大街27号", [["PERSON", "刘洋"], ["ADDRESS", "海淀区中关村大街27号"]], []),
    ("zh", "京东物流JD0012345678901，金额¥299", [], ["JD0012345678901", "¥299"]),
    ("zh", "李宁跑鞋42码，299元，SO202611200931", [], ["李宁跑鞋", "42码", "299元", "SO202611200931"]),
    ("zh", "请联系张女士，电话0755-26881234", [["PERSON", "张"], ["PHONE_NUMBER", "0755-26881234"]], []),
    ("zh", "YT1234567890123 这个单号查不到", [], ["YT1234567890123"]),
    ("zh", "谢谢，没问题了", [], []),
    ("zh", "我想退货，订单SO202611200931，跑鞋 42码不合脚", [], ["SO202611200931", "跑鞋 42码"]),
    ("en", "My number is 555 867 5309, not the one on file.", [["PHONE_NUMBER", "555 867 5309"]], []),
    ("en", "Order no. 1234567890123456789 is missing a part.", [], ["1234567890123456789"]),
    ("en", "The AirFlow HD-2000 hair dryer overheats. Order SO202611200931.", [], ["AirFlow HD-2000 hair dryer", "SO202611200931"]),
    ("en", "UPS 1Z999AA10123456784 shows an exception.", [], ["1Z999AA10123456784"]),
    ("en", "I paid $12.50 for shipping on 11/20/2026.", [], ["$12.50", "11/20/2026"]),
    ("en", "Jordan 1 sneakers size 10, order SO202611200931", [], ["Jordan 1 sneakers", "SO202611200931"]),
    ("en", "thanks a lot, have a good day", [], []),
    ("en", "my name is emily clark and I need help", [["PERSON", "emily clark"]], []),
    ("en", "DHL 1234567890 stuck in customs", [], ["1234567890"]),
    # Places and brands are not personal data and the bot needs them: they must survive.
    ("en", "Do you ship to Hong Kong?", [], ["Hong Kong"]),
    ("en", "I live in New York, can you deliver to Paris or London?", [], ["New York", "Paris", "London"]),
    ("en", "How long does shipping to Sydney, Australia take?", [], ["Sydney", "Australia"]),
    ("en", "Do you deliver to Texas or California?", [], ["Texas", "California"]),
    ("en", "Is there a warehouse in Germany or the United Kingdom?", [], ["Germany", "United Kingdom"]),
    ("en", "My Dyson vacuum stopped working after a week", [], ["Dyson vacuum"]),
    ("en", "The Philips kettle leaks from the bottom", [], ["Philips kettle"]),
    ("en", "Xiaomi charger and Huawei phone both arrived broken", [], ["Xiaomi charger", "Huawei phone"]),
    ("en", "I ordered Jordan shoes but got the wrong size", [], ["Jordan shoes"]),
    ("en", "My Kindle won't turn on and the Alexa app can't find it", [], ["Kindle", "Alexa app"]),
    ("en", "Nike sneakers size 9, shipped to Singapore, order SO202611200931", [], ["Nike sneakers", "Singapore", "SO202611200931"]),
    ("en", "Thanks, Sofia. Please ship it to Toronto, Canada.", [["PERSON", "Sofia"]], ["Toronto", "Canada"]),
    ("en", "My name is Paris Hilton and I live in Paris", [["PERSON", "Paris Hilton"]], []),
    ("zh", "能寄到香港吗？运费多少", [], ["香港"]),
    ("zh", "我在上海，寄到北京要几天？", [], ["上海", "北京"]),
    ("zh", "你们发货到台湾和澳门吗", [], ["台湾", "澳门"]),
    ("zh", "我买的戴森吹风机坏了，能换吗", [], ["戴森吹风机"]),
    ("zh", "飞利浦剃须刀和苏泊尔电饭煲都要退", [], ["飞利浦剃须刀", "苏泊尔电饭煲"]),
    ("zh", "华为手机和小米充电宝一起发的", [], ["华为手机", "小米充电宝"]),
    ("zh", "快递放在丰巢柜了，取件码多少", [], ["丰巢柜"]),
    ("zh", "可以寄到马来西亚或者新加坡吗", [], ["马来西亚", "新加坡"]),
    # Chinese names with everyday characters, glued names, and descriptive address tails
    ("zh", "我叫洪想，订单还没到", [["PERSON", "洪想"]], []),
    ("zh", "陈小明13812345678河南省三门峡市渑池县会盟路体育场斜对面",
     [["PERSON", "陈小明"], ["PHONE_NUMBER", "13812345678"], ["ADDRESS", "河南省三门峡市渑池县会盟路体育场斜对面"]], []),
    ("zh", "海南省海口市龙华区迎宾西路宜百佳超市向南150米13912345678王丽",
     [["ADDRESS", "海南省海口市龙华区迎宾西路宜百佳超市向南150米"], ["PHONE_NUMBER", "13912345678"], ["PERSON", "王丽"]], []),
    ("zh", "地址：台湾台北市大安区敦化南路二段238号，收件人林志明",
     [["ADDRESS", "台湾台北市大安区敦化南路二段238号"], ["PERSON", "林志明"]], []),
    ("zh", "寄到台南市安平区民权路四段393之一号，谢谢", [["ADDRESS", "台南市安平区民权路四段393之一号"]], []),
    ("zh", "香港特别行政区九龙油尖旺区弥敦道75号，电话13712345678",
     [["ADDRESS", "香港特别行政区九龙油尖旺区弥敦道75号"], ["PHONE_NUMBER", "13712345678"]], []),
]


# The exact examples of issue #14 (tuning set; the held-out set phrases its cases differently)
HARD += [
    ("zh", "刘洋帮我下的单，订单SO202611200931", [["PERSON", "刘洋"]], ["SO202611200931"]),
    ("zh", "收货地址是南京市鼓楼区中山路88号金地花园3期1102室", [["ADDRESS", "南京市鼓楼区中山路88号金地花园3期1102室"]], []),
    ("zh", "我在南京路总店买的，可以退吗", [], ["南京路总店"]),
    ("zh", "我们是华东区总代理，要开专票", [], ["华东区总代理"]),
    ("zh", "电话一三九一一一一二二零四", [["PHONE_NUMBER", "一三九一一一一二二零四"]], []),
    ("zh", "电话1三9一一一一二二零四", [["PHONE_NUMBER", "1三9一一一一二二零四"]], []),
    ("zh", "手机139.1111.2204", [["PHONE_NUMBER", "139.1111.2204"]], []),
    ("en", "Call (415)555-0134x2210 or +1-202-555-0188x41", [["PHONE_NUMBER", "(415)555-0134x2210"], ["PHONE_NUMBER", "+1-202-555-0188x41"]], []),
    ("en", "UK numbers: 01632960123 and (029)2018930", [["PHONE_NUMBER", "01632960123"], ["PHONE_NUMBER", "(029)2018930"]], []),
    ("en", "Ship to Flat 12B, Miller Court, Eastbury, SW1A 2AB please", [["ADDRESS", "Flat 12B, Miller Court, Eastbury, SW1A 2AB"]], []),
    ("en", "Address: PSC 1234, Box 5678, APO AE 09012", [["ADDRESS", "PSC 1234, Box 5678, APO AE 09012"]], []),
    ("en", "Prescribed by Dr. Helen Brooks and Mark Ellis MD", [["PERSON", "Helen Brooks"], ["PERSON", "Mark Ellis"]], []),
    ("en", "Invoice to Park Trading LLC, order #W2378156", [], ["Park Trading LLC", "#W2378156"]),
    ("en", "Send it to 2200 Broadway, New York, NY 10024", [["ADDRESS", "2200 Broadway, New York, NY 10024"]], []),
    ("en", "Austin, TX 78701-1234 512-555-0199", [["ADDRESS", "Austin, TX 78701-1234"], ["PHONE_NUMBER", "512-555-0199"]], []),
    ("en", "email name [at] example [dot] org", [["EMAIL_ADDRESS", "name [at] example [dot] org"]], []),
    ("en", "my number is one three nine one one one one two two zero four", [["PHONE_NUMBER", "one three nine one one one one two two zero four"]], []),
]


# Further failure classes of issue #14: Latin names inside Chinese text, one-word names, places,
# nationalities and brands that are not names, boundaries (a trailing word, a swallowed full stop).
HARD_V2 = [
    ("zh", "我叫David Chen，订单SO202611200931还没到", [["PERSON", "David Chen"]], ["SO202611200931"]),
    ("zh", "收件人：Anna Müller，电话13812345678", [["PERSON", "Anna Müller"], ["PHONE_NUMBER", "13812345678"]], []),
    ("zh", "麻烦转交给Kevin，他在前台", [["PERSON", "Kevin"]], []),
    ("en", "Ask Priya about it, she ordered it.", [["PERSON", "Priya"]], []),
    ("en", "This is Okonkwo. My parcel is late.", [["PERSON", "Okonkwo"]], []),
    ("en", "I'm American and the German courier lost it.", [], ["American", "German"]),
    ("en", "The Samsung Galaxy arrived but the Chinese manual is missing.", [], ["Samsung Galaxy", "Chinese"]),
    ("en", "Jordan Peterson ordered it, not me.", [["PERSON", "Jordan Peterson"]], []),
    ("en", "My name is Grace Liu. Thanks!", [["PERSON", "Grace Liu"]], []),
    ("en", "Contact: Wei Zhang, wei.zhang@example.com", [["PERSON", "Wei Zhang"], ["EMAIL_ADDRESS", "wei.zhang@example.com"]], []),
    ("zh", "我们是华南区经销商，订单A1234567", [], ["华南区经销商", "A1234567"]),
    ("zh", "在王府井分店提的货", [], ["王府井分店"]),
    ("zh", "日本客户要退货，美国仓发的", [], ["日本", "美国"]),
    ("en", "Order #W2378156 and SO202611200931, tracking 1Z999AA10123456784, $49.99 on 11/20/2026", [],
     ["#W2378156", "SO202611200931", "1Z999AA10123456784", "$49.99", "11/20/2026"]),
    ("en", "Call 415-555-0134 ext. 22 or 020 7946 0958", [["PHONE_NUMBER", "415-555-0134 ext. 22"], ["PHONE_NUMBER", "020 7946 0958"]], []),
    ("en", "my number is five five five one two three four five six seven", [["PHONE_NUMBER", "five five five one two three four five six seven"]], []),
    ("en", "mail j o h n . s m i t h @ g m a i l . c o m", [["EMAIL_ADDRESS", "j o h n . s m i t h @ g m a i l . c o m"]], []),
    ("zh", "邮箱 zhangwei(at)163(dot)com", [["EMAIL_ADDRESS", "zhangwei(at)163(dot)com"]], []),
    ("zh", "手机幺三九幺幺幺幺二二零四", [["PHONE_NUMBER", "幺三九幺幺幺幺二二零四"]], []),
    ("zh", "电话壹叁玖壹壹壹壹贰贰零肆", [["PHONE_NUMBER", "壹叁玖壹壹壹壹贰贰零肆"]], []),
]


def fill(lang: str, tpl: str) -> dict:
    text, pii, keep = "", [], []
    pos = 0
    for m in re.finditer(r"\{([A-Z]+)\}", tpl):
        text += tpl[pos:m.start()]
        typ, gen = GEN[m.group(1)]
        v = gen()
        if typ:
            pii.append({"type": typ, "value": v, "start": len(text), "end": len(text) + len(v)})
        else:
            keep.append(v)
        text += v
        pos = m.end()
    text += tpl[pos:]
    return {"lang": lang, "text": text, "pii": pii, "keep": keep}


def main() -> None:
    recs = []
    for k in range(330):
        recs.append(fill("zh", ZH[k % len(ZH)]))
    for k in range(270):
        recs.append(fill("en", EN[k % len(EN)]))
    for lang, text, pii, keep in HARD:
        spans = []
        for typ, v in pii:
            s = text.index(v)
            spans.append({"type": typ, "value": v, "start": s, "end": s + len(v)})
        recs.append({"lang": lang, "text": text, "pii": spans, "keep": keep})
    recs += cases_v2.records(cases_v2.TUNE, 1414, 4)   # issue #14 classes (the held-out set is separate)
    recs += cases_v2.records(cases_v2.TUNE2, 2828, 3)
    for lang, text, pii, keep in HARD_V2:
        spans = []
        for typ, v in pii:
            s = text.index(v)
            spans.append({"type": typ, "value": v, "start": s, "end": s + len(v)})
        recs.append({"lang": lang, "text": text, "pii": spans, "keep": keep})
    for lang, text, pii, keep in cases_v3.HARD_V3:   # round two of issue #14
        spans = []
        for typ, v in pii:
            s = text.index(v)
            spans.append({"type": typ, "value": v, "start": s, "end": s + len(v)})
        recs.append({"lang": lang, "text": text, "pii": spans, "keep": keep})
    recs += cases_v4.to_records(cases_v4.DEV_V4 + cases_v4.DEV_V4B + cases_v4.DEV_V4C)   # round four (its held-out list is separate)
    recs += cases_v5.to_records(cases_v5.DEV_V5 + cases_v5.DEV_V5B + cases_v5.DEV_V5C + cases_v5.DEV_V5D + cases_v5.DEV_V5E + cases_v5.DEV_V5F + cases_v5.DEV_V5G)   # round five (its held-out list is separate)
    recs += cases_v7.to_records(cases_v7.DEV_V7)   # round seven (tuning only; heldout6 stays measure-only)
    with OUT.open("w", encoding="utf-8") as f:
        for i, r in enumerate(recs):
            f.write(json.dumps({"id": f"ours-{i:04d}", **r}, ensure_ascii=False) + "\n")
    print(len(recs), "records ->", OUT)


if __name__ == "__main__":
    main()
