"""What stands between the network and the app: who the client is, which hosts are ours, limits per client,
security headers on every answer.

- The client's address is the socket's peer. ``X-Forwarded-For`` is believed only when the peer is one of the
  configured proxies (``serve --trusted-proxy``), and then only the addresses the trusted proxies appended:
  any other client could write whatever address it likes there, and so step round every per-address limit.
- A request whose ``Host`` is not ours is refused (400): IP literals, ``localhost``, this machine's names and
  the names given with ``--allowed-host``. A web page on another site cannot then reach the server through a
  name it controls (DNS rebinding).
- Every answer carries a Content-Security-Policy (scripts: only our own inline scripts, by their hashes; no
  framing), ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``.
- :class:`RateLimiter` (uploads), :class:`Strikes` (wrong trainer tokens, unknown join codes): per client, so a
  guesser is slowed and then locked out for a while, and nobody else is.
"""
from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import socket
import threading
import time
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(specs: Iterable[str]) -> list[Network]:
    """``--trusted-proxy`` values (an address or a network such as ``10.0.0.0/8``); ValueError for anything else."""
    found = []
    for spec in specs:
        try:
            found.append(ipaddress.ip_network(spec.strip(), strict=False))
        except ValueError:
            raise ValueError(f"`{spec}` is not an IP address or network (e.g. 127.0.0.1 or 10.0.0.0/8)") from None
    return found


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(peer: str, forwarded_for: str | None, trusted: list[Network]) -> str:
    """The client as far as it can be known: ``peer``, or (when ``peer`` is a trusted proxy) the right-most
    address in ``X-Forwarded-For`` that is not itself a trusted proxy."""
    address = _ip(peer)
    if address is None or not forwarded_for or not any(address in net for net in trusted):
        return peer
    for hop in reversed(forwarded_for.split(",")):
        found = _ip(hop)
        if found is None:
            return str(address)  # a malformed hop: trust nothing left of it
        address = found
        if not any(found in net for net in trusted):
            break
    return str(address)


def machine_names() -> set[str]:
    """This machine's own names (``localhost``, its host name and fully qualified name), lower case."""
    names = {"localhost"}
    for name in (socket.gethostname(), socket.getfqdn()):
        if name:
            names.add(name.lower())
            names.add(name.lower().split(".")[0] + ".local")
    return names


def host_allowed(host_header: str, allowed: list[str]) -> bool:
    """Whether a request's ``Host`` (with or without its port) names this server: an IP literal, one of
    ``allowed`` (exact names, ``*.example.org`` for subdomains, or ``*`` for any)."""
    host = host_header.strip().lower()
    if host.startswith("["):
        host = host[1:host.find("]")] if "]" in host else host
    elif host.count(":") == 1:
        host = host.rsplit(":", 1)[0]
    if not host:
        return False
    if _ip(host) is not None:
        return True
    for name in allowed:
        name = name.lower()
        if name == "*" or name == host or (name.startswith("*.") and host.endswith(name[1:])):
            return True
    return False


class RateLimiter:
    """A token bucket per client address (this process's share of the load; not shared between processes)."""

    def __init__(self, per_minute: float, burst: int, max_clients: int = 10_000):
        self.rate = per_minute / 60.0
        self.burst = burst
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> float:
        """0 when the request may go ahead, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return (1.0 - tokens) / self.rate if self.rate > 0 else 60.0
            if len(self._buckets) >= self.max_clients and client not in self._buckets:
                self._buckets.clear()  # forget idle clients rather than grow without bound
            self._buckets[client] = (tokens - 1.0, now)
            return 0.0


class Strikes:
    """Failed guesses per client (wrong trainer tokens, unknown join codes).

    ``free`` failures within ``window`` seconds cost nothing; each one after locks the client out for twice as
    long as the last (``first_lock`` seconds, doubling up to ``max_lock``). A locked client gets 429 whatever it
    sends, so a right guess cannot be told from a wrong one while the lock lasts. ``total`` counts every failure.
    """

    def __init__(self, free: int, window: float = 600.0, first_lock: float = 2.0, max_lock: float = 900.0,
                 max_clients: int = 10_000):
        self.free, self.window, self.first_lock, self.max_lock = free, window, first_lock, max_lock
        self.max_clients = max_clients
        self.total = 0
        self._seen: dict[str, tuple[int, float, float]] = {}  # client -> (failures, first failure, locked until)
        self._lock = threading.Lock()

    def locked(self, client: str) -> float:
        """Seconds the client must still wait (0 when it may try)."""
        with self._lock:
            _, _, until = self._seen.get(client, (0, 0.0, 0.0))
        return max(0.0, until - time.monotonic())

    def fail(self, client: str) -> float:
        """Count a failure; the lock (seconds) it earned, 0 while the client is within its free failures."""
        now = time.monotonic()
        with self._lock:
            self.total += 1
            count, since, until = self._seen.get(client, (0, now, 0.0))
            if now - since > self.window and until <= now:
                count, since = 0, now
            count += 1
            over = count - self.free
            lock = min(self.max_lock, self.first_lock * 2 ** (over - 1)) if over > 0 else 0.0
            if len(self._seen) >= self.max_clients and client not in self._seen:
                self._seen = {c: v for c, v in self._seen.items() if v[2] > now}  # keep only the locked ones
            self._seen[client] = (count, since, now + lock if lock else until)
            return lock


# --- security headers -------------------------------------------------------------------------------------------
def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(scripts: Iterable[str]) -> str:
    """The pages' policy: our own inline scripts (by hash) and nothing else; calls only to this server; no frames."""
    hashes = " ".join(sorted({_script_hash(s) for s in scripts}))
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def security_headers(csp: str) -> list[tuple[bytes, bytes]]:
    """The headers every answer carries."""
    return [(b"content-security-policy", csp.encode("ascii")), (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin")]


class Guard:
    """ASGI middleware: refuses foreign hosts, works out the client address (``scope["salesdesk.client"]``) and
    adds the security headers to every answer."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str], trusted_proxies: list[Network], csp: str):
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.trusted = trusted_proxies
        self.headers = security_headers(csp)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
        peer = scope["client"][0] if scope.get("client") else "?"
        scope["salesdesk.client"] = client_address(peer, headers.get("x-forwarded-for"), self.trusted)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.headers]}
            await send(message)

        if not host_allowed(headers.get("host", ""), self.allowed_hosts):
            body = json.dumps({"error": "this server does not answer for that host name; use its address or a name "
                               "the trainer allowed (serve --allowed-host)", "code": "bad_host"}).encode("utf-8")
            await with_headers({"type": "http.response.start", "status": 400,
                                "headers": [(b"content-type", b"application/json"),
                                            (b"content-length", str(len(body)).encode("ascii"))]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, with_headers)
