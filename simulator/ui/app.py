"""The app loop: one place reads the event queue each frame and hands events to the top scene.

:func:`run_game` is what ``python main.py play`` calls: it opens the window
(or says in one line that there is no display and returns 2), builds the
:class:`Context` and runs :class:`App` until the player quits.
"""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from ..store.rounds_client import RoundsClient
from .rounds import Lockstep

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from .. import shipped  # noqa: E402
from ..store import paths  # noqa: E402
from ..store.outbox import Outbox  # noqa: E402
from ..store.saves import SaveStore  # noqa: E402
from ..store.scenario_files import scenario_folders  # noqa: E402
from .clock import RealClock  # noqa: E402
from .context import Context, Settings, find_leaderboard, system_language  # noqa: E402
from .gui import KEY_REPEAT, Gui, visible_text  # noqa: E402
from .i18n import I18n  # noqa: E402
from .jobs import Jobs  # noqa: E402
from .theme import Theme  # noqa: E402
from .workshop import WorkshopSender  # noqa: E402

BASE_SIZE = (1280, 720)
MIN_SIZE = (1024, 600)   # smaller windows are grown back to this: below it the desk cannot show its columns
TEXT_GROWTH = 0.6        # past BASE_SIZE, text grows by this share of the window's growth; the rest is room
FPS = 60
SCENARIOS_DIR = shipped.SCENARIOS_DIR
NO_DISPLAY_MESSAGE = ("error: no display is available, so the game window cannot open; "
                      "the headless commands still work: validate, simulate, balance, leaderboard "
                      "(see `python main.py --help`)")


class NoDisplay(RuntimeError):
    """The video device could not be opened."""


def window_scale(size: tuple[int, int]) -> float:
    """The theme's scale for a window of ``size``: below 1280x720 everything shrinks with the window; above it
    text grows more slowly than the window, so a bigger window shows more rows and wider columns too."""
    raw = min(size[0] / BASE_SIZE[0], size[1] / BASE_SIZE[1])
    return raw if raw <= 1.0 else 1.0 + (raw - 1.0) * TEXT_GROWTH


def at_least_minimum(size: tuple[int, int]) -> tuple[int, int]:
    """``size`` grown to :data:`MIN_SIZE` where it is smaller."""
    return max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1])


def open_window(size: tuple[int, int] = BASE_SIZE) -> pygame.Surface:
    """Initialise video (never audio: sound is off) and open a resizable window; raises NoDisplay."""
    size = at_least_minimum(size)
    try:
        pygame.display.init()
        pygame.font.init()
        surface = pygame.display.set_mode(size, pygame.RESIZABLE)
    except pygame.error as exc:
        raise NoDisplay(str(exc)) from None
    pygame.display.set_caption("Sales Desk")
    pygame.key.set_repeat(*KEY_REPEAT)
    return surface


class App:
    """The scene stack and the frame loop."""

    def __init__(self, ctx: Context, screen: pygame.Surface, registry: dict[str, type] | None = None):
        self.ctx = ctx
        self.screen = screen
        self.registry: dict[str, type] = dict(registry or {})  # scene name -> class (see simulator.ui.scenes)
        self.scenes: list = []
        self.running = True
        self.fullscreen = False
        self.frames = 0
        self.jobs = Jobs()  # replays run off the frame thread; their results come back in frame()
        self._apply_scale(screen.get_size())

    # --- the stack ------------------------------------------------------------
    @property
    def top(self):
        """The scene that gets input."""
        return self.scenes[-1] if self.scenes else None

    def push(self, scene) -> None:
        """Put a scene on top (the one below keeps its look but takes no input)."""
        if self.scenes:
            self.scenes[-1].form.set_active(False)
        self.scenes.append(scene)
        scene.form.set_active(True)
        scene.layout(self.screen.get_size())
        scene.enter()

    def _drop_top(self) -> None:
        scene = self.scenes.pop()
        self.jobs.forget(scene)
        scene.exit()
        scene.form.dispose()

    def _uncover_top(self) -> None:
        if self.scenes:
            top = self.scenes[-1]
            top.form.set_active(True)
            top.layout(self.screen.get_size())
            top.resume()
        else:
            self.running = False

    def pop(self) -> None:
        """Remove the top scene (the app stops when none is left)."""
        if self.scenes:
            self._drop_top()
        self._uncover_top()

    def replace(self, scene) -> None:
        """Swap the top scene for another."""
        if self.scenes:
            self._drop_top()
        self.push(scene)

    def pop_to(self, scene_type) -> None:
        """Pop scenes until one of ``scene_type`` (a class, or a registered name) is on top."""
        if isinstance(scene_type, str):
            scene_type = self.registry[scene_type]
        while self.scenes and not isinstance(self.scenes[-1], scene_type):
            self._drop_top()
        self._uncover_top()

    def to_menu(self) -> None:
        """Back to the main menu: popped to, or a fresh one when the game was opened without a menu below."""
        self.pop_to("menu")
        if not self.scenes:
            self.running = True
            self.open("menu")

    def make(self, name: str, *args, **kwargs):
        """A new scene of the registered ``name``, built for this app."""
        return self.registry[name](self, *args, **kwargs)

    def open(self, name: str, *args, **kwargs):
        """Push a new scene of the registered ``name`` (``args`` go to its constructor); returns it."""
        scene = self.make(name, *args, **kwargs)
        self.push(scene)
        return scene

    def switch(self, name: str, *args, **kwargs):
        """Replace the top scene with a new one of the registered ``name``; returns it."""
        scene = self.make(name, *args, **kwargs)
        self.replace(scene)
        return scene

    def is_open(self, name: str) -> bool:
        """True when the top scene is the registered ``name``."""
        return self.top is not None and isinstance(self.top, self.registry[name])

    def quit(self) -> None:
        """Stop after this frame."""
        self.running = False

    # --- window ---------------------------------------------------------------
    @property
    def gui(self) -> Gui:
        """The pygame_gui manager (made with the window, before the app)."""
        assert self.ctx.gui is not None, "the app is made after its window and gui"
        return self.ctx.gui

    def _apply_scale(self, size) -> None:
        self.ctx.theme.set_scale(max(0.8, window_scale(size)), self.ctx.settings.text_scale)
        self.gui.resize(size)
        self.gui.scale(self.ctx.theme)

    def relayout(self) -> None:
        """Lay every scene out for the current window size and text scale."""
        self.screen = pygame.display.get_surface() or self.screen
        size = self.screen.get_size()
        if not self.fullscreen and at_least_minimum(size) != size:  # dragged smaller than the minimum: grow back
            with contextlib.suppress(pygame.error):
                self.screen = pygame.display.set_mode(at_least_minimum(size), pygame.RESIZABLE)
        self._apply_scale(self.screen.get_size())
        for scene in self.scenes:
            scene.layout(self.screen.get_size())

    def toggle_fullscreen(self) -> None:
        """F11: full screen for a projector, and back."""
        try:
            if self.fullscreen:
                pygame.display.set_mode(BASE_SIZE, pygame.RESIZABLE)
            else:
                pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            self.fullscreen = not self.fullscreen
        except pygame.error:
            pygame.display.set_mode(BASE_SIZE, pygame.RESIZABLE)
            self.fullscreen = False
        self.relayout()

    # --- the loop -------------------------------------------------------------
    def _global_key(self, event) -> bool:
        if event.type != pygame.KEYDOWN:
            return False
        if event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return True
        if event.key == pygame.K_F1:
            if self.is_open("help"):
                self.pop()
            else:
                self.open("help")
            return True
        return False

    def frame(self) -> None:
        """One frame: read the queue once, dispatch (pygame_gui first, then the top scene), update, draw, flip."""
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.running = False
                continue
            if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
                self.relayout()
                continue
            if event.type == pygame.TEXTINPUT:
                text = visible_text(event.text)  # zero-width and direction marks never reach a field
                if not text:
                    continue
                if text != event.text:
                    event = pygame.event.Event(pygame.TEXTINPUT, text=text)
            if self._global_key(event):
                continue
            # pygame_gui only holds the top scene's fields; it edits text, and the scene's form then decides
            # whether the key was the field's or a shortcut (see widgets/text_field.py).
            self.gui.process_event(event)
            if self.top is not None:
                self.top.handle_event(event)
            if not self.running:
                break
        self.jobs.poll()
        dt = self.ctx.clock.tick(FPS)
        self.gui.update(dt)
        if self.top is not None:
            self.top.update(dt)
        self.draw()
        self.frames += 1

    def draw(self) -> None:
        """Draw the top scene and, under overlays, the scenes below it."""
        if not self.scenes:
            return
        first = len(self.scenes) - 1
        while first > 0 and self.scenes[first].overlay:
            first -= 1
        for scene in self.scenes[first:]:
            scene.draw(self.screen)
        pygame.display.flip()

    def run(self) -> None:
        """Frames until the player quits."""
        try:
            while self.running:
                self.frame()
        finally:
            self.jobs.cancel()
            self.jobs.wait(5.0)


def build_context(clock=None, data_dir: Path | None = None, lang: str | None = None, player: str | None = None,
                  group: str | None = None, seed: int | None = None, server: str | None = None,
                  code: str | None = None, theme: str | None = None, scenarios: list[Path] | None = None,
                  system_lang: str | None = None) -> Context:
    """Everything the scenes share; ``data_dir`` defaults to the user's data folder.

    The language is ``lang``, else the one last chosen (the settings), else ``system_lang`` (the computer's own:
    :func:`~.context.system_language`), else Russian; the menu switches it.

    ``theme`` (``dark`` or ``light``) is kept in the settings like the language. The menu lists the shipped
    scenarios, those in the ``scenarios`` folder of the data folder and those in the folders ``scenarios``
    (``play --scenarios DIR``)."""
    data = Path(data_dir) if data_dir is not None else paths.data_dir()
    saves = Path(data_dir) / "saves" if data_dir is not None else paths.saves_dir()
    settings_path = data / "settings.json"
    settings = Settings.load(settings_path)
    if lang:
        settings.lang = lang
    elif system_lang and "lang" not in settings.given:
        settings.lang = system_lang
    if player is not None:
        settings.player = player
    if group is not None:
        settings.group = group
    if seed is not None:
        settings.seed = seed
    if server is not None:
        settings.server = server
    if code is not None:
        settings.code = code
    if theme is not None:
        settings.theme = theme
    ctx = Context(
        settings=settings, i18n=I18n(settings.lang), theme=Theme(scale=1.0, name=settings.theme),
        clock=clock or RealClock(), saves=SaveStore(saves),
        scenario_dirs=scenario_folders(scenarios or (), own=data / "scenarios"), replays_dir=saves / "replays",
        settings_path=settings_path, leaderboard=find_leaderboard(),
        db_path=data / "leaderboard.sqlite3" if data_dir is not None else paths.default_db_path(),
        workshop=WorkshopSender(Outbox(data / "outbox")),
    )
    if server is not None or code is not None or theme is not None:
        ctx.save_settings()  # `play --server URL --code CODE` (or `--theme`) is kept for the next start
    return ctx


def make_app(ctx: Context, scenario: Path | None = None, size: tuple[int, int] = BASE_SIZE) -> App:
    """Open the window and put the first screen up: the menu, or the briefing of ``scenario``."""
    screen = open_window(size)
    ctx.gui = Gui(screen.get_size(), ctx.theme)
    from .scenes import SCENES
    app = App(ctx, screen, SCENES)
    menu = app.open("menu")
    if scenario is not None:
        menu.start_scenario_file(scenario)
    return app


def run_game(scenario: Path | None = None, lang: str | None = None, player: str | None = None,
             group: str | None = None, seed: int | None = None, server: str | None = None,
             code: str | None = None, theme: str | None = None, scenarios: list[Path] | None = None,
             rounds: tuple[str, int] | None = None, team: str | None = None) -> int:
    """Run the game window until the player quits; 2 when there is no display. ``rounds`` (the session's scenario
    id and seed, from `join` on a rounds session): that game plays in lockstep with the room. ``team``: the workshop
    team whose desk this player shares (each month a proposal; the team's choice is played)."""
    try:
        ctx = build_context(lang=lang, player=player, group=group, seed=seed, server=server, code=code, theme=theme,
                            scenarios=scenarios, system_lang=system_language())
        ctx.team = team or ""
        if rounds is not None and server and code:
            tokens = ctx.settings_path.parent / "rounds.json" if ctx.settings_path is not None else None
            ctx.rounds = Lockstep(RoundsClient(server, code), *rounds, tokens=tokens)
        app = make_app(ctx, scenario)
    except NoDisplay:
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2
    if ctx.workshop is not None and ctx.workshop.waiting():
        ctx.workshop.send_all()  # games that waited for the workshop server go now, in the background
    try:
        app.run()
    finally:
        if ctx.rounds is not None:
            ctx.rounds.stop()
        pygame.quit()
    return 0
