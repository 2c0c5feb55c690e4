"""Health and documentation: ``/api/health``, ``/openapi.json``, ``/docs/api``."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from ..openapi import openapi_document
from ..state import ServerState


class HealthRoutes:
    """Whether the server and its database answer; what the API is."""

    def __init__(self, state: ServerState):
        self.state = state

    def routes(self) -> list[Route]:
        """This area's routes."""
        return [Route("/docs/api", self.api_docs), Route("/openapi.json", self.openapi),
                Route("/api/health", self.health)]

    def health(self, request: Request) -> JSONResponse:
        boards, pool = self.state.boards, self.state.pool
        with boards.borrow() as lb:
            lb.count()
            kind = getattr(lb.database, "kind", "sqlite")
        return JSONResponse({"ok": True, "database": kind, "workers": pool.size, "waiting": pool.waiting,
                             "connections": boards.open_connections})

    def openapi(self, request: Request) -> JSONResponse:
        return JSONResponse(openapi_document())

    def api_docs(self, request: Request) -> HTMLResponse:
        return HTMLResponse('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sales Desk API</title></head>'
                            '<body><h1>Sales Desk workshop server API</h1><p>OpenAPI 3.1 description: '
                            '<a href="/openapi.json">/openapi.json</a>; guide: docs/workshop-server.md in the '
                            'repository.</p></body></html>')
