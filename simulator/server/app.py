"""The workshop server: an ASGI app (Starlette) over the leaderboard store.

Participants upload replays to a session's join code; a pool of worker processes verifies each by
re-simulation within a time limit and stores it (:mod:`.pool`); the live board, the entry pages,
the exports and the JSON API read the same database. Everything that lasts (sessions, entries,
hidden marks) is in the database, so several server processes can share one; what a process keeps
to itself (its workers, the per-address upload rate) is only about its own load.

Writable by a participant: uploads to an open session (with its code). Writable by the trainer
(``Authorization: Bearer TOKEN``, or the HttpOnly cookie of ``POST /api/trainer/login``): sessions, hiding and
deleting entries. Everything else reads. Each request borrows one of a few open database connections
(:mod:`.boards`); :mod:`.guard` decides who the client is, which host names are ours and what every answer's
security headers are; docs/workshop-server.md ("Security") says what is protected and how.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import math
import statistics
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..store.db import StoreError
from ..store.entries import BOARD_KPIS, Entry
from ..store.export_csv import csv_text
from ..store.export_html import html_report
from ..store.leaderboard import Board, Leaderboard
from ..store.replay import MAX_NAME, MAX_SEED
from ..store.texts import format_kpi, kpi_label
from ..store.scenarios import ScenarioLibrary
from ..store.workshop import (
    WorkshopSession, anonymous_groups, close_session, create_session, get_session, list_sessions,
)
from . import pages
from .boards import DEFAULT_SIZE, BoardPool, ShortCache
from .guard import Guard, RateLimiter, Strikes, content_security_policy, machine_names, networks
from .openapi import openapi_document
from .pool import Busy, Job, VerifyPool
from .slow import keep_memory_released
from .texts import page_lang, t
from .trainer import SCRIPT as TRAINER_SCRIPT

HISTOGRAM_BINS = 8


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


COOKIE = "salesdesk_trainer"
MAX_ID = 2**63 - 1  # the largest entry id a database can hold; a bigger one names no entry


def error(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    """The API's error body: ``{"error": message, "code": code}``."""
    return JSONResponse({"error": message, "code": code}, status_code=status, headers=headers)


def create_app(config: ServerConfig) -> Starlette:
    """The ASGI app for ``config``; its lifespan starts and stops the verification workers."""
    if not math.isfinite(config.time_limit) or config.time_limit <= 0:
        raise ValueError("the time limit must be a finite number of seconds above 0")
    limiter = RateLimiter(config.uploads_per_minute, config.upload_burst)
    token_strikes = Strikes(config.token_failures_free)
    code_strikes = Strikes(config.code_misses_free)
    boards = BoardPool(config.db, config.scenario_paths, config.db_connections)
    board_cache = ShortCache()
    pool = VerifyPool(config.db, config.scenario_paths, config.workers, config.time_limit, config.max_waiting)
    secret = config.trainer_token.encode("utf-8")

    def client_of(request: Request) -> str:
        return request.scope.get("salesdesk.client") or (request.client.host if request.client else "?")

    # --- the trainer -----------------------------------------------------------------------
    def cookie_value(expires: int) -> str:
        return f"{expires}.{hmac.new(secret, f'trainer-login:{expires}'.encode(), hashlib.sha256).hexdigest()}"

    def cookie_ok(value: str) -> bool:
        expires, _, _ = value.partition(".")
        if not expires.isdigit() or int(expires) < time.time():
            return False
        return hmac.compare_digest(value.encode("utf-8"), cookie_value(int(expires)).encode("utf-8"))

    def token_given(request: Request) -> str:
        given = request.headers.get("authorization", "")
        return given[7:].strip() if given.lower().startswith("bearer ") else request.headers.get("x-trainer-token", "")

    def trainer_check(request: Request) -> bool | JSONResponse:
        """True for the trainer (a token in a header, or the login cookie), False for anyone else; a client that
        has guessed wrong too often gets 429 whatever it sends. A token in the URL is never looked at."""
        client = client_of(request)
        wait = token_strikes.locked(client)
        if wait:
            return locked_out(wait)
        token = token_given(request)
        if token:
            if hmac.compare_digest(token.encode("utf-8"), secret):
                return True
            lock = token_strikes.fail(client)
            return locked_out(lock) if lock else False
        return cookie_ok(request.cookies.get(COOKIE, ""))

    def locked_out(wait: float) -> JSONResponse:
        seconds = max(1, math.ceil(wait))
        return error(429, "locked_out", f"too many wrong trainer tokens from this address; try again in {seconds} s",
                     {"Retry-After": str(seconds)})

    def is_trainer(request: Request) -> bool:
        return trainer_check(request) is True

    def need_trainer(request: Request, changes: bool = False) -> JSONResponse | None:
        checked = trainer_check(request)
        if isinstance(checked, JSONResponse):
            return checked
        if not checked:
            return error(401, "trainer_only", "this needs the trainer: log in on the trainer's page, or send the "
                         "token printed when the server started in the header `Authorization: Bearer TOKEN`",
                         {"WWW-Authenticate": "Bearer"})
        return foreign_origin(request) if changes else None

    def foreign_origin(request: Request) -> JSONResponse | None:
        """403 for a change a page of another site sends (a browser names the page's origin in ``Origin``)."""
        origin = request.headers.get("origin")
        if origin is None:
            return None  # not from a browser page (the game, curl): nothing to forge
        ours = {f"{scheme}://{request.headers.get('host', '')}".lower() for scheme in ("http", "https")}
        if origin.lower() not in ours:
            return error(403, "foreign_origin", "a page of another site may not send this to the workshop server")
        return None

    def not_json(request: Request) -> JSONResponse | None:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            return error(415, "not_json", "send the replay as `Content-Type: application/json` (the game does)")
        return None

    async def login(request: Request) -> JSONResponse:
        refused = foreign_origin(request) or not_json(request)
        if refused:
            return refused
        client = client_of(request)
        wait = token_strikes.locked(client)
        if wait:
            return locked_out(wait)
        data = await _json_body(request, 4096)
        if isinstance(data, JSONResponse):
            return data
        token = data.get("token")
        if not isinstance(token, str) or not hmac.compare_digest(token.encode("utf-8"), secret):
            lock = token_strikes.fail(client)
            return locked_out(lock) if lock else error(401, "trainer_only", "the token was not accepted")
        expires = int(time.time() + config.login_hours * 3600)
        response = JSONResponse({"trainer": True, "expires": expires})
        response.set_cookie(COOKIE, cookie_value(expires), max_age=int(config.login_hours * 3600), path="/",
                            httponly=True, samesite="strict", secure=request.url.scheme == "https")
        return response

    def logout(request: Request) -> JSONResponse:
        response = JSONResponse({"trainer": False})
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response

    # --- join codes ----------------------------------------------------------------------------
    def session_or_404(lb: Leaderboard, request: Request) -> WorkshopSession | JSONResponse:
        client = client_of(request)
        wait = code_strikes.locked(client)
        if wait:
            return codes_locked(wait)
        found = get_session(lb, request.path_params["code"])
        if found is None:
            lock = code_strikes.fail(client)
            return codes_locked(lock) if lock else error(
                404, "no_session", "there is no workshop session with this join code; check the code the trainer showed")
        return found

    def codes_locked(wait: float) -> JSONResponse:
        seconds = max(1, math.ceil(wait))
        return error(429, "locked_out", f"too many unknown join codes from this address; try again in {seconds} s",
                     {"Retry-After": str(seconds)})

    # --- API: health and documentation --------------------------------------------------
    def health(request: Request) -> JSONResponse:
        with boards.borrow() as lb:
            lb.count()
            kind = getattr(lb.database, "kind", "sqlite")
        return JSONResponse({"ok": True, "database": kind, "workers": pool.size, "waiting": pool.waiting,
                             "connections": boards.open_connections})

    def openapi(request: Request) -> JSONResponse:
        return JSONResponse(openapi_document())

    def api_docs(request: Request) -> HTMLResponse:
        return HTMLResponse('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sales Desk API</title></head>'
                            '<body><h1>Sales Desk workshop server API</h1><p>OpenAPI 3.1 description: '
                            '<a href="/openapi.json">/openapi.json</a>; guide: docs/workshop-server.md in the '
                            'repository.</p></body></html>')

    # --- API: sessions ------------------------------------------------------------------
    async def sessions_create(request: Request) -> JSONResponse:
        denied = need_trainer(request, changes=True)
        if denied:
            return denied
        data = await _json_body(request, 64 * 1024)
        if isinstance(data, JSONResponse):
            return data
        scenario_id, seed, group = data.get("scenario"), data.get("seed", 1), data.get("group", "")
        anonymous = data.get("anonymous", False)
        if not isinstance(scenario_id, str) or not scenario_id:
            return error(422, "bad_request", "`scenario` must be a scenario id, e.g. \"certification\"")
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            return error(422, "bad_request", "`seed` must be a whole number from 0 to 2^63-1")
        if not isinstance(group, str) or len(group) > MAX_NAME:
            return error(422, "bad_request", f"`group` must be text of at most {MAX_NAME} characters")
        if not isinstance(anonymous, bool):
            return error(422, "bad_request", "`anonymous` must be true or false")
        known = _scenario_ids(boards.library)
        if scenario_id not in known:
            return error(422, "unknown_scenario", f"no scenario `{scenario_id[:80]}` here; known: {', '.join(sorted(known))}")

        def create() -> WorkshopSession:
            with boards.borrow() as lb:
                return create_session(lb, scenario_id, seed, group, anonymous=anonymous)

        created = await _in_thread(create)
        return JSONResponse({**created.to_json(), "board": f"/board/{created.code}"}, status_code=201)

    def sessions_list(request: Request) -> JSONResponse:
        denied = need_trainer(request)
        if denied:
            return denied
        with boards.borrow() as lb:
            return JSONResponse({"sessions": [s.to_json() for s in list_sessions(lb)]})

    def session_get(request: Request) -> JSONResponse:
        with boards.borrow() as lb:
            found = session_or_404(lb, request)
        return found if isinstance(found, JSONResponse) else JSONResponse(found.to_json())

    def session_close(request: Request) -> JSONResponse:
        denied = need_trainer(request, changes=True)
        if denied:
            return denied
        with boards.borrow() as lb:
            found = close_session(lb, request.path_params["code"])
        if found is None:
            return error(404, "no_session", "there is no workshop session with this join code")
        return JSONResponse(found.to_json())

    # --- API: uploads -------------------------------------------------------------------
    async def upload(request: Request) -> JSONResponse:
        refused = foreign_origin(request) or not_json(request)
        if refused:
            return refused
        client = client_of(request)
        wait = limiter.allow(client)
        if wait:
            return error(429, "rate_limited", f"too many uploads from this address; try again in {math.ceil(wait)} s",
                         {"Retry-After": str(math.ceil(wait))})

        def find() -> WorkshopSession | JSONResponse:
            with boards.borrow() as lb:
                return session_or_404(lb, request)

        found = await _in_thread(find)
        if isinstance(found, JSONResponse):
            return found
        if not found.open:
            return error(409, "session_closed", "the trainer closed this session; it accepts no more uploads")
        body = await _read_limited(request, config.max_upload_bytes)
        if isinstance(body, JSONResponse):
            return body
        started = time.monotonic()
        try:
            result = await pool.submit(Job(body, found.scenario_id, found.seed, found.group))
        except Busy:
            return error(503, "busy", "the server is checking many uploads right now; try again in a few seconds",
                         {"Retry-After": "5"})
        status = result.pop("status")
        result.pop("ok")
        if "entry" in result:
            board_cache.forget(found.code)  # on this process's board at once
            result["board"] = f"/board/{found.code}"
            result["review"] = f"/entries/{result['entry']['id']}"
            if found.anonymous:
                result["entry"]["player"] = None
        result["seconds"] = round(time.monotonic() - started, 3)
        headers = {"Retry-After": "5"} if status == 503 else None
        return JSONResponse(result, status_code=status, headers=headers)

    # --- API: boards and entries ----------------------------------------------------------
    def session_board(request: Request) -> Response:
        kpi = request.query_params.get("kpi", "score")
        if kpi not in BOARD_KPIS:
            return error(422, "bad_request", f"unknown KPI `{kpi[:40]}`; one of: {', '.join(BOARD_KPIS)}")
        lang = page_lang(request.query_params.get("lang"))
        with boards.borrow() as lb:
            found = session_or_404(lb, request)
            if isinstance(found, JSONResponse):
                return found
            anonymous = request.query_params.get("anonymous", "") in ("1", "true", "yes") or \
                (found.anonymous and not is_trainer(request))
            answer = board_cache.get((found.code, kpi, anonymous, lang, found.open),
                                     lambda: JSONResponse(_board_json(lb, found, kpi, anonymous, lang)).body)
        return Response(answer, media_type="application/json")

    def entry_id_or_404(request: Request) -> int | JSONResponse:
        entry_id = request.path_params["entry_id"]
        if not 1 <= entry_id <= MAX_ID:
            return error(404, "no_entry", "no such entry on the board")
        return entry_id

    def entry_get(request: Request) -> JSONResponse:
        entry_id = entry_id_or_404(request)
        if isinstance(entry_id, JSONResponse):
            return entry_id
        with boards.borrow() as lb:
            entry = _visible_entry(lb, entry_id)
            if entry is None:
                return error(404, "no_entry", "no such entry on the board")
            data = entry.to_json()
            if not is_trainer(request) and anonymous_entry(lb, entry):
                data["player"] = None
        return JSONResponse(data)

    async def entry_hide(request: Request) -> JSONResponse:
        denied = need_trainer(request, changes=True)
        if denied:
            return denied
        entry_id = entry_id_or_404(request)
        if isinstance(entry_id, JSONResponse):
            return entry_id
        data = await _json_body(request, 1024, allow_empty=True)
        if isinstance(data, JSONResponse):
            return data
        hidden = data.get("hidden", True)
        if not isinstance(hidden, bool):
            return error(422, "bad_request", "`hidden` must be true or false")

        def hide() -> None:
            with boards.borrow() as lb:
                lb.hide(entry_id, hidden)

        try:
            await _in_thread(hide)
        except KeyError:
            return error(404, "no_entry", "no such entry")
        board_cache.forget()
        return JSONResponse({"id": entry_id, "hidden": hidden})

    async def entry_delete(request: Request) -> JSONResponse:
        denied = need_trainer(request, changes=True)
        if denied:
            return denied
        entry_id = entry_id_or_404(request)
        if isinstance(entry_id, JSONResponse):
            return entry_id

        def delete() -> None:
            with boards.borrow() as lb:
                lb.delete(entry_id)

        try:
            await _in_thread(delete)
        except KeyError:
            return error(404, "no_entry", "no such entry")
        board_cache.forget()
        return JSONResponse({"id": entry_id, "deleted": True})

    # --- pages ----------------------------------------------------------------------------
    def index(request: Request) -> HTMLResponse:
        return HTMLResponse(pages.index_page(page_lang(request.query_params.get("lang"))))

    def trainer_html(request: Request) -> HTMLResponse:
        from .trainer import trainer_page

        lang = page_lang(request.query_params.get("lang"))
        scenarios = sorted({(sc.id, sc.title.get(lang)) for sc in boards.library.scenarios()})
        return HTMLResponse(trainer_page(lang, scenarios))

    def board_by_query(request: Request) -> Response:
        from ..store.workshop import normalise_code

        code = normalise_code(request.query_params.get("code", ""))
        lang = page_lang(request.query_params.get("lang"))
        return RedirectResponse(f"/board/{code}?lang={lang}", status_code=303)

    def board_html(request: Request) -> HTMLResponse:
        lang = page_lang(request.query_params.get("lang"))
        with boards.borrow() as lb:
            found = session_or_404(lb, request)
            if isinstance(found, JSONResponse):
                return HTMLResponse(pages.message_page(t("no_session", lang), lang), status_code=found.status_code,
                                    headers={k: v for k, v in found.headers.items() if k.lower() == "retry-after"})
            kpi = request.query_params.get("kpi", "score")
            kpi = kpi if kpi in BOARD_KPIS else "score"
            anonymous = request.query_params.get("anonymous", "") in ("1", "true", "yes") or found.anonymous
            kind, columns = _columns(lb, found.scenario_id)
            title = _title(lb, found.scenario_id, lang)
        return HTMLResponse(pages.board_page(found, title, lang, kpi, anonymous, columns=columns, head=kind == "head"))

    def entry_html(request: Request) -> HTMLResponse:
        lang = page_lang(request.query_params.get("lang"))
        entry_id = entry_id_or_404(request)
        if isinstance(entry_id, JSONResponse):
            return HTMLResponse(pages.message_page("no such entry on the board", lang), status_code=404)
        with boards.borrow() as lb:
            entry = _visible_entry(lb, entry_id)
            if entry is None:
                return HTMLResponse(pages.message_page("no such entry on the board", lang), status_code=404)
            entry = _with_rank(lb, entry)
            if not is_trainer(request) and anonymous_entry(lb, entry):
                entry = replace(entry, player=f"{t('participant', lang)} {entry.rank or ''}".strip())
            one = Board(entry.scenario_id, entry.scenario_version, "score", [entry])
            titles = {(entry.scenario_id, entry.scenario_version): _title(lb, entry.scenario_id, lang)}
            return HTMLResponse(html_report([one], lambda e: lb.review_any(e.id), lang, None, titles))

    def export_csv(request: Request) -> Response:
        denied = need_trainer(request)
        if denied:
            return denied
        with boards.borrow() as lb:
            found = session_or_404(lb, request)
            if isinstance(found, JSONResponse):
                return found
            text = csv_text(_session_boards(lb, found))
        return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="board-{found.code}.csv"'})

    def export_html(request: Request) -> Response:
        denied = need_trainer(request)
        if denied:
            return denied
        lang = page_lang(request.query_params.get("lang"))
        with boards.borrow() as lb:
            found = session_or_404(lb, request)
            if isinstance(found, JSONResponse):
                return found
            ranked = _session_boards(lb, found)
            titles = {(b.scenario_id, b.scenario_version): _title(lb, b.scenario_id, lang) for b in ranked}
            filters = {"group": found.group, "seed": str(found.seed), "session": found.code}
            page = html_report(ranked, lambda e: lb.review_any(e.id), lang, filters, titles)
        return HTMLResponse(page, headers={"Content-Disposition": f'attachment; filename="board-{found.code}.html"'})

    @asynccontextmanager
    async def lifespan(app):
        def prepare() -> None:
            with boards.borrow() as lb:  # creates or migrates the database before the first upload
                lb.count()
            boards.fill()

        await _in_thread(prepare)
        await pool.start()
        trimming = asyncio.ensure_future(keep_memory_released()) if config.release_memory else None
        try:
            yield
        finally:
            if trimming is not None:
                trimming.cancel()
            await pool.close()
            boards.close()

    routes = [
        Route("/", index),
        Route("/board", board_by_query),
        Route("/trainer", trainer_html),
        Route("/board/{code}", board_html),
        Route("/entries/{entry_id:int}", entry_html),
        Route("/docs/api", api_docs),
        Route("/openapi.json", openapi),
        Route("/api/health", health),
        Route("/api/trainer/login", login, methods=["POST"]),
        Route("/api/trainer/logout", logout, methods=["POST"]),
        Route("/api/sessions", sessions_create, methods=["POST"]),
        Route("/api/sessions", sessions_list, methods=["GET"]),
        Route("/api/sessions/{code}", session_get),
        Route("/api/sessions/{code}/close", session_close, methods=["POST"]),
        Route("/api/sessions/{code}/replays", upload, methods=["POST"]),
        Route("/api/sessions/{code}/board", session_board),
        Route("/api/sessions/{code}/export.csv", export_csv),
        Route("/api/sessions/{code}/export.html", export_html),
        Route("/api/entries/{entry_id:int}", entry_get, methods=["GET"]),
        Route("/api/entries/{entry_id:int}", entry_delete, methods=["DELETE"]),
        Route("/api/entries/{entry_id:int}/hide", entry_hide, methods=["POST"]),
    ]

    async def store_failed(request: Request, exc: StoreError) -> JSONResponse:
        return error(503, "store", f"the leaderboard database cannot be used right now: {exc}", {"Retry-After": "5"})

    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={StoreError: store_failed})  # type: ignore[dict-item]  # (Starlette's stubs)
    hosts = config.allowed_hosts if config.allowed_hosts is not None else sorted(machine_names())
    app.add_middleware(Guard, allowed_hosts=list(hosts), trusted_proxies=networks(config.trusted_proxies),
                       csp=content_security_policy([pages.BOARD_SCRIPT, TRAINER_SCRIPT]))
    app.state.pool = pool
    app.state.boards = boards
    app.state.config = config
    app.state.strikes = {"token": token_strikes, "code": code_strikes}
    return app


async def _in_thread(fn):
    import asyncio

    return await asyncio.to_thread(fn)


async def _read_limited(request: Request, limit: int) -> bytes | JSONResponse:
    """The request body, or 413 as soon as it passes ``limit`` bytes (announced or streamed)."""
    too_large = error(413, "too_large", f"the upload is larger than {limit // 1024} KiB; a replay is far smaller")
    announced = request.headers.get("content-length")
    if announced is not None:
        try:
            if int(announced) > limit:
                return too_large
        except ValueError:
            return error(400, "bad_request", "Content-Length is not a number")
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return too_large
            chunks.append(chunk)
    except ClientDisconnect:  # gone, or cut by the body deadline (slow.GuardedH11Protocol): nobody to answer
        return error(400, "disconnected", "the client went away before the whole body arrived")
    return b"".join(chunks)


async def _json_body(request: Request, limit: int, allow_empty: bool = False) -> dict | JSONResponse:
    import json

    body = await _read_limited(request, limit)
    if isinstance(body, JSONResponse):
        return body
    if allow_empty and not body.strip():
        return {}
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return error(400, "bad_request", "the body must be a JSON object")
    if not isinstance(data, dict):
        return error(400, "bad_request", "the body must be a JSON object")
    return data


def _scenario_ids(library: ScenarioLibrary) -> set[str]:
    return {s.id for s in library.scenarios()}


def anonymous_entry(lb: Leaderboard, entry: Entry) -> bool:
    """Whether the entry belongs to a group the trainer runs anonymously (its player is named to the trainer only)."""
    return (entry.group, entry.scenario_id) in anonymous_groups(lb)


def _session_scenario(lb: Leaderboard, scenario_id: str):
    """The scenario a session plays (its latest version here), or None when it is not available."""
    found = [sc for sc in lb.scenarios.scenarios() if sc.id == scenario_id]
    return max(found, key=lambda sc: sc.version) if found else None


def _columns(lb: Leaderboard, scenario_id: str) -> tuple[str, list[str]]:
    """A session's kind (``desk`` or ``head``) and the KPIs its scenario scores (the board's extra columns)."""
    scenario = _session_scenario(lb, scenario_id)
    if scenario is None:
        return "desk", []
    kpis = list(dict.fromkeys(item.kpi for item in scenario.scoring.items))
    return ("head" if scenario.kind == "head" else "desk"), kpis


def _title(lb: Leaderboard, scenario_id: str, lang: str) -> str:
    for scenario in lb.scenarios.scenarios():
        if scenario.id == scenario_id:
            return scenario.title.get(lang)
    return scenario_id


def _visible_entry(lb: Leaderboard, entry_id: int) -> Entry | None:
    try:
        entry = lb.get(entry_id)
    except KeyError:
        return None
    return None if lb.hidden(entry_id) else entry


def _with_rank(lb: Leaderboard, entry: Entry) -> Entry:
    for b in lb.rankings(scenario_id=entry.scenario_id, scenario_version=entry.scenario_version, group=entry.group,
                         seed=entry.seed):
        for e in b.entries:
            if e.id == entry.id:
                return e
    return entry


def _session_boards(lb: Leaderboard, session: WorkshopSession, kpi: str = "score") -> list[Board]:
    """The boards of a session's games: its group's on its scenario and seed.

    Another session of the same group (on another seed) may have fixed the group's seed since; this session's
    games stay its own, so a board is picked by the session's seed, never by the group's latest one."""
    return lb.rankings(scenario_id=session.scenario_id, group=session.group, seed=session.seed, kpi=kpi)


def _session_board(lb: Leaderboard, session: WorkshopSession, kpi: str) -> Board | None:
    """The session's official board (the latest version), games of its group on its seed."""
    return next((b for b in _session_boards(lb, session, kpi) if b.official), None)


def _board_json(lb: Leaderboard, session: WorkshopSession, kpi: str, anonymous: bool, lang: str) -> dict:
    ranked = _session_board(lb, session, kpi)
    entries = ranked.entries if ranked is not None else []
    rows: list[dict] = []
    for e in entries:
        value = e.value(kpi)
        rows.append({"id": e.id, "rank": e.rank, "player": None if anonymous else e.player,
                     "value": value, "shown": format_kpi(kpi, value), "score": e.score, "skill": e.skill,
                     "kpis": e.kpis, "strategy": e.bot, "bot_share": e.bot_share, "review": f"/entries/{e.id}?lang={lang}"})
    kind, columns = _columns(lb, session.scenario_id)
    for e, row in zip(entries, rows):
        row["cells"] = [format_kpi(k, e.value(k)) for k in columns]
        row["kind"] = e.kind
    values = [float(v) for v in (e.value(kpi) for e in entries) if v is not None]
    return {"session": session.to_json(), "kind": kind, "kpi": kpi, "kpi_label": kpi_label(kpi, lang),
            "anonymous": anonymous, "columns": [{"kpi": k, "label": kpi_label(k, lang)} for k in columns],
            "entries": rows, "stats": _stats(values, kpi)}


def _stats(values: list[float], kpi: str) -> dict:
    """Count, average, spread (population standard deviation), range and a histogram of ``values``."""
    if not values:
        return {"count": 0, "mean": None, "stdev": None, "min": None, "max": None, "histogram": [],
                "mean_shown": "—", "stdev_shown": "—", "range_shown": "—"}
    mean = statistics.fmean(values)
    stdev = statistics.pstdev(values) if len(values) > 1 else 0.0
    low, high = min(values), max(values)
    bins = 1 if high == low else min(HISTOGRAM_BINS, max(2, len(values)))
    width = (high - low) / bins if bins > 1 else 1.0
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - low) / width)) if bins > 1 else 0] += 1
    histogram = [{"from": low + k * width, "to": low + (k + 1) * width if bins > 1 else high, "count": c,
                  "label": format_kpi(kpi, low + (k + 0.5) * width if bins > 1 else low)} for k, c in enumerate(counts)]
    return {"count": len(values), "mean": mean, "stdev": stdev, "min": low, "max": high, "histogram": histogram,
            "mean_shown": format_kpi(kpi, mean), "stdev_shown": format_kpi(kpi, stdev),
            "range_shown": f"{format_kpi(kpi, low)} – {format_kpi(kpi, high)}"}


__all__ = ["ServerConfig", "create_app"]
