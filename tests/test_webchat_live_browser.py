"""The chat page streaming an answer, in headless Chromium (issue #15 "answers that stream").

The generator is an OpenAI-compatible server on loopback streaming the turn's answer in chunks
(tests/stream_llm.py). The page is watched with a MutationObserver: the typing indicator shows
while the turn runs, the draft grows piece by piece, the checked answer replaces it; an answer
the grounding check rejects is replaced by the template answer, with the subtle note; after a
reload the conversation is back. Screenshots go to test-artifacts/.
"""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from bot.core.settings import PROJECT_ROOT
from bot.server import chat_identity as ci
from bot.server.app import create_app
from tests.browser import chromium
from tests.stream_llm import StreamingLLM, llm_env

SECRET = "browser-stream-secret"

# Records, on every change of the chat log, whether the typing indicator shows and the draft's text.
WATCH = """
window.__frames = [];
const log = document.getElementById('log'), typing = document.getElementById('typing');
new MutationObserver(() => {
  const d = log.querySelector('[data-role=draft]');
  window.__frames.push({typing: !typing.hidden, draft: d ? d.textContent : null});
}).observe(log, {subtree: true, childList: true, characterData: true, attributes: true});
"""


@pytest.mark.browser
async def test_a_streamed_answer_builds_up_behind_a_typing_indicator(aiohttp_server: Any, make_settings: Any,
                                                                     models: Any) -> None:
    llm = StreamingLLM(chunk_chars=4, pause_s=0.12)
    url = await llm.start()
    server = await aiohttp_server(create_app(make_settings(WEBCHAT_SECRET=SECRET, **llm_env(url))))
    page = str(server.make_url("/"))
    token = ci.mint_token(SECRET, "web:demo", ttl_s=600)
    artifacts = PROJECT_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)

    def replies(driver: Any) -> list[Any]:
        return driver.find_elements(By.CSS_SELECTOR, ".msg.bot[data-role=reply]")

    def ask(driver: Any, text: str) -> tuple[str, list[dict[str, Any]]]:
        before = len(replies(driver))
        driver.execute_script(WATCH)
        driver.find_element(By.ID, "text").send_keys(text)
        driver.find_element(By.ID, "send").click()
        WebDriverWait(driver, 60).until(lambda d: len(replies(d)) > before)
        return replies(driver)[-1].text, driver.execute_script("return window.__frames")

    def drive() -> dict[str, Any]:
        for driver in chromium():
            driver.get(page)
            driver.execute_script("window.aftersales.setToken(arguments[0])", token)
            out: dict[str, Any] = {}
            out["kept"], out["kept_frames"] = ask(driver, "我的快递到哪了？")
            driver.save_screenshot(str(artifacts / "webchat_streamed.png"))
            llm.lie = " Your new order ZX90817263 ships today."
            out["replaced"], out["replaced_frames"] = ask(driver, "hello")
            out["note"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.bot .checked")]
            out["events"] = driver.execute_script("return window.aftersales.events.slice()")
            driver.save_screenshot(str(artifacts / "webchat_replaced.png"))
            driver.refresh()                 # the conversation comes back from the server
            driver.execute_script("window.aftersales.setToken(arguments[0])", token)
            WebDriverWait(driver, 30).until(
                lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-from-history]")) >= 4)
            out["history"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "[data-from-history]")]
            return out
        raise AssertionError("no browser")

    try:
        got = await asyncio.to_thread(drive)
    finally:
        await llm.stop()

    kept = got["kept_frames"]
    drafts = [f["draft"] for f in kept if f["draft"]]
    assert any(f["typing"] for f in kept)                            # the indicator showed during the turn
    growing = [d for i, d in enumerate(drafts) if i == 0 or d != drafts[i - 1]]
    assert len(growing) >= 4, growing                                 # the draft was built up incrementally
    assert all(b.startswith(a) for a, b in zip(growing, growing[1:], strict=False))
    assert "7498907762" in got["kept"] and got["kept"].startswith(growing[-1][:10])
    assert not kept[-1]["typing"]                                     # gone once the answer is in

    assert "ZX90817263" not in got["replaced"] and got["replaced"].startswith("Hi Emily!")
    assert all("ZX90817263" not in (f["draft"] or "") for f in got["replaced_frames"])
    assert got["note"] and "checked" in got["note"][0]                # said so, subtly
    assert "retract" in got["events"] and "delta" in got["events"]

    assert got["history"][0] == "我的快递到哪了？" and "7498907762" in got["history"][1]
    assert got["history"][2] == "hello" and got["history"][3].startswith("Hi Emily!")
