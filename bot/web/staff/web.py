"""Sign-in, sessions, CSRF and roles for the staff pages (/console, /audit).

One session cookie (`aftersales_staff`, path `/`) serves every staff page: HttpOnly,
SameSite=Strict, Secure when the request came over HTTPS (directly, or through a configured
proxy saying so). The session row lives in the database (bot/web/staff/users.py), so a sign-out or
a disabled account ends it on every replica at once. Every POST carries the session's CSRF
token (the sign-in form a pre-session token bound to a short-lived cookie) and a same-origin
check. Sign-in failures are counted per account and per client address after the body is
read; the client address is the peer's, or the X-Forwarded-For hop a configured proxy added.
"""
from __future__ import annotations

import html
import ipaddress
import logging
import secrets
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from yarl import URL

from bot.web.staff.users import StaffSession, StaffStore, StaffUser, constant_time_eq


async def read_form(request: web.Request) -> Any:
    """The posted form; a body aiohttp cannot read as one (malformed multipart, bad bytes) is a 400."""
    try:
        return await request.post()
    except web.HTTPException:
        raise
    except Exception:  # noqa: BLE001 - whatever the form parser chokes on came from the client
        raise web.HTTPBadRequest(text="malformed form") from None

log = logging.getLogger("aftersales.staff")

COOKIE = "aftersales_staff"
PRE_COOKIE = "aftersales_staff_login"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
SESSION = web.RequestKey("staff_session", StaffSession)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Which roles open a request: None means any signed-in account.
RoleRule = Callable[[web.Request], "frozenset[str] | None"]


def e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _networks(items: Iterable[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(str(i).strip(), strict=False) for i in items if str(i).strip()]


@dataclass
class StaffAuth:
    get_staff: Callable[[], StaffStore]      # opened with the runtime, after the app is built
    trusted_proxies: list[Any]

    @classmethod
    def from_settings(cls, get_staff: Callable[[], StaffStore], settings: Any) -> StaffAuth:
        return cls(get_staff, _networks(settings["server"]["trusted_proxies"]))

    @property
    def staff(self) -> StaffStore:
        return self.get_staff()

    def _trusted(self, addr: str) -> bool:
        try:
            ip = ipaddress.ip_address(addr)
        except ValueError:
            return False
        return any(ip in net for net in self.trusted_proxies)

    def client(self, request: web.Request) -> str:
        """The client's address. X-Forwarded-For is believed only from a configured proxy, and
        then read from the right: the first hop not itself a trusted proxy is the client (the
        left-hand entries are whatever the client chose to send)."""
        peer = request.remote or "unknown"
        if not self._trusted(peer):
            return peer
        hops = [h.strip() for h in ",".join(request.headers.getall("X-Forwarded-For", [])).split(",") if h.strip()]
        for hop in reversed(hops):
            if not self._trusted(hop):
                return hop
        return hops[0] if hops else peer

    def secure(self, request: web.Request) -> bool:
        if request.secure:
            return True
        return self._trusted(request.remote or "") and request.headers.get("X-Forwarded-Proto", "") == "https"

    async def session(self, request: web.Request) -> StaffSession | None:
        return await self.staff.session(request.cookies.get(COOKIE, ""))


def check_origin(request: web.Request) -> None:
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        u = URL(origin)
        if u.host != request.url.host or u.port != request.url.port:
            raise web.HTTPForbidden(text="cross-origin form post refused")


def headers_middleware() -> Any:
    @web.middleware
    async def mw(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            resp = await handler(request)
        except web.HTTPException as exc:
            resp = exc
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["Cache-Control"] = "no-store" if not request.path.endswith(".css") else "max-age=3600"
        if isinstance(resp, web.HTTPException):
            raise resp
        return resp
    return mw


def see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


class StaffPages:
    """Sign-in pages and the session/role/CSRF middleware for one mounted sub-application."""

    def __init__(self, auth: StaffAuth, prefix: str, title: str, rule: RoleRule,
                 doc: Callable[[web.Request, str, str], str], css_path: str) -> None:
        self.auth = auth
        self.prefix = prefix.rstrip("/")
        self.title = title
        self.rule = rule
        self.doc = doc                # (request, title, body) -> full HTML page
        self.open_paths = {self.prefix + "/login", css_path}

    def install(self, app: web.Application) -> None:
        app.middlewares.append(headers_middleware())
        app.middlewares.append(self.middleware())
        app.router.add_get("/login", self.login_get)
        app.router.add_post("/login", self.login_post)
        app.router.add_post("/logout", self.logout_post)

    def middleware(self) -> Any:
        @web.middleware
        async def mw(request: web.Request, handler: Handler) -> web.StreamResponse:
            if request.path in self.open_paths:
                return await handler(request)
            session = await self.auth.session(request)
            if session is None:
                if request.method == "GET":
                    return self.login_page(request, "Please sign in.", status=401)
                raise web.HTTPUnauthorized(text="sign in first")
            roles = self.rule(request)
            if roles is not None and not (roles & session.user.roles):
                body = (f'<h1>Not for your account</h1><p class="error" id="forbidden">{e(session.user.username)} '
                        f'({e(", ".join(sorted(session.user.roles)))}) cannot open this page; it needs '
                        f'{e(" or ".join(sorted(roles)))}.</p>')
                request[SESSION] = session
                return web.Response(text=self.doc(request, "Forbidden", body), content_type="text/html", status=403)
            if request.method == "POST":
                check_origin(request)
                form = await read_form(request)
                if not constant_time_eq(str(form.get("csrf", "")), session.csrf):
                    raise web.HTTPForbidden(text="missing or wrong CSRF token")
            request[SESSION] = session
            return await handler(request)
        return mw

    def login_page(self, request: web.Request, message: str = "", status: int = 200) -> web.Response:
        pre = secrets.token_urlsafe(24)
        nxt = request.path_qs if request.method == "GET" and request.path.startswith(self.prefix) \
            and request.path != self.prefix + "/login" else request.query.get("next", "")
        body = f"""
<div class="login"><h1>{e(self.title)}</h1>
<p class="{'error' if status >= 400 else 'muted'}" id="login-message">{e(message)}</p>
<form method="post" action="{self.prefix}/login" autocomplete="off">
<input type="hidden" name="csrf" value="{pre}"><input type="hidden" name="next" value="{e(nxt)}">
<label>User name <input name="username" id="username" required autofocus autocomplete="username"></label>
<label>Password <input type="password" name="password" id="password" required autocomplete="current-password"></label>
<button type="submit" id="login">Sign in</button></form>
<p class="muted">Staff accounts are made with <code>aftersales users add</code>.</p></div>"""
        resp = web.Response(text=self.doc(request, "Sign in", body), content_type="text/html", status=status)
        resp.set_cookie(PRE_COOKIE, pre, httponly=True, samesite="Strict", path=self.prefix,
                        secure=self.auth.secure(request), max_age=1800)
        return resp

    async def login_get(self, request: web.Request) -> web.StreamResponse:
        if await self.auth.session(request) is not None:
            return see_other(self.prefix + "/")
        return self.login_page(request)

    async def login_post(self, request: web.Request) -> web.StreamResponse:
        staff = self.auth.staff
        check_origin(request)
        # The body first: the limit is checked (and failures counted) on what was actually sent.
        form = await read_form(request)
        client = self.auth.client(request)
        username = str(form.get("username", ""))[:64]
        keys = staff.keys_for(username, client)
        if await staff.limited(keys):
            log.warning("staff sign-in: rate limit hit")
            return web.Response(text="too many failed sign-ins; try again later", status=429,
                                headers={"Retry-After": str(int(staff.window_s))})
        pre = request.cookies.get(PRE_COOKIE, "")
        if not pre or not constant_time_eq(str(form.get("csrf", "")), pre):
            await staff.fail(keys[1:])          # a forged form says nothing about the account
            return self.login_page(request, "The sign-in form expired; please try again.", status=403)
        user = await staff.authenticate(username, str(form.get("password", "")))
        if user is None:
            await staff.fail(keys)
            log.warning("staff sign-in failed")
            return self.login_page(request, "Wrong user name or password.", status=401)
        await staff.succeeded(username)
        sid, _ = await staff.new_session(user)
        log.info("staff sign-in: user id %d", user.id)
        nxt = str(form.get("next", ""))
        # Only back to a page of this mount (no open redirect).
        target = nxt if nxt.startswith(self.prefix + "/") and "//" not in nxt and "\\" not in nxt else self.prefix + "/"
        resp = see_other(target)
        resp.set_cookie(COOKIE, sid, httponly=True, samesite="Strict", path="/", secure=self.auth.secure(request),
                        max_age=int(staff.session_ttl_s))
        resp.del_cookie(PRE_COOKIE, path=self.prefix)
        return resp

    async def logout_post(self, request: web.Request) -> web.StreamResponse:
        await self.auth.staff.end_session(request[SESSION].sid_hash)
        resp = see_other(self.prefix + "/login")
        resp.del_cookie(COOKIE, path="/")
        return resp


def user_of(request: web.Request) -> StaffUser:
    return request[SESSION].user


def logout_form(prefix: str, session: StaffSession) -> str:
    return (f'<form method="post" action="{prefix}/logout"><input type="hidden" name="csrf" value="{session.csrf}">'
            f'<span class="who" id="who">{e(session.user.username)}</span>'
            '<button class="secondary" type="submit" id="logout">Sign out</button></form>')
