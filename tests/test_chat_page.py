"""The browser chat page, driven in headless Chromium against a real server on loopback."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from bot.server.app import create_app
from tests.browser import chromium

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.mark.browser
async def test_chat_page_shows_a_reply_in_chinese_with_its_trace(aiohttp_server: Any, make_settings: Any,
                                                                 models: Any) -> None:
    # Picking a customer is the demo configuration's feature (config/demo.toml, `make run`).
    server = await aiohttp_server(create_app(make_settings(CHAT_DEMO_IDENTITIES="true")))
    url = str(server.make_url("/"))

    def drive() -> tuple[str, str]:
        for driver in chromium():
            driver.get(url)
            wait = WebDriverWait(driver, 60)
            wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#who option")) > 1)
            Select(driver.find_element(By.ID, "who")).select_by_value("telegram:1001")
            driver.find_element(By.ID, "explain").click()
            box = driver.find_element(By.ID, "text")
            box.send_keys("我的订单SO202611261030到哪了？")
            driver.find_element(By.ID, "send").click()
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.bot[data-role=reply]"))
            reply = driver.find_elements(By.CSS_SELECTOR, ".msg.bot[data-role=reply]")[-1].text
            trace = driver.find_elements(By.CSS_SELECTOR, ".trace")[-1].text
            ARTIFACTS.mkdir(exist_ok=True)
            driver.save_screenshot(str(ARTIFACTS / "chat_page.png"))
            return reply, trace
        raise AssertionError("no browser")

    reply, trace = await asyncio.to_thread(drive)
    assert "SO202611261030" in reply
    assert "JDVA45908136669" in reply              # the tracking number from the store
    assert "order_status" in trace
