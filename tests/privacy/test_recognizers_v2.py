"""Issue #14 failure classes, one assertion each (through the full Redactor, so conflicts count).

Exact spans are asserted on the ORIGINAL text: obfuscated values are decoded for detection
but reported where the customer wrote them.
"""
from __future__ import annotations

import pytest

from privacy.normalize import normalize


def found(redactor, text):
    return [(f.type, text[f.start:f.end]) for f in redactor.analyze(text)]


@pytest.mark.parametrize("text,value", [
    ("手机139.1111.2204", "139.1111.2204"),
    ("电话一三九一一一一二二零四", "一三九一一一一二二零四"),
    ("电话1三9一一一一二二零四，谢谢", "1三9一一一一二二零四"),
    ("手机幺三九幺幺幺幺二二零四", "幺三九幺幺幺幺二二零四"),
    ("my number is one three nine one one one one two two zero four!", "one three nine one one one one two two zero four"),
    ("Number: five, five, five, one, two, three, four, five, six, seven.", "five, five, five, one, two, three, four, five, six, seven"),
    ("reach me on 139 one one one one 2204 after six", "139 one one one one 2204"),
    ("号码 139，1111，2204 白天都能接", "139，1111，2204"),
    ("电话139 然后 1111 再 2204", "139 然后 1111 再 2204"),
])
def test_obfuscated_numbers(redactor, text, value):
    assert ("PHONE_NUMBER", value) in found(redactor, text)


@pytest.mark.parametrize("text,value", [
    ("email name [at] example [dot] org", "name [at] example [dot] org"),
    ("mail me: kate.ross at inbox dot co dot uk", "kate.ross at inbox dot co dot uk"),
    ("my email is j o h n @ g m a i l . c o m", "j o h n @ g m a i l . c o m"),
    ("send to john . smith @ gmail . com thanks", "john . smith @ gmail . com"),
    ("邮箱 wang88 艾特 qq 点 com", "wang88 艾特 qq 点 com"),
    ("邮箱 zhangwei(at)163(dot)com", "zhangwei(at)163(dot)com"),
    ("邮箱li#163.com", "li#163.com"),
])
def test_obfuscated_emails(redactor, text, value):
    assert ("EMAIL_ADDRESS", value) in found(redactor, text)


def test_normaliser_keeps_ordinary_text_and_offsets():
    for text in ("one or two items", "I want one, two or three", "一一对应的款式", "订单SO202611200931"):
        assert normalize(text).text == text
    n = normalize("tel one three nine one one one one two two zero four!")
    assert n.text == "tel 13911112204!"
    assert n.to_original(4, 15) == (4, 52)


@pytest.mark.parametrize("text,values", [
    ("Call (415)555-0134x2210 or +1-202-555-0188x41", ["(415)555-0134x2210", "+1-202-555-0188x41"]),
    ("Office line +1 964 555 0168 extension 6637, ask for billing.", ["+1 964 555 0168 extension 6637"]),
    ("Call 415-555-0134 ext. 22 or 020 7946 0958", ["415-555-0134 ext. 22", "020 7946 0958"]),
    ("UK numbers: 01632960123 and (029)2018930", ["01632960123", "(029)2018930"]),
    ("Local number 555-3894, call before noon.", ["555-3894"]),
    ("座机 8765-4321，上班时间打", ["8765-4321"]),
])
def test_phone_formats(redactor, text, values):
    assert [v for t, v in found(redactor, text) if t == "PHONE_NUMBER"] == values


def test_zip4_then_phone_is_two_spans(redactor):
    assert found(redactor, "Austin, TX 78701-1234 512-555-0199") == [
        ("ADDRESS", "Austin, TX 78701-1234"), ("PHONE_NUMBER", "512-555-0199")]


@pytest.mark.parametrize("text,value", [
    ("收货地址是南京市鼓楼区中山路88号金地花园3期1102室", "南京市鼓楼区中山路88号金地花园3期1102室"),
    ("改成成都市武侯区长江路139号保利天悦B座2540，电话13812345678", "成都市武侯区长江路139号保利天悦B座2540"),
    ("Ship to Flat 12B, Miller Court, Eastbury, SW1A 2AB please", "Flat 12B, Miller Court, Eastbury, SW1A 2AB"),
    ("Studio 7, Harbour Yard, Leeds LS1 4AP is the address", "Studio 7, Harbour Yard, Leeds LS1 4AP"),
    ("Address: PSC 1234, Box 5678, APO AE 09012", "PSC 1234, Box 5678, APO AE 09012"),
    ("Send it to USS Williams, FPO AP 96430, I'm deployed.", "USS Williams, FPO AP 96430"),
    ("Send it to 2200 Broadway, New York, NY 10024", "2200 Broadway, New York, NY 10024"),
    ("We're at 4410 Kingsway, Port Maria, OR 97201 now.", "4410 Kingsway, Port Maria, OR 97201"),
])
def test_address_boundaries(redactor, text, value):
    assert ("ADDRESS", value) in found(redactor, text)


@pytest.mark.parametrize("text,names", [
    ("Prescribed by Dr. Helen Brooks and Mark Ellis MD", ["Helen Brooks", "Mark Ellis"]),
    ("The prescription was from Erica Adams Sr., can I return it?", ["Erica Adams"]),
    ("MY NAME IS SYLVIA WILSON AND I WANT A REFUND NOW", ["SYLVIA WILSON"]),
    ("hi this is erin black, where is my parcel?", ["erin black"]),
    ("my name's ashley ward and the box was empty", ["ashley ward"]),
    ("This is Okonkwo. My parcel is late.", ["Okonkwo"]),
    ("我叫David Chen，订单还没到", ["David Chen"]),
    ("麻烦转交给Kevin，他在前台", ["Kevin"]),
])
def test_english_names(redactor, text, names):
    assert [v for t, v in found(redactor, text) if t == "PERSON"] == names


@pytest.mark.parametrize("text,names", [
    ("刘洋帮我下的单，订单SO202611200931", ["刘洋"]),
    ("付杰思和马文都是我们家的，用同一个地址", ["付杰思", "马文"]),
    ("快递一直没到，麻烦催一下。王芳", ["王芳"]),
    ("刚才客服张丽说可以退，怎么还没到账", ["张丽"]),
])
def test_chinese_names_without_cue_words(redactor, text, names):
    assert [v for t, v in found(redactor, text) if t == "PERSON"] == names


@pytest.mark.parametrize("text", [
    "我在南京路总店买的，可以退吗", "我们是华东区总代理，要开专票", "在王府井分店提的货",
    "发票抬头：杭州林氏家居有限公司，金额¥1595", "Invoice to Park Trading LLC, order #W2378156",
    "Put Brooks & Sons Ltd on the invoice for order 1001-2026-0042 please.",
    "I'm American and the German courier lost it.", "Do you ship to Hong Kong?",
    "Order #W2378156 and SO202611200931, tracking 1Z999AA10123456784, $49.99 on 11/20/2026",
    "一一对应的款式有吗", "I want one or two of them", "李宁跑鞋42码，299元",
])
def test_business_data_survives(redactor, text):
    assert found(redactor, text) == []
