"""The room around the board: teams (join, propose a month's plan, choose the team's plan) and the trainer's debrief
deck. Team actions are a participant's, with the session's join code (as uploads are); the deck is the trainer's."""
from __future__ import annotations

import time

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ...store import teams
from ...store.deck import DeckError, build_deck
from ...store.deck_html import deck_html
from ...store.leaderboard import Leaderboard
from ...store.workshop import WorkshopSession
from ..answers import error, foreign_origin, json_body, not_json
from ..state import ServerState, in_thread
from ..texts import request_lang

STATUS = {"team_full": 409, "name_taken": 409, "already_chosen": 409, "not_member": 403, "no_proposal": 409,
          "too_few": 409, "bad_plan": 422, "bad_name": 422}


class RoomRoutes:
    """Teams and the debrief deck."""

    def __init__(self, state: ServerState):
        self.state = state

    def routes(self) -> list[Route]:
        """This area's routes."""
        return [Route("/api/sessions/{code}/teams", self.teams_list, methods=["GET"]),
                Route("/api/sessions/{code}/teams", self.team_join, methods=["POST"]),
                Route("/api/sessions/{code}/teams/{team}/months/{month}", self.team_month, methods=["GET"]),
                Route("/api/sessions/{code}/teams/{team}/months/{month}/proposals", self.team_propose,
                      methods=["POST"]),
                Route("/api/sessions/{code}/teams/{team}/months/{month}/choice", self.team_choose,
                      methods=["POST"]),
                Route("/api/sessions/{code}/teams/{team}/record", self.team_record, methods=["GET"]),
                Route("/api/sessions/{code}/deck.html", self.deck)]

    # --- teams ---------------------------------------------------------------
    @staticmethod
    def _month(request: Request) -> int | None:
        """The path's month (1..240), or None."""
        text = request.path_params["month"]
        return int(text) if text.isdigit() and 1 <= int(text) <= 240 else None

    def _session(self, lb: Leaderboard, request: Request) -> WorkshopSession | JSONResponse:
        return self.state.codes.find(lb, request)

    def teams_list(self, request: Request) -> JSONResponse:
        with self.state.boards.borrow() as lb:
            found = self._session(lb, request)
            if isinstance(found, JSONResponse):
                return found
            return JSONResponse({"teams": [t.to_json() for t in teams.session_teams(lb, found.code)]})

    async def team_join(self, request: Request) -> JSONResponse:
        """``{"team", "member"}``: the member joins (or founds) the team."""
        return await self._act(request, lambda lb, s, data: teams.join_team(lb, s.code, data.get("team"),
                                                                            data.get("member")).to_json(), 201)

    async def team_propose(self, request: Request) -> JSONResponse:
        """``{"member", "plan"}``: the member's proposal for the month (a plan as a replay holds it)."""
        month = self._month(request)
        if month is None:
            return error(422, "bad_request", "the month must be a number from 1")

        def act(lb: Leaderboard, s: WorkshopSession, data: dict) -> dict:
            teams.propose(lb, s.code, request.path_params["team"], month, data.get("member"), data.get("plan"))
            return teams.team_month(lb, s.code, request.path_params["team"], month).to_json()
        return await self._act(request, act, 201)

    async def team_choose(self, request: Request) -> JSONResponse:
        """``{"chosen", "by"}``: the team takes ``chosen``'s proposal; the first choice stands."""
        month = self._month(request)
        if month is None:
            return error(422, "bad_request", "the month must be a number from 1")
        return await self._act(request, lambda lb, s, data: teams.choose(
            lb, s.code, request.path_params["team"], month, data.get("chosen"), data.get("by")).to_json(), 200)

    def team_month(self, request: Request) -> JSONResponse:
        month = self._month(request)
        if month is None:
            return error(422, "bad_request", "the month must be a number from 1")
        with self.state.boards.borrow() as lb:
            found = self._session(lb, request)
            if isinstance(found, JSONResponse):
                return found
            return JSONResponse(teams.team_month(lb, found.code, request.path_params["team"], month).to_json())

    def team_record(self, request: Request) -> JSONResponse:
        """The team's record so far: what its replay carries (``team``)."""
        with self.state.boards.borrow() as lb:
            found = self._session(lb, request)
            if isinstance(found, JSONResponse):
                return found
            rec = teams.record(lb, found.code, request.path_params["team"])
        if rec is None:
            return error(404, "no_team", "there is no such team in this session")
        return JSONResponse(rec.to_json())

    async def _act(self, request: Request, act, status: int) -> JSONResponse:  # type: ignore[no-untyped-def]
        refused = foreign_origin(request) or not_json(request)
        if refused:
            return refused
        data = await json_body(request, teams.MAX_PLAN_BYTES + 4096)
        if isinstance(data, JSONResponse):
            return data
        state = self.state

        def run() -> dict | JSONResponse:
            with state.boards.borrow() as lb:
                found = state.codes.find(lb, request)
                if isinstance(found, JSONResponse):
                    return found
                if not found.open:
                    return error(409, "session_closed", "the trainer closed this session")
                try:
                    return act(lb, found, data)
                except teams.TeamError as exc:
                    return error(STATUS.get(exc.code, 409), exc.code, exc.message)

        answer = await in_thread(run)
        return answer if isinstance(answer, JSONResponse) else JSONResponse(answer, status_code=status)

    # --- the debrief deck ---------------------------------------------------
    def deck(self, request: Request) -> Response:
        """The session's debrief deck (trainer): built from its games, every fork re-simulated, in a worker thread
        (Starlette runs this plain handler off the event loop)."""
        denied = self.state.trainer.need(request)
        if denied:
            return denied
        lang = request_lang(request)
        started = time.monotonic()
        with self.state.boards.borrow() as lb:
            found = self.state.codes.find(lb, request)
            if isinstance(found, JSONResponse):
                return found
            try:
                built = teams.team_reviews(lb, found.code, build_deck(lb, found.scenario_id, found.group, found.seed))
            except DeckError as exc:
                return error(404, "no_games", str(exc))
        page = deck_html(built, lang)
        return HTMLResponse(page, headers={"Content-Disposition": f'inline; filename="debrief-{found.code}.html"',
                                           "X-Built-Seconds": f"{time.monotonic() - started:.2f}"})
