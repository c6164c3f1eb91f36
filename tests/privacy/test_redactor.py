"""Redactor API: offsets into the original text, batching, offline, pathological input."""
from __future__ import annotations

import dataclasses
import socket
import time

import pytest

from privacy.redactor import Finding


def test_offsets_refer_to_original_fullwidth(redactor):
    text = "我叫张伟，手机１３８　１２３４　５６７８，邮箱ｚｗ＠ｅｘａｍｐｌｅ．ｃｏｍ"
    red, findings = redactor.redact(text)
    assert [f.type for f in findings] == ["PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS"]
    assert text[findings[1].start:findings[1].end] == "１３８　１２３４　５６７８"
    assert text[findings[2].start:findings[2].end] == "ｚｗ＠ｅｘａｍｐｌｅ．ｃｏｍ"
    assert red == "我叫<PERSON>，手机<PHONE_NUMBER>，邮箱<EMAIL_ADDRESS>"


def test_finding_contract(redactor):
    f = Finding("PHONE_NUMBER", 3, 14, 0.9)
    assert (f.type, f.start, f.end, f.score) == ("PHONE_NUMBER", 3, 14, 0.9)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.start = 1  # frozen
    fs = redactor.analyze("Call Anna Smith at 555-123-4567, anna@example.com, 13812345678")
    assert fs == sorted(fs) and all(a.end <= b.start for a, b in zip(fs, fs[1:]))


def test_batch_equals_single(redactor):
    texts = ["Hi, I'm John Miller, call 555-867-5309", "收件人王芳 13912345678", "", "订单SO202611200931"]
    assert redactor.analyze_batch(texts, ["en", None, None, "zh"]) == [redactor.analyze(t) for t in texts]


def test_no_network_during_analysis(redactor, monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("network access attempted during analysis")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    fs = redactor.analyze("mail me at a.b@mail.example.co.uk or visit https://shop.example.com, 电话13812345678")
    assert {f.type for f in fs} == {"EMAIL_ADDRESS", "PHONE_NUMBER"}


@pytest.mark.parametrize("make", [
    lambda n: "9" * n,                                   # one huge digit run
    lambda n: ("1" * 10 + " ") * (n // 11),              # many digit groups
    lambda n: "a" * n + "@",                             # e-mail backtracking bait
    lambda n: "路" * n + "号",                            # address backtracking bait
    lambda n: bytes(range(256)).decode("latin-1") * (n // 256),  # binary junk
])
def test_pathological_input_is_linear(redactor, make):
    def cost(n):
        t = time.perf_counter()
        redactor.analyze(make(n))
        return time.perf_counter() - t
    small, big = cost(4_000), cost(32_000)
    assert big < 1.5 + 16 * small   # 8× the input: linear (quadratic would be 64×)
