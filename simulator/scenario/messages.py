"""pydantic's validation errors retold as advice a trainer (not a programmer) can act on.

pydantic says "Input should be a valid number, unable to parse string as a
number"; a trainer needs "expected a number, got `three`". Each common error
type gets its own sentence; anything else falls back to pydantic's text with
its jargon softened.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from .errors import did_you_mean, invisible, shown
from .yaml_source import Scalar

_LIST_HOW = "a list: `[a, b]` or one `- item` per line"
_MAPPING_HOW = "a mapping: `key: value` lines indented under it"
_ID_RULE = "an id may hold only Latin letters, digits, '_', '-' and '.', and must start with a letter or digit"


def number(value: object) -> str:
    """A bound or count written the way a person would: 120, 0.05, 1000000000000."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return shown(value)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, float):
        return f"{value:g}"
    return shown(value, 30)


def given(value: object, scalar: Scalar | None) -> str:
    """What the trainer wrote, described in words: "`three`", "nothing (the value is empty)", "a list"."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    if value is None:
        return "nothing (the value is empty)"
    text = scalar.text if scalar is not None else str(value)
    if isinstance(value, bool):
        return f"`{shown(text)}` (which YAML reads as yes/no)"
    if isinstance(value, str) and scalar is not None and scalar.quoted and _looks_numeric(value):
        return f"the text `{shown(text)}` (in quotes)"
    return f"`{shown(text)}`"


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return text.strip().lower() in ("true", "false", "yes", "no", "on", "off")
    return True


def explain(error: Mapping[str, Any], scalar: Scalar | None) -> str:
    """The trainer-facing sentence for one pydantic error (without its location)."""
    kind = error.get("type", "")
    value = error.get("input")
    ctx = error.get("ctx") or {}
    got = given(value, scalar)
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        hint = "; remove the quotes" if isinstance(value, str) and _looks_numeric(value) else ""
        return f"expected a whole number, got {got}{hint}"
    if kind in ("float_type", "float_parsing"):
        hint = "; remove the quotes" if isinstance(value, str) and _looks_numeric(value) else ""
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+,\d+\s*", value):
            hint = "; write the decimal point as `.`, not `,`"
        return f"expected a number, got {got}{hint}"
    if kind == "finite_number":
        return f"expected an ordinary number, got {got} (infinity or not-a-number)"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected `true` or `false`, got {got}"
    if kind == "string_type":
        hint = f"; put it in quotes: `\"{shown(scalar.text)}\"`" if scalar is not None and not isinstance(value, (list, dict)) \
            and value is not None else ""
        return f"expected text, got {got}{hint}"
    if kind == "string_unicode":
        return "the text holds a broken character (a lone surrogate such as `\\ud800`); retype it"
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else f"must be at least {ctx.get('min_length')} characters long"
    if kind == "string_too_long":
        return f"is too long: at most {number(ctx.get('max_length'))} characters"
    if kind == "string_pattern_mismatch":
        return _bad_id(value)
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = number(next(iter(ctx.values()), "?"))
        rule = {"greater_than_equal": f"{bound} or more", "greater_than": f"above {bound}",
                "less_than_equal": f"{bound} or less", "less_than": f"below {bound}"}[kind]
        return f"must be {rule}, got {got}"
    if kind in ("too_short", "too_long"):
        return _length(kind, error, ctx)
    if kind == "tuple_type":
        return f"expected a range of two numbers `[low, high]`, got {got}"
    if kind == "list_type":
        return f"expected {_LIST_HOW}, got {got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected {_MAPPING_HOW}, got {got}"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"{got} is not allowed here; {did_you_mean(str(value), allowed)}"
    if kind in ("value_error", "assertion_error"):
        return str(error.get("msg", "invalid value")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    message = str(error.get("msg", "invalid value")).replace("Input should be", "expected")
    return f"{message}, got {got}"


def _length(kind: str, error: Mapping[str, Any], ctx: dict) -> str:
    actual = ctx.get("actual_length")
    if str(error.get("msg", "")).startswith("Tuple"):
        return f"expected a range of two numbers `[low, high]`, got {actual} number(s)"
    if kind == "too_short":
        need = ctx.get("min_length")
        return f"needs at least {need} item{'s' if need != 1 else ''}, got {actual if actual else 'none'}"
    return f"has {actual} items; at most {ctx.get('max_length')} are allowed"


def _bad_id(value: object) -> str:
    text = str(value)
    if not text:
        return "an id must not be empty"
    bad = next((c for c in text if not (c.isascii() and (c.isalnum() or c in "_.-"))), None)
    if bad is None:  # only the first character is wrong
        return f"`{shown(text)}` starts with `{text[0]}`; {_ID_RULE}"
    if bad == " ":
        what = "a space (use `_` or `-` instead)"
    elif invisible(bad):
        what = f"an invisible character <U+{ord(bad):04X}> (delete it and retype the id)"
    elif bad.isalpha():
        what = f"the letter `{bad}` (only Latin letters a-z are allowed)"
    else:
        what = f"`{bad}`"
    return f"`{shown(text)}` contains {what}; {_ID_RULE}"
