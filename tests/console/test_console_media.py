"""Photos sent on Telegram and LINE (fakes serving each media API) end up attached to the hand-off,
sealed, shown to the agent, and unreadable once the customer is erased; bad files are refused."""
from __future__ import annotations

import os

import pytest
from harness import BOT_TOKEN, Bot, Staff
from platform_fakes import Answer

from bot.pipeline.runner import identity_scope

pytestmark = pytest.mark.usefixtures("models")

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(6000)
PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)


def db_bytes(bot: Bot) -> bytes:
    data = bot.tmp_path / "data"
    return b"".join(p.read_bytes() for p in data.iterdir() if p.name.startswith("aftersales.db"))


def in_console_tables(bot: Bot, needle: bytes) -> list[str]:
    """Columns of the console's own tables holding `needle` in clear."""
    import sqlite3
    db = sqlite3.connect(bot.tmp_path / "data" / "aftersales.db")
    found = []
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'console_%'"):
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        for row in db.execute(f"SELECT * FROM {table}"):
            found += [f"{table}.{c}" for c, v in zip(cols, row)
                      if needle in (v if isinstance(v, bytes) else str(v).encode())]
    db.close()
    return found


def test_photos_on_two_platforms_attached_sealed_shown_and_erased(tmp_path):
    with Bot(tmp_path) as bot:
        bot.fake.on("GET", f"/bot{BOT_TOKEN}/getFile",
                    Answer(200, {"ok": True, "result": {"file_path": "photos/f1.jpg", "file_size": len(JPEG)}}))
        bot.fake.files[f"/file/bot{BOT_TOKEN}/photos/f1.jpg"] = JPEG
        bot.customer_says("我要转人工")
        bot.wait_sent(1)
        bot.customer_sends_photo("F1", caption="箱子压坏了，电话13812345678")
        ack = bot.wait_sent(2)[1]["text"]
        assert "收到您发来的文件" in ack and "工单" in ack
        [get_file] = [c for c in bot.fake.calls if c.path.endswith("/getFile")]
        assert get_file.query["file_id"] == "F1"                        # the largest size

        nxt = Bot._next_id + 1
        bot.fake.files[f"/v2/bot/message/{nxt + 1}/content"] = PNG
        bot.line_event({"type": "text", "text": "转人工"})
        bot.wait_sent(2)
        bot.line_event({"type": "image", "contentProvider": {"type": "line"}})
        bot.idle()
        line_texts = [m["text"] for m in bot.line_sent()]
        assert any("收到您发来的文件" in t or "got the file" in t for t in line_texts), line_texts

        amy = Staff(bot)
        amy.login("amy")
        page = amy.get("/console/handoff/1").text
        assert 'id="attachment-1"' in page and 'src="/console/handoff/1/attachment/1"' in page
        assert "&lt;PHONE_NUMBER_1&gt;" in page and "13812345678" not in page
        img = amy.get("/console/handoff/1/attachment/1")
        assert img.status_code == 200 and img.content == JPEG and img.headers["Content-Type"] == "image/jpeg"
        assert amy.get("/console/handoff/2/attachment/1").status_code == 404     # not that conversation's
        assert amy.get("/console/handoff/2/attachment/2").content == PNG
        assert Staff(bot).get("/console/handoff/1/attachment/1").status_code == 401
        raw = db_bytes(bot)
        assert JPEG[20:60] not in raw and PNG[20:60] not in raw                # sealed at rest

        from bot.server.app import RUNTIME
        bot.call(lambda: bot.app[RUNTIME].audit.erase("c1"))
        bot.call(lambda: bot.app[RUNTIME].audit.erase(identity_scope("line:Uline0001")))
        assert amy.get("/console/handoff/1/attachment/1").status_code == 410
        assert amy.get("/console/handoff/2/attachment/2").status_code == 410


def test_whatsapp_image_through_the_graph_media_endpoint(tmp_path):
    with Bot(tmp_path) as bot:
        bot.fake.on("GET", "/media-77", Answer(200, {"url": bot.fake.base + "/dl/media-77", "mime_type": "image/jpeg",
                                                     "file_size": len(JPEG), "id": "media-77"}))
        bot.fake.files["/dl/media-77"] = JPEG
        bot.whatsapp_message({"type": "text", "text": {"body": "转人工"}})
        bot.idle()
        bot.whatsapp_message({"type": "image", "image": {"id": "media-77", "mime_type": "image/jpeg",
                                                         "caption": "外箱破了"}})
        bot.idle()
        assert any("收到您发来的文件" in t for t in bot.whatsapp_sent()), bot.whatsapp_sent()
        [meta] = [c for c in bot.fake.calls if c.path == "/media-77"]
        [dl] = [c for c in bot.fake.calls if c.path == "/dl/media-77"]
        assert meta.headers["Authorization"] == dl.headers["Authorization"] == "Bearer EAAG-whatsapp-token"
        amy = Staff(bot)
        amy.login("amy")
        page = amy.get("/console/handoff/1").text
        assert "外箱破了" in page and 'id="attachment-1"' in page
        assert amy.get("/console/handoff/1/attachment/1").content == JPEG
        assert not in_console_tables(bot, b"8613900002222")           # a wa_id is a phone number


def test_too_large_and_wrong_type_refused(tmp_path):
    with Bot(tmp_path) as bot:
        bot.fake.on("GET", f"/bot{BOT_TOKEN}/getFile",
                    Answer(200, {"ok": True, "result": {"file_path": "photos/big.jpg", "file_size": 50 * 2 ** 20}}),
                    Answer(200, {"ok": True, "result": {"file_path": "docs/x.jpg", "file_size": 100}}))
        bot.fake.files[f"/file/bot{BOT_TOKEN}/docs/x.jpg"] = b"MZ\x90\x00 not an image" * 5
        bot.customer_sends_photo("BIG")
        assert "太大" in bot.wait_sent(1)[0]["text"] or "too large" in bot.sent()[0]["text"]
        assert not [c for c in bot.fake.calls if c.path.endswith("big.jpg")]     # never downloaded
        bot.customer_sends_photo("EXE")
        text = bot.wait_sent(2)[1]["text"]
        assert "PDF" in text
