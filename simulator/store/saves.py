"""Saved games: a game in progress (:class:`GameSession`: the engine game, the month's draft, standing rules,
who plays) and the autosave slot that keeps it between runs (:class:`SaveStore`), written atomically and
read back by replaying its plans through the engine; a damaged save is a one-line :class:`SaveError`."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from ..desk import AddResult, CadenceRule, PlanDraft, apply_cadence
from ..engine import (
    Game,
    InjectedEventError,
    MonthPlan,
    MonthReport,
    PlanError,
    PredictionQuestion,
    check_question,
    inject,
    month_questions,
    pick_question,
)
from ..locale.languages import resolve
from ..scenario import Scenario, ScenarioError, content_hash, load_file
from ..scenario.reading import FileRefused, read_regular
from .files import write_atomic
from .head_session import HEAD_SAVE_FORMAT, HeadSession, SaveProblem
from .learning import CheckedPrediction
from .learning_answers import CheckAnswer, LearningAnswers, PredictionAnswer, Reflection
from .replay import Branch, Replay, ReplayError, clean_name, loads
from .save_file import SaveHeader, validation_message
from .scenario_files import scenario_files
from .team_record import TeamRecord

SAVE_FORMAT = "sales-desk-save"
SAVE_VERSION = 1
AUTOSAVE_NAME = "autosave.json"
MAX_SAVE_BYTES = 64 * 1024 * 1024


class SaveError(ValueError):
    """A saved game cannot be used; the message says why in one line."""


class _SavedRule(BaseModel):
    """A cadence rule as saved."""

    model_config = ConfigDict(extra="forbid")
    segment: StrictStr = Field(max_length=64)
    kind: StrictStr = Field(max_length=64)
    every: StrictInt = Field(ge=1, le=120)


class SaveFile(SaveHeader):
    """A desk game's autosave file, checked before anything in it is used (the replay is checked by ``Replay``)."""

    rules: list[_SavedRule] = Field(default_factory=list, max_length=200)
    replay: dict


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
        self.team: TeamRecord | None = None  # a team's game: every month's proposals and choice (ui team_choice)
        self.learning = LearningAnswers()   # what the player answered around the game (kept in saves and replays)
        self.asked: list[str] = []          # the kinds of prediction asked so far (answered or skipped)
        self.pending: tuple[PredictionQuestion, PredictionAnswer | None] | None = None  # this month's question, once asked
        self.predicted: dict[int, CheckedPrediction] = {}   # month -> the prediction and what the month did
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

    def inject(self, events: list) -> None:
        """Take in events a trainer injected for months not played yet (:func:`engine.inject`): the game is
        replayed with them and the month's draft starts afresh. InjectedEventError when one does not fit."""
        if events:
            self.game = inject(self.game, events)
            self.start_month()

    def end_month(self, plan: MonthPlan | None = None) -> MonthReport:
        """Play the month with the draft (or ``plan``: a team's chosen one); raises PlanError (nothing changes) if it
        breaks a rule. A prediction answered for the month is checked against what the month then does (before it is
        played, on its own luck)."""
        plan = self.draft.to_plan() if plan is None else plan
        checked = None
        question, answer = self.pending if self.pending is not None else (None, None)
        # Checked only when the plan handed in still asks the question it answered.
        if question is not None and answer is not None \
                and any(q.key == question.key for q in month_questions(self.game, plan)):
            checked = CheckedPrediction(answer, check_question(self.game, plan, question))
        report = self.game.play_month(plan)
        if checked is not None:
            self.predicted[report.month] = checked
            self.learning = self.learning.with_prediction(checked.answer)
        self.pending = None
        self.start_month()
        return report

    # --- learning: predictions, lesson checks, reflection ------------------------------------
    def prediction_question(self) -> PredictionQuestion | None:
        """The question to ask before this month resolves (None: none fits, the game's few were asked, or this
        month's was asked already)."""
        if self.game.finished or (self.pending is not None):
            return None
        return pick_question(month_questions(self.game, self.draft.to_plan()), self.asked)

    def predict(self, question: PredictionQuestion, choice: int | None, confidence: float = 0.5) -> None:
        """The player's answer to ``question`` (``choice`` None: skipped); checked when the month is played."""
        self.asked.append(question.code)
        answer = None if choice is None else PredictionAnswer(self.game.month + 1, question.key, int(choice),
                                                              min(max(float(confidence), 0.0), 1.0))
        self.pending = (question, answer)

    def answer_check(self, check: str, phase: str, choice: int) -> None:
        """An answer to one of the scenario's lesson checks, before (``pre``) or after (``post``) the game."""
        self.learning = self.learning.with_check(CheckAnswer(check, phase, int(choice)), self.scenario)

    def checks_due(self, phase: str) -> list:
        """The scenario's lesson checks not answered yet in ``phase``."""
        return [c for c in self.scenario.lesson_checks if self.learning.answered(c.id, phase) is None]

    def reflect(self, miss: str, text: str) -> None:
        """The player's reflection after the debrief (an empty text keeps none)."""
        if text.strip():
            self.learning = self.learning.with_reflection(Reflection(miss, text))

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
        rep = Replay.from_game(self.game, self.player, self.group, finished_at=finished_at, branch=self.branch,
                               learning=self.learning)
        # A team's game is the team's: its name on the board, who proposed what in the replay.
        return rep if self.team is None else replace(rep, player=clean_name(self.team.name), team=self.team)

    @classmethod
    def from_save(cls, data: object, scenario_dirs: list[Path]) -> tuple[GameSession, str]:
        """Rebuild a session by replaying the saved plans through the engine; raises SaveError."""
        if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
            raise SaveError("not a Sales Desk saved game")
        if data.get("format_version") != SAVE_VERSION:
            raise SaveError(f"saved game format {str(data.get('format_version'))[:20]!r} is not supported")
        try:
            save = SaveFile.model_validate(data)
        except ValidationError as exc:
            raise SaveError(f"the saved game is damaged: {validation_message(exc)}") from None
        try:
            rep = Replay.from_json(save.replay)
        except ReplayError as exc:
            raise SaveError(str(exc)) from None
        scenario, path = find_scenario(rep.scenario_id, rep.scenario_version, rep.scenario_hash, save.scenario_path,
                                       scenario_dirs)
        if len(rep.plans) > scenario.turns:
            raise SaveError(f"the save has {len(rep.plans)} months; the scenario has {scenario.turns}")
        rules = [CadenceRule(r.segment, r.kind, r.every) for r in save.rules]
        k = 0
        try:
            game = Game(scenario, rep.seed, rep.injected)
            for k, plan in enumerate(rep.plans):  # noqa: B007  (k names the month in the message below)
                game.play_month(plan)
        except InjectedEventError as exc:
            raise SaveError(f"an injected event of the save does not fit the scenario: {exc}") from None
        except PlanError as exc:
            raise SaveError(f"month {k + 1} of the save breaks a rule: {exc.message}") from None
        except (ValueError, OverflowError, IndexError, TypeError) as exc:
            raise SaveError(f"month {k + 1} of the save cannot be replayed: {str(exc)[:120]}") from None
        lang = resolve(save.lang)
        session = cls(scenario, path, rep.seed, rep.player, rep.group, rules, game, branch=rep.branch)
        session.team = rep.team
        if rep.learning is not None:
            session.learning = rep.learning
            session.asked = [a.key.split(":")[0] for a in rep.learning.predictions]
        return session, lang


def find_scenario(scenario_id: str, version: int, digest: str, saved_path: object,
                  scenario_dirs: list[Path]) -> tuple[Scenario, Path]:
    """The scenario a save was played on: its saved path first, then the scenario folders; SaveError if gone."""
    candidates: list[Path] = []
    if isinstance(saved_path, str) and saved_path:
        candidates.append(Path(saved_path))
    candidates.extend(scenario_files(scenario_dirs))
    for path in candidates:
        try:
            scenario = load_file(path)
        except (ScenarioError, ValueError):  # a FIFO, a device, a name with a NUL byte: not the scenario
            continue
        if scenario.id == scenario_id and scenario.version == version and content_hash(scenario) == digest:
            return scenario, path
    raise SaveError(f"the scenario `{scenario_id}` version {version} it was played on "
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

    def write(self, session: GameSession | HeadSession, lang: str) -> None:
        """Save atomically: the old save or the new one, never half of one."""
        write_atomic(self.path, json.dumps(session.to_save(lang), ensure_ascii=False) + "\n")

    def read(self, scenario_dirs: list[Path]) -> tuple[GameSession | HeadSession, str]:
        """Restore the autosaved game (a desk game or a head game); raises SaveError with a one-line reason."""
        data = self._load()
        if isinstance(data, dict) and data.get("format") == HEAD_SAVE_FORMAT:
            try:
                save = HeadSession.check_save(data)
                scenario, path = find_scenario(save.scenario_id, save.scenario_version, save.scenario_hash,
                                               save.scenario_path, scenario_dirs)
                lang = resolve(save.lang)
                return HeadSession.from_save(save, scenario, path), lang
            except SaveProblem as exc:
                raise SaveError(str(exc)) from None
        return GameSession.from_save(data, scenario_dirs)

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
            if isinstance(data, dict) and data.get("format") == HEAD_SAVE_FORMAT:
                return {"scenario": str(data["scenario_id"])[:64], "months": max(len(data["decisions"]) - 1, 0),
                        "player": str(data["player"])[:64]}
            rep = data["replay"]
            return {"scenario": str(rep["scenario"]["id"])[:64], "months": len(rep["plans"]),
                    "player": str(rep["player"])[:64]}
        except (SaveError, ValueError, KeyError, TypeError, AttributeError, RecursionError):  # a list: not a save
            return {"error": "damaged"}
