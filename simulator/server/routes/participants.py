"""What a participant (and the projector) reaches with a join code: the session, uploads, the board's JSON, an
entry's JSON."""
from __future__ import annotations

import math
import time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ...store.entries import BOARD_KPIS
from ...store.workshop import WorkshopSession
from ..answers import client_of, entry_id_or_404, error, foreign_origin, not_json, read_limited
from ..board_data import anonymous_entry, board_json, visible_entry
from ..pool import Busy, Job
from ..state import ServerState, in_thread
from ..texts import page_lang


class ParticipantRoutes:
    """Join codes, uploads and the public JSON of boards and entries."""

    def __init__(self, state: ServerState):
        self.state = state

    def routes(self) -> list[Route]:
        """This area's routes."""
        return [Route("/api/sessions/{code}", self.session_get),
                Route("/api/sessions/{code}/replays", self.upload, methods=["POST"]),
                Route("/api/sessions/{code}/board", self.session_board),
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

        def find() -> WorkshopSession | JSONResponse:
            with state.boards.borrow() as lb:
                return state.codes.find(lb, request)

        found = await in_thread(find)
        if isinstance(found, JSONResponse):
            return found
        if not found.open:
            return error(409, "session_closed", "the trainer closed this session; it accepts no more uploads")
        body = await read_limited(request, state.config.max_upload_bytes)
        if isinstance(body, JSONResponse):
            return body
        started = time.monotonic()
        try:
            result = await state.pool.submit(Job(body, found.scenario_id, found.seed, found.group))
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

    def session_board(self, request: Request) -> Response:
        state = self.state
        kpi = request.query_params.get("kpi", "score")
        if kpi not in BOARD_KPIS:
            return error(422, "bad_request", f"unknown KPI `{kpi[:40]}`; one of: {', '.join(BOARD_KPIS)}")
        lang = page_lang(request.query_params.get("lang"))
        with state.boards.borrow() as lb:
            found = state.codes.find(lb, request)
            if isinstance(found, JSONResponse):
                return found
            anonymous = request.query_params.get("anonymous", "") in ("1", "true", "yes") or \
                (found.anonymous and not state.trainer.is_trainer(request))
            answer = state.cache.get((found.code, kpi, anonymous, lang, found.open),
                                     lambda: JSONResponse(board_json(lb, found, kpi, anonymous, lang)).body)
        return Response(answer, media_type="application/json")

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
