"""What a participant (and the projector) reaches with a join code: the session, uploads, the board's JSON (asked
for, or pushed as server-sent events), an entry's JSON."""
from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from ...store.entries import BOARD_KPIS
from ...store.leaderboard import Leaderboard
from ...store.rounds import injected_events, injected_json
from ...store.teams import team_upload_mismatch
from ...store.workshop import WorkshopSession, get_session
from ..answers import client_of, entry_id_or_404, error, foreign_origin, not_json, read_limited
from ..board_data import anonymous_entry, board_json, visible_entry
from ..pool import Busy, Job
from ..state import ServerState, in_thread
from ..texts import request_lang


class ParticipantRoutes:
    """Join codes, uploads and the public JSON of boards and entries."""

    def __init__(self, state: ServerState):
        self.state = state

    def routes(self) -> list[Route]:
        """This area's routes."""
        return [Route("/api/sessions/{code}", self.session_get),
                Route("/api/sessions/{code}/replays", self.upload, methods=["POST"]),
                Route("/api/sessions/{code}/board", self.session_board),
                Route("/api/sessions/{code}/events", self.session_events),
                Route("/api/entries/{entry_id:int}", self.entry_get, methods=["GET"])]

    def session_get(self, request: Request) -> JSONResponse:
        with self.state.boards.borrow() as lb:
            found = self.state.codes.find(lb, request)
        return found if isinstance(found, JSONResponse) else JSONResponse(found.to_json())

    async def upload(self, request: Request) -> JSONResponse:
        state = self.state
        refused = foreign_origin(request) or not_json(request)
        if refused:
            return refused
        wait = state.limiter.allow(client_of(request))
        if wait:
            return error(429, "rate_limited", f"too many uploads from this address; try again in {math.ceil(wait)} s",
                         {"Retry-After": str(math.ceil(wait))})

        found = await self._find(request)
        if isinstance(found, JSONResponse):
            return found
        if not found.open:
            return error(409, "session_closed", "the trainer closed this session; it accepts no more uploads")
        body = await read_limited(request, state.config.max_upload_bytes)
        if isinstance(body, JSONResponse):
            return body
        events = await in_thread(lambda: self._injected(found))
        mismatch = await in_thread(lambda: self._team_mismatch(found, body))
        if mismatch:
            return error(422, "team_record", mismatch)
        started = time.monotonic()
        try:
            result = await state.pool.submit(Job(body, found.scenario_id, found.seed, found.group, events))
        except Busy:
            return error(503, "busy", "the server is checking many uploads right now; try again in a few seconds",
                         {"Retry-After": "5"})
        status = result.pop("status")
        result.pop("ok")
        if "entry" in result:
            state.cache.forget(found.code)  # on this process's board at once
            result["board"] = f"/board/{found.code}"
            result["review"] = f"/entries/{result['entry']['id']}"
            if found.anonymous:
                result["entry"]["player"] = None
        result["seconds"] = round(time.monotonic() - started, 3)
        headers = {"Retry-After": "5"} if status == 503 else None
        return JSONResponse(result, status_code=status, headers=headers)

    def _team_mismatch(self, session: WorkshopSession, body: bytes) -> str | None:
        """Why a team's upload does not match what the server kept while the team played (None when it does, or when
        the upload is no team's: its own check, in the worker, says what is wrong with it)."""
        with self.state.boards.borrow() as lb:
            return team_upload_mismatch(lb, session.code, body)

    def session_board(self, request: Request) -> Response:
        kpi, lang = request.query_params.get("kpi", "score"), request_lang(request)
        if kpi not in BOARD_KPIS:
            return _unknown_kpi(kpi)
        with self.state.boards.borrow() as lb:
            found = self.state.codes.find(lb, request)
            if isinstance(found, JSONResponse):
                return found
            answer = self._answer(lb, found, request, kpi, lang)
        return Response(answer, media_type="application/json")

    async def session_events(self, request: Request) -> Response:
        """The board's JSON as server-sent events: at once, then each time it changes; a comment every 15 s keeps
        proxies from closing a quiet stream. A stream ends after ``event_seconds`` and the browser reconnects."""
        state = self.state
        kpi, lang = request.query_params.get("kpi", "score"), request_lang(request)
        if kpi not in BOARD_KPIS:
            return _unknown_kpi(kpi)

        found = await self._find(request)
        if isinstance(found, JSONResponse):
            return found

        def board_now() -> bytes:
            with state.boards.borrow() as lb:
                session = get_session(lb, found.code) or found  # it may have been closed meanwhile
                return self._answer(lb, session, request, kpi, lang)

        async def events() -> AsyncIterator[bytes]:
            yield b"retry: 2000\n\n"
            last, quiet_since = b"", time.monotonic()
            ends = time.monotonic() + state.config.event_seconds
            while time.monotonic() < ends:
                answer = await in_thread(board_now)
                if answer != last:
                    last, quiet_since = answer, time.monotonic()
                    yield b"data: " + answer + b"\n\n"
                elif time.monotonic() - quiet_since > 15:
                    quiet_since = time.monotonic()
                    yield b": still here\n\n"
                await asyncio.sleep(state.config.event_check)

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    def _injected(self, found: WorkshopSession) -> str:
        """The session's injected events as the upload must carry them (none in a free session)."""
        with self.state.boards.borrow() as lb:
            return injected_json(injected_events(lb, found.code))

    async def _find(self, request: Request) -> WorkshopSession | JSONResponse:
        """The session the request's join code names, looked up off the event loop (or the error to answer)."""
        state = self.state

        def find() -> WorkshopSession | JSONResponse:
            with state.boards.borrow() as lb:
                return state.codes.find(lb, request)

        return await in_thread(find)

    def _answer(self, lb: Leaderboard, found: WorkshopSession, request: Request, kpi: str, lang: str) -> bytes:
        """The board's JSON body for this request (names hidden in an anonymous session but for the trainer),
        computed at most once per half second per view (:class:`~..boards.ShortCache`)."""
        anonymous = request.query_params.get("anonymous", "") in ("1", "true", "yes") or \
            (found.anonymous and not self.state.trainer.is_trainer(request))
        return self.state.cache.get((found.code, kpi, anonymous, lang, found.open),
                                    lambda: bytes(JSONResponse(board_json(lb, found, kpi, anonymous, lang)).body))

    def entry_get(self, request: Request) -> JSONResponse:
        entry_id = entry_id_or_404(request)
        if isinstance(entry_id, JSONResponse):
            return entry_id
        with self.state.boards.borrow() as lb:
            entry = visible_entry(lb, entry_id)
            if entry is None:
                return error(404, "no_entry", "no such entry on the board")
            data = entry.to_json()
            if not self.state.trainer.is_trainer(request) and anonymous_entry(lb, entry):
                data["player"] = None
        return JSONResponse(data)


def _unknown_kpi(kpi: str) -> JSONResponse:
    return error(422, "bad_request", f"unknown KPI `{kpi[:40]}`; one of: {', '.join(BOARD_KPIS)}")
