"""The OpenAPI description of the room's routes (teams, the debrief deck): merged into :mod:`.openapi`."""
from __future__ import annotations


def room_paths(code: dict, trainer: list, errors, response, lang: dict) -> dict:  # type: ignore[no-untyped-def]
    """The paths of :mod:`.routes.room`, described with :mod:`.openapi`'s helpers."""
    team = {"name": "team", "in": "path", "required": True, "schema": {"type": "string"}}
    month = {"name": "month", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
    obj = {"type": "object"}

    def body(required: list[str], props: dict) -> dict:
        return {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": required, "properties": props}}}}

    return {
        "/api/sessions/{code}/teams": {
            "get": {"summary": "The session's teams and their members", "parameters": [code],
                    "responses": {"200": response("Teams", obj), **errors(404, 429)}},
            "post": {"summary": "Join (or found) a team: two to four people share one desk", "parameters": [code],
                     "requestBody": body(["team", "member"], {"team": {"type": "string"}, "member": {"type": "string"}}),
                     "responses": {"201": response("The team", obj), **errors(403, 404, 409, 415, 422)}}},
        "/api/sessions/{code}/teams/{team}/months/{month}": {"get": {
            "summary": "A month of a team: every proposal, the chosen one and who chose it",
            "parameters": [code, team, month], "responses": {"200": response("The month", obj), **errors(404, 422)}}},
        "/api/sessions/{code}/teams/{team}/months/{month}/proposals": {"post": {
            "summary": "A member's proposal for the month (a month plan as a replay holds it)",
            "parameters": [code, team, month],
            "requestBody": body(["member", "plan"], {"member": {"type": "string"}, "plan": obj}),
            "responses": {"201": response("The month with the proposal", obj), **errors(403, 404, 409, 415, 422)}}},
        "/api/sessions/{code}/teams/{team}/months/{month}/choice": {"post": {
            "summary": "The team takes one member's proposal for the month; the first choice stands",
            "parameters": [code, team, month],
            "requestBody": body(["chosen", "by"], {"chosen": {"type": "string"}, "by": {"type": "string"}}),
            "responses": {"200": response("The month as chosen", obj), **errors(403, 404, 409, 415, 422)}}},
        "/api/sessions/{code}/teams/{team}/record": {"get": {
            "summary": "The team's record so far, as its replay carries it (`team`)", "parameters": [code, team],
            "responses": {"200": response("The record", obj), **errors(404)}}},
        "/api/sessions/{code}/deck.html": {"get": {
            "summary": "The session's debrief deck: self-contained HTML slides (trainer)", "parameters": [code, lang],
            "security": trainer,
            "responses": {"200": response("HTML slides", {"type": "string"}, "text/html"), **errors(401, 404)}}},
    }
