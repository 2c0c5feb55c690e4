"""The small pieces every handler uses: the API's error body, who the client is, reading a bounded body."""
from __future__ import annotations

import json

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse

MAX_ID = 2**63 - 1  # the largest entry id a database can hold; a bigger one names no entry


def error(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    """The API's error body: ``{"error": message, "code": code}``."""
    return JSONResponse({"error": message, "code": code}, status_code=status, headers=headers)


def client_of(request: Request) -> str:
    """The client's address as the guard worked it out (a trusted proxy's ``X-Forwarded-For``, else the peer)."""
    return request.scope.get("salesdesk.client") or (request.client.host if request.client else "?")


def foreign_origin(request: Request) -> JSONResponse | None:
    """403 for a change a page of another site sends (a browser names the page's origin in ``Origin``)."""
    origin = request.headers.get("origin")
    if origin is None:
        return None  # not from a browser page (the game, curl): nothing to forge
    ours = {f"{scheme}://{request.headers.get('host', '')}".lower() for scheme in ("http", "https")}
    if origin.lower() not in ours:
        return error(403, "foreign_origin", "a page of another site may not send this to the workshop server")
    return None


def not_json(request: Request) -> JSONResponse | None:
    """415 unless the body is announced as JSON (a form of another site cannot send that without asking first)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        return error(415, "not_json", "send the replay as `Content-Type: application/json` (the game does)")
    return None


def entry_id_or_404(request: Request) -> int | JSONResponse:
    """The path's entry id, or 404 when no database could hold it."""
    entry_id = request.path_params["entry_id"]
    if not 1 <= entry_id <= MAX_ID:
        return error(404, "no_entry", "no such entry on the board")
    return entry_id


async def read_limited(request: Request, limit: int) -> bytes | JSONResponse:
    """The request body, or 413 as soon as it passes ``limit`` bytes (announced or streamed)."""
    too_large = error(413, "too_large", f"the upload is larger than {limit // 1024} KiB; a replay is far smaller")
    announced = request.headers.get("content-length")
    if announced is not None:
        try:
            if int(announced) > limit:
                return too_large
        except ValueError:
            return error(400, "bad_request", "Content-Length is not a number")
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return too_large
            chunks.append(chunk)
    except ClientDisconnect:  # gone, or cut by the body deadline (slow.GuardedH11Protocol): nobody to answer
        return error(400, "disconnected", "the client went away before the whole body arrived")
    return b"".join(chunks)


async def json_body(request: Request, limit: int, allow_empty: bool = False) -> dict | JSONResponse:
    """The body as a JSON object (at most ``limit`` bytes), or the 4xx answer saying what is wrong with it."""
    body = await read_limited(request, limit)
    if isinstance(body, JSONResponse):
        return body
    if allow_empty and not body.strip():
        return {}
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return error(400, "bad_request", "the body must be a JSON object")
    if not isinstance(data, dict):
        return error(400, "bad_request", "the body must be a JSON object")
    return data
