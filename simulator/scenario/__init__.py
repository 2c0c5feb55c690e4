"""The scenario file format: schema, safe YAML loading with positions, errors."""
from .errors import Problem, ScenarioError
from .loader import checks_hash, content_hash, load_bytes, load_file, load_text
from .schema import Scenario

__all__ = ["Problem", "Scenario", "ScenarioError", "checks_hash", "content_hash", "load_bytes", "load_file", "load_text"]
