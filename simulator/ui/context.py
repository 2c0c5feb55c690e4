"""What every scene is handed: settings, texts, theme, clock, saves, the game in progress. No module globals."""
from __future__ import annotations

import importlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..store.files import write_atomic
from .i18n import LANGUAGES, I18n
from .session import GameSession, SaveStore
from .theme import Theme

TEXT_SCALES = (1.0, 1.15, 1.3)


@dataclass
class Settings:
    """Player choices kept between runs."""

    player: str = ""
    group: str = ""
    lang: str = "ru"
    seed: int = 1
    hints: bool = True          # guided hints on the desk
    text_scale: float = 1.0
    sound: bool = False          # the game has no sounds yet; off by default

    @classmethod
    def load(cls, path: Path) -> "Settings":
        """Settings from ``path``; defaults for anything missing or damaged."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        s = cls()
        for name, default in asdict(s).items():
            value = data.get(name)
            if type(value) is type(default):
                setattr(s, name, value)
        if s.lang not in LANGUAGES:
            s.lang = "ru"
        if s.text_scale not in TEXT_SCALES:
            s.text_scale = 1.0
        return s

    def save(self, path: Path) -> None:
        """Write the settings atomically."""
        write_atomic(path, json.dumps(asdict(self), ensure_ascii=False, indent=1))


@dataclass
class Context:
    """Shared state of the running app, handed to each scene."""

    settings: Settings
    i18n: I18n
    theme: Theme
    clock: object
    saves: SaveStore
    scenario_dirs: list[Path]
    replays_dir: Path
    settings_path: Path | None = None
    db_path: Path | None = None
    session: GameSession | None = None
    leaderboard: object | None = None
    gui: object | None = None          # the pygame_gui manager (simulator.ui.gui.Gui), made with the window
    tutorial_seen: set = field(default_factory=set)

    def t(self, key: str, **values) -> str:
        """A text of the current language."""
        return self.i18n.t(key, **values)

    @property
    def lang(self) -> str:
        """The current language code."""
        return self.i18n.lang

    def set_language(self, lang: str) -> None:
        """Switch language everywhere."""
        self.i18n.set_language(lang)
        self.settings.lang = self.i18n.lang
        self.save_settings()

    def save_settings(self) -> None:
        """Keep settings for the next run (quietly skipped if the folder is not writable)."""
        if self.settings_path is not None:
            try:
                self.settings.save(self.settings_path)
            except OSError:
                pass


def find_leaderboard():
    """The leaderboard store module if this build has one, else None."""
    try:
        return importlib.import_module("simulator.store.leaderboard")
    except ModuleNotFoundError as exc:
        if exc.name in ("simulator.store.leaderboard",):
            return None
        raise
