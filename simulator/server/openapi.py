"""The JSON API's OpenAPI 3.1 description (served at ``/openapi.json``; explained in docs/workshop-server.md)."""
from __future__ import annotations

from ..locale.languages import languages
from ..store.entries import BOARD_KPIS
from .openapi_room import room_paths

ERROR = {"$ref": "#/components/schemas/Error"}


def _response(description: str, schema: dict | None = None, media: str = "application/json") -> dict:
    out: dict = {"description": description}
    if schema is not None:
        out["content"] = {media: {"schema": schema}}
    return out


def _errors(*codes: int) -> dict:
    words = {400: "Malformed request", 401: "Trainer token missing or wrong", 404: "No such session or entry",
             403: "A page of another site sent this (its `Origin` is not this server)",
             409: "Session closed, or a copy of another player's game", 413: "Upload too large",
             415: "Not sent as `Content-Type: application/json`",
             422: "Refused: the reason is in `error`, its kind in `code`",
             429: "Too many uploads, wrong trainer tokens or unknown join codes from this address; wait `Retry-After`",
             503: "Busy, or the database is unavailable; retry after `Retry-After` seconds"}
    return {str(c): _response(words[c], ERROR) for c in codes}


CODE = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}, "description": "join code"}
ENTRY_ID = {"name": "entry_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def lang_parameter() -> dict:
    """The ``lang`` query parameter: a code of a language with a catalogue (see simulator.locale.languages)."""
    return {"name": "lang", "in": "query", "schema": {"type": "string", "enum": list(languages())}}


TRAINER: list[dict[str, list[str]]] = [{"trainer": []}, {"trainer_cookie": []}]


def openapi_document() -> dict:
    """The OpenAPI document of every route under ``/api``."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Sales Desk workshop server", "version": "1",
                 "description": "Upload replays to a workshop session, read its live board. Trainer actions need "
                                "`Authorization: Bearer TOKEN` (the token `serve` prints at start-up) or the cookie "
                                "`POST /api/trainer/login` sets. A token in a URL is never accepted."},
        "paths": {
            "/api/health": {"get": {"summary": "The server and its database answer",
                                    "responses": {"200": _response("OK", {"type": "object"}), **_errors(503)}}},
            "/api/trainer/login": {"post": {
                "summary": "Log the trainer in: the token once, then an HttpOnly, SameSite=Strict cookie",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["token"], "properties": {"token": {"type": "string"}}}}}},
                "responses": {"200": _response("Logged in (the cookie `salesdesk_trainer` is set)", {"type": "object"}),
                              **_errors(400, 401, 403, 415, 429)}}},
            "/api/trainer/logout": {"post": {
                "summary": "Forget the trainer's login cookie",
                "responses": {"200": _response("Logged out", {"type": "object"})}}},
            "/api/sessions": {
                "post": {"summary": "Open a workshop session (trainer)", "security": TRAINER,
                         "requestBody": {"required": True, "content": {"application/json": {"schema": {
                             "$ref": "#/components/schemas/NewSession"}}}},
                         "responses": {"201": _response("The session with its join code",
                                                        {"$ref": "#/components/schemas/Session"}),
                                       **_errors(400, 401, 422)}},
                "get": {"summary": "Every session (trainer)", "security": TRAINER,
                        "responses": {"200": _response("Sessions, newest first", {"type": "object", "properties": {
                            "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}}}}),
                            **_errors(401)}}},
            "/api/sessions/{code}": {"get": {"summary": "A session by its join code", "parameters": [CODE],
                                             "responses": {"200": _response("The session", {
                                                 "$ref": "#/components/schemas/Session"}), **_errors(404)}}},
            "/api/sessions/{code}/close": {"post": {
                "summary": "Stop accepting uploads (trainer)", "parameters": [CODE], "security": TRAINER,
                "responses": {"200": _response("The closed session", {"$ref": "#/components/schemas/Session"}),
                              **_errors(401, 404)}}},
            "/api/sessions/{code}/replays": {"post": {
                "summary": "Upload a replay: verified by re-simulation, then ranked",
                "description": "The body is the replay file as the game writes it: a desk game's "
                               "(`sales-desk-replay`) or a head-of-sales game's (`sales-desk-head-replay`, for a "
                               "session of a head scenario). The session's scenario and seed must match; the session "
                               "sets the group. The same game again returns 200 with the existing entry.",
                "parameters": [CODE],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": {"201": _response("Verified and ranked", {"$ref": "#/components/schemas/Upload"}),
                              "200": _response("Already on the board", {"$ref": "#/components/schemas/Upload"}),
                              **_errors(403, 404, 409, 413, 415, 422, 429, 503)}}},
            "/api/sessions/{code}/board": {"get": {
                "summary": "The session's live board",
                "description": "`columns` are the KPIs the session's scenario scores; each entry's `cells` shows "
                               "them in order, and `kind` is `desk` or `head`.",
                "parameters": [
                    CODE, {"name": "kpi", "in": "query", "schema": {"type": "string", "enum": list(BOARD_KPIS)}},
                    {"name": "anonymous", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]},
                     "description": "1: names are null (always, for an anonymous session, but to the trainer)"},
                    lang_parameter()],
                "responses": {"200": _response("Ranking and statistics", {"$ref": "#/components/schemas/BoardData"}),
                              **_errors(404, 422)}}},
            "/api/sessions/{code}/events": {"get": {
                "summary": "The session's live board, pushed as server-sent events",
                "description": "Each `data:` line is the board's JSON (as `/board` answers, the same parameters), "
                               "sent at once and then whenever it changes; a comment line every 15 s while nothing "
                               "changes. A stream ends after a few minutes and the browser's EventSource reconnects.",
                "parameters": [
                    CODE, {"name": "kpi", "in": "query", "schema": {"type": "string", "enum": list(BOARD_KPIS)}},
                    {"name": "anonymous", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]}}, lang_parameter()],
                "responses": {"200": _response("A stream of board updates", {"type": "string"}, "text/event-stream"),
                              **_errors(404, 422, 429)}}},
            "/api/sessions/{code}/export.csv": {"get": {
                "summary": "The session's boards as CSV (trainer)", "parameters": [CODE], "security": TRAINER,
                "responses": {"200": _response("UTF-8 CSV with BOM", {"type": "string"}, "text/csv"),
                              **_errors(401, 404)}}},
            "/api/sessions/{code}/export.html": {"get": {
                "summary": "The session's self-contained HTML report (trainer)", "parameters": [CODE, lang_parameter()],
                "security": TRAINER,
                "responses": {"200": _response("HTML report", {"type": "string"}, "text/html"), **_errors(401, 404)}}},
            "/api/sessions/{code}/learning": {"get": {
                "summary": "What the session's group learned (trainer): lessons weakest first with their evidence, "
                           "each participant's lessons, the reflections (docs/learning.md)",
                "parameters": [CODE, lang_parameter()], "security": TRAINER,
                "responses": {"200": _response("The group's learning record", {"type": "object"}),
                              **_errors(401, 404)}}},
            "/api/sessions/{code}/learning.csv": {"get": {
                "summary": "Each participant's learning record per lesson as CSV (trainer; columns in docs/learning.md)",
                "parameters": [CODE], "security": TRAINER,
                "responses": {"200": _response("UTF-8 CSV with BOM", {"type": "string"}, "text/csv"),
                              **_errors(401, 404)}}},
            "/api/entries/{entry_id}": {
                "get": {"summary": "One entry", "parameters": [ENTRY_ID],
                        "responses": {"200": _response("The entry", {"$ref": "#/components/schemas/Entry"}),
                                      **_errors(404)}},
                "delete": {"summary": "Delete an entry for good (trainer)", "parameters": [ENTRY_ID],
                           "security": TRAINER,
                           "responses": {"200": _response("Deleted", {"type": "object"}), **_errors(401, 404)}}},
            "/api/entries/{entry_id}/hide": {"post": {
                "summary": "Hide an entry from the boards, or show it again (trainer)", "parameters": [ENTRY_ID],
                "security": TRAINER,
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                    "hidden": {"type": "boolean", "default": True}}}}}},
                "responses": {"200": _response("Done", {"type": "object"}), **_errors(400, 401, 404, 422)}}},
            **room_paths(CODE, TRAINER, _errors, _response, lang_parameter()),
            **rounds_paths(),
        },
        "components": {
            "securitySchemes": {"trainer": {"type": "http", "scheme": "bearer"},
                                "trainer_cookie": {"type": "apiKey", "in": "cookie", "name": "salesdesk_trainer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error", "code"], "properties": {
                    "error": {"type": "string"}, "code": {"type": "string", "description": (
                        "bad_request, bad_host, foreign_origin, not_json, locked_out, trainer_only, no_session, no_entry, session_closed, too_large, "
                        "rate_limited, busy, store, wrong_session, time_limit, duplicate, or a replay refusal "
                        "code (unreadable, format, unknown_scenario, scenario_version, scenario_hash, months, "
                        "plan_rule, score_mismatch)")}}},
                "NewSession": {"type": "object", "required": ["scenario"], "properties": {
                    "scenario": {"type": "string"}, "seed": {"type": "integer", "minimum": 0},
                    "group": {"type": "string", "maxLength": 64},
                    "anonymous": {"type": "boolean", "default": False,
                                  "description": "players are named to the trainer only"},
                    "rounds": {"type": "boolean", "default": False,
                               "description": "run the months in lockstep (desk scenarios)"}}},
                "Session": {"type": "object", "properties": {
                    "code": {"type": "string"}, "scenario": {"type": "string"}, "seed": {"type": "integer"},
                    "group": {"type": "string"}, "created_at": {"type": "string"},
                    "closed_at": {"type": ["string", "null"]}, "open": {"type": "boolean"},
                    "anonymous": {"type": "boolean"}, "mode": {"type": "string", "enum": ["free", "rounds"]}}},
                "Entry": {"type": "object", "description": "As `leaderboard --json` prints an entry"},
                "Round": {"type": "object", "description": "A rounds session's round (docs/workshop-server.md, Rounds)",
                          "properties": {
                              "code": {"type": "string"}, "mode": {"type": "string", "enum": ["free", "rounds"]},
                              "turns": {"type": "integer"}, "month": {"type": "integer"},
                              "phase": {"type": "string", "enum": ["lobby", "open", "closed", "revealed"]},
                              "practice": {"type": "boolean"}, "practice_seed": {"type": ["integer", "null"]},
                              "closes_at": {"type": ["string", "null"]}, "seconds_left": {"type": ["integer", "null"]},
                              "revealed": {"type": "integer"}, "revision": {"type": "integer"},
                              "participants": {"type": "integer"}, "sent": {"type": "integer"},
                              "injected": {"type": "array", "items": {"type": "object", "properties": {
                                  "month": {"type": "integer"}, "event": {"type": "object"}}}},
                              "people": {"type": "array", "description": "trainer only", "items": {"type": "object"}}}},
                "Upload": {"type": "object", "properties": {
                    "created": {"type": "boolean"}, "entry": {"$ref": "#/components/schemas/Entry"},
                    "board": {"type": "string"}, "review": {"type": "string"}, "seconds": {"type": "number"}}},
                "BoardData": {"type": "object", "properties": {
                    "session": {"$ref": "#/components/schemas/Session"}, "kpi": {"type": "string"},
                    "round": {"type": ["object", "null"], "description": "a rounds session's month and phase for the "
                              "room (null for a free session)", "properties": {
                                  "month": {"type": "integer"}, "turns": {"type": ["integer", "null"]},
                                  "phase": {"type": "string", "enum": ["lobby", "open", "closed", "revealed"]},
                                  "practice": {"type": "boolean"}, "revealed": {"type": "integer"},
                                  "participants": {"type": "integer"}, "sent": {"type": "integer"},
                                  "closes_at": {"type": ["string", "null"]}}},
                    "kind": {"type": "string", "enum": ["desk", "head"]},
                    "columns": {"type": "array", "items": {"type": "object", "properties": {
                        "kpi": {"type": "string"}, "label": {"type": "string"}}}},
                    "entries": {"type": "array", "items": {"type": "object"}},
                    "stats": {"type": "object", "properties": {
                        "count": {"type": "integer"}, "mean": {"type": ["number", "null"]},
                        "stdev": {"type": ["number", "null"]}, "min": {"type": ["number", "null"]},
                        "max": {"type": ["number", "null"]}, "histogram": {"type": "array"}}}}},
            },
        },
    }


def _round_change(summary: str, body: dict | None = None) -> dict:
    operation: dict = {"summary": summary, "parameters": [CODE], "security": TRAINER,
                       "responses": {"200": _response("The round now", {"$ref": "#/components/schemas/Round"}),
                                     **_errors(401, 403, 404, 409, 422)}}
    if body is not None:
        operation["requestBody"] = {"content": {"application/json": {"schema": body}}}
    return {"post": operation}


def rounds_paths() -> dict:
    """The routes of rounds in lockstep and live levers (issue 26)."""
    base = "/api/sessions/{code}"
    return {
        f"{base}/participants": {"post": {
            "summary": "Join a rounds session under a name (unique in the session); the token sends the plans",
            "parameters": [CODE], "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string", "maxLength": 64},
                    "participant": {"type": "string", "description": "the token this name got before: rejoin"}}}}}},
            "responses": {"201": _response("Joined: `participant` (the token) and `name`", {"type": "object"}),
                          "200": _response("Rejoined with the token", {"type": "object"}),
                          **_errors(403, 404, 409, 415, 422)}}},
        f"{base}/round": {"get": {
            "summary": "The round: month, phase, timer, plans in, injected events (names for the trainer only)",
            "parameters": [CODE], "responses": {"200": _response("The round", {"$ref": "#/components/schemas/Round"}),
                                                **_errors(404)}}},
        base + "/rounds/{month}/plan": {"put": {
            "summary": "Send this month's plan (header `X-Participant: TOKEN`); the last one sent counts",
            "parameters": [CODE, {"name": "month", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["plan"], "properties": {"plan": {
                    "type": "object", "description": "a month's plan as in a replay's `plans`"}}}}}},
            "responses": {"200": _response("Taken (`late` when the month was closed already)", {"type": "object"}),
                          **_errors(401, 403, 404, 409, 413, 415, 422)}}},
        f"{base}/rounds/open": _round_change("Open the next month (trainer); `practice` opens the practice round",
                                             {"type": "object", "properties": {
                                                 "seconds": {"type": ["integer", "null"], "minimum": 1},
                                                 "practice": {"type": "boolean", "default": False}}}),
        f"{base}/rounds/close": _round_change("Close the open month (trainer): every game resolves it"),
        f"{base}/rounds/reveal": _round_change("Show the closed month's results in every game (trainer)"),
        f"{base}/rounds/reset": _round_change("End the practice round: back to month 0 (trainer)"),
        f"{base}/rounds/inject": {"post": {
            "summary": "Inject an event into every game from next month (trainer); see `levers`",
            "parameters": [CODE], "security": TRAINER,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["lever", "target"], "properties": {
                    "lever": {"type": "string", "enum": ["price_war", "supplier_cost", "new_law", "again"]},
                    "target": {"type": "string"}, "strength": {"type": "number"},
                    "duration": {"type": "integer", "minimum": 1, "maximum": 6}}}}}},
            "responses": {"201": _response("Injected: `month` and the scenario `event`", {"type": "object"}),
                          **_errors(401, 403, 404, 409, 422)}}},
        f"{base}/levers": {"get": {
            "summary": "The events the trainer may inject, built from the scenario (trainer)",
            "parameters": [CODE, lang_parameter()], "security": TRAINER,
            "responses": {"200": _response("`month` (when an event would start) and `levers`", {"type": "object"}),
                          **_errors(401, 404, 409)}}},
    }
