"""The console in a real headless Chromium: sign in, queue, take over, reply (reaches the fake
Telegram API), the customer's next message shows in the console and not as a bot answer, hand
back (the bot answers again), sign out. Screenshots go to test-artifacts/."""
from __future__ import annotations

import pytest
from harness import BOT_TOKEN, PASSWORD, Bot
from platform_fakes import Answer

from bot.core.settings import PROJECT_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("models")]


def _png(width: int = 64, height: int = 40) -> bytes:
    """A real (decodable) PNG: the customer's photo of a crushed box, in orange."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xf7\x90\x09" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


PNG = _png()


def test_console_in_headless_chromium(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.browser import chromium

    artifacts = PROJECT_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with Bot(tmp_path) as bot:
        bot.customer_says("我要转人工，快递一直没到")
        bot.wait_sent(1)
        for driver in chromium():
            wait = WebDriverWait(driver, 20)
            driver.get(bot.base + "/console/queue")
            assert 'name="password"' in driver.page_source and "handoff/1" not in driver.page_source
            driver.find_element(By.ID, "username").send_keys("amy")
            driver.find_element(By.ID, "password").send_keys(PASSWORD)
            driver.find_element(By.ID, "login").click()
            wait.until(EC.presence_of_element_located((By.ID, "queue")))
            cookie = driver.get_cookie("aftersales_staff")
            assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
            rows = driver.find_elements(By.CSS_SELECTOR, "#queue tbody tr[data-id]")
            assert len(rows) == 1 and "telegram" in rows[0].text and "waiting" in rows[0].text
            driver.save_screenshot(str(artifacts / "console_queue.png"))

            driver.find_element(By.ID, "open-1").click()
            conv = wait.until(EC.presence_of_element_located((By.ID, "conversation")))
            assert "快递一直没到" in conv.text
            driver.find_element(By.ID, "take").click()
            wait.until(EC.presence_of_element_located((By.ID, "reply-text")))
            assert "amy" in bot.wait_sent(2)[1]["text"]

            driver.find_element(By.ID, "reply-text").send_keys("您好，我来帮您查一下快递。")
            driver.find_element(By.ID, "send").click()
            wait.until(EC.text_to_be_present_in_element((By.ID, "flash"), "Sent"))
            assert bot.wait_sent(3)[2]["text"] == "您好，我来帮您查一下快递。"

            bot.customer_says("谢谢，单号是 SF1234567890")
            bot.fake.on("GET", f"/bot{BOT_TOKEN}/getFile",
                        Answer(200, {"ok": True, "result": {"file_path": "photos/box.png", "file_size": len(PNG)}}))
            bot.fake.files[f"/file/bot{BOT_TOKEN}/photos/box.png"] = PNG
            bot.customer_sends_photo("BOX")
            bot.idle()
            assert len(bot.sent()) == 3                       # the bot stayed quiet
            driver.refresh()
            conv = wait.until(EC.presence_of_element_located((By.ID, "conversation")))
            assert "SF1234567890" in conv.text
            img = driver.find_element(By.CSS_SELECTOR, "#attachment-1 img")
            assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) == 64
            driver.save_screenshot(str(artifacts / "console_conversation.png"))

            driver.find_element(By.ID, "handback").click()
            wait.until(EC.presence_of_element_located((By.ID, "queue")))
            assert not driver.find_elements(By.ID, "open-1")
            bot.wait_sent(5)                                  # "assistant again" + "did this help?"
            bot.customer_says("我的订单 SO202611200931 到哪了")
            answer = bot.wait_sent(6)[5]["text"]
            assert "SO202611200931" in answer                 # the bot answers again

            driver.find_element(By.ID, "logout").click()
            wait.until(EC.presence_of_element_located((By.ID, "password")))
            driver.get(bot.base + "/console/queue")
            assert 'name="password"' in driver.page_source
            driver.save_screenshot(str(artifacts / "console_signed_out.png"))
    for name in ("console_queue.png", "console_conversation.png"):
        assert (artifacts / name).stat().st_size > 5_000
