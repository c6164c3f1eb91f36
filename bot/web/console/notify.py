"""Tell staff about a new hand-off in a channel they already watch.

Targets, each enabled by its secret (the webhook URLs embed tokens, so they are secrets):
`AFTERSALES_NOTIFY_SLACK_WEBHOOK_URL` (Slack incoming webhook), `AFTERSALES_NOTIFY_FEISHU_WEBHOOK_URL`
(Feishu/Lark group custom bot), `AFTERSALES_NOTIFY_WECOM_WEBHOOK_URL` (WeCom group robot),
`AFTERSALES_NOTIFY_DINGTALK_WEBHOOK_URL` (DingTalk group robot), and e-mail over SMTP
(`[console] smtp_host`, `notify_email_to`; optional `AFTERSALES_SMTP_USER`/`AFTERSALES_SMTP_PASSWORD`).

The notice carries no personal data: the hand-off number, platform, language, intent, the
bot's reason (a fixed phrase from the dialogue, never the customer's words) and a link to the
console. The caller guarantees once per hand-off (HandoffStore.mark_notified).
"""
from __future__ import annotations

import asyncio
import logging
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import aiohttp

from adapters.outbound import RetryPolicy, deliver
from bot.web.console.handoffs import Handoff

log = logging.getLogger("aftersales.notify")

WEBHOOKS = {
    "slack": "NOTIFY_SLACK_WEBHOOK_URL",
    "feishu": "NOTIFY_FEISHU_WEBHOOK_URL",
    "wecom": "NOTIFY_WECOM_WEBHOOK_URL",
    "dingtalk": "NOTIFY_DINGTALK_WEBHOOK_URL",
}


def notice_text(h: Handoff, link: str) -> str:
    facts = " · ".join(x for x in (h.platform, h.language or "", h.intent or "", h.sentiment or "") if x)
    when = " (outside duty hours)" if h.off_hours else ""
    return f"New hand-off #{h.id}{when}: {h.reason or 'hand-off'} [{facts}]. Open it: {link}"


def payload(kind: str, text: str) -> dict[str, Any]:
    if kind == "slack":
        return {"text": text}
    if kind == "feishu":
        return {"msg_type": "text", "content": {"text": text}}
    return {"msgtype": "text", "text": {"content": text}}      # WeCom and DingTalk robots


def _ok(kind: str, status: int, body: Any) -> bool:
    if status != 200:
        return False
    if kind == "feishu" and isinstance(body, dict):
        ok: bool = body.get("code", body.get("StatusCode", 0)) == 0
        return ok
    if kind in ("wecom", "dingtalk") and isinstance(body, dict):
        accepted: bool = body.get("errcode", 0) == 0
        return accepted
    return True


@dataclass
class Notifier:
    webhooks: dict[str, str] = field(default_factory=dict)
    public_url: str = ""
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = None
    mail_from: str = "aftersales@localhost"
    mail_to: list[str] = field(default_factory=list)
    policy: RetryPolicy = field(default_factory=lambda: RetryPolicy(max_attempts=3, timeout_s=10))

    @classmethod
    def from_settings(cls, settings: Any) -> Notifier:
        c = settings["console"]
        hooks = {kind: url for kind, name in WEBHOOKS.items() if (url := settings.secret(name))}
        return cls(webhooks=hooks, public_url=c["public_url"].rstrip("/"), smtp_host=c["smtp_host"],
                   smtp_port=int(c["smtp_port"]), smtp_starttls=bool(c["smtp_starttls"]),
                   smtp_user=settings.secret("SMTP_USER"), smtp_password=settings.secret("SMTP_PASSWORD"),
                   mail_from=c["notify_email_from"],
                   mail_to=[a.strip() for a in c["notify_email_to"].split(",") if a.strip()])

    @property
    def enabled(self) -> bool:
        return bool(self.webhooks) or bool(self.smtp_host and self.mail_to)

    def link(self, h: Handoff) -> str:
        return f"{self.public_url}/console/handoff/{h.id}"

    async def notify(self, h: Handoff, http: aiohttp.ClientSession) -> dict[str, bool]:
        text = notice_text(h, self.link(h))
        results: dict[str, bool] = {}
        for kind, url in self.webhooks.items():
            def classify(status: int, headers: Any, body: Any, kind: str = kind) -> Any:
                from adapters.outbound import Outcome, http_outcome
                base = http_outcome(status, headers, body)
                return base if not base.ok else Outcome(ok=_ok(kind, status, body), error=None if _ok(kind, status, body)
                                                        else f"{kind}_refused")
            d = await deliver(http, "POST", url, policy=self.policy, classify=classify, json=payload(kind, text))
            results[kind] = d.ok
            if not d.ok:
                log.warning("hand-off notice via %s failed: %s", kind, d.error)
        if self.smtp_host and self.mail_to:
            try:
                await asyncio.to_thread(self._send_mail, h, text)
                results["email"] = True
            except (OSError, smtplib.SMTPException) as exc:
                log.warning("hand-off notice by e-mail failed: %s", type(exc).__name__)
                results["email"] = False
        return results

    def _send_mail(self, h: Handoff, text: str) -> None:
        msg = EmailMessage()
        msg["Subject"] = f"New hand-off #{h.id}: {h.reason or 'a customer needs a person'}"
        msg["From"] = self.mail_from
        msg["To"] = ", ".join(self.mail_to)
        msg.set_content(text + "\n")
        with smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=10) as smtp:
            if self.smtp_starttls:
                smtp.starttls()
            if self.smtp_user and self.smtp_password:
                smtp.login(self.smtp_user, self.smtp_password)
            smtp.send_message(msg)
