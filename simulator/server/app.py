"""The workshop server: an ASGI app (Starlette) over the leaderboard store.

Participants upload replays to a session's join code; a pool of worker processes verifies each by
re-simulation within a time limit and stores it (:mod:`.pool`); the live board, the entry pages,
the exports and the JSON API read the same database. Everything that lasts (sessions, entries,
hidden marks) is in the database, so several server processes can share one; what a process keeps
to itself (its workers, the per-address upload rate) is only about its own load.

Writable by a participant: uploads to an open session (with its code). Writable by the trainer
(``Authorization: Bearer TOKEN``): sessions, hiding and deleting entries. Everything else reads.
"""
from __future__ import annotations

import hmac
import math
import statistics
import threading
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..store.db import StoreError
from ..store.entries import BOARD_KPIS, Entry
from ..store.export_csv import csv_text
from ..store.export_html import html_report
from ..store.leaderboard import Board, Leaderboard
from ..store.replay import MAX_NAME, MAX_SEED
from ..store.texts import format_kpi, kpi_label
from ..store.workshop import WorkshopSession, close_session, create_session, get_session, list_sessions
from . import pages
from .openapi import openapi_document
from .pool import Busy, Job, VerifyPool
from .texts import page_lang, t
from .verify import open_board

HISTOGRAM_BINS = 8


@dataclass
class ServerConfig:
    """How a server runs: the database, the trainer's token and the limits."""

    db: str
    trainer_token: str
    scenario_paths: list[str] = field(default_factory=list)
    workers: int | None = None
    time_limit: float = 30.0
    max_waiting: int = 256
    max_upload_bytes: int = 4 * 1024 * 1024
    uploads_per_minute: float = 120.0  # per client address
    upload_burst: int = 40


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


def error(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    """The API's error body: ``{"error": message, "code": code}``."""
    return JSONResponse({"error": message, "code": code}, status_code=status, headers=headers)


def create_app(config: ServerConfig) -> Starlette:
    """The ASGI app for ``config``; its lifespan starts and stops the verification workers."""
    local = threading.local()
    limiter = RateLimiter(config.uploads_per_minute, config.upload_burst)
    pool = VerifyPool(config.db, config.scenario_paths, config.workers, config.time_limit, config.max_waiting)
    opened: list[Leaderboard] = []
    opened_lock = threading.Lock()

    def board() -> Leaderboard:
        """This thread's connection to the leaderboard (a Leaderboard is used by one thread at a time)."""
        current = getattr(local, "board", None)
        if current is not None and getattr(current.database, "broken", False):
            current.close()  # the database server restarted: a new connection, this request retries on it
            current = local.board = None
        if current is None:
            current = open_board(config.db, config.scenario_paths)
            local.board = current
            with opened_lock:
                opened.append(current)
        return current

    def is_trainer(request: Request) -> bool:
        given = request.headers.get("authorization", "")
        token = given[7:].strip() if given.lower().startswith("bearer ") else request.headers.get("x-trainer-token", "")
        if not token and request.method == "GET":
            token = request.query_params.get("token", "")  # a link for a browser (the exports)
        return bool(token) and hmac.compare_digest(token.encode("utf-8"), config.trainer_token.encode("utf-8"))

    def need_trainer(request: Request) -> JSONResponse | None:
        if is_trainer(request):
            return None
        return error(401, "trainer_only", "this needs the trainer token printed when the server started "
                     "(header `Authorization: Bearer TOKEN`)", {"WWW-Authenticate": "Bearer"})

    def session_or_404(code: str) -> WorkshopSession | JSONResponse:
        found = get_session(board(), code)
        if found is None:
            return error(404, "no_session", "there is no workshop session with this join code; check the code "
                         "the trainer showed")
        return found

    # --- API: health and documentation --------------------------------------------------
    def health(request: Request) -> JSONResponse:
        lb = board()
        lb.count()
        return JSONResponse({"ok": True, "database": getattr(lb.database, "kind", "sqlite"), "workers": pool.size,
                             "waiting": pool.waiting})

    def openapi(request: Request) -> JSONResponse:
        return JSONResponse(openapi_document())

    def api_docs(request: Request) -> HTMLResponse:
        return HTMLResponse('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sales Desk API</title></head>'
                            '<body><h1>Sales Desk workshop server API</h1><p>OpenAPI 3.1 description: '
                            '<a href="/openapi.json">/openapi.json</a>; guide: docs/workshop-server.md in the '
                            'repository.</p></body></html>')

    # --- API: sessions ------------------------------------------------------------------
    async def sessions_create(request: Request) -> JSONResponse:
        denied = need_trainer(request)
        if denied:
            return denied
        data = await _json_body(request, 64 * 1024)
        if isinstance(data, JSONResponse):
            return data
        scenario_id, seed, group = data.get("scenario"), data.get("seed", 1), data.get("group", "")
        if not isinstance(scenario_id, str) or not scenario_id:
            return error(422, "bad_request", "`scenario` must be a scenario id, e.g. \"certification\"")
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            return error(422, "bad_request", "`seed` must be a whole number from 0 to 2^63-1")
        if not isinstance(group, str) or len(group) > MAX_NAME:
            return error(422, "bad_request", f"`group` must be text of at most {MAX_NAME} characters")
        known = _scenario_ids(board())
        if scenario_id not in known:
            return error(422, "unknown_scenario", f"no scenario `{scenario_id[:80]}` here; known: {', '.join(sorted(known))}")
        created = await _in_thread(lambda: create_session(board(), scenario_id, seed, group))
        return JSONResponse({**created.to_json(), "board": f"/board/{created.code}"}, status_code=201)

    def sessions_list(request: Request) -> JSONResponse:
        denied = need_trainer(request)
        if denied:
            return denied
        return JSONResponse({"sessions": [s.to_json() for s in list_sessions(board())]})

    def session_get(request: Request) -> JSONResponse:
        found = session_or_404(request.path_params["code"])
        return found if isinstance(found, JSONResponse) else JSONResponse(found.to_json())

    def session_close(request: Request) -> JSONResponse:
        denied = need_trainer(request)
        if denied:
            return denied
        found = close_session(board(), request.path_params["code"])
        if found is None:
            return error(404, "no_session", "there is no workshop session with this join code")
        return JSONResponse(found.to_json())

    # --- API: uploads -------------------------------------------------------------------
    async def upload(request: Request) -> JSONResponse:
        client = request.client.host if request.client else "?"
        wait = limiter.allow(client)
        if wait:
            return error(429, "rate_limited", f"too many uploads from this address; try again in {math.ceil(wait)} s",
                         {"Retry-After": str(math.ceil(wait))})
        found = await _in_thread(lambda: session_or_404(request.path_params["code"]))
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
            result["board"] = f"/board/{found.code}"
            result["review"] = f"/entries/{result['entry']['id']}"
        result["seconds"] = round(time.monotonic() - started, 3)
        headers = {"Retry-After": "5"} if status == 503 else None
        return JSONResponse(result, status_code=status, headers=headers)

    # --- API: boards and entries ----------------------------------------------------------
    def session_board(request: Request) -> JSONResponse:
        found = session_or_404(request.path_params["code"])
        if isinstance(found, JSONResponse):
            return found
        kpi = request.query_params.get("kpi", "score")
        if kpi not in BOARD_KPIS:
            return error(422, "bad_request", f"unknown KPI `{kpi[:40]}`; one of: {', '.join(BOARD_KPIS)}")
        anonymous = request.query_params.get("anonymous", "") in ("1", "true", "yes")
        lang = page_lang(request.query_params.get("lang"))
        return JSONResponse(_board_json(board(), found, kpi, anonymous, lang))

    def entry_get(request: Request) -> JSONResponse:
        entry = _visible_entry(board(), request.path_params["entry_id"])
        if entry is None:
            return error(404, "no_entry", "no such entry on the board")
        return JSONResponse(entry.to_json())

    async def entry_hide(request: Request) -> JSONResponse:
        denied = need_trainer(request)
        if denied:
            return denied
        data = await _json_body(request, 1024, allow_empty=True)
        if isinstance(data, JSONResponse):
            return data
        hidden = data.get("hidden", True)
        if not isinstance(hidden, bool):
            return error(422, "bad_request", "`hidden` must be true or false")
        try:
            await _in_thread(lambda: board().hide(request.path_params["entry_id"], hidden))
        except KeyError:
            return error(404, "no_entry", "no such entry")
        return JSONResponse({"id": request.path_params["entry_id"], "hidden": hidden})

    async def entry_delete(request: Request) -> JSONResponse:
        denied = need_trainer(request)
        if denied:
            return denied
        try:
            await _in_thread(lambda: board().delete(request.path_params["entry_id"]))
        except KeyError:
            return error(404, "no_entry", "no such entry")
        return JSONResponse({"id": request.path_params["entry_id"], "deleted": True})

    # --- pages ----------------------------------------------------------------------------
    def index(request: Request) -> HTMLResponse:
        return HTMLResponse(pages.index_page(page_lang(request.query_params.get("lang"))))

    def trainer_html(request: Request) -> HTMLResponse:
        from .trainer import trainer_page

        lang = page_lang(request.query_params.get("lang"))
        scenarios = sorted({(sc.id, sc.title.get(lang)) for sc in board().scenarios.scenarios()})
        return HTMLResponse(trainer_page(lang, scenarios))

    def board_by_query(request: Request) -> Response:
        from ..store.workshop import normalise_code

        code = normalise_code(request.query_params.get("code", ""))
        lang = page_lang(request.query_params.get("lang"))
        return RedirectResponse(f"/board/{code}?lang={lang}", status_code=303)

    def board_html(request: Request) -> HTMLResponse:
        lang = page_lang(request.query_params.get("lang"))
        found = get_session(board(), request.path_params["code"])
        if found is None:
            return HTMLResponse(pages.message_page(t("no_session", lang), lang), status_code=404)
        kpi = request.query_params.get("kpi", "score")
        kpi = kpi if kpi in BOARD_KPIS else "score"
        anonymous = request.query_params.get("anonymous", "") in ("1", "true", "yes")
        kind, columns = _columns(board(), found.scenario_id)
        return HTMLResponse(pages.board_page(found, _title(board(), found.scenario_id, lang), lang, kpi, anonymous,
                                             columns=columns, head=kind == "head"))

    def entry_html(request: Request) -> HTMLResponse:
        lang = page_lang(request.query_params.get("lang"))
        lb = board()
        entry = _visible_entry(lb, request.path_params["entry_id"])
        if entry is None:
            return HTMLResponse(pages.message_page("no such entry on the board", lang), status_code=404)
        entry = _with_rank(lb, entry)
        one = Board(entry.scenario_id, entry.scenario_version, "score", [entry])
        titles = {(entry.scenario_id, entry.scenario_version): _title(lb, entry.scenario_id, lang)}
        return HTMLResponse(html_report([one], lambda e: lb.review_any(e.id), lang, None, titles))

    def export_csv(request: Request) -> Response:
        denied = need_trainer(request)
        if denied:
            return denied
        found = session_or_404(request.path_params["code"])
        if isinstance(found, JSONResponse):
            return found
        boards = board().rankings(scenario_id=found.scenario_id, group=found.group, seed=found.seed)
        return Response("\ufeff" + csv_text(boards), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="board-{found.code}.csv"'})

    def export_html(request: Request) -> Response:
        denied = need_trainer(request)
        if denied:
            return denied
        found = session_or_404(request.path_params["code"])
        if isinstance(found, JSONResponse):
            return found
        lang = page_lang(request.query_params.get("lang"))
        lb = board()
        boards = lb.rankings(scenario_id=found.scenario_id, group=found.group, seed=found.seed)
        titles = {(b.scenario_id, b.scenario_version): _title(lb, b.scenario_id, lang) for b in boards}
        filters = {"group": found.group, "seed": str(found.seed), "session": found.code}
        return HTMLResponse(html_report(boards, lambda e: lb.review_any(e.id), lang, filters, titles),
                            headers={"Content-Disposition": f'attachment; filename="board-{found.code}.html"'})

    @asynccontextmanager
    async def lifespan(app):
        await _in_thread(board)  # creates or migrates the database before the first upload
        await pool.start()
        try:
            yield
        finally:
            await pool.close()
            with opened_lock:
                for lb in opened:
                    try:
                        lb.close()
                    except Exception:
                        pass
                opened.clear()

    routes = [
        Route("/", index),
        Route("/board", board_by_query),
        Route("/trainer", trainer_html),
        Route("/board/{code}", board_html),
        Route("/entries/{entry_id:int}", entry_html),
        Route("/docs/api", api_docs),
        Route("/openapi.json", openapi),
        Route("/api/health", health),
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
    app.state.pool = pool
    app.state.config = config
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
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return too_large
        chunks.append(chunk)
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


def _scenario_ids(lb: Leaderboard) -> set[str]:
    return {s.id for s in lb.scenarios.scenarios()}


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


def _session_board(lb: Leaderboard, session: WorkshopSession, kpi: str) -> Board | None:
    """The session's official board (the latest version), games of its group on its seed."""
    boards = lb.rankings(scenario_id=session.scenario_id, group=session.group, seed=session.seed, kpi=kpi)
    return next((b for b in boards if b.official and b.seed_apart is None), None)


def _board_json(lb: Leaderboard, session: WorkshopSession, kpi: str, anonymous: bool, lang: str) -> dict:
    ranked = _session_board(lb, session, kpi)
    entries = ranked.entries if ranked is not None else []
    rows: list[dict] = []
    for e in entries:
        value = e.value(kpi)
        rows.append({"id": e.id, "rank": e.rank, "player": None if anonymous else e.player,
                     "value": value, "shown": format_kpi(kpi, value), "score": e.score, "skill": e.skill,
                     "kpis": e.kpis, "strategy": e.strategy, "review": f"/entries/{e.id}?lang={lang}"})
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
