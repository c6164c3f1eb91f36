from __future__ import annotations

from privacy.pseudonyms import Pseudonymizer
from privacy.redactor import Finding


def test_consistent_placeholders_and_restore():
    p = Pseudonymizer()
    t1 = "电话13812345678，备用13900001111"
    out, red = p.apply(t1, [Finding("PHONE_NUMBER", 2, 13, 0.9), Finding("PHONE_NUMBER", 16, 27, 0.9)])
    assert out == "电话<PHONE_NUMBER_1>，备用<PHONE_NUMBER_2>"
    assert red == [{"type": "PHONE_NUMBER", "placeholder": "<PHONE_NUMBER_1>"},
                   {"type": "PHONE_NUMBER", "placeholder": "<PHONE_NUMBER_2>"}]
    # same value in another form, in a later message of the same conversation
    q = Pseudonymizer(p.mapping)
    out2, _ = q.apply("还是138 1234 5678", [Finding("PHONE_NUMBER", 2, 15, 0.9)])
    assert out2 == "还是<PHONE_NUMBER_1>"
    assert q.restore("我们会打 <PHONE_NUMBER_1> 联系您，<PERSON_9> 不变") == "我们会打 13812345678 联系您，<PERSON_9> 不变"
    assert Pseudonymizer().restore("<PHONE_NUMBER_1>") == "<PHONE_NUMBER_1>"  # other conversation: nothing


def test_with_redactor(redactor):
    p = Pseudonymizer()
    text = "我叫张伟，手机13812345678"
    out, red = p.apply(text, redactor.analyze(text))
    assert out == "我叫<PERSON_1>，手机<PHONE_NUMBER_1>"
    assert p.restore(out) == text


def test_obfuscated_forms_share_a_placeholder():
    p = Pseudonymizer()
    assert p.placeholder_for("PHONE_NUMBER", "13911112204") == p.placeholder_for("PHONE_NUMBER", "一三九一一一一二二零四")
    assert p.placeholder_for("PHONE_NUMBER", "139.1111.2204") == "<PHONE_NUMBER_1>"
    assert p.placeholder_for("EMAIL_ADDRESS", "zw [at] example [dot] com") == p.placeholder_for("EMAIL_ADDRESS", "ZW@example.com")
