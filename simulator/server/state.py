"""What the workshop server's handlers share, passed to each router explicitly (no closures, no globals).

:class:`ServerConfig` says how a server runs; :class:`ServerState` holds what one web process keeps while it runs:
its database connections (:class:`~.boards.BoardPool`), its short answer cache, its verifying workers, the
per-client upload rate, and who the trainer is (:mod:`.access`: the token, wrong tries, unknown join codes).
Everything that lasts is in the database.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from .access import JoinCodes, TrainerAccess
from .boards import DEFAULT_SIZE, BoardPool, ShortCache
from .guard import RateLimiter, Strikes
from .pool import VerifyPool

T = TypeVar("T")


@dataclass
class ServerConfig:
    """How a server runs: the database, the trainer's token, the limits and what is trusted (see guard)."""

    db: str
    trainer_token: str
    scenario_paths: list[str] = field(default_factory=list)
    workers: int | None = None
    time_limit: float = 30.0
    max_waiting: int = 256
    max_upload_bytes: int = 4 * 1024 * 1024
    uploads_per_minute: float = 120.0  # per client address
    upload_burst: int = 40
    db_connections: int = DEFAULT_SIZE  # open database connections of the web process (the workers have one each)
    trusted_proxies: list[str] = field(default_factory=list)  # peers whose X-Forwarded-For is believed
    allowed_hosts: list[str] | None = None  # Host names answered besides IP literals (None: this machine's names)
    token_failures_free: int = 10   # wrong trainer tokens per client before the lock-outs start
    code_misses_free: int = 30      # unknown join codes per client before the lock-outs start
    login_hours: float = 12.0       # how long the trainer's login cookie lasts
    release_memory: bool = False    # give freed memory back to the system every few seconds (serve: on)
    public_url: str | None = None   # the address other laptops reach the server at (serve works it out)
    event_seconds: float = 300.0    # how long one board event stream lasts before the browser reconnects
    event_check: float = 0.5        # how often an event stream looks for a changed board


@dataclass
class ServerState:
    """One web process's working parts, made from a :class:`ServerConfig` by :meth:`start`."""

    config: ServerConfig
    boards: BoardPool
    cache: ShortCache
    pool: VerifyPool
    limiter: RateLimiter
    trainer: TrainerAccess
    codes: JoinCodes
    public_url: str | None = None  # see ServerConfig.public_url; serve sets it once the port is known

    @classmethod
    def start(cls, config: ServerConfig) -> ServerState:
        """The parts for ``config`` (no connection is opened and no worker started yet: the app's lifespan does)."""
        if not math.isfinite(config.time_limit) or config.time_limit <= 0:
            raise ValueError("the time limit must be a finite number of seconds above 0")
        return cls(config=config,
                   boards=BoardPool(config.db, config.scenario_paths, config.db_connections),
                   cache=ShortCache(),
                   pool=VerifyPool(config.db, config.scenario_paths, config.workers, config.time_limit,
                                   config.max_waiting),
                   limiter=RateLimiter(config.uploads_per_minute, config.upload_burst),
                   trainer=TrainerAccess(config.trainer_token, Strikes(config.token_failures_free),
                                         config.login_hours),
                   codes=JoinCodes(Strikes(config.code_misses_free)), public_url=config.public_url)

    def join_base(self, request: Request) -> str:
        """The server's address as participants should type it: the one this request used, unless that was this
        machine's own name (``localhost``, a loopback address), which no other laptop can use; then the address
        ``serve`` found for the network (when it has one)."""
        host = request.headers.get("host", "") or "localhost"
        name = host[1:host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
        loopback = name.lower() == "localhost" or name.startswith("127.") or name == "::1"
        if loopback and self.public_url:
            return self.public_url
        return f"{request.url.scheme}://{host}"


async def in_thread(fn: Callable[[], T]) -> T:
    """Run ``fn`` (database work, which blocks) in the thread pool, so the event loop keeps answering others."""
    return await run_in_threadpool(fn)
