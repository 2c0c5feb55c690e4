"""Who may do what: the trainer (a token in a header, or the login cookie) and participants (a join code).

Wrong tokens and unknown join codes are counted per client (:class:`~.guard.Strikes`): past the free ones, each
further try locks that client out for longer, and a locked-out client gets 429 whatever it sends.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import time

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..store.leaderboard import Leaderboard
from ..store.workshop import WorkshopSession, get_session
from .answers import client_of, error, foreign_origin
from .guard import Strikes

COOKIE = "salesdesk_trainer"


class TrainerAccess:
    """Tells the trainer from anyone else: the token printed at start-up, or a login cookie signed with it."""

    def __init__(self, token: str, strikes: Strikes, login_hours: float):
        self._secret = token.encode("utf-8")
        self.strikes = strikes
        self.login_hours = login_hours

    def token_matches(self, token: object) -> bool:
        """Whether ``token`` is the trainer's (compared in constant time)."""
        return isinstance(token, str) and hmac.compare_digest(token.encode("utf-8"), self._secret)

    def cookie_value(self, expires: int) -> str:
        """The login cookie valid until ``expires`` (seconds since the epoch)."""
        signature = hmac.new(self._secret, f"trainer-login:{expires}".encode(), hashlib.sha256).hexdigest()
        return f"{expires}.{signature}"

    def cookie_ok(self, value: str) -> bool:
        """Whether ``value`` is a login cookie of ours that has not expired."""
        expires, _, _ = value.partition(".")
        if not expires.isdigit() or int(expires) < time.time():
            return False
        return hmac.compare_digest(value.encode("utf-8"), self.cookie_value(int(expires)).encode("utf-8"))

    def check(self, request: Request) -> bool | JSONResponse:
        """True for the trainer (a token in a header, or the login cookie), False for anyone else; a client that
        has guessed wrong too often gets 429 whatever it sends. A token in the URL is never looked at."""
        client = client_of(request)
        wait = self.strikes.locked(client)
        if wait:
            return self.locked_out(wait)
        token = _token_given(request)
        if token:
            if self.token_matches(token):
                return True
            lock = self.strikes.fail(client)
            return self.locked_out(lock) if lock else False
        return self.cookie_ok(request.cookies.get(COOKIE, ""))

    def is_trainer(self, request: Request) -> bool:
        """Whether the trainer sent ``request``."""
        return self.check(request) is True

    def need(self, request: Request, changes: bool = False) -> JSONResponse | None:
        """None when the trainer sent ``request`` (from no other site's page, for a change), else the refusal."""
        checked = self.check(request)
        if isinstance(checked, JSONResponse):
            return checked
        if not checked:
            return error(401, "trainer_only", "this needs the trainer: log in on the trainer's page, or send the "
                         "token printed when the server started in the header `Authorization: Bearer TOKEN`",
                         {"WWW-Authenticate": "Bearer"})
        return foreign_origin(request) if changes else None

    def locked_out(self, wait: float) -> JSONResponse:
        """429 for a client that guessed the token wrong too often."""
        seconds = max(1, math.ceil(wait))
        return error(429, "locked_out", f"too many wrong trainer tokens from this address; try again in {seconds} s",
                     {"Retry-After": str(seconds)})


class JoinCodes:
    """Finds the session a join code names, counting the unknown codes each client tries."""

    def __init__(self, strikes: Strikes):
        self.strikes = strikes

    def find(self, lb: Leaderboard, request: Request) -> WorkshopSession | JSONResponse:
        """The session of the path's ``code`` (blocks: call it in a thread), or 404/429."""
        client = client_of(request)
        wait = self.strikes.locked(client)
        if wait:
            return self.locked_out(wait)
        found = get_session(lb, request.path_params["code"])
        if found is None:
            lock = self.strikes.fail(client)
            return self.locked_out(lock) if lock else error(
                404, "no_session", "there is no workshop session with this join code; check the code the trainer showed")
        return found

    @staticmethod
    def locked_out(wait: float) -> JSONResponse:
        """429 for a client that tried too many unknown codes."""
        seconds = max(1, math.ceil(wait))
        return error(429, "locked_out", f"too many unknown join codes from this address; try again in {seconds} s",
                     {"Retry-After": str(seconds)})


def _token_given(request: Request) -> str:
    given = request.headers.get("authorization", "")
    return given[7:].strip() if given.lower().startswith("bearer ") else request.headers.get("x-trainer-token", "")
