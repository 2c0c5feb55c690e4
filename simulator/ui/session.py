"""A game in progress as the window sees it: the engine game, the month's draft plan, cadence rules, saves.

No pygame here: this is the bridge between what the player clicks and the
engine's public API (:class:`~simulator.engine.Game`, :class:`MonthPlan`).
The draft keeps touches and offers as one boolean mask per (touch type,
topic) or per product, so a bulk action on thousands of clients is a numpy
``|=`` and the plan handed to the engine still lists every touch.
"""
from __future__ import annotations

from typing import Any

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from ..engine import Game, MonthPlan, MonthReport, OfferBatch, PlanError, TouchBatch, sessions
from ..scenario import Scenario, ScenarioError, content_hash, load_file
from ..scenario.reading import FileRefused, read_regular
from ..store.files import write_atomic
from ..store.replay import Branch, Replay, ReplayError, clean_name, loads
from ..store.scenario_files import scenario_files

SAVE_FORMAT = "sales-desk-save"
SAVE_VERSION = 1
AUTOSAVE_NAME = "autosave.json"
MAX_SAVE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class AddResult:
    """What a (bulk) touch or offer did: how many were added and why the rest were not."""

    added: int
    no_hours: int = 0
    lost: int = 0
    no_contact: int = 0
    already: int = 0


class PlanDraft:
    """The month's plan while the player builds it."""

    def __init__(self, game: Game):
        self.game = game
        cat = game.view
        self.n = game.n_clients
        self.markups = dict(game.markups)
        self._touches: dict[tuple[str, str | None], np.ndarray] = {}
        self._offers: dict[str, np.ndarray] = {}
        self._hours = {t: float(h) for t, h in zip(cat.touch_ids, cat.touch_hours)}
        self._capacity = {t: int(c) for t, c in zip(cat.touch_ids, cat.touch_capacity)}
        self._win_back = {t: bool(w) for t, w in zip(cat.touch_ids, cat.touch_win_back)}
        self.version = 0
        self._planned_cache: tuple[int, np.ndarray] | None = None

    # --- hours ---------------------------------------------------------------
    @property
    def capacity_hours(self) -> float:
        """Hours the desk has this month."""
        return float(self.game.scenario.desk.hours_per_month)

    def hours_used(self) -> float:
        """Hours the touches planned so far take (the engine's rule: sessions per batch)."""
        return float(sum(sessions(int(mask.sum()), self._capacity[kind]) * self._hours[kind]
                         for (kind, _), mask in self._touches.items()))

    def hours_left(self) -> float:
        """Hours still free this month."""
        return self.capacity_hours - self.hours_used()

    def _room_for(self, kind: str, already: int) -> int:
        """How many more clients a batch of ``kind`` that has ``already`` clients can take within the hours left."""
        hours, cap = self._hours[kind], self._capacity[kind]
        if hours <= 0:
            return self.n
        free_sessions = int((self.hours_left() + 1e-9) // hours)
        return max(0, (sessions(already, cap) + free_sessions) * cap - already)

    # --- touches -------------------------------------------------------------
    def add_touch(self, kind: str, topic: str | None, clients) -> AddResult:
        """Plan ``kind`` (about ``topic``) for ``clients``, in their order, as far as the hours allow."""
        clients = np.asarray(clients, dtype=np.int64).reshape(-1)
        active = self.game.view.active
        lost = 0
        if not self._win_back[kind]:
            keep = active[clients]
            lost = int((~keep).sum())
            clients = clients[keep]
        mask = self._touches.get((kind, topic))
        if mask is not None:
            fresh = clients[~mask[clients]]
            already = int(clients.size - fresh.size)
        else:
            fresh, already = clients, 0
        _, first = np.unique(fresh, return_index=True)
        fresh = fresh[np.sort(first)]
        current = int(mask.sum()) if mask is not None else 0
        room = self._room_for(kind, current)
        take = fresh[:room]
        if take.size:
            if mask is None:
                mask = np.zeros(self.n, bool)
                self._touches[(kind, topic)] = mask
            mask[take] = True
            self._changed()
        return AddResult(added=int(take.size), no_hours=int(fresh.size - take.size), lost=lost, already=already)

    def touches_of(self, client: int) -> list[tuple[str, str | None]]:
        """The (touch type, topic) pairs planned for one client."""
        return [key for key, mask in self._touches.items() if mask[client]]

    def offers_of(self, client: int) -> list[str]:
        """Products planned to be offered to one client."""
        return [p for p, mask in self._offers.items() if mask[client]]

    def contacted(self) -> np.ndarray:
        """Mask of clients with at least one touch planned."""
        out = np.zeros(self.n, bool)
        for mask in self._touches.values():
            out |= mask
        return out

    def planned_count(self) -> np.ndarray:
        """Touches plus offers planned per client (cached until the draft changes)."""
        if self._planned_cache is None or self._planned_cache[0] != self.version:
            count = np.zeros(self.n, np.int64)
            for mask in list(self._touches.values()) + list(self._offers.values()):
                count += mask
            self._planned_cache = (self.version, count)
        return self._planned_cache[1]

    # --- offers --------------------------------------------------------------
    def add_offer(self, product: str, clients) -> AddResult:
        """Offer ``product`` to those of ``clients`` who have a touch planned this month."""
        clients = np.unique(np.asarray(clients, dtype=np.int64).reshape(-1))
        active = self.game.view.active[clients]
        contacted = self.contacted()[clients]
        ok = clients[active & contacted]
        mask = self._offers.get(product)
        already = int(mask[ok].sum()) if mask is not None else 0
        if ok.size:
            if mask is None:
                mask = np.zeros(self.n, bool)
                self._offers[product] = mask
            mask[ok] = True
            self._changed()
        return AddResult(added=int(ok.size) - already, lost=int((~active).sum()),
                         no_contact=int((active & ~contacted).sum()), already=already)

    # --- clearing ------------------------------------------------------------
    def clear(self, clients) -> int:
        """Remove every touch and offer planned for ``clients``; returns how many items went."""
        clients = np.asarray(clients, dtype=np.int64).reshape(-1)
        removed = 0
        tables: tuple[dict, ...] = (self._touches, self._offers)
        for table in tables:
            for key in list(table):
                mask = table[key]
                removed += int(mask[clients].sum())
                mask[clients] = False
                if not mask.any():
                    del table[key]
        if removed:
            self._changed()
        return removed

    # --- markups -------------------------------------------------------------
    def set_markup(self, product: str, value: float) -> float:
        """Set a product's markup, clamped to its band (fixed products keep theirs); returns the value kept."""
        view = self.game.view
        p = view.product_index(product)
        if view.fixed[p]:
            return self.markups[product]
        floor, ceiling, _ = view.markup_band
        value = round(min(max(float(value), float(floor[p])), float(ceiling[p])), 4)
        if value != self.markups[product]:
            self.markups[product] = value
            self._changed()
        return value

    # --- the plan ------------------------------------------------------------
    def to_plan(self) -> MonthPlan:
        """The plan as the engine takes it: every touch listed client by client."""
        view = self.game.view
        markups = {pid: self.markups[pid] for i, pid in enumerate(view.product_ids) if not view.fixed[i]}
        touches = tuple(TouchBatch(kind, np.flatnonzero(mask), topic)
                        for (kind, topic), mask in self._touches.items() if mask.any())
        offers = tuple(OfferBatch(product, np.flatnonzero(mask))
                       for product, mask in self._offers.items() if mask.any())
        return MonthPlan(markups=markups, touches=touches, offers=offers)

    def _changed(self) -> None:
        self.version += 1


@dataclass(frozen=True)
class CadenceRule:
    """A standing contact rule: clients of a segment get ``kind`` when ``every`` months have passed since contact."""

    segment: str
    kind: str
    every: int

    def to_json(self) -> dict:
        """Plain JSON data."""
        return {"segment": self.segment, "kind": self.kind, "every": self.every}


def apply_cadence(draft: PlanDraft, rules: list[CadenceRule]) -> AddResult:
    """Pre-fill ``draft`` from ``rules`` within the hours left; the longest-silent clients first."""
    view = draft.game.view
    seg_index = {s: i for i, s in enumerate(view.segment_ids)}
    silence = view.silence
    added = no_hours = 0
    for rule in rules:
        if rule.every <= 0 or rule.segment not in seg_index or rule.kind not in view.touch_ids:
            continue
        due = np.flatnonzero(view.active & (view.segment == seg_index[rule.segment]) & (silence >= rule.every))
        due = due[np.argsort(-silence[due], kind="stable")]
        result = draft.add_touch(rule.kind, None, due)
        added += result.added
        no_hours += result.no_hours
    return AddResult(added=added, no_hours=no_hours)


def offer_fit(game: Game, client: int, product: str) -> tuple[str, float]:
    """What the player knows about how an offer fits (the engine's :meth:`DeskView.offer_fit`)."""
    return game.view.offer_fit(client, product)


class SaveError(ValueError):
    """A saved game cannot be used; the message says why in one line."""


class _SavedRule(BaseModel):
    """A cadence rule as saved."""

    model_config = ConfigDict(extra="forbid")
    segment: StrictStr = Field(max_length=64)
    kind: StrictStr = Field(max_length=64)
    every: StrictInt = Field(ge=1, le=120)


class SaveFile(BaseModel):
    """The autosave file's shape, checked before anything in it is used (the replay is checked by ``Replay``)."""

    model_config = ConfigDict(extra="forbid")
    format: StrictStr
    format_version: StrictInt
    lang: StrictStr = Field("ru", max_length=8)
    scenario_path: StrictStr | None = Field(None, max_length=4096)
    rules: list[_SavedRule] = Field(default_factory=list, max_length=200)
    replay: dict


def _validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "the file"
    text = str(first["msg"]).replace("\n", " ")
    more = len(exc.errors()) - 1
    return f"{where}: {text[:120]}" + (f" (and {more} more problem(s))" if more else "")


class GameSession:
    """One player's game: the engine game, this month's draft, standing rules, who plays."""

    def __init__(self, scenario: Scenario, scenario_path: Path | None, seed: int, player: str = "", group: str = "",
                 rules: list[CadenceRule] | None = None, game: Game | None = None, branch: Branch | None = None,
                 parent: Game | None = None):
        self.scenario = scenario
        self.scenario_path = Path(scenario_path) if scenario_path else None
        self.player = clean_name(player)
        self.group = clean_name(group)
        self.game = game if game is not None else Game(scenario, seed)
        self.rules: list[CadenceRule] = list(rules or [])
        self.branch = branch    # a what-if played on by hand from another game (kept in saves and replays)
        self.parent = parent    # that game, while this run of the app has it (for the side-by-side comparison)
        self.draft = PlanDraft(self.game)
        self.last_cadence = AddResult(0)
        self.start_month()

    @property
    def seed(self) -> int:
        """The game's seed."""
        return self.game.seed

    def start_month(self) -> None:
        """A fresh draft for the next month, pre-filled by the cadence rules."""
        self.draft = PlanDraft(self.game)
        if not self.game.finished:
            self.last_cadence = apply_cadence(self.draft, self.rules)

    def check(self) -> PlanError | None:
        """The first rule the draft breaks, or None."""
        return self.game.check(self.draft.to_plan())

    def end_month(self) -> MonthReport:
        """Play the month with the draft; raises PlanError (nothing changes) if the draft breaks a rule."""
        report = self.game.play_month(self.draft.to_plan())
        self.start_month()
        return report

    # --- saves ---------------------------------------------------------------
    def to_save(self, lang: str) -> dict:
        """The save file's content: the replay so far plus who plays, the language and the rules."""
        return {
            "format": SAVE_FORMAT, "format_version": SAVE_VERSION, "lang": lang,
            "scenario_path": str(self.scenario_path) if self.scenario_path else None,
            "rules": [r.to_json() for r in self.rules],
            "replay": self.replay().to_json(),
        }

    def replay(self, finished_at: str | None = None) -> Replay:
        """The game so far as a replay (a what-if branch records its parent and fork month)."""
        return Replay.from_game(self.game, self.player, self.group, finished_at=finished_at, branch=self.branch)

    @classmethod
    def from_save(cls, data: object, scenario_dirs: list[Path]) -> tuple["GameSession", str]:
        """Rebuild a session by replaying the saved plans through the engine; raises SaveError."""
        if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
            raise SaveError("not a Sales Desk saved game")
        if data.get("format_version") != SAVE_VERSION:
            raise SaveError(f"saved game format {str(data.get('format_version'))[:20]!r} is not supported")
        try:
            save = SaveFile.model_validate(data)
        except ValidationError as exc:
            raise SaveError(f"the saved game is damaged: {_validation_message(exc)}") from None
        try:
            rep = Replay.from_json(save.replay)
        except ReplayError as exc:
            raise SaveError(str(exc)) from None
        scenario, path = _find_scenario(rep, save.scenario_path, scenario_dirs)
        if len(rep.plans) > scenario.turns:
            raise SaveError(f"the save has {len(rep.plans)} months; the scenario has {scenario.turns}")
        rules = [CadenceRule(r.segment, r.kind, r.every) for r in save.rules]
        k = 0
        try:
            game = Game(scenario, rep.seed)
            for k, plan in enumerate(rep.plans):  # noqa: B007  (k names the month in the message below)
                game.play_month(plan)
        except PlanError as exc:
            raise SaveError(f"month {k + 1} of the save breaks a rule: {exc.message}") from None
        except (ValueError, OverflowError, IndexError, TypeError) as exc:
            raise SaveError(f"month {k + 1} of the save cannot be replayed: {str(exc)[:120]}") from None
        lang = save.lang if save.lang in ("ru", "en") else "ru"
        return cls(scenario, path, rep.seed, rep.player, rep.group, rules, game, branch=rep.branch), lang


def _find_scenario(rep: Replay, saved_path: object, scenario_dirs: list[Path]) -> tuple[Scenario, Path]:
    candidates: list[Path] = []
    if isinstance(saved_path, str) and saved_path:
        candidates.append(Path(saved_path))
    candidates.extend(scenario_files(scenario_dirs))
    for path in candidates:
        try:
            scenario = load_file(path)
        except (ScenarioError, ValueError):  # a FIFO, a device, a name with a NUL byte: not the scenario
            continue
        if scenario.id == rep.scenario_id and scenario.version == rep.scenario_version \
                and content_hash(scenario) == rep.scenario_hash:
            return scenario, path
    raise SaveError(f"the scenario `{rep.scenario_id}` version {rep.scenario_version} it was played on "
                    "is not here any more (or has changed)")


class SaveStore:
    """The autosave slot in a folder (the user's saves folder)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @property
    def path(self) -> Path:
        """The autosave file."""
        return self.folder / AUTOSAVE_NAME

    def exists(self) -> bool:
        """True when there is an autosave file."""
        return self.path.is_file()

    def write(self, session: GameSession, lang: str) -> None:
        """Save atomically: the old save or the new one, never half of one."""
        write_atomic(self.path, json.dumps(session.to_save(lang), ensure_ascii=False) + "\n")

    def read(self, scenario_dirs: list[Path]) -> tuple[GameSession, str]:
        """Restore the autosaved game; raises SaveError with a one-line reason."""
        return GameSession.from_save(self._load(), scenario_dirs)

    def _load(self) -> object:
        """The save file's JSON data, read within limits; SaveError with the reason otherwise."""
        try:
            data = loads(read_regular(self.path, MAX_SAVE_BYTES).decode("utf-8"))
        except FileRefused as exc:
            raise SaveError(f"the saved game file cannot be used: it {exc}".replace("it file is", "it is")) from None
        except FileNotFoundError:
            raise SaveError("there is no saved game") from None
        except UnicodeDecodeError:
            raise SaveError("the saved game file is damaged (not valid JSON)") from None
        except ReplayError as exc:
            raise SaveError(f"the saved game file is damaged ({str(exc)[:160]})") from None
        except PermissionError:
            raise SaveError("you have no permission to read the saved game file") from None
        except OSError as exc:
            raise SaveError(f"cannot read the saved game: {exc.strerror or exc}") from None
        return data

    def summary(self) -> dict | None:
        """Scenario id, months played and player of the save, or ``{'error': ...}``; None without a save."""
        if not self.exists():
            return None
        try:
            data: Any = self._load()
            rep = data["replay"]
            return {"scenario": str(rep["scenario"]["id"])[:64], "months": len(rep["plans"]),
                    "player": str(rep["player"])[:64]}
        except (SaveError, ValueError, KeyError, TypeError, RecursionError):
            return {"error": "damaged"}
