"""The chat page outside demo mode, in headless Chromium: no picker, no DEMO banner, an anonymous
visitor gets no customer data, and a shop-signed token handed over by a JS call names the customer."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from bot.server import chat_identity as ci
from bot.server.app import create_app
from tests.browser import chromium

SECRET = "browser-webchat-secret"


@pytest.mark.browser
async def test_anonymous_then_token_identity(aiohttp_server: Any, make_settings: Any, models: Any) -> None:
    server = await aiohttp_server(create_app(make_settings(WEBCHAT_SECRET=SECRET)))
    url = str(server.make_url("/"))
    token = ci.mint_token(SECRET, "web:demo", ttl_s=600)

    def ask(driver: Any, wait: WebDriverWait, text: str) -> str:
        before = len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot[data-role=reply]"))
        box = driver.find_element(By.ID, "text")
        box.send_keys(text)
        driver.find_element(By.ID, "send").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot[data-role=reply]")) > before)
        return driver.find_elements(By.CSS_SELECTOR, ".msg.bot[data-role=reply]")[-1].text

    def drive() -> tuple[bool, bool, str, str, str]:
        for driver in chromium():
            driver.get(url)
            wait = WebDriverWait(driver, 60)
            banner = bool(driver.find_elements(By.ID, "demo-banner"))
            picker = driver.find_element(By.ID, "who-label").is_displayed()
            anonymous = ask(driver, wait, "hello")
            driver.delete_all_cookies()              # the page recovers: 401 + fresh cookie, one retry
            again = ask(driver, wait, "hello")
            driver.execute_script("window.aftersales.setToken(arguments[0])", token)
            named = ask(driver, wait, "hello")
            return banner, picker, anonymous, again, named
        raise AssertionError("no browser")

    banner, picker, anonymous, again, named = await asyncio.to_thread(drive)
    assert not banner and not picker
    assert "Emily" not in anonymous and "Emily" not in again and again.strip()
    assert "Emily" in named
