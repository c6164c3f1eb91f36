"""The read-only audit review pages, mounted at `/audit`, for staff accounts.

Who may see what: staff sign in with their own accounts (`aftersales users add`, see
bot/web/staff/); the `reviewer` role reads records with redacted text only; the `privacy` role may
also reveal the vault values behind placeholders, giving a reason each time, and every reveal
is itself written to the audit log with the account's name. The shared reviewer and reveal
tokens of earlier releases are gone: a reveal is tied to a person.

Web hygiene, because these pages show what customers wrote: sign-in, sessions, CSRF and rate
limits are bot/web/staff/web.py's (HttpOnly, SameSite=Strict cookie; a CSRF token on every form);
responses are no-store with a strict CSP and no script at all (charts are inline SVG drawn here).
"""
from __future__ import annotations

import html
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from bot.web.staff.users import StaffSession as Session
from bot.web.staff.users import StaffStore
from bot.web.staff.web import SESSION, StaffAuth, StaffPages, logout_form, read_form
from privacy.audit import AuditFilter, AuditLog, AuditRecord, RecordSummary
from privacy.audit_time import fmt_time, parse_when
from privacy.vault import Vault

log = logging.getLogger("aftersales.audit_web")

STATIC = Path(__file__).parent / "static" / "audit"
READ_ROLES = frozenset({"reviewer", "privacy"})
REVEAL_ROLES = frozenset({"privacy"})
INTENTS = ("order_status", "cancel_order", "change_address", "return_request", "exchange_request",
           "refund_status", "product_issue", "invoice", "human_agent", "greeting", "thanks_bye", "other")
PALETTE = ("#2f5bd3", "#12b76a", "#f79009", "#7a5af8", "#ee46bc", "#06aed4", "#b42318", "#667085",
           "#84cc16", "#a15c07", "#0e9384", "#444ce7")
SENTI_COLORS = {"negative": "#d92d20", "neutral": "#98a2b3", "positive": "#12b76a"}


@dataclass
class _State:
    prefix: str
    get_log: Callable[[], AuditLog]
    vault: Vault | None = None

    def log(self) -> AuditLog:
        return self.get_log()

    def vault_for(self, audit: AuditLog) -> Vault:
        return self.vault or Vault(audit.conn, audit.keyring)


STATE = web.AppKey("audit_review_state", _State)
PAGES = web.AppKey("audit_review_pages", StaffPages)


def reviewer_name(session: Session) -> str:
    """How a reveal names the person in the audit log."""
    return f"user {session.user.username} (id {session.user.id})"


def create_audit_app(settings: Any, audit: AuditLog | Callable[[], AuditLog],
                     staff: StaffStore | Callable[[], StaffStore], *, prefix: str = "/audit",
                     vault: Vault | None = None) -> web.Application:
    """The review sub-application; staff accounts with the reviewer or privacy role read it."""
    get_log: Callable[[], AuditLog] = audit if not isinstance(audit, AuditLog) else (lambda: audit)
    get_staff: Callable[[], StaffStore] = staff if not isinstance(staff, StaffStore) else (lambda: staff)
    for name in ("AUDIT_REVIEWER_TOKEN", "AUDIT_REVEAL_TOKEN"):
        if settings.secret(name):
            log.warning("AFTERSALES_%s is no longer used: staff sign in with their own accounts "
                        "(aftersales users add --role reviewer|privacy)", name)
    prefix = prefix.rstrip("/")
    app = web.Application()
    app[STATE] = _State(prefix, get_log, vault)
    auth = StaffAuth.from_settings(get_staff, settings)

    def doc(request: web.Request, title: str, body: str) -> str:
        return _doc(title, body, app[STATE], request.get(SESSION))
    pages = StaffPages(auth, prefix, "Audit review", lambda request: READ_ROLES, doc, prefix + "/static/audit.css")
    pages.install(app)
    app[PAGES] = pages
    app.router.add_get("/", list_page)
    app.router.add_get("/record/{id:\\d+}", record_page)
    app.router.add_post("/record/{id:\\d+}/reveal", reveal_post)
    app.router.add_get("/report", report_page)
    app.router.add_get("/verify", verify_page)
    app.router.add_get("/static/audit.css", css)
    return app


async def css(request: web.Request) -> web.Response:
    return web.Response(body=(STATIC / "audit.css").read_bytes(), content_type="text/css")


# -- html helpers ---------------------------------------------------------------------------
def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _j(value: Any) -> str:
    return _e(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def _doc(title: str, body: str, st: _State, session: Session | None) -> str:
    nav = ""
    if session is not None:
        nav = (f'<a href="{st.prefix}/">Records</a><a href="{st.prefix}/report">Report</a>'
               f'<a href="{st.prefix}/verify">Verify chain</a>'
               + ('<a href="/console/">Console</a>' if session.user.roles & {"agent", "admin"} else "")
               + logout_form(st.prefix, session))
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{_e(title)} · audit</title>'
            f'<link rel="stylesheet" href="{st.prefix}/static/audit.css"></head><body>'
            f'<header><span class="brand">After-sales audit</span>{nav}</header><main>{body}</main></body></html>')


def _page(request: web.Request, title: str, body: str, status: int = 200) -> web.Response:
    st = request.app[STATE]
    return web.Response(text=_doc(title, body, st, request.get(SESSION)), content_type="text/html", status=status)


def _badge(ok: bool | None, yes: str, no: str, good_when: bool = True) -> str:
    if ok is None:
        return '<span class="badge">-</span>'
    cls = "ok" if ok == good_when else "bad"
    return f'<span class="badge {cls}">{_e(yes if ok else no)}</span>'


def _senti(label: str | None) -> str:
    cls = {"negative": "bad", "positive": "ok"}.get(label or "", "")
    return f'<span class="badge {cls}">{_e(label or "-")}</span>'


# -- svg charts -----------------------------------------------------------------------------
def svg_hbars(items: list[tuple[str, float]], *, title: str, unit: str = "", color: str = "#2f5bd3",
              width: int = 640) -> str:
    """Horizontal bars: one per item, labelled, largest sets the scale."""
    if not items:
        return f'<p class="muted">{_e(title)}: no data</p>'
    bar_h, gap, label_w = 18, 6, 160
    top = 22
    h = top + len(items) * (bar_h + gap) + 4
    peak = max(v for _, v in items) or 1
    parts = [f'<svg class="chart" role="img" aria-label="{_e(title)}" width="{width}" height="{h}" '
             f'viewBox="0 0 {width} {h}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="4" y="15" font-size="13" font-weight="600" fill="#344054">{_e(title)}</text>']
    span = width - label_w - 70
    for i, (label, v) in enumerate(items):
        y = top + i * (bar_h + gap)
        w = max(1, span * v / peak)
        val = f"{v:g}{unit}"
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" font-size="12" text-anchor="end" fill="#344054">'
                     f'{_e(label)}</text><rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3" '
                     f'fill="{color}"><title>{_e(label)}: {_e(val)}</title></rect>'
                     f'<text x="{label_w + w + 5:.1f}" y="{y + 13}" font-size="12" fill="#475467">{_e(val)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_stacked(days: list[str], series: list[tuple[str, str, list[float]]], *, title: str,
                width: int = 720, height: int = 200, percent: bool = False) -> str:
    """Vertical stacked bars, one per day; `series` = (name, colour, value per day)."""
    if not days:
        return f'<p class="muted">{_e(title)}: no data</p>'
    left, top, bottom, legend_h = 34, 24, 36, 18
    plot_h = height - top - bottom - legend_h
    totals = [sum(s[2][i] for s in series) for i in range(len(days))]
    peak = 1.0 if percent else (max(totals) or 1)
    slot = (width - left - 8) / len(days)
    bw = max(2.0, min(40.0, slot * 0.7))
    parts = [f'<svg class="chart" role="img" aria-label="{_e(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="4" y="15" font-size="13" font-weight="600" fill="#344054">{_e(title)}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}" stroke="#d0d5dd"/>',
             f'<text x="{left - 4}" y="{top + 8}" font-size="10" text-anchor="end" fill="#667085">'
             f'{"100%" if percent else f"{peak:g}"}</text>',
             f'<text x="{left - 4}" y="{top + plot_h}" font-size="10" text-anchor="end" fill="#667085">0</text>']
    every = max(1, len(days) // 10)
    for i, day in enumerate(days):
        x = left + i * slot + (slot - bw) / 2
        y: float = top + plot_h
        for name, colour, values in series:
            v = values[i]
            frac = (v / totals[i] if totals[i] else 0) if percent else v / peak
            hgt = plot_h * frac
            if hgt <= 0:
                continue
            y -= hgt
            shown = f"{100 * v / totals[i]:.0f}%" if percent and totals[i] else f"{v:g}"
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{hgt:.1f}" fill="{colour}">'
                         f'<title>{_e(day)} · {_e(name)}: {_e(shown)}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{top + plot_h + 14}" font-size="10" text-anchor="middle" '
                         f'fill="#667085">{_e(day[5:])}</text>')
    lx = left
    for name, colour, _ in series:
        parts.append(f'<rect x="{lx}" y="{height - 14}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{lx + 14}" y="{height - 5}" font-size="11" fill="#344054">{_e(name)}</text>')
        lx += 22 + 7 * len(name)
    parts.append("</svg>")
    return "".join(parts)


# -- pages ----------------------------------------------------------------------------------
def _filters_from(q: Any) -> tuple[AuditFilter, list[str]]:
    errors: list[str] = []

    def when(name: str, end_of_day: bool = False) -> float | None:
        raw = (q.get(name) or "").strip()
        if not raw:
            return None
        try:
            ts = parse_when(raw)
        except Exception:  # noqa: BLE001 - a bad filter is reported on the page, not a 500
            errors.append(f"could not read {name}={raw!r}")
            return None
        return ts + 86400 if end_of_day and len(raw) == 10 else ts
    handoff = {"yes": True, "no": False}.get(q.get("handoff", ""))
    kind = q.get("kind") or "message"
    try:
        offset = max(0, int(q.get("offset") or 0))
    except ValueError:
        offset = 0
    f = AuditFilter(since=when("since"), until=when("until", end_of_day=True), customer=q.get("customer") or None,
                    intent=q.get("intent") or None, platform=q.get("platform") or None, handoff=handoff,
                    ungrounded=q.get("ungrounded") == "1", negative=q.get("negative") == "1",
                    kind=None if kind == "all" else kind, limit=50, offset=offset)
    return f, errors


def _select(name: str, options: list[tuple[str, str]], current: str) -> str:
    opts = "".join(f'<option value="{_e(v)}"{" selected" if v == current else ""}>{_e(label)}</option>'
                   for v, label in options)
    return f'<select name="{name}" id="f-{name}">{opts}</select>'


async def list_page(request: web.Request) -> web.Response:
    st = request.app[STATE]
    q = request.query
    f, errors = _filters_from(q)
    audit = st.log()
    rows: list[RecordSummary] = await audit.list(f)
    total = await audit.count(f)
    form = (
        '<form class="filters" method="get">'
        f'<label>From <input type="date" name="since" value="{_e(q.get("since", ""))}"></label>'
        f'<label>To <input type="date" name="until" value="{_e(q.get("until", ""))}"></label>'
        f'<label>Customer <input name="customer" size="10" value="{_e(q.get("customer", ""))}"></label>'
        f'<label>Intent {_select("intent", [("", "any")] + [(i, i) for i in INTENTS], q.get("intent", ""))}</label>'
        f'<label>Platform <input name="platform" size="9" value="{_e(q.get("platform", ""))}"></label>'
        f'<label>Hand-off {_select("handoff", [("", "any"), ("yes", "yes"), ("no", "no")], q.get("handoff", ""))}'
        '</label>'
        f'<label class="check"><input type="checkbox" name="ungrounded" value="1"'
        f'{" checked" if f.ungrounded else ""}> ungrounded</label>'
        f'<label class="check"><input type="checkbox" name="negative" value="1"'
        f'{" checked" if f.negative else ""}> negative</label>'
        f'<label>Kind {_select("kind", [(k, k) for k in ("message", "reveal", "erase", "purge", "all")], q.get("kind", "message"))}'
        '</label><button type="submit">Filter</button></form>')
    trs = []
    for s in rows:
        rating = "" if s.rating is None else _badge(s.rating, "helpful", "not helpful")
        trs.append(
            f'<tr><td><a href="{st.prefix}/record/{s.id}">#{s.id}</a></td><td>{_e(fmt_time(s.time))}</td>'
            f'<td>{_e(s.platform)}</td><td>{_e(s.customer_id or "-")}</td><td>{_e(s.intent or "-")}</td>'
            f'<td>{"" if s.confidence is None else f"{s.confidence:.2f}"}</td><td>{_senti(s.sentiment)}</td>'
            f'<td>{_badge(s.grounded, "grounded", "template fallback")}</td><td>{_badge(s.handoff, "hand-off", "bot", False)}'
            f'</td><td>{"" if s.latency_ms is None else f"{s.latency_ms:.0f}"}</td><td>{rating}</td></tr>')
    base = {k: v for k, v in q.items() if k != "offset"}
    pager = []
    if f.offset:
        pager.append(f'<a href="?{_e(urlencode({**base, "offset": max(0, f.offset - 50)}))}">← newer</a>')
    if f.offset + len(rows) < total:
        pager.append(f'<a href="?{_e(urlencode({**base, "offset": f.offset + 50}))}">older →</a>')
    body = (f'<h1>Audit records</h1>{form}'
            + "".join(f'<p class="error">{_e(e)}</p>' for e in errors)
            + f'<p class="muted">{total} matching record(s); showing {len(rows)}.</p>'
            '<table id="records"><thead><tr><th>ID</th><th>Time</th><th>Platform</th><th>Customer</th><th>Intent</th>'
            '<th>Conf.</th><th>Sentiment</th><th>Grounded</th><th>Handled by</th><th>ms</th><th>Rating</th></tr></thead>'
            f'<tbody>{"".join(trs) or "<tr><td colspan=11 class=muted>no records</td></tr>"}</tbody></table>'
            f'<div class="pager">{"".join(pager)}</div>')
    return _page(request, "Records", body)


def _answer_badge(t: dict[str, Any]) -> str:
    """A replaced answer names why (the customer got the template, which is grounded by
    construction); only an answer kept without a reason is called not grounded."""
    reason = t.get("fallback_reason")
    if reason:
        return (f'{_badge(False, "", "template fallback")} '
                f'<span id="fallback-reason">{_e(reason)}</span>')
    return _badge(t.get("grounded"), "grounded", "not grounded")


def _record_body(st: _State, rec: AuditRecord, session: Session, revealed: dict[str, str] | None = None,
                 reveal_error: str = "") -> str:
    head = (f'<h1>Record #{rec.id} <span class="muted">· {_e(fmt_time(rec.time))} · {_e(rec.platform)} · '
            f'customer {_e(rec.customer_id or "-")}</span></h1>')
    if rec.erased:
        return head + ('<p class="error" id="erased">This customer was erased: their data key was destroyed, '
                       'so the content of this record is unrecoverable.</p>'
                       f'<p>Index only: intent {_e(rec.intent)} · {_badge(rec.handoff, "hand-off", "bot", False)} · '
                       f'{_badge(rec.grounded, "grounded", "ungrounded")} · {_senti(rec.sentiment)}</p>')
    if rec.kind != "message":
        return head + f'<h2>{_e(rec.kind)} event</h2><pre><code>{_j(rec.details or {})}</code></pre>'
    t = rec.trace or {}
    intent, senti = t.get("intent") or {}, t.get("sentiment") or {}
    conf = float(intent.get("confidence") or 0)
    timings = [(k, float(v)) for k, v in (t.get("timings_ms") or {}).items() if isinstance(v, (int, float))]
    cards = (
        '<div class="cards" id="glance">'
        f'<div class="card"><div class="k">Intent</div><div class="v" id="intent">{_e(intent.get("name", "-"))}</div>'
        f'<div class="s">confidence {conf:.2f}</div>'
        f'<svg width="140" height="6" role="img" aria-label="confidence"><rect width="140" height="6" fill="#eaecf0"/>'
        f'<rect width="{140 * min(1.0, conf):.0f}" height="6" fill="#2f5bd3"/></svg></div>'
        f'<div class="card"><div class="k">Answer by</div><div class="v">{_e(t.get("generator", "-"))}</div>'
        f'<div class="s">{_answer_badge(t)}</div></div>'
        f'<div class="card"><div class="k">Hand-off</div><div class="v">'
        f'{_badge(t.get("handoff"), "to a person", "bot answered", False)}</div></div>'
        f'<div class="card"><div class="k">Sentiment</div><div class="v">{_senti(senti.get("label"))}</div>'
        f'<div class="s">score {float(senti.get("score") or 0):+.2f} · language {_e(t.get("language", "-"))}</div></div>'
        f'<div class="card"><div class="k">Latency</div><div class="v">'
        f'{"-" if rec.latency_ms is None else f"{rec.latency_ms:.0f} ms"}</div>'
        f'<div class="s">rating {"-" if rec.rating is None else ("helpful" if rec.rating else "not helpful")}</div>'
        '</div></div>')
    kn = t.get("knowledge") or []
    kn_rows = "".join(f'<tr><td>{_e(k.get("id"))}</td><td>{_e(k.get("title"))}</td>'
                      f'<td>{float(k.get("score") or 0):.2f}</td></tr>' for k in kn)
    acts = t.get("actions") or []
    act_rows = "".join(f'<tr><td><code>{_e(a.get("name"))}</code></td><td><code>{_j(a.get("args"))}</code></td>'
                       f'<td>{_badge(bool(a.get("ok")), "ok", "failed")}</td><td><code>{_j(a.get("result"))}</code>'
                       '</td></tr>' for a in acts)
    reds = ", ".join(f'{_e(r.get("type"))} → <code>{_e(r.get("placeholder"))}</code>'
                     for r in t.get("redactions") or []) or "none"
    prompt = t.get("prompt")
    body = [head, cards,
            # The conversation key embeds platform user ids (a WhatsApp wa_id is a phone number):
            # reviewers get the keyed reference; the key itself only comes with a reveal.
            f'<p class="muted">message {_e(rec.message_id)} · conversation ref {_e(rec.conversation_ref or "-")}</p>',
            f'<h2>Customer wrote (redacted)</h2><div class="text" id="inbound">{_e(rec.inbound)}</div>',
            f'<h2>Bot replied (as generated, placeholders kept)</h2><div class="text" id="reply">{_e(rec.reply)}</div>',
            '<h2>Knowledge given to the generator</h2>' + (
                f'<table id="knowledge"><thead><tr><th>Snippet</th><th>Title</th><th>Score</th></tr></thead>'
                f'<tbody>{kn_rows}</tbody></table>' if kn else '<p class="muted">none</p>'),
            '<h2>Tool calls</h2>' + (
                f'<table id="actions"><thead><tr><th>Tool</th><th>Arguments</th><th>Outcome</th><th>Result</th></tr>'
                f'</thead><tbody>{act_rows}</tbody></table>' if acts else '<p class="muted">none</p>'),
            f'<h2>Redactions</h2><p>{reds}</p>',
            f'<h2>Entities</h2><pre><code>{_j(t.get("entities") or {})}</code></pre>',
            '<h2>Prompt the LLM saw</h2>' + (f'<pre id="prompt"><code>{_e(prompt)}</code></pre>' if prompt
                                              else '<p class="muted">none (no LLM call)</p>'),
            '<h2>Timings</h2>' + svg_hbars(timings, title="milliseconds per stage", unit=" ms"),
            ]
    und = (t.get("dialogue") or {}).get("llm") or {}
    if und.get("fallback_reason"):
        # The LLM was asked to understand this message and overruled: say why.
        body.append(f'<h2>Understanding</h2><p id="understanding">{_e(und.get("source", "-"))} not used: '
                    f'<span id="understanding-fallback">{_e(und["fallback_reason"])}</span></p>')
    if t.get("dialogue") or t.get("delivery"):
        body.append(f'<h2>Dialogue and delivery</h2><pre><code>{_j({"dialogue": t.get("dialogue"), "delivery": t.get("delivery")})}'
                    '</code></pre>')
    if revealed is not None:
        rows = "".join(f'<tr><td><code>{_e(p)}</code></td><td>{_e(v)}</td></tr>' for p, v in sorted(revealed.items()))
        body.append('<div class="reveal" id="revealed"><h2>Revealed values (this reveal was recorded in the audit '
                    f'log)</h2><p>conversation {_e(rec.conversation_key)}</p>' + (f'<table><tbody>{rows}</tbody></table>' if rows else
                                   '<p class="muted">no vault values for this record</p>') + '</div>')
    elif session.user.roles & REVEAL_ROLES:
        body.append(
            f'<form class="reveal" method="post" action="{st.prefix}/record/{rec.id}/reveal" autocomplete="off">'
            f'<input type="hidden" name="csrf" value="{session.csrf}">'
            '<strong>Reveal the original values</strong> (privileged; every reveal is audited with your account)<br>'
            + (f'<p class="error">{_e(reveal_error)}</p>' if reveal_error else "")
            + '<label>Reason <input name="reason" id="reason" size="40" required minlength="3" maxlength="200"></label> '
            '<button type="submit" id="reveal">Reveal</button></form>')
    else:
        body.append('<p class="muted" id="no-reveal">Your account reads redacted text only '
                    '(revealing needs the privacy role).</p>')
    return "".join(body)


async def record_page(request: web.Request) -> web.Response:
    st = request.app[STATE]
    rec = await st.log().get(int(request.match_info["id"]))
    if rec is None:
        return _page(request, "Not found", "<h1>No such record</h1>", status=404)
    return _page(request, f"Record {rec.id}", _record_body(st, rec, request[SESSION]))


async def reveal_post(request: web.Request) -> web.Response:
    st = request.app[STATE]
    session: Session = request[SESSION]
    audit = st.log()
    record_id = int(request.match_info["id"])
    rec = await audit.get(record_id)
    if rec is None:
        return _page(request, "Not found", "<h1>No such record</h1>", status=404)
    if not session.user.roles & REVEAL_ROLES:
        raise web.HTTPForbidden(text="revealing needs the privacy role")
    form = await read_form(request)
    reason = str(form.get("reason", "")).strip()[:200]
    if len(reason) < 3:
        return _page(request, f"Record {rec.id}", _record_body(st, rec, session, reveal_error="Give a reason."),
                     status=400)
    revealed = await audit.reveal(record_id, st.vault_for(audit), reviewer=f"{reviewer_name(session)}; reason: {reason}")
    log.info("audit reveal of record %d by user id %d", record_id, session.user.id)
    return _page(request, f"Record {rec.id}", _record_body(st, rec, session, revealed=revealed))


async def verify_page(request: web.Request) -> web.Response:
    res = await request.app[STATE].log().verify()
    if res.ok:
        body = f'<h1>Chain verification</h1><p id="verify"><span class="badge ok">intact</span> {_e(res.reason)}</p>'
    else:
        body = (f'<h1>Chain verification</h1><p id="verify"><span class="badge bad">TAMPERED</span> first bad record: '
                f'{_e(res.first_bad)} — {_e(res.reason)}</p>')
    return _page(request, "Verify", body)


async def report_page(request: web.Request) -> web.Response:
    st = request.app[STATE]
    period = request.query.get("since", "30d")
    since = None if period == "all" else parse_when(period if period in ("7d", "30d", "90d", "365d") else "30d")
    rep = await st.log().report(since=since)

    def pct(x: float | None) -> str:
        return "-" if x is None else f"{100 * x:.1f}%"
    lat, sat = rep["latency_ms"], rep["satisfaction"]
    def ms(x: float | None) -> str:
        return "-" if x is None else f"{x:.0f} ms"
    tiles = [("Containment", pct(rep["containment_rate"]),
              f'{rep["contained_conversations"]} of {rep["conversations"]} conversations without hand-off'),
             ("Hand-off rate", pct(rep["handoff_rate"]), f'of {rep["messages"]} messages'),
             ("Grounded answers", pct(rep["grounded_rate"]), "passed the grounding check"),
             ("Reply latency", ms(lat["p50"]), f'p50 · p95 {ms(lat["p95"])}'),
             ("Satisfaction", pct(sat["rate"]), f'{sat["helpful"]} of {sat["rated"]} rated helpful')]
    cards = '<div class="cards" id="tiles">' + "".join(
        f'<div class="card"><div class="k">{_e(k)}</div><div class="v">{_e(v)}</div><div class="s">{_e(s)}</div></div>'
        for k, v, s in tiles) + "</div>"
    days = list(rep["per_day"])
    per = rep["per_day"]
    top = list(rep["intents"])[:7]
    intent_series = [(name, PALETTE[i % len(PALETTE)], [float(per[d]["intents"].get(name, 0)) for d in days])
                     for i, name in enumerate(top)]
    rest = [float(sum(v for k, v in per[d]["intents"].items() if k not in top)) for d in days]
    if any(rest):
        intent_series.append(("others", "#d0d5dd", rest))
    senti_series = [(k, SENTI_COLORS[k], [float(per[d]["sentiment"][k]) for d in days])
                    for k in ("negative", "neutral", "positive")]
    handoff_series = [("hand-off", "#d92d20", [float(per[d]["handoff"]) for d in days]),
                      ("contained", "#12b76a", [float(per[d]["messages"] - per[d]["handoff"]) for d in days])]
    rating_series = [("helpful", "#12b76a", [float(per[d].get("ratings", {}).get("helpful", 0)) for d in days]),
                     ("not helpful", "#d92d20", [float(per[d].get("ratings", {}).get("unhelpful", 0)) for d in days])]
    periods = " · ".join(f'<a href="?since={p}">{"all time" if p == "all" else "last " + p}</a>'
                         for p in ("7d", "30d", "90d", "all"))
    body = (f'<h1>Service report <span class="muted">({_e("all time" if since is None else "since " + fmt_time(since))})'
            f'</span></h1><p>{periods}</p>{cards}'
            + svg_hbars(list(rep["intents"].items()), title="Intents")
            + svg_stacked(days, intent_series, title="Intents over time (messages per day)")
            + svg_stacked(days, senti_series, title="Sentiment over time (share per day)", percent=True)
            + svg_stacked(days, handoff_series, title="Hand-off vs contained (messages per day)")
            + svg_stacked(days, rating_series, title="Was this helpful? (ratings per day)"))
    return _page(request, "Report", body)
