"""Finding the scenario a replay was played on: by id, version and content hash.

Sources, in order: scenario files given explicitly (``--scenario PATH``), the
shipped scenarios, and scenarios the leaderboard database stored when it
accepted an entry (so a trainer can review games of a scenario file they no
longer have). A replay is only ever verified against a scenario whose content
hash equals the one it names.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..scenario import Scenario, ScenarioError, content_hash, load_file
from .replay import Replay, ReplayError
from .scenario_files import shipped_scenarios

if TYPE_CHECKING:
    from .head_replay import HeadReplay

StoredLookup = Callable[[str], "Scenario | None"]


class ScenarioLibrary:
    """Scenarios a replay may name, loaded lazily and indexed by content hash."""

    def __init__(self, paths: Iterable[str | Path] = (), include_shipped: bool = True):
        """``paths`` are loaded now (a broken one raises ScenarioError); shipped ones when first needed."""
        self._by_hash: dict[str, Scenario] = {}
        self._shipped_loaded = not include_shipped
        self._stored: StoredLookup | None = None
        self._shipped: dict[tuple[str, int], str] = {}
        self._given: list[Scenario] = []
        for path in paths:
            scenario = load_file(path)
            self._given.append(scenario)
            self.add(scenario)

    def shared(self) -> ScenarioLibrary:
        """A library that shares this one's loaded scenarios (nothing is read again) but has its own stored-scenario
        lookup: one per open leaderboard of a server process, all over scenarios loaded once per process."""
        self._load_shipped()
        other = ScenarioLibrary.__new__(ScenarioLibrary)
        other._by_hash = self._by_hash
        other._shipped_loaded = True
        other._stored = None
        other._shipped = self._shipped
        other._given = self._given
        return other

    def given(self) -> list[Scenario]:
        """The scenarios loaded from ``paths`` (a trainer's ``--scenario`` files), in order."""
        return list(self._given)

    def add(self, scenario: Scenario) -> str:
        """Make ``scenario`` available; returns its content hash."""
        digest = content_hash(scenario)
        self._by_hash.setdefault(digest, scenario)
        return digest

    def set_stored_lookup(self, lookup: StoredLookup | None) -> None:
        """A last resort: a function from content hash to a stored scenario (the database's copy)."""
        self._stored = lookup

    def scenarios(self) -> list[Scenario]:
        """Every scenario known so far (shipped ones included)."""
        self._load_shipped()
        return list(self._by_hash.values())

    def by_hash(self, digest: str) -> Scenario | None:
        """The scenario with this content hash, or None."""
        self._load_shipped()
        found = self._by_hash.get(digest)
        if found is None and self._stored is not None:
            found = self._stored(digest)
            if found is not None:
                self._by_hash[digest] = found
        return found

    def find(self, rep: Replay | HeadReplay) -> Scenario:
        """The scenario ``rep`` was played on; ReplayError with the reason if there is none."""
        found = self.by_hash(rep.scenario_hash)
        if found is not None and found.id == rep.scenario_id and found.version == rep.scenario_version:
            return found
        same_id = [s for s in self.scenarios() if s.id == rep.scenario_id]
        if not same_id:
            known = ", ".join(sorted({f"{s.id} v{s.version}" for s in self.scenarios()})) or "none"
            raise ReplayError(f"unknown scenario `{rep.scenario_id}` (known here: {known}); "
                              "give its file with --scenario", "unknown_scenario")
        same_version = [s for s in same_id if s.version == rep.scenario_version]
        if not same_version:
            have = ", ".join(str(v) for v in sorted({s.version for s in same_id}))
            raise ReplayError(f"scenario `{rep.scenario_id}` version {rep.scenario_version} is not available "
                              f"(have version {have}); give its file with --scenario", "scenario_version")
        have = ", ".join(sorted(content_hash(s) for s in same_version))
        raise ReplayError(f"scenario `{rep.scenario_id}` v{rep.scenario_version} here differs from the one the replay "
                          f"was played on (replay names hash {rep.scenario_hash}, here {have}): the scenario file "
                          "was edited without a version bump, or the replay was tampered with", "scenario_hash")

    def _load_shipped(self) -> None:
        if self._shipped_loaded:
            return
        self._shipped_loaded = True
        for path in shipped_scenarios():
            try:
                scenario = load_file(path)
            except ScenarioError:
                continue  # a broken shipped file is reported by `validate`, not here
            self._shipped.setdefault((scenario.id, scenario.version), self.add(scenario))

    def shipped_hash(self, scenario_id: str, version: int) -> str | None:
        """The content hash of the shipped scenario with this id and version, or None if none is shipped."""
        self._load_shipped()
        return self._shipped.get((scenario_id, version))
