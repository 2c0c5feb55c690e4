"""What every scene is handed: settings, texts, theme, clock, saves, the game in progress. No module globals."""
from __future__ import annotations

import contextlib
import importlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError, field_validator

from ..locale.languages import DEFAULT_LANGUAGE, english_name, languages, resolve
from ..scenario.reading import read_regular
from ..store.files import write_atomic
from ..store.replay import MAX_NAME, MAX_SEED
from ..store.saves import GameSession, SaveStore
from .clock import Clock
from .gui import Gui
from .i18n import I18n
from .rounds import Lockstep
from .theme import Theme
from .workshop import WorkshopSender

TEXT_SCALES = (1.0, 1.15, 1.3)
MAX_SETTINGS_BYTES = 64 * 1024


class SettingsFile(BaseModel):
    """What ``settings.json`` may hold; a value outside these limits is replaced by its default on load."""

    model_config = ConfigDict(extra="ignore")
    player: StrictStr = Field("", max_length=MAX_NAME)
    group: StrictStr = Field("", max_length=MAX_NAME)
    lang: StrictStr = DEFAULT_LANGUAGE   # a language with a catalogue (see _known_language)
    seed: StrictInt = Field(1, ge=0, le=MAX_SEED)
    hints: StrictBool = True
    questions: StrictBool = True   # predictions before months and lesson checks (issue 27)
    text_scale: Literal[TEXT_SCALES] = 1.0  # type: ignore[valid-type]
    sound: StrictBool = False
    motion: StrictBool = True  # short animations (the month report's count-up)
    server: StrictStr = Field("", max_length=200)  # the workshop server's address
    code: StrictStr = Field("", max_length=32)     # the workshop session's join code
    theme: Literal["dark", "light"] = "dark"        # light: high contrast for a projector in a lit room

    @field_validator("lang")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in languages():
            raise ValueError(f"no catalogue for the language {value!r}")
        return value


@dataclass
class Settings:
    """Player choices kept between runs."""

    player: str = ""
    group: str = ""
    lang: str = DEFAULT_LANGUAGE
    seed: int = 1
    hints: bool = True          # guided hints on the desk
    questions: bool = True      # ask predictions before months and the scenario's lesson checks (each skippable)
    text_scale: float = 1.0
    sound: bool = False          # the game has no sounds yet; off by default
    motion: bool = True          # short animations (the month report's count-up); off in tests
    server: str = ""             # workshop server address ("Send to workshop" at the debrief)
    code: str = ""               # the workshop session's join code
    theme: str = "dark"          # "dark", or "light" for a projector
    damaged: list = field(default_factory=list, repr=False, compare=False)  # values reset on load, not saved
    given: set = field(default_factory=set, repr=False, compare=False)  # names the file held (a valid value each)

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Settings from ``path``; each missing or invalid value (checked by :class:`SettingsFile`) gets its default.

        ``damaged`` names the values that were replaced, so the menu can say so.
        """
        s = cls()
        try:
            data = json.loads(read_regular(path, MAX_SETTINGS_BYTES).decode("utf-8"))
        except FileNotFoundError:
            return s
        except (OSError, ValueError):
            s.damaged = ["settings.json"]
            return s
        if not isinstance(data, dict):
            s.damaged = ["settings.json"]
            return s
        for name in asdict(s):
            if name not in data:
                continue
            try:
                value = getattr(SettingsFile.model_validate({name: data[name]}), name)
            except ValidationError:
                s.damaged.append(name)
                continue
            setattr(s, name, value)
            s.given.add(name)
        return s

    def save(self, path: Path) -> None:
        """Write the settings atomically."""
        data = {k: v for k, v in asdict(self).items() if k not in ("damaged", "given")}
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1))


def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The game's language for this computer's own (that language when the game has its catalogue, else by the
    one fallback rule: English), from the locale variables (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, ``LANGUAGE``)
    or, where none is set (Windows), the system locale; None when the system names none (``C``, ``POSIX``)."""
    env = os.environ if environ is None else environ
    names = [env.get(var, "") for var in ("LC_ALL", "LC_MESSAGES", "LANG")] + env.get("LANGUAGE", "").split(":")
    if environ is None and not any(names):
        import locale

        names.append(locale.getlocale()[0] or "")
    for name in names:
        code = name.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
        if code and code not in ("c", "posix"):
            by_name = {english_name(known).lower(): known for known in languages()}   # Windows says "Russian"
            return resolve(by_name.get(code, code))
    return None


@dataclass
class Context:
    """Shared state of the running app, handed to each scene."""

    settings: Settings
    i18n: I18n
    theme: Theme
    clock: Clock
    saves: SaveStore
    scenario_dirs: list[Path]
    replays_dir: Path
    settings_path: Path | None = None
    db_path: Path | None = None
    session: GameSession | None = None
    leaderboard: ModuleType | None = None  # simulator.store.leaderboard, when this build has it
    gui: Gui | None = None                 # the pygame_gui manager, made with the window
    workshop: WorkshopSender | None = None  # the outbox sender
    rounds: Lockstep | None = None          # the rounds session this game joined (`join` on one), else None
    team: str = ""  # `join --team NAME`: the team whose desk this player shares (scenes/team_choice.py)
    tutorial_seen: set = field(default_factory=set)

    def t(self, key: str, **values) -> str:
        """A text of the current language."""
        return self.i18n.t(key, **values)

    @property
    def motion(self) -> bool:
        """Short animations are on (a setting; the test pilot turns them off)."""
        return self.settings.motion

    @property
    def lang(self) -> str:
        """The current language code."""
        return self.i18n.lang

    def set_language(self, lang: str) -> None:
        """Switch language everywhere."""
        self.i18n.set_language(lang)
        self.settings.lang = self.i18n.lang
        self.save_settings()

    def set_theme(self, name: str) -> None:
        """Switch the look (``dark`` or ``light``) everywhere and keep it for the next run."""
        self.theme.use(name)
        if self.gui is not None:
            self.gui.use_theme(self.theme)
        self.settings.theme = name
        self.save_settings()

    def autosave(self) -> str | None:
        """Keep the game in progress in the saves folder; the reason in words if the folder refused it, else
        None (a failing folder is reported by the screen, never fatal)."""
        if self.session is None:
            return None
        try:
            self.saves.write(self.session, self.lang)
        except OSError as exc:
            return exc.strerror or str(exc)
        return None

    def save_settings(self) -> None:
        """Keep settings for the next run (quietly skipped if the folder is not writable)."""
        if self.settings_path is not None:
            with contextlib.suppress(OSError):
                self.settings.save(self.settings_path)


def find_leaderboard():
    """The leaderboard store module if this build has one, else None."""
    try:
        return importlib.import_module("simulator.store.leaderboard")
    except ModuleNotFoundError as exc:
        if exc.name in ("simulator.store.leaderboard",):
            return None
        raise
