"""Per-recognizer positive and negative cases (through the full Redactor, so conflicts count)."""
from __future__ import annotations

import pytest

from privacy.recognizers.digits import cn_id_ok, luhn_ok


def types(redactor, text):
    return [(f.type, text[f.start:f.end]) for f in redactor.analyze(text)]


@pytest.mark.parametrize("text,value", [
    ("手机13812345678", "13812345678"), ("电话 138 1234 5678 谢谢", "138 1234 5678"),
    ("打138-1234-5678", "138-1234-5678"), ("+86 13912345678", "+86 13912345678"),
    ("手机１３９　８８７６　５４３２", "１３９　８８７６　５４３２"), ("座机0755-26881234转123", "0755-26881234转123"),
    ("Call (555) 123-4567 today", "(555) 123-4567"), ("phone 555.123.4567.", "555.123.4567"),
    ("reach me on +44 20 7946 0958", "+44 20 7946 0958"),
])
def test_phone_positive(redactor, text, value):
    assert ("PHONE_NUMBER", value) in types(redactor, text)


@pytest.mark.parametrize("text", ["订单SO202611200931", "快递单号SF1234567890", "京东JD0012345678901",
                                  "订单号 13812345678", "价格299元，2026-11-20到", "400-820-8820是客服热线"])
def test_phone_negative(redactor, text):
    assert not [t for t, _ in types(redactor, text) if t == "PHONE_NUMBER"]


def test_resident_id(redactor):
    assert cn_id_ok("11010519491231002X") and not cn_id_ok("110105194912310021")
    assert types(redactor, "身份证11010519491231002X") == [("CN_RESIDENT_ID", "11010519491231002X")]
    assert types(redactor, "证件号 110105491231002") == [("CN_RESIDENT_ID", "110105491231002")]  # old 15-digit
    assert types(redactor, "订单号110105194912310029的物流") == []   # order cue wins


def test_cards(redactor):
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert types(redactor, "card 4111 1111 1111 1111 please") == [("CREDIT_CARD", "4111 1111 1111 1111")]
    assert types(redactor, "银行卡6228480402564890018") == [("CREDIT_CARD", "6228480402564890018")]
    assert types(redactor, "银联卡号 6212 3456 7890 1234 567") == [("CREDIT_CARD", "6212 3456 7890 1234 567")]
    assert types(redactor, "order no. 4111111111111111") == []
    assert types(redactor, "订单6222021234567890123的退款") == []


def test_email_ip_ssn(redactor):
    assert types(redactor, "邮箱zhang.wei@example.com。") == [("EMAIL_ADDRESS", "zhang.wei@example.com")]
    assert types(redactor, "IP 192.168.1.20 and ::1") == [("IP_ADDRESS", "192.168.1.20"), ("IP_ADDRESS", "::1")]
    assert types(redactor, "version 1.2.3.4000 and 999.1.1.1") == []
    assert types(redactor, "my SSN is 123-45-6789") == [("US_SSN", "123-45-6789")]
    assert types(redactor, "code 000-12-3456") == []


@pytest.mark.parametrize("text,name", [
    ("我叫张伟，想退货", "张伟"), ("收件人：李小明，手机号没变", "李小明"), ("户名欧阳娜娜", "欧阳娜娜"),
    ("请联系王女士", "王"), ("陈静买的耳机坏了", "陈静"), ("My name is Emily Clark", "Emily Clark"),
    ("Thanks, Sarah", "Sarah"), ("Hello, Dana Sullivan here", "Dana Sullivan"), ("my name is emily clark", "emily clark"),
    # names without a gazetteer entry or a title, found from their slot or an earlier mention
    ("Hi Manlio, my parcel is late", "Manlio"), ("Vinka here, the kettle leaks", "Vinka"),
    ("Regards,\nTzigane Lantos", "Tzigane Lantos"), ("my name is vitoria", "vitoria"),
    ("Please correct it to Mr. Richard McCray", "Richard McCray"),
    ("My name is Aantje Mourik but everyone calls me Aantje", "Aantje"),
    ("Marrero and Murphy ordered two", "Marrero"), ("follow up with benjamin a seiler", "benjamin a seiler"),
    ("they had 3: silvana, adam and caleb", "adam"),
])
def test_names_positive(redactor, text, name):
    assert ("PERSON", name) in types(redactor, text)


@pytest.mark.parametrize("text", ["谢谢，没问题了", "李宁跑鞋42码坏了", "The AirFlow HD-2000 hair dryer overheats",
                                  "Jordan 1 sneakers size 10", "I bought the Kindle Paperwhite", "方便的话明天送",
                                  "I bought Dyson and Philips kettles", "Hi team, the Dyson broke",
                                  "Best regards, Amazon", "Hello Hong Kong!", "Hi there, order SO202611200931 is late",
                                  "My MacBook and Kindle both broke", "i ordered a blue one and it came with a red cover"])
def test_names_negative(redactor, text):
    assert not [t for t, _ in types(redactor, text) if t == "PERSON"]


def test_addresses(redactor):
    t = "麻烦把地址改成上海市浦东新区张江路123号5栋2单元301室，谢谢"
    assert types(redactor, t) == [("ADDRESS", "上海市浦东新区张江路123号5栋2单元301室")]
    assert types(redactor, "请送到建设路88号") == [("ADDRESS", "建设路88号")]
    assert types(redactor, "我在市区上班，一路顺风") == []
    t = "Ship to 742 Evergreen Terrace, Springfield, IL 62704 please"
    assert types(redactor, t) == [("ADDRESS", "742 Evergreen Terrace, Springfield, IL 62704")]
    assert types(redactor, "I walked 5 miles down the road") == []


def test_must_survive(redactor):
    t = "订单SO202611200931，顺丰SF1234567890，¥299，299元，$12.50，2026-11-20，跑鞋 42码，1Z999AA10123456784，SKU SHOE-42"
    assert redactor.analyze(t) == []
