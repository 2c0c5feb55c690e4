"""A head-of-sales game in progress (:class:`HeadSession`): the head game, who plays, and its save.

The save holds every decision the head has made, the month under way included
(an interview's answers are part of the game: they come back by deciding again),
and is read back by replaying those decisions through :class:`~simulator.head.HeadGame`.
The autosave slot (:class:`~.saves.SaveStore`) keeps a desk game or a head game.
"""
from __future__ import annotations

from pathlib import Path

from pydantic import Field, StrictInt, StrictStr, ValidationError

from ..head import MAX_DECISIONS, HeadDecision, HeadDecisionError, HeadGame, HeadMonthReport
from ..scenario import Scenario, content_hash
from .head_replay import HeadReplay
from .replay import MAX_MONTHS, MAX_SEED, clean_name
from .save_file import SaveHeader, validation_message

HEAD_SAVE_FORMAT = "sales-desk-head-save"
HEAD_SAVE_VERSION = 1


class SaveProblem(ValueError):
    """A head save cannot be used (the store turns it into its SaveError)."""


class HeadSaveFile(SaveHeader):
    """A head game's autosave file, checked before anything in it is used."""

    scenario_id: StrictStr = Field(max_length=64)
    scenario_version: StrictInt
    scenario_hash: StrictStr = Field(max_length=128)
    seed: StrictInt = Field(ge=0, le=MAX_SEED)
    player: StrictStr = Field("", max_length=200)
    group: StrictStr = Field("", max_length=200)
    decisions: list[list[dict]] = Field(max_length=MAX_MONTHS + 1)


class HeadSession:
    """One player's head game: the game, who plays and where the scenario came from."""

    kind = "head"

    def __init__(self, scenario: Scenario, scenario_path: Path | None, seed: int, player: str = "", group: str = "",
                 game: HeadGame | None = None):
        self.scenario = scenario
        self.scenario_path = Path(scenario_path) if scenario_path else None
        self.player = clean_name(player)
        self.group = clean_name(group)
        self.game = game if game is not None else HeadGame(scenario, seed)
        self.branch = None   # head games have no what-if branches

    @property
    def seed(self) -> int:
        """The game's seed."""
        return self.game.seed

    def decide(self, decision: HeadDecision) -> dict:
        """Apply a decision now (see :meth:`HeadGame.decide`); HeadDecisionError changes nothing."""
        return self.game.decide(decision)

    def end_month(self) -> HeadMonthReport:
        """Play the month under the decisions made."""
        return self.game.play_month()

    def replay(self, finished_at: str | None = None) -> HeadReplay:
        """The months played so far as a head replay (what the leaderboard's ``add_replay`` and the workshop
        outbox take); ``finished_at`` is informational, as on a desk replay."""
        return HeadReplay.from_game(self.game, self.player, self.group, finished_at=finished_at)

    def to_save(self, lang: str) -> dict:
        """The save file's content: every decision so far, the month under way included."""
        g = self.game
        return {"format": HEAD_SAVE_FORMAT, "format_version": HEAD_SAVE_VERSION, "lang": lang,
                "scenario_path": str(self.scenario_path) if self.scenario_path else None,
                "scenario_id": g.scenario.id, "scenario_version": g.scenario.version,
                "scenario_hash": g.scenario_hash, "seed": g.seed, "player": self.player, "group": self.group,
                "decisions": [[d.to_json() for d in month] for month in g.decisions]}

    @staticmethod
    def check_save(data: dict) -> HeadSaveFile:
        """The save's header and decisions, checked (SaveProblem with a one-line reason)."""
        if data.get("format_version") != HEAD_SAVE_VERSION:
            raise SaveProblem(f"saved head game format {str(data.get('format_version'))[:20]!r} is not supported")
        try:
            save = HeadSaveFile.model_validate(data)
        except ValidationError as exc:
            raise SaveProblem(f"the saved game is damaged: {validation_message(exc)}") from None
        if any(len(m) > MAX_DECISIONS for m in save.decisions):
            raise SaveProblem(f"the saved game is damaged: a month holds more than {MAX_DECISIONS} decisions")
        return save

    @classmethod
    def from_save(cls, save: HeadSaveFile, scenario: Scenario, path: Path) -> HeadSession:
        """Rebuild a session by deciding and playing the saved months again; raises SaveProblem."""
        if content_hash(scenario) != save.scenario_hash:
            raise SaveProblem(f"the scenario `{save.scenario_id}` has changed since the game was saved")
        if len(save.decisions) > scenario.turns + 1:
            raise SaveProblem(f"the save has {len(save.decisions) - 1} months; the scenario has {scenario.turns}")
        game = HeadGame(scenario, save.seed)
        for k, month in enumerate(save.decisions):
            try:
                for d in month:
                    game.decide(HeadDecision.from_json(d))
                if k + 1 < len(save.decisions):
                    game.play_month()
            except HeadDecisionError as exc:
                raise SaveProblem(f"month {k + 1} of the save breaks a rule: {exc.message}") from None
        return cls(scenario, path, save.seed, save.player, save.group, game)
