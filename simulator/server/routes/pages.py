"""The HTML pages: the start page, the trainer's page, the live board, an entry's review."""
from __future__ import annotations

from dataclasses import replace

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ...store.entries import BOARD_KPIS
from ...store.export_html import html_report
from ...store.leaderboard import Board
from ...store.team_html import team_html
from ...store.workshop import normalise_code
from .. import pages
from ..answers import entry_id_or_404
from ..board_data import anonymous_entry, columns, session_scenario, title, visible_entry, with_rank
from ..learning import reflection_html
from ..state import ServerState
from ..texts import request_lang, t
from ..trainer import trainer_page


class PageRoutes:
    """The pages people open in a browser (every text a participant controls is escaped)."""

    def __init__(self, state: ServerState):
        self.state = state

    def routes(self) -> list[Route]:
        """This area's routes."""
        return [Route("/", self.index), Route("/board", self.board_by_query), Route("/trainer", self.trainer_html),
                Route("/board/{code}", self.board_html), Route("/join/{code}", self.join_html),
                Route("/entries/{entry_id:int}", self.entry_html)]

    def index(self, request: Request) -> HTMLResponse:
        return HTMLResponse(pages.index_page(request_lang(request)))

    def trainer_html(self, request: Request) -> HTMLResponse:
        lang = request_lang(request)
        scenarios = sorted({(sc.id, sc.title.get(lang)) for sc in self.state.boards.library.scenarios()})
        return HTMLResponse(trainer_page(lang, scenarios))

    def board_by_query(self, request: Request) -> Response:
        code = normalise_code(request.query_params.get("code", ""))
        lang = request_lang(request)
        return RedirectResponse(f"/board/{code}?lang={lang}", status_code=303)

    def board_html(self, request: Request) -> HTMLResponse:
        lang = request_lang(request)
        with self.state.boards.borrow() as lb:
            found = self.state.codes.find(lb, request)
            if isinstance(found, JSONResponse):
                return _no_session_page(found, lang)
            kpi = request.query_params.get("kpi", "score")
            kpi = kpi if kpi in BOARD_KPIS else "score"
            anonymous = request.query_params.get("anonymous", "") in ("1", "true", "yes") or found.anonymous
            kind, extra = columns(lb, found.scenario_id)
            shown_title = title(lb, found.scenario_id, lang)
        join_url = f"{self.state.join_base(request)}/join/{found.code}"
        poll = request.query_params.get("poll", "") in ("1", "true", "yes")
        return HTMLResponse(pages.board_page(found, shown_title, lang, kpi, anonymous, columns=extra,
                                             kind=kind, join_url=join_url,
                                             theme=request.query_params.get("theme"), poll=poll))

    def join_html(self, request: Request) -> HTMLResponse:
        lang = request_lang(request)
        with self.state.boards.borrow() as lb:
            found = self.state.codes.find(lb, request)
            if isinstance(found, JSONResponse):
                return _no_session_page(found, lang)
            shown_title = title(lb, found.scenario_id, lang)
        base = self.state.join_base(request)
        return HTMLResponse(pages.join_page(found, shown_title, lang, f"{base}/join/{found.code}", base))

    def entry_html(self, request: Request) -> HTMLResponse:
        lang = request_lang(request)
        entry_id = entry_id_or_404(request)
        if isinstance(entry_id, JSONResponse):
            return HTMLResponse(pages.message_page("no such entry on the board", lang), status_code=404)
        with self.state.boards.borrow() as lb:
            entry = visible_entry(lb, entry_id)
            if entry is None:
                return HTMLResponse(pages.message_page("no such entry on the board", lang), status_code=404)
            entry = with_rank(lb, entry)
            named = self.state.trainer.is_trainer(request) or not anonymous_entry(lb, entry)
            if not named:
                entry = replace(entry, player=f"{t('participant', lang)} {entry.rank or ''}".strip())
            one = Board(entry.scenario_id, entry.scenario_version, "score", [entry])
            titles = {(entry.scenario_id, entry.scenario_version): title(lb, entry.scenario_id, lang)}
            page = html_report([one], lambda e: lb.review_any(e.id), lang, None, titles)
            team = getattr(lb.stored_replay(entry_id), "team", None)  # a team's game: who proposed what
            if team is not None and named:  # an anonymous session names nobody, members neither
                page = page.replace("</body>", team_html(team, session_scenario(lb, entry.scenario_id), lang)
                                    + "</body>", 1)
            if self.state.trainer.is_trainer(request):   # the reflection is for the trainer's review
                page = page.replace("</body>", reflection_html(lb, entry, lang) + "</body>", 1)
            return HTMLResponse(page)


def _no_session_page(refused: JSONResponse, lang: str) -> HTMLResponse:
    """The page for a join code that names no open session: the API's status (and its Retry-After, when codes
    are being guessed), in words."""
    return HTMLResponse(pages.message_page(t("no_session", lang), lang), status_code=refused.status_code,
                        headers={k: v for k, v in refused.headers.items() if k.lower() == "retry-after"})
