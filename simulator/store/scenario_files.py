"""The one place that finds scenario files: the shipped ones, the trainer's own folder, folders given.

A scenario folder holds ``*.yaml`` (or ``*.yml``) files; a file whose name starts with ``_`` is a
template and is never listed. The folders, in order: the shipped scenarios (see ``simulator/shipped.py``),
the trainer's own folder (``paths.user_scenarios_dir()``, ``scenarios`` in the user's data folder), then
folders named on the command line (``--scenarios DIR``). The game's menu, the saved-game loader, the
leaderboard and every trainer command look scenarios up here.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .. import shipped
from ..scenario import ScenarioError, load_file
from . import paths

SUFFIXES = (".yaml", ".yml")


def scenario_folders(extra: Iterable[str | Path] = (), own: str | Path | None = None) -> list[Path]:
    """The shipped folder, the user's own folder (``own``, default ``paths.user_scenarios_dir()``) and ``extra``
    folders, without repeats (folders that do not exist are kept: they list nothing)."""
    folders: list[Path] = []
    for folder in (shipped.SCENARIOS_DIR, own if own is not None else paths.user_scenarios_dir(), *extra):
        folder = Path(folder).expanduser()
        if all(not _same(folder, known) for known in folders):
            folders.append(folder)
    return folders


def scenario_files(folders: Iterable[str | Path]) -> list[Path]:
    """Every scenario file in ``folders`` (templates, starting with ``_``, left out), each folder sorted by name."""
    found: list[Path] = []
    for folder in folders:
        try:
            entries = sorted(Path(folder).iterdir())
        except OSError:  # a folder that does not exist (yet) or cannot be read lists nothing
            continue
        found += [p for p in entries if p.suffix in SUFFIXES and not p.name.startswith("_") and p.is_file()]
    return found


def shipped_scenarios() -> list[Path]:
    """The shipped scenario files (the template excluded), sorted by name."""
    return scenario_files([shipped.SCENARIOS_DIR])


def template_path() -> Path:
    """The shipped scenario template (``_template.yaml``): a complete, valid scenario to start from."""
    return shipped.SCENARIOS_DIR / "_template.yaml"


def find_scenario_file(ref: str, folders: Iterable[str | Path]) -> Path | None:
    """The file of the scenario named ``ref`` (a file name without its suffix, or a scenario id) in ``folders``.

    File names are matched first (cheap), then the ids inside the files, in folder order; None if no file matches.
    """
    files = scenario_files(folders)
    for path in files:
        if path.stem == ref:
            return path
    for path in files:
        try:
            if load_file(path).id == ref:
                return path
        except (ScenarioError, ValueError):
            continue
    return None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
