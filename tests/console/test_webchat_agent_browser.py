"""An agent's console reply reaches the customer's open chat page (issue #16), in headless Chromium.

The customer asks for a person on the web chat; an agent signs in to the console (plain HTTP,
CSRF and all), takes the conversation over and replies. The page shows "a person has joined",
the agent's reply, and after a reload the conversation so far (agent reply included, internal
note not); hand-back shows its notice. A second visitor's page sees none of it.
"""
from __future__ import annotations

import time

import pytest
from harness import Bot, Staff

from bot.core.settings import PROJECT_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("models")]

AGENT_REPLY = "您好，我是客服 amy，正在为您查询快递。"
NOTE = "internal: carrier claims delivered"


def test_agent_reply_and_notices_reach_the_customers_page(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.browser import chromium

    artifacts = PROJECT_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)

    def texts(driver, css):
        return [e.text for e in driver.find_elements(By.CSS_SELECTOR, css)]

    with Bot(tmp_path) as bot:
        browsers = chromium()
        driver = next(browsers)
        others = chromium()
        other = next(others)
        try:
            wait = WebDriverWait(driver, 60)
            driver.get(bot.base + "/")
            other.get(bot.base + "/")               # another visitor, open at the same time
            wait.until(lambda d: "ready" in d.execute_script("return window.aftersales.events"))
            driver.find_element(By.ID, "text").send_keys("我要转人工，快递一直没到")
            driver.find_element(By.ID, "send").click()
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.bot[data-role=reply]"))
            bot.idle()

            amy = Staff(bot)
            assert amy.login("amy").status_code == 303
            assert amy.post("/console/handoff/1/take", from_page="/console/handoff/1").status_code == 303
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-notice=joined]"))   # "amy has joined"
            r = amy.post("/console/handoff/1/reply", {"text": AGENT_REPLY}, from_page="/console/handoff/1")
            assert r.status_code == 303
            wait.until(lambda d: any(AGENT_REPLY in t for t in texts(d, "[data-role=agent]")))
            assert amy.post("/console/handoff/1/note", {"text": NOTE},
                            from_page="/console/handoff/1").status_code == 303
            driver.save_screenshot(str(artifacts / "webchat_agent_reply.png"))
            assert "amy" in texts(driver, "[data-notice=joined]")[0]

            driver.refresh()                        # the page comes back with the conversation so far
            wait.until(lambda d: any(AGENT_REPLY in t for t in texts(d, "[data-from-history]")))
            shown = texts(driver, "[data-from-history]")
            assert shown[0] == "我要转人工，快递一直没到" and NOTE not in " ".join(shown)
            assert any("amy" in t for t in texts(driver, "[data-from-history][data-notice=joined]"))

            assert amy.post("/console/handoff/1/handback", from_page="/console/handoff/1").status_code == 303
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-notice=handed_back]"))
            driver.save_screenshot(str(artifacts / "webchat_handed_back.png"))
            driver.refresh()                        # and after hand-back, the notice is in the history
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-from-history][data-notice=handed_back]"))

            time.sleep(0.5)                         # anything pushed to the wrong page would be there now
            page = other.find_element(By.ID, "log").text
            assert AGENT_REPLY not in page and "amy" not in page
            assert not other.find_elements(By.CSS_SELECTOR, "[data-role=agent], .notice")
        finally:
            for gen in (browsers, others):
                gen.close()
