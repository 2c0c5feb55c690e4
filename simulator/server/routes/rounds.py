"""Rounds in lockstep and live levers (issue 26 items 3-4): participants join a rounds session and send each month's
plan; the trainer opens, closes and reveals the months, runs a practice round and injects events; the trainer's
console (``/trainer/{code}``) drives it all. The rules live in :mod:`simulator.store.rounds`; every database call runs
off the event loop (plain handlers run in Starlette's thread pool, ``async`` ones use :func:`..state.in_thread`)."""
from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ...engine import MonthPlan, PlanError
from ...scenario.schema import Event, Scenario
from ...store import rounds
from ...store.leaderboard import Leaderboard
from ...store.replay import MAX_NAME
from ...store.workshop import WorkshopSession
from ..answers import error, foreign_origin, json_body, not_json
from ..board_data import session_scenario, title
from ..console import console_page
from ..levers import build_event, lever_menu
from ..state import ServerState, in_thread
from ..texts import request_lang

PARTICIPANT_HEADER = "x-participant"


class RoundRoutes:
    """Joining a rounds session, its round's state, plans, the trainer's round buttons and levers, the console."""

    def __init__(self, state: ServerState):
        self.state = state

    def routes(self) -> list[Route]:
        """This area's routes."""
        base = "/api/sessions/{code}"
        return [Route(f"{base}/participants", self.join, methods=["POST"]),
                Route(f"{base}/round", self.round_get, methods=["GET"]),
                Route(base + "/rounds/{month:int}/plan", self.plan_put, methods=["PUT"]),
                Route(f"{base}/rounds/open", self.round_open, methods=["POST"]),
                Route(f"{base}/rounds/close", self.round_close, methods=["POST"]),
                Route(f"{base}/rounds/reveal", self.round_reveal, methods=["POST"]),
                Route(f"{base}/rounds/reset", self.round_reset, methods=["POST"]),
                Route(f"{base}/rounds/inject", self.inject, methods=["POST"]),
                Route(f"{base}/levers", self.levers, methods=["GET"]),
                Route("/trainer/{code}", self.console, methods=["GET"])]

    # --- participants ---------------------------------------------------------------------
    async def join(self, request: Request) -> Response:
        refused = foreign_origin(request) or not_json(request)
        if refused:
            return refused
        data = await json_body(request, 4096)
        if isinstance(data, JSONResponse):
            return data
        name, token = data.get("name"), data.get("participant")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            return error(422, "bad_request", f"`name` must be text of 1 to {MAX_NAME} characters")
        if token is not None and not isinstance(token, str):
            return error(422, "bad_request", "`participant` must be the token this name got when it joined")

        def work(lb: Leaderboard, found: WorkshopSession) -> Response:
            if not found.open:
                return error(409, "session_closed", "the trainer closed this session")
            joined = rounds.join(lb, found.code, name, token)
            self.state.cache.forget(found.code)   # the room's board counts the people in at once
            return JSONResponse({"participant": joined.token, "name": joined.name}, status_code=201 if joined.created else 200)

        return await in_thread(lambda: self._with_session(request, work))

    def round_get(self, request: Request) -> Response:
        def work(lb: Leaderboard, found: WorkshopSession) -> Response:
            return JSONResponse(self._round_json(lb, found, self.state.trainer.is_trainer(request)))

        return self._with_session(request, work)

    async def plan_put(self, request: Request) -> Response:
        refused = foreign_origin(request) or not_json(request)
        if refused:
            return refused
        token = request.headers.get(PARTICIPANT_HEADER, "")
        if not token:
            return error(401, "no_participant", "send the token the session gave when you joined "
                         "(header `X-Participant`)")
        data = await json_body(request, rounds.MAX_PLAN_BYTES)
        if isinstance(data, JSONResponse):
            return data
        plan = data.get("plan")
        if not isinstance(plan, dict):
            return error(422, "bad_request", "`plan` must be a month's plan (an object with markups, touches, offers)")
        try:
            MonthPlan.from_json(plan)
        except (PlanError, ValueError, TypeError, KeyError, OverflowError, RecursionError) as exc:
            return error(422, "bad_request", f"`plan` is not a month's plan: {getattr(exc, 'message', exc)}"[:300])
        month = request.path_params["month"]

        def work(lb: Leaderboard, found: WorkshopSession) -> Response:
            answer = rounds.submit_plan(lb, found.code, month, token, plan)
            self.state.cache.forget(found.code)   # the room's board counts the plans in at once
            return JSONResponse(answer)

        return await in_thread(lambda: self._with_session(request, work))

    # --- the trainer ---------------------------------------------------------------------
    async def round_open(self, request: Request) -> Response:
        denied = self.state.trainer.need(request, changes=True)
        if denied:
            return denied
        data = await json_body(request, 1024, allow_empty=True)
        if isinstance(data, JSONResponse):
            return data
        seconds, practice = data.get("seconds"), data.get("practice", False)
        if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, int)
                                    or not 1 <= seconds <= rounds.MAX_ROUND_SECONDS):
            return error(422, "bad_request", f"`seconds` is a whole number from 1 to {rounds.MAX_ROUND_SECONDS}, or null")
        if not isinstance(practice, bool):
            return error(422, "bad_request", "`practice` must be true or false")
        return await self._round_change(request, lambda lb, found, turns: rounds.open_round(
            lb, found.code, turns, seconds, practice))

    async def round_close(self, request: Request) -> Response:
        return await self._trainer_change(request, lambda lb, found, turns: rounds.close_round(lb, found.code))

    async def round_reveal(self, request: Request) -> Response:
        return await self._trainer_change(request, lambda lb, found, turns: rounds.reveal_round(lb, found.code))

    async def round_reset(self, request: Request) -> Response:
        return await self._trainer_change(request, lambda lb, found, turns: rounds.reset_practice(lb, found.code))

    def levers(self, request: Request) -> Response:
        denied = self.state.trainer.need(request)
        if denied:
            return denied
        lang = request_lang(request)

        def work(lb: Leaderboard, found: WorkshopSession) -> Response:
            state, scenario = self._rounds_of(lb, found)
            if isinstance(state, Response):
                return state
            return JSONResponse({"month": rounds.next_month(state), "turns": scenario.turns,
                                 "levers": lever_menu(scenario, lang)})

        return self._with_session(request, work)

    async def inject(self, request: Request) -> Response:
        denied = self.state.trainer.need(request, changes=True)
        if denied:
            return denied
        data = await json_body(request, 4096)
        if isinstance(data, JSONResponse):
            return data

        def work(lb: Leaderboard, found: WorkshopSession) -> Response:
            state, scenario = self._rounds_of(lb, found)
            if isinstance(state, Response):
                return state

            def make(month: int, ident: str) -> Event:
                return build_event(scenario, data.get("lever"), data.get("target"), data.get("strength"),
                                   data.get("duration"), month, ident)

            try:
                event = rounds.inject(lb, found.code, scenario.turns, make)
            except ValueError as exc:
                return error(422, "bad_request", str(exc)[:300])
            return JSONResponse({"month": event.month, "event": event.model_dump(mode="json")}, status_code=201)

        return await in_thread(lambda: self._with_session(request, work))

    def console(self, request: Request) -> Response:
        lang = request_lang(request)
        with self.state.boards.borrow() as lb:
            found = self.state.codes.find(lb, request)
            if isinstance(found, JSONResponse):
                return HTMLResponse("no such session", status_code=found.status_code)
            shown = title(lb, found.scenario_id, lang)
        return HTMLResponse(console_page(found, shown, lang))

    # --- shared ---------------------------------------------------------------------------
    def _with_session(self, request: Request, work: Callable[[Leaderboard, WorkshopSession], Response]) -> Response:
        """``work`` on the session the path's join code names, with a borrowed connection (blocks: call it from a
        plain handler or in a thread); a RoundError becomes its 4xx."""
        with self.state.boards.borrow() as lb:
            found = self.state.codes.find(lb, request)
            if isinstance(found, JSONResponse):
                return found
            try:
                return work(lb, found)
            except rounds.RoundError as exc:
                return error(401 if exc.code == "no_participant" else 409, exc.code, exc.message)
            except ValueError as exc:
                return error(422, "bad_request", str(exc)[:300])

    def _rounds_of(self, lb: Leaderboard, found: WorkshopSession) -> tuple[rounds.RoundState | Response, Scenario]:
        scenario = session_scenario(lb, found.scenario_id)
        state = rounds.round_state(lb, found.code)
        if state is None or scenario is None:
            return error(409, "not_rounds", "this session is not run in rounds"), scenario  # type: ignore[return-value]
        return state, scenario

    def _round_json(self, lb: Leaderboard, found: WorkshopSession, trainer: bool) -> dict:
        scenario = session_scenario(lb, found.scenario_id)
        state = rounds.round_state(lb, found.code)
        data: dict = {"code": found.code, "mode": found.mode, "open": found.open,
                      "turns": scenario.turns if scenario else None, "seed": found.seed}
        if state is None:
            return data
        data.update(state.to_json())
        data["practice_seed"] = rounds.practice_seed(found.seed) if state.practice else None
        if trainer:
            data["people"] = rounds.people(lb, found.code)
        return data

    async def _trainer_change(self, request: Request, change: Callable[[Leaderboard, WorkshopSession, int],
                                                                       rounds.RoundState]) -> Response:
        denied = self.state.trainer.need(request, changes=True)
        if denied:
            return denied
        return await self._round_change(request, change)

    async def _round_change(self, request: Request, change: Callable[[Leaderboard, WorkshopSession, int],
                                                                     rounds.RoundState]) -> Response:
        def work(lb: Leaderboard, found: WorkshopSession) -> Response:
            state, scenario = self._rounds_of(lb, found)
            if isinstance(state, Response):
                return state
            change(lb, found, scenario.turns)
            self.state.cache.forget(found.code)   # the room's board shows the new phase at once
            return JSONResponse(self._round_json(lb, found, True))

        return await in_thread(lambda: self._with_session(request, work))
