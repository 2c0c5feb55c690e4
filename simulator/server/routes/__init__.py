"""The server's routes, one router per area: health and documentation, participants (sessions they join, uploads,
boards and entries as JSON), the trainer's API, and the HTML pages. Each router is handed the
:class:`~simulator.server.state.ServerState` it works with.

Handlers that touch the database are plain functions (Starlette runs them in its thread pool); an ``async`` handler
only reads its request on the event loop and sends every database call to a thread (:func:`.state.in_thread`), so
no handler ever blocks the loop.
"""
from __future__ import annotations

from starlette.routing import Route

from ..state import ServerState
from .health import HealthRoutes
from .pages import PageRoutes
from .participants import ParticipantRoutes
from .room import RoomRoutes
from .rounds import RoundRoutes
from .trainer import TrainerRoutes


def all_routes(state: ServerState) -> list[Route]:
    """Every route of the server, each area's router handed ``state``."""
    return [*PageRoutes(state).routes(), *HealthRoutes(state).routes(), *ParticipantRoutes(state).routes(),
            *TrainerRoutes(state).routes(), *RoundRoutes(state).routes(), *RoomRoutes(state).routes()]
