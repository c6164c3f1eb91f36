"""The agent console pages at /console (no script: plain forms, a meta refresh on the queue).

Roles: `agent` reads the queue, opens, takes over, replies, notes, sets status, hands back;
`privacy` reveals the customer's own values (with a reason; audited); `admin` manages staff
accounts at /console/users. Sign-in, sessions and CSRF are bot/web/staff/web.py's.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web

from bot.web.console.handoffs import TICKET_STATUSES, Handoff
from bot.web.console.service import ConsoleError, ConsoleService
from bot.web.staff.users import ROLES, StaffStore, UserError
from bot.web.staff.web import SESSION, StaffAuth, StaffPages, e, logout_form, read_form, see_other, user_of
from privacy.keys import KeyErased

log = logging.getLogger("aftersales.console.web")

STATIC = Path(__file__).parent / "static"
AGENT = frozenset({"agent"})
PRIVACY = frozenset({"privacy"})
ADMIN = frozenset({"admin"})
# Getters, typed so the handlers below need no casts (the console app outlives a runtime swap).
SERVICE: web.AppKey[Callable[[], ConsoleService]] = web.AppKey("console_service_getter")
STAFF: web.AppKey[Callable[[], StaffStore]] = web.AppKey("console_staff_getter")
PREFIX = web.AppKey("console_prefix", str)


def _rule(prefix: str) -> Callable[[web.Request], frozenset[str] | None]:
    def rule(request: web.Request) -> frozenset[str] | None:
        path = request.path[len(prefix):]
        if path in ("", "/"):
            return None                       # the landing page sends each role to its pages
        if path.startswith("/users"):
            return ADMIN
        if path.endswith("/reveal"):
            return PRIVACY
        return AGENT
    return rule


def create_console_app(settings: Any, service: Callable[[], ConsoleService], staff: Callable[[], StaffStore],
                       *, prefix: str = "/console") -> web.Application:
    prefix = prefix.rstrip("/")
    app = web.Application()
    app[SERVICE] = service
    app[STAFF] = staff
    app[PREFIX] = prefix
    auth = StaffAuth.from_settings(staff, settings)

    def doc(request: web.Request, title: str, body: str) -> str:
        return _doc(prefix, title, body, request, refresh=False)
    StaffPages(auth, prefix, "Agent console", _rule(prefix), doc, prefix + "/static/console.css").install(app)
    app.router.add_get("/", landing)
    app.router.add_get("/queue", queue_page)
    app.router.add_get("/handoff/{id:\\d+}", handoff_page)
    app.router.add_get("/handoff/{id:\\d+}/attachment/{aid:\\d+}", attachment)
    for action in ("take", "reply", "note", "status", "handback", "reveal"):
        app.router.add_post(f"/handoff/{{id:\\d+}}/{action}", _action(action))
    app.router.add_get("/users", users_page)
    app.router.add_post("/users/add", users_add)
    app.router.add_post("/users/{name}/disable", users_disable)
    app.router.add_get("/static/console.css", css)
    return app


def _svc(request: web.Request) -> ConsoleService:
    return request.app[SERVICE]()


def _staff(request: web.Request) -> StaffStore:
    return request.app[STAFF]()


def _doc(prefix: str, title: str, body: str, request: web.Request, refresh: bool) -> str:
    session = request.get(SESSION)
    nav = ""
    if session is not None:
        roles = session.user.roles
        nav = ((f'<a href="{prefix}/queue" id="nav-queue">Queue</a>' if "agent" in roles else "")
               + (f'<a href="{prefix}/users" id="nav-users">Staff</a>' if "admin" in roles else "")
               + ('<a href="/audit/">Audit</a>' if roles & {"reviewer", "privacy"} else "")
               + logout_form(prefix, session))
    meta = '<meta http-equiv="refresh" content="20">' if refresh else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">{meta}<meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{e(title)} · console</title>'
            f'<link rel="stylesheet" href="{prefix}/static/console.css"></head><body>'
            f'<header><span class="brand">After-sales console</span>{nav}</header><main>{body}</main></body></html>')


def _page(request: web.Request, title: str, body: str, status: int = 200, refresh: bool = False) -> web.Response:
    return web.Response(text=_doc(request.app[PREFIX], title, body, request, refresh), content_type="text/html",
                        status=status)


# The review pages' stylesheet, then the console's additions: one look for every staff page.
_CSS = (Path(__file__).parents[1] / "static" / "audit" / "audit.css").read_bytes() + (STATIC / "console.css").read_bytes()


async def css(request: web.Request) -> web.Response:
    return web.Response(body=_CSS, content_type="text/css")


async def landing(request: web.Request) -> web.StreamResponse:
    roles, prefix = user_of(request).roles, request.app[PREFIX]
    if "agent" in roles:
        return see_other(prefix + "/queue")
    if "admin" in roles:
        return see_other(prefix + "/users")
    if roles & {"reviewer", "privacy"}:
        return see_other("/audit/")
    return _page(request, "Nothing here", "<h1>No pages for your account</h1>", status=403)


def _waiting(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    return f"{seconds // 86400} d {seconds % 86400 // 3600} h"


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.0f} KiB" if n < 1024 * 1024 else f"{n / 1048576:.1f} MiB"


def _state_badge(h: Handoff) -> str:
    if h.state == "taken":
        return f'<span class="badge warn">with {e(h.agent)}</span>'
    if h.state == "queued":
        return '<span class="badge bad">waiting</span>'
    return f'<span class="badge">{e(h.state)}</span>'


async def queue_page(request: web.Request) -> web.Response:
    svc, prefix = _svc(request), request.app[PREFIX]
    await svc.release_idle()
    now = time.time()
    rows = []
    for h in await svc.handoffs.queue():
        senti = {"negative": "bad", "positive": "ok"}.get(h.sentiment or "", "")
        rows.append(
            f'<tr data-id="{h.id}"><td><a href="{prefix}/handoff/{h.id}" id="open-{h.id}">#{h.id}</a></td>'
            f'<td>{e(_waiting(now - h.created_at))}{" · off hours" if h.off_hours else ""}</td>'
            f'<td>{e(h.platform)}</td><td>{e(h.language or "-")}</td><td>{e(h.intent or "-")}</td>'
            f'<td><span class="badge {senti}">{e(h.sentiment or "-")}</span></td><td>{e(h.reason or "-")}</td>'
            f'<td>{e(h.ticket_id or "-")}</td><td>{_state_badge(h)}</td><td>{e(h.ticket_status)}</td></tr>')
    body = ('<h1>Hand-offs waiting for a person</h1>'
            '<table id="queue"><thead><tr><th>#</th><th>Waiting</th><th>Platform</th><th>Lang</th><th>Intent</th>'
            '<th>Sentiment</th><th>Bot\'s reason</th><th>Ticket</th><th>State</th><th>Status</th></tr></thead>'
            f'<tbody>{"".join(rows) or "<tr><td colspan=10 class=muted>nobody is waiting</td></tr>"}</tbody></table>'
            '<p class="muted">Newest first; refreshes every 20 s.</p>')
    return _page(request, "Queue", body, refresh=True)


async def _handoff_body(request: web.Request, h: Handoff, revealed: dict[str, str] | None = None,
                        flash: str = "", error: str = "") -> str:
    svc, prefix = _svc(request), request.app[PREFIX]
    session = request[SESSION]
    me = session.user.username
    csrf = f'<input type="hidden" name="csrf" value="{session.csrf}">'
    entries = await svc.handoffs.entries(h)
    msgs = []
    for en in entries:
        text = en.text
        if revealed:
            for ph, value in revealed.items():
                text = text.replace(ph, value)
        who = {"customer": "customer", "bot": "bot", "agent": en.agent or "agent", "note": f"note by {en.agent}",
               "system": ""}[en.author]
        msgs.append(f'<div class="msg {en.author}"><span class="meta">{e(who + " · " if who else "")}'
                    f'{e(time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(en.ts)))}</span>{e(text)}</div>')
    act = f"{prefix}/handoff/{h.id}"
    forms = []
    if h.state == "queued":
        forms.append(f'<form method="post" action="{act}/take">{csrf}<button type="submit" id="take">Take over</button>'
                     '<br><span class="muted">the bot stops answering; the customer is told</span></form>')
    if h.state == "taken" and h.agent == me:
        forms.append(f'<form method="post" action="{act}/reply">{csrf}<label>Reply to the customer<br>'
                     '<textarea name="text" id="reply-text" required maxlength="4000"></textarea></label><br>'
                     '<button type="submit" id="send">Send</button></form>')
    if h.state in ("queued", "taken") and (h.agent in (None, me)):
        forms.append(f'<form method="post" action="{act}/handback">{csrf}<button type="submit" id="handback" '
                     'class="secondary">Hand back to the bot</button></form>')
    forms.append(f'<form method="post" action="{act}/note">{csrf}<label>Internal note (never sent)<br>'
                 '<textarea name="text" id="note-text" required maxlength="4000"></textarea></label><br>'
                 '<button type="submit" id="add-note" class="secondary">Add note</button></form>')
    opts = "".join(f'<option value="{s}"{" selected" if s == h.ticket_status else ""}>{s}</option>'
                   for s in TICKET_STATUSES)
    forms.append(f'<form method="post" action="{act}/status">{csrf}<label>Ticket status '
                 f'<select name="status" id="status">{opts}</select></label> '
                 '<button type="submit" id="set-status" class="secondary">Set</button></form>')
    if "privacy" in session.user.roles and revealed is None:
        forms.append(f'<form method="post" action="{act}/reveal" autocomplete="off">{csrf}<label>Reason for revealing '
                     '<input name="reason" id="reveal-reason" required minlength="3" maxlength="200"></label> '
                     '<button type="submit" id="reveal">Show the customer\'s values</button>'
                     '<br><span class="muted">audited with your account</span></form>')
    head = (f'<h1>Hand-off #{h.id} <span class="muted">· {e(h.platform)} · {e(h.language or "-")} · '
            f'{e(h.intent or "-")} · {e(h.reason or "-")}</span></h1>'
            f'<p>{_state_badge(h)} ticket {e(h.ticket_id or "-")} · status <strong id="ticket-status">'
            f'{e(h.ticket_status)}</strong></p>')
    notice = (f'<p class="flash" id="flash">{e(flash)}</p>' if flash else "") + \
             (f'<p class="error" id="error">{e(error)}</p>' if error else "")
    shown = ('<p class="reveal" id="revealed">Showing the customer\'s own values (this reveal is in the audit log).</p>'
             if revealed is not None else
             '<p class="muted">Personal data is shown as placeholders like &lt;PHONE_NUMBER_1&gt;.</p>')
    files = []
    for aid, mime, size, ts in await svc.handoffs.attachments(h.id):
        url = f"{act}/attachment/{aid}"
        shown_as = (f'<img src="{url}" alt="attachment {aid}" class="thumb">' if mime.startswith("image/")
                    else f'<a href="{url}">{e(mime)}</a>')
        files.append(f'<figure id="attachment-{aid}">{shown_as}<figcaption>#{aid} · {e(mime)} · {_size(size)} · '
                     f'{e(time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)))}</figcaption></figure>')
    attachments = (f'<h2>Photos and files</h2><div class="files" id="attachments">{"".join(files)}</div>'
                   if files else "")
    return (head + notice + shown + f'<div class="conv" id="conversation">{"".join(msgs)}</div>' + attachments
            + f'<div class="actions">{"".join(forms)}</div>')


async def handoff_page(request: web.Request) -> web.Response:
    h = await _svc(request).handoffs.get(int(request.match_info["id"]))
    if h is None:
        return _page(request, "Not found", "<h1>No such hand-off</h1>", status=404)
    flash = {"taken": "You have this conversation; the bot is quiet.", "sent": "Sent to the customer.",
             "noted": "Note added.", "status": "Status set."}.get(request.query.get("done", ""), "")
    return _page(request, f"Hand-off {h.id}", await _handoff_body(request, h, flash=flash))


async def attachment(request: web.Request) -> web.StreamResponse:
    try:
        got = await _svc(request).handoffs.attachment(int(request.match_info["id"]), int(request.match_info["aid"]))
    except KeyErased:
        return web.Response(status=410, text="erased with the customer")
    if got is None:
        raise web.HTTPNotFound(text="no such attachment")
    mime, data = got
    # Images show in the page; anything else (PDF) is downloaded, never rendered under our origin.
    disposition = "inline" if mime.startswith("image/") else f'attachment; filename="attachment-{request.match_info["aid"]}.pdf"'
    return web.Response(body=data, content_type=mime, headers={"Content-Disposition": disposition})


def _action(name: str) -> Callable[[web.Request], Any]:
    async def handler(request: web.Request) -> web.StreamResponse:
        svc, prefix = _svc(request), request.app[PREFIX]
        hid = int(request.match_info["id"])
        h = await svc.handoffs.get(hid)
        if h is None:
            return _page(request, "Not found", "<h1>No such hand-off</h1>", status=404)
        user = user_of(request)
        form = await read_form(request)
        text = str(form.get("text", "")).strip()[:4000]
        try:
            if name == "take":
                await svc.take_over(hid, user.username)
                done = "taken"
            elif name == "reply":
                if not text:
                    raise ConsoleError("write something first")
                delivery = await svc.reply(hid, user.username, text)
                if not delivery.get("ok"):
                    raise ConsoleError(f"the platform did not take the message ({delivery.get('error')})")
                done = "sent"
            elif name == "note":
                if not text:
                    raise ConsoleError("write something first")
                await svc.note(hid, user.username, text)
                done = "noted"
            elif name == "status":
                status = str(form.get("status", ""))
                if status not in TICKET_STATUSES:
                    raise ConsoleError("unknown status")
                await svc.set_status(hid, user.username, status)
                done = "status"
            elif name == "handback":
                await svc.hand_back(hid, user.username)
                return see_other(prefix + "/queue")
            else:   # reveal
                reason = str(form.get("reason", "")).strip()[:200]
                if len(reason) < 3:
                    raise ConsoleError("give a reason for revealing")
                reviewer = f"user {user.username} (id {user.id})"
                revealed = await svc.reveal(hid, reviewer, reason)
                h = await svc.handoffs.get(hid)
                assert h is not None
                return _page(request, f"Hand-off {hid}", await _handoff_body(request, h, revealed=revealed))
        except ConsoleError as exc:
            h = await svc.handoffs.get(hid)
            assert h is not None
            return _page(request, f"Hand-off {hid}", await _handoff_body(request, h, error=str(exc)), status=409)
        return see_other(f"{prefix}/handoff/{hid}?done={done}")
    return handler


# -- staff accounts (admin) -------------------------------------------------------------------
async def users_page(request: web.Request, error: str = "", flash: str = "", status: int = 200) -> web.Response:
    session, prefix = request[SESSION], request.app[PREFIX]
    csrf = f'<input type="hidden" name="csrf" value="{session.csrf}">'
    rows = []
    for u in await _staff(request).list():
        action = "" if u.disabled or u.id == session.user.id else (
            f'<form method="post" action="{prefix}/users/{quote(u.username)}/disable">{csrf}'
            f'<button class="secondary" type="submit" id="disable-{e(u.username)}">Disable</button></form>')
        rows.append(f'<tr><td>{e(u.username)}</td><td>{e(", ".join(sorted(u.roles)))}</td>'
                    f'<td>{"disabled" if u.disabled else "active"}</td><td>{action}</td></tr>')
    checks = "".join(f'<label class="check"><input type="checkbox" name="role" value="{r}"> {r}</label> '
                     for r in ROLES)
    body = ('<h1>Staff accounts</h1>' + (f'<p class="error" id="error">{e(error)}</p>' if error else "")
            + (f'<p class="flash" id="flash">{e(flash)}</p>' if flash else "")
            + '<table id="users"><thead><tr><th>User</th><th>Roles</th><th>State</th><th></th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>'
            f'<h2>Add an account</h2><form method="post" action="{prefix}/users/add" autocomplete="off">{csrf}'
            '<label>User name <input name="username" id="new-username" required maxlength="64"></label> '
            '<label>Password <input type="password" name="password" id="new-password" required minlength="10" '
            f'autocomplete="new-password"></label> {checks}<button type="submit" id="add-user">Add</button></form>')
    return _page(request, "Staff", body, status=status)


async def users_add(request: web.Request) -> web.Response:
    form = await read_form(request)
    try:
        user = await _staff(request).add(str(form.get("username", "")), [str(r) for r in form.getall("role", [])],
                                         str(form.get("password", "")))
    except UserError as exc:
        return await users_page(request, error=str(exc), status=400)
    log.info("staff account %d added by user id %d", user.id, user_of(request).id)
    return await users_page(request, flash=f"Added {user.username}.")


async def users_disable(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name == user_of(request).username:
        return await users_page(request, error="You cannot disable your own account.", status=400)
    try:
        await _staff(request).set_disabled(name, True)
    except UserError as exc:
        return await users_page(request, error=str(exc), status=404)
    return await users_page(request, flash=f"Disabled {name}; their sessions ended.")
