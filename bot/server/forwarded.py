"""Who is on the other end of a request, when the bot runs behind a reverse proxy.

`X-Forwarded-Proto` / `X-Forwarded-For` are believed only from the addresses listed in
`[server] trusted_proxies` (IPs or CIDRs, e.g. the nginx container's network): anyone else
could send those headers themselves.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from aiohttp import web


@lru_cache(maxsize=64)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip())


def _in(address: str | None, trusted: Iterable[str]) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(trusted)))


def from_trusted_proxy(request: web.BaseRequest, trusted: Iterable[str]) -> bool:
    return _in(request.remote, trusted)


def is_tls(request: web.BaseRequest, trusted: Iterable[str]) -> bool:
    """The client's connection is HTTPS: our own TLS, or a trusted proxy that terminated it."""
    if request.transport is not None and request.transport.get_extra_info("sslcontext") is not None:
        return True
    if from_trusted_proxy(request, trusted):
        proto = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
        return proto == "https"
    return False


def client_ip(request: web.BaseRequest, trusted: Iterable[str]) -> str:
    """The client's address: the last untrusted hop of X-Forwarded-For behind trusted proxies."""
    remote = request.remote or ""
    if not from_trusted_proxy(request, trusted):
        return remote
    hops = [h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",") if h.strip()]
    for hop in reversed(hops):       # proxies append; the right-most untrusted hop is the client
        if not _in(hop, trusted):
            return hop
    return hops[0] if hops else remote
