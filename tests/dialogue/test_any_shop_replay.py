"""Whole conversations through the real pipeline (`aftersales replay`) on shops that are not the
demo, without `--knowledge`: the music shop (tests/dialogue/fixtures/music_shop, CHF, its fixture
names its own knowledge folder and carries its own facts) and the EUR beauty shop, which brings
no knowledge at all and so is answered from the neutral generic folder — never the demo's texts.
One replay process per shop (the models load once per shop)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEST_MASTER_KEY

ROOT = Path(__file__).resolve().parents[2]
MUSIC = Path(__file__).parent / "fixtures" / "music_shop" / "shop.json"
BEAUTY = Path(__file__).parent / "data" / "beauty_shop_eur.json"
NOW = "2026-11-28T12:00:00+01:00"
# The demo shop's own facts and words: none may reach another shop's customer.
DEMO = re.compile(r"[¥]|(?<![欧日])元|RMB|China time|Beijing|北京时间|9:00|¥20|SF Express|顺丰|Alipay|支付宝")

MUSIC_TURNS = [
    ("m-zh", "telegram:8801", "退货期限是多久？"),
    ("m-zh", "telegram:8801", "A-0001-Z 的电钢琴保修多久"),
    ("m-en", "web:lukas", "how much is the ukulele?"),
    ("m-en", "web:lukas", "I want to talk to a person"),
]
BEAUTY_TURNS = [
    ("b-en", "telegram:7001", "how many days do I have to return something?"),
    ("b-zh", "web:lena", "你们的退货期限是几天？"),
]


def _replay(tmp: Path, fixture: Path, turns: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    stdin = "".join(json.dumps({"conversation": c, "user": u, "text": t}, ensure_ascii=False) + "\n"
                    for c, u, t in turns)
    env = dict(os.environ, AFTERSALES_DATA_DIR=str(tmp / "data"), AFTERSALES_MASTER_KEY=TEST_MASTER_KEY,
               AFTERSALES_GENERATOR_KIND="template", HF_HUB_OFFLINE="1")
    run = subprocess.run([sys.executable, "-m", "bot.cli", "replay", "--store", str(fixture), "--now", NOW],
                         cwd=ROOT, input=stdin, text=True, capture_output=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    out: dict[str, list[str]] = {}
    for line in run.stdout.splitlines():
        row: dict[str, Any] = json.loads(line)
        out.setdefault(row["conversation"], []).append(row["reply"])
    return out


@pytest.fixture(scope="module")
def music(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    return _replay(tmp_path_factory.mktemp("music"), MUSIC, MUSIC_TURNS)


@pytest.fixture(scope="module")
def beauty(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    return _replay(tmp_path_factory.mktemp("beauty"), BEAUTY, BEAUTY_TURNS)


def test_no_reply_on_another_shop_carries_the_demo_shops_facts(music: dict[str, list[str]],
                                                                beauty: dict[str, list[str]]) -> None:
    replies = [r for conv in (*music.values(), *beauty.values()) for r in conv]
    assert len(replies) == len(MUSIC_TURNS) + len(BEAUTY_TURNS)
    for reply in replies:
        assert not DEMO.search(reply), reply


def test_the_shops_own_return_window_in_its_customers_language(music: dict[str, list[str]],
                                                                beauty: dict[str, list[str]]) -> None:
    assert "30" in music["m-zh"][0] and re.search(r"[\u4e00-\u9fff]", music["m-zh"][0])
    assert "14" in beauty["b-en"][0] and "7 days" not in beauty["b-en"][0]
    assert "14" in beauty["b-zh"][0]


def test_warranty_price_and_hours_come_from_the_music_shop(music: dict[str, list[str]]) -> None:
    warranty = music["m-zh"][1]
    assert "电钢琴" in warranty and "24 个月" in warranty and "A-0001-Z" in warranty
    price = music["m-en"][0]
    assert "Ukulele" in price and "CHF" in price and "89.00" in price
    assert "Zurich" in music["m-en"][1]           # the shop's service hours (its knowledge folder's facts)
