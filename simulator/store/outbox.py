"""The game's outbox: replays waiting to be sent to a workshop server, kept on disk until the server has them.

"Send to workshop" first writes the replay here, then tries to upload it; only when the server
answers that it has the game (ranked now, or already) is the file removed. A server that cannot be
reached (no network, the trainer's laptop asleep, the server busy) leaves the file waiting; it is
sent on the next start of the game or when the player asks. A server that refuses the replay
(another session's seed, a closed session, a copy of a colleague's game) gives its reason; the
file then moves to ``refused/`` beside the outbox, kept for the trainer, and is not sent again.

Uploads use the standard library (``urllib``), so the game needs nothing the server extras bring.
"""
from __future__ import annotations

import contextlib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..scenario.reading import read_regular
from .entries import utc_now
from .files import write_atomic
from .replay import MAX_REPLAY_BYTES, Replay

if TYPE_CHECKING:
    from .head_replay import HeadReplay

SENT, WAITING, REFUSED = "sent", "waiting", "refused"
MAX_SERVER = 200
MAX_CODE = 32
TIMEOUT = 5.0


@dataclass(frozen=True)
class SendResult:
    """What happened to one replay: ``sent`` (on the board), ``waiting`` (try later) or ``refused`` (with why)."""

    status: str
    message: str
    rank: int | None = None
    score: float | None = None
    board: str | None = None
    created: bool = False
    code: str | None = None  # the server's refusal code (``score_mismatch``, ``wrong_session``, ...)


def clean_server(text: str) -> str:
    """A server address as typed (``192.168.1.5:8765``, ``http://host:8765/``) as a base URL; '' if empty.

    Raises ValueError for anything that is not an http(s) address.
    """
    text = (text or "").strip()
    if not text:
        return ""
    if len(text) > MAX_SERVER:
        raise ValueError(f"the server address is longer than {MAX_SERVER} characters")
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text):
        text = "http://" + text
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("the server address must look like 192.168.1.5:8765 or http://host:8765")
    try:
        _ = parts.port  # raises on a port that is not a number 0..65535
    except ValueError:
        raise ValueError("the port in the server address is not a number from 0 to 65535") from None
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def clean_code(text: str) -> str:
    """A join code as typed, in the server's form (letters and digits, upper case)."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:MAX_CODE]


@dataclass(frozen=True)
class JoinedSession:
    """A workshop session as the game joins it: where to send the game, and what to play."""

    server: str
    code: str
    scenario_id: str
    seed: int
    group: str
    open: bool
    mode: str = "free"  # "rounds": the trainer runs the months in lockstep (store.rounds_client)


def parse_join_address(text: str) -> tuple[str, str]:
    """``(server, code)`` from the address a session's board shows (``http://192.168.1.5:8765/join/K7QF2MX9PA``).

    Raises ValueError, saying what a join address looks like, for anything else."""
    shape = "a join address looks like http://192.168.1.5:8765/join/K7QF2MX9PA (the board and `serve` show it)"
    text = (text or "").strip()
    base, marker, code = text.rstrip("/").rpartition("/join/")
    if not marker or not clean_code(code) or clean_code(code) != code.upper():
        raise ValueError(shape)
    try:
        server = clean_server(base)
    except ValueError as exc:
        raise ValueError(f"{exc}; {shape}") from None
    if not server:
        raise ValueError(shape)
    return server, clean_code(code)


def fetch_session(server: str, code: str, timeout: float = TIMEOUT) -> JoinedSession:
    """The session ``code`` on ``server`` (``GET /api/sessions/CODE``).

    Raises LookupError when the server has no such session, ConnectionError when it cannot be reached or does not
    answer as a workshop server; the message says which, in words for the player."""
    url = f"{server}/api/sessions/{urllib.parse.quote(code)}"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = _json(response.read())
    except urllib.error.HTTPError as exc:
        data = _json(exc.read())
        if exc.code == 404 and data.get("code") == "no_session":
            raise LookupError(f"the workshop server at {server} has no session {code}; check the address the "
                              "trainer showed") from None
        raise ConnectionError(f"{server} did not answer as a workshop server (HTTP {exc.code}: "
                              f"{_short(str(data.get('error') or exc.reason))})") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ConnectionError(f"cannot reach the workshop server at {server} ({_short(str(reason))}); is this "
                              "laptop on the trainer's network, and is the server running?") from None
    scenario, seed, group = data.get("scenario"), data.get("seed"), data.get("group", "")
    if not isinstance(scenario, str) or isinstance(seed, bool) or not isinstance(seed, int) \
            or not isinstance(group, str):
        raise ConnectionError(f"{server} did not answer as a workshop server (no session data)")
    mode = "rounds" if data.get("mode") == "rounds" else "free"
    return JoinedSession(server, code, scenario, seed, group, data.get("open") is not False, mode)


def upload(server: str, code: str, body: bytes, timeout: float = TIMEOUT) -> SendResult:
    """POST one replay to ``server``'s session ``code``; never raises for a network or server problem."""
    try:
        base = clean_server(server)
    except ValueError as exc:
        return SendResult(WAITING, str(exc))
    code = clean_code(code)
    if not base or not code:
        return SendResult(WAITING, "no workshop server address or join code in the settings")
    url = f"{base}/api/sessions/{urllib.parse.quote(code)}/replays"
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", "User-Agent": "sales-desk-game"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = _json(response.read())
            status = response.status
    except urllib.error.HTTPError as exc:
        data = _json(exc.read())
        status = exc.code
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return SendResult(WAITING, f"the server {base} does not answer ({_short(reason)})")
    if status in (200, 201):
        given = data.get("entry")
        entry = given if isinstance(given, dict) else {}
        board = data.get("board")
        return SendResult(SENT, "on the board", rank=_rank(base, code, entry.get("id")),
                          score=entry.get("score") if isinstance(entry.get("score"), (int, float)) else None,
                          board=f"{base}{board}" if isinstance(board, str) and board.startswith("/") else None,
                          created=status == 201)
    message = data.get("error") if isinstance(data.get("error"), str) else f"HTTP {status}"
    if status in (408, 425, 429) or status >= 500:
        return SendResult(WAITING, f"the server is busy or unwell ({_short(message)})")
    if status == 404 and data.get("code") != "no_session":
        return SendResult(WAITING, f"{base} is not a Sales Desk workshop server (HTTP 404)")
    code_given = data.get("code") if isinstance(data.get("code"), str) else None
    return SendResult(REFUSED, _short(message, 300), code=code_given)


def _rank(base: str, code: str, entry_id: object) -> int | None:
    """The entry's place on the session's board (one short extra request; None if it cannot be had)."""
    if not isinstance(entry_id, int):
        return None
    try:
        with urllib.request.urlopen(f"{base}/api/sessions/{urllib.parse.quote(code)}/board?anonymous=1",
                                    timeout=TIMEOUT) as response:
            data = _json(response.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None
    for row in data.get("entries", []) if isinstance(data.get("entries"), list) else []:
        if isinstance(row, dict) and row.get("id") == entry_id:
            return row.get("rank") if isinstance(row.get("rank"), int) else None
    return None


def _json(raw: bytes) -> dict:
    try:
        data = json.loads(raw[:1_000_000].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _short(reason: object, limit: int = 120) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(reason)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Item:
    """One waiting replay: its file, where it goes, and the last attempt's message."""

    path: Path
    server: str
    code: str
    player: str
    scenario_id: str
    queued_at: str
    attempts: int
    last_error: str | None


class Outbox:
    """The outbox folder (``outbox/`` in the data folder); each waiting replay is one JSON file."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @property
    def refused_folder(self) -> Path:
        return self.folder / "refused"

    def add(self, rep: Replay | HeadReplay, server: str, code: str) -> Path:
        """Keep ``rep`` (a desk game's replay or a head game's) until it is sent to ``server``'s session ``code``;
        returns its file."""
        name = f"{utc_now().replace(':', '')}-{uuid.uuid4().hex[:8]}.json"
        path = self.folder / name
        write_atomic(path, json.dumps({"server": clean_server(server), "code": clean_code(code), "queued_at": utc_now(),
                                       "attempts": 0, "last_error": None, "replay": rep.to_json()},
                                      ensure_ascii=False))
        return path

    def pending(self) -> list[Item]:
        """Waiting replays, oldest first (a damaged file is skipped, and left where it is)."""
        items = []
        try:
            paths = sorted(p for p in self.folder.glob("*.json") if p.is_file())
        except OSError:
            return []
        for path in paths:
            item = self._read(path)
            if item is not None:
                items.append(item[0])
        return items

    def _read(self, path: Path) -> tuple[Item, dict] | None:
        try:
            data = json.loads(read_regular(path, MAX_REPLAY_BYTES + 4096).decode("utf-8"))
            replay = data["replay"]
            item = Item(path, str(data["server"]), str(data["code"]), str(replay.get("player", "")),
                        str(replay.get("scenario", {}).get("id", "")), str(data.get("queued_at", "")),
                        int(data.get("attempts", 0)), data.get("last_error"))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return item, data

    def send(self, item: Item, timeout: float = TIMEOUT) -> SendResult:
        """Try to upload one waiting replay; removes it when sent, moves it to ``refused/`` when refused."""
        read = self._read(item.path)
        if read is None:
            return SendResult(WAITING, f"{item.path.name} could not be read; it was left in the outbox")
        _, data = read
        body = json.dumps(data["replay"], ensure_ascii=False).encode("utf-8")
        result = upload(data["server"], data["code"], body, timeout)
        if result.status == SENT:
            with contextlib.suppress(FileNotFoundError):
                item.path.unlink()
        elif result.status == REFUSED:
            data["last_error"] = result.message
            self.refused_folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.refused_folder / item.path.name, json.dumps(data, ensure_ascii=False))
            item.path.unlink(missing_ok=True)
        else:
            data["attempts"] = int(data.get("attempts", 0)) + 1
            data["last_error"] = result.message
            with contextlib.suppress(OSError):
                write_atomic(item.path, json.dumps(data, ensure_ascii=False))
        return result

    def flush(self, timeout: float = TIMEOUT) -> list[tuple[Item, SendResult]]:
        """Send every waiting replay; after a server does not answer, its other replays wait too (no long stall)."""
        results, unreachable = [], set()
        for item in self.pending():
            if item.server in unreachable:
                continue
            result = self.send(item, timeout)
            results.append((item, result))
            if result.status == WAITING:
                unreachable.add(item.server)
        return results

    def refused(self) -> int:
        """How many replays a server refused (kept in ``refused/``)."""
        try:
            return sum(1 for p in self.refused_folder.glob("*.json") if p.is_file())
        except OSError:
            return 0


def default_outbox() -> Outbox:
    """The outbox in the user's data folder."""
    from . import paths

    return Outbox(paths.data_dir() / "outbox")


__all__ = ["Item", "Outbox", "REFUSED", "SENT", "SendResult", "WAITING", "clean_code", "clean_server", "upload",
           "default_outbox"]
