"""What only the trainer does: log in, open, list and close sessions, hide and delete entries, export a board."""
from __future__ import annotations

import time
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ...store.export_csv import csv_text
from ...store.export_html import html_report
from ...store.leaderboard import Leaderboard
from ...store.learning_record import csv_text as learning_csv
from ...store.replay import MAX_NAME, MAX_SEED
from ...store.workshop import WorkshopSession, close_session, create_session, list_sessions
from ..access import COOKIE
from ..answers import client_of, entry_id_or_404, error, foreign_origin, json_body, not_json
from ..board_data import session_boards, title
from ..learning import group_records, learning_json
from ..state import ServerState, in_thread
from ..texts import request_lang


class TrainerRoutes:
    """The trainer's API (every route but login and logout needs the trainer)."""

    def __init__(self, state: ServerState):
        self.state = state

    def routes(self) -> list[Route]:
        """This area's routes."""
        return [Route("/api/trainer/login", self.login, methods=["POST"]),
                Route("/api/trainer/logout", self.logout, methods=["POST"]),
                Route("/api/sessions", self.sessions_create, methods=["POST"]),
                Route("/api/sessions", self.sessions_list, methods=["GET"]),
                Route("/api/sessions/{code}/close", self.session_close, methods=["POST"]),
                Route("/api/sessions/{code}/export.csv", self.export_csv),
                Route("/api/sessions/{code}/export.html", self.export_html),
                Route("/api/sessions/{code}/learning", self.learning),
                Route("/api/sessions/{code}/learning.csv", self.learning_csv),
                Route("/api/entries/{entry_id:int}", self.entry_delete, methods=["DELETE"]),
                Route("/api/entries/{entry_id:int}/hide", self.entry_hide, methods=["POST"])]

    async def login(self, request: Request) -> JSONResponse:
        trainer, hours = self.state.trainer, self.state.config.login_hours
        refused = foreign_origin(request) or not_json(request)
        if refused:
            return refused
        client = client_of(request)
        wait = trainer.strikes.locked(client)
        if wait:
            return trainer.locked_out(wait)
        data = await json_body(request, 4096)
        if isinstance(data, JSONResponse):
            return data
        if not trainer.token_matches(data.get("token")):
            lock = trainer.strikes.fail(client)
            return trainer.locked_out(lock) if lock else error(401, "trainer_only", "the token was not accepted")
        expires = int(time.time() + hours * 3600)
        response = JSONResponse({"trainer": True, "expires": expires})
        response.set_cookie(COOKIE, trainer.cookie_value(expires), max_age=int(hours * 3600), path="/",
                            httponly=True, samesite="strict", secure=request.url.scheme == "https")
        return response

    def logout(self, request: Request) -> JSONResponse:
        response = JSONResponse({"trainer": False})
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response

    async def sessions_create(self, request: Request) -> JSONResponse:
        boards = self.state.boards
        denied = self.state.trainer.need(request, changes=True)
        if denied:
            return denied
        data = await json_body(request, 64 * 1024)
        if isinstance(data, JSONResponse):
            return data
        scenario_id, seed, group = data.get("scenario"), data.get("seed", 1), data.get("group", "")
        anonymous, in_rounds = data.get("anonymous", False), data.get("rounds", False)
        if not isinstance(scenario_id, str) or not scenario_id:
            return error(422, "bad_request", "`scenario` must be a scenario id, e.g. \"certification\"")
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            return error(422, "bad_request", "`seed` must be a whole number from 0 to 2^63-1")
        if not isinstance(group, str) or len(group) > MAX_NAME:
            return error(422, "bad_request", f"`group` must be text of at most {MAX_NAME} characters")
        if not isinstance(anonymous, bool):
            return error(422, "bad_request", "`anonymous` must be true or false")
        if not isinstance(in_rounds, bool):
            return error(422, "bad_request", "`rounds` must be true or false")
        known = await in_thread(lambda: {s.id: s for s in boards.library.scenarios()})
        if scenario_id not in known:
            return error(422, "unknown_scenario", f"no scenario `{scenario_id[:80]}` here; known: {', '.join(sorted(known))}")
        if in_rounds and known[scenario_id].team is not None:
            return error(422, "bad_request", "rounds are for desk scenarios; a head-of-sales game is played at "
                         "its own pace")

        def create() -> WorkshopSession:
            with boards.borrow() as lb:
                return create_session(lb, scenario_id, seed, group, anonymous=anonymous,
                                      mode="rounds" if in_rounds else "free")

        created = await in_thread(create)
        return JSONResponse({**created.to_json(), "board": f"/board/{created.code}"}, status_code=201)

    def sessions_list(self, request: Request) -> JSONResponse:
        denied = self.state.trainer.need(request)
        if denied:
            return denied
        with self.state.boards.borrow() as lb:
            return JSONResponse({"sessions": [s.to_json() for s in list_sessions(lb)]})

    def session_close(self, request: Request) -> JSONResponse:
        denied = self.state.trainer.need(request, changes=True)
        if denied:
            return denied
        with self.state.boards.borrow() as lb:
            found = close_session(lb, request.path_params["code"])
        if found is None:
            return error(404, "no_session", "there is no workshop session with this join code")
        return JSONResponse(found.to_json())

    async def entry_hide(self, request: Request) -> JSONResponse:
        entry_id = self._entry_to_change(request)
        if isinstance(entry_id, JSONResponse):
            return entry_id
        data = await json_body(request, 1024, allow_empty=True)
        if isinstance(data, JSONResponse):
            return data
        hidden = data.get("hidden", True)
        if not isinstance(hidden, bool):
            return error(422, "bad_request", "`hidden` must be true or false")
        return await self._change_entry(entry_id, lambda lb: lb.hide(entry_id, hidden), {"hidden": hidden})

    async def entry_delete(self, request: Request) -> JSONResponse:
        entry_id = self._entry_to_change(request)
        if isinstance(entry_id, JSONResponse):
            return entry_id
        return await self._change_entry(entry_id, lambda lb: lb.delete(entry_id), {"deleted": True})

    def _entry_to_change(self, request: Request) -> int | JSONResponse:
        """The entry id a trainer's change names, or the answer refusing it (no trainer login, a bad id)."""
        denied = self.state.trainer.need(request, changes=True)
        return denied if denied else entry_id_or_404(request)

    async def _change_entry(self, entry_id: int, change: Callable[[Leaderboard], None],
                            done: dict[str, bool]) -> JSONResponse:
        """Apply ``change`` to the board off the event loop; 404 for an entry that is not there."""
        boards = self.state.boards

        def apply() -> None:
            with boards.borrow() as lb:
                change(lb)

        try:
            await in_thread(apply)
        except KeyError:
            return error(404, "no_entry", "no such entry")
        self.state.cache.forget()
        return JSONResponse({"id": entry_id, **done})

    def export_csv(self, request: Request) -> Response:
        denied = self.state.trainer.need(request)
        if denied:
            return denied
        with self.state.boards.borrow() as lb:
            found = self.state.codes.find(lb, request)
            if isinstance(found, JSONResponse):
                return found
            text = csv_text(session_boards(lb, found))
        return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="board-{found.code}.csv"'})

    async def learning(self, request: Request) -> JSONResponse:
        """The group's learning record: lessons weakest first with their evidence, participants, reflections (each
        game re-simulated off the event loop)."""
        denied = self.state.trainer.need(request)
        if denied:
            return denied
        lang, boards = request_lang(request), self.state.boards

        def build() -> dict | JSONResponse:
            with boards.borrow() as lb:
                found = self.state.codes.find(lb, request)
                if isinstance(found, JSONResponse):
                    return found
                return learning_json(group_records(lb, found), lang)

        data = await in_thread(build)
        return data if isinstance(data, JSONResponse) else JSONResponse(data)

    async def learning_csv(self, request: Request) -> Response:
        """The group's learning records as CSV, one row per participant and lesson (docs/learning.md)."""
        denied = self.state.trainer.need(request)
        if denied:
            return denied
        boards = self.state.boards

        def build() -> tuple[str, str] | JSONResponse:
            with boards.borrow() as lb:
                found = self.state.codes.find(lb, request)
                if isinstance(found, JSONResponse):
                    return found
                return found.code, learning_csv(group_records(lb, found))

        made = await in_thread(build)
        if isinstance(made, JSONResponse):
            return made
        code, text = made
        return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="learning-{code}.csv"'})

    def export_html(self, request: Request) -> Response:
        denied = self.state.trainer.need(request)
        if denied:
            return denied
        lang = request_lang(request)
        with self.state.boards.borrow() as lb:
            found = self.state.codes.find(lb, request)
            if isinstance(found, JSONResponse):
                return found
            ranked = session_boards(lb, found)
            titles = {(b.scenario_id, b.scenario_version): title(lb, b.scenario_id, lang) for b in ranked}
            filters = {"group": found.group, "seed": str(found.seed), "session": found.code}
            page = html_report(ranked, lambda e: lb.review_any(e.id), lang, filters, titles)
        return HTMLResponse(page, headers={"Content-Disposition": f'attachment; filename="board-{found.code}.html"'})
