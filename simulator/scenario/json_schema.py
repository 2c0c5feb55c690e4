"""The scenario format as JSON Schema, for editors that complete and check keys."""
from __future__ import annotations

from .schema import Scenario


def scenario_json_schema() -> dict:
    """JSON Schema (draft 2020-12) of a scenario file, with every field's description."""
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Sales Desk scenario"
    return schema
