"""Helpers shared by the subcommands: user errors, scenario lookup, safe output."""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path
from typing import TypeAlias

from ..engine import MAX_SEED, SHARE_KPIS
from ..scenario import Scenario, ScenarioError, load_file
from ..store.scenario_files import find_scenario_file, scenario_folders, shipped_scenarios

__all__ = ["UserError", "shipped_scenarios", "resolve_scenario", "load_scenario", "seed_arg", "fmt_kpi"]


Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"  # what add_subparsers() gives


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit code 2."""


def make_streams_safe() -> None:
    """Never crash on printing Cyrillic to a terminal with a narrow encoding."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower().replace("-", "") != "utf8":
            with contextlib.suppress(AttributeError, ValueError):
                stream.reconfigure(errors="backslashreplace")


def resolve_scenario(ref: str) -> Path:
    """A scenario path from a file path, or the id of a shipped scenario or one in the user's scenario folder."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or os.sep in ref or "/" in ref or path.exists():
        return path
    found = find_scenario_file(ref, scenario_folders())
    if found is not None:
        return found
    known = ", ".join(p.stem for p in shipped_scenarios())
    raise UserError(f"no scenario file or shipped scenario with id `{ref}`; shipped: {known}")


def load_scenario(ref: str) -> tuple[Scenario, Path]:
    """Load a scenario by path or id; a broken file becomes a UserError listing its problems."""
    path = resolve_scenario(ref)
    try:
        return load_file(path), path
    except ScenarioError as exc:
        raise UserError("the scenario has problems:\n" + exc.format()) from None


def seed_arg(text: str) -> int:
    """argparse type for ``--seed``: a whole number 0..2^63-1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, not `{text}`") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError("seed must be between 0 and 2^63-1")
    return value


def fmt_kpi(value: float, kpi: str = "") -> str:
    """A KPI value as a table shows it: shares as percentages, money with thousands separators."""
    if kpi in SHARE_KPIS:
        return f"{value:.1%}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.3f}"
