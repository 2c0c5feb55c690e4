"""The workshop server: an ASGI app (Starlette) over the leaderboard store.

Participants upload replays to a session's join code; a pool of worker processes verifies each by
re-simulation within a time limit and stores it (:mod:`.pool`); the live board, the entry pages,
the exports and the JSON API read the same database. Everything that lasts (sessions, entries,
hidden marks) is in the database, so several server processes can share one; what a process keeps
to itself (its workers, the per-address upload rate) is only about its own load (:mod:`.state`).

Writable by a participant: uploads to an open session (with its code). Writable by the trainer
(``Authorization: Bearer TOKEN``, or the HttpOnly cookie of ``POST /api/trainer/login``): sessions, hiding and
deleting entries. Everything else reads. The routes are grouped by area in :mod:`.routes`; each request borrows
one of a few open database connections (:mod:`.boards`); :mod:`.access` tells the trainer from anyone else;
:mod:`.guard` decides who the client is, which host names are ours and what every answer's security headers are;
docs/workshop-server.md ("Security") says what is protected and how.
"""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse

from ..store.db import StoreError
from ..store.deck_html import DECK_SCRIPT
from . import pages
from .answers import error
from .console import SCRIPT as CONSOLE_SCRIPT
from .guard import Guard, content_security_policy, machine_names, networks
from .routes import all_routes
from .slow import keep_memory_released
from .state import ServerConfig, ServerState, in_thread
from .trainer import SCRIPT as TRAINER_SCRIPT


def create_app(config: ServerConfig) -> Starlette:
    """The ASGI app for ``config``; its lifespan opens the database connections and starts the verifying workers."""
    state = ServerState.start(config)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await in_thread(lambda: _prepare(state))
        await state.pool.start()
        trimming = asyncio.ensure_future(keep_memory_released()) if config.release_memory else None
        try:
            yield
        finally:
            if trimming is not None:
                trimming.cancel()
            await state.pool.close()
            state.boards.close()

    app = Starlette(routes=all_routes(state), lifespan=lifespan,
                    exception_handlers={StoreError: _store_failed})
    hosts = config.allowed_hosts if config.allowed_hosts is not None else sorted(machine_names())
    app.add_middleware(Guard, allowed_hosts=list(hosts), trusted_proxies=networks(config.trusted_proxies),
                       csp=content_security_policy([pages.BOARD_SCRIPT, pages.JOIN_SCRIPT, TRAINER_SCRIPT,
                                                                   CONSOLE_SCRIPT, DECK_SCRIPT]))
    app.state.server = state
    app.state.pool = state.pool
    app.state.boards = state.boards
    app.state.config = config
    app.state.strikes = {"token": state.trainer.strikes, "code": state.codes.strikes}
    return app


def announce_address(app: Starlette, base: str) -> None:
    """Tell a running app the address other laptops reach it at (``serve`` knows it once the port is bound): the
    board's join line and QR code use it when the board itself is opened as localhost."""
    app.state.server.public_url = base


def _prepare(state: ServerState) -> None:
    """Create or migrate the database before the first upload, and open every connection of the pool."""
    with state.boards.borrow() as lb:
        lb.count()
    state.boards.fill()


async def _store_failed(request: Request, exc: Exception) -> JSONResponse:
    return error(503, "store", f"the leaderboard database cannot be used right now: {exc}", {"Retry-After": "5"})


__all__ = ["ServerConfig", "create_app"]
