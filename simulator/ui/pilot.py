"""A test pilot: runs the real app loop on a fake clock and plays it like a person would.

It posts key presses, typed text, mouse clicks and dropped files to pygame's
event queue and advances frames, so everything goes through the app's one
event loop (pygame_gui's text fields included); widgets are found by id. After
each action it waits, frame by frame, for the replays the action started off the
frame thread (as a person waits for the progress note), unless ``settle`` is off. Used
by the UI tests, the benchmark and anyone scripting a screenshot::

    pilot = Pilot.start(tmp_path, lang="en")
    pilot.type_into("menu.player", "Anna")
    pilot.click("menu.start")
"""
from __future__ import annotations

import time
from pathlib import Path

import pygame

from .app import App, build_context, make_app
from .clock import FakeClock


class PilotError(AssertionError):
    """The pilot could not do what it was asked (a widget missing, hidden or disabled)."""


class Pilot:
    """Drives an :class:`App` frame by frame."""

    def __init__(self, app: App, settle: bool = True):
        self.app = app
        self.settle = settle  # after each action, run frames until the app's background jobs are done

    @classmethod
    def start(cls, data_dir: Path, lang: str = "en", size: tuple[int, int] = (1280, 720), scenario: Path | None = None,
              player: str | None = None, group: str | None = None, seed: int | None = None,
              hints: bool | None = None, scenario_dirs: list[Path] | None = None, server: str | None = None,
              code: str | None = None, theme: str | None = None, motion: bool = False,
              questions: bool = False) -> Pilot:
        """A fresh app (its data in ``data_dir``) showing its first frame; animations are off unless ``motion``, and
        the learning questions (predictions, lesson checks) are not asked unless ``questions`` (a flow that does not
        answer them would meet a question where it expects the month report)."""
        ctx = build_context(FakeClock(), data_dir, lang=lang, player=player, group=group, seed=seed, server=server,
                            code=code, theme=theme)
        ctx.settings.motion = motion
        ctx.settings.questions = questions
        if hints is not None:
            ctx.settings.hints = hints
        if scenario_dirs is not None:
            ctx.scenario_dirs = list(scenario_dirs)
        app = make_app(ctx, scenario, size)
        pilot = cls(app)
        pilot.advance(1)
        return pilot

    # --- looking ---------------------------------------------------------------
    @property
    def scene(self):
        """The top scene."""
        return self.app.top

    def find(self, wid: str):
        """The top scene's widget with id ``wid`` (PilotError if there is none)."""
        widget = self.scene.form.find(wid) if self.scene is not None else None
        if widget is None:
            raise PilotError(f"no widget `{wid}` on {type(self.scene).__name__}")
        return widget

    def screenshot(self, path: Path) -> Path:
        """Save the window as a PNG."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.app.screen, str(path))
        return path

    # --- doing -----------------------------------------------------------------
    def advance(self, frames: int = 1) -> None:
        """Run ``frames`` frames of the real loop. While background work runs, each frame is followed by a
        millisecond's sleep, as the real clock waits for the next frame: the fake clock never waits, and a frame
        loop that never lets go of the GIL leaves the worker thread only what the interpreter's switch interval
        takes from it (whole-company's debrief, its references played on the worker: 2,900 frames and 9.3-9.9 s of
        CPU without the sleep, 1,600 frames and 7.2 s with it)."""
        for _ in range(frames):
            if not self.app.running:
                return
            self.app.frame()
            if self.app.jobs.busy:
                time.sleep(0.001)

    def wait_for_jobs(self, timeout: float = 120.0) -> int:
        """Run frames until no background job (replays off the frame thread) is left; returns the frames run."""
        frames, deadline = 0, time.monotonic() + timeout
        while self.app.jobs.busy and self.app.running:
            if time.monotonic() > deadline:
                raise PilotError(f"background jobs still running after {timeout:.0f} s")
            self.app.frame()
            frames += 1
            time.sleep(0.001)  # the worker gets the GIL too
        return frames

    def _acted(self) -> None:
        """The frame after an action, then (if ``settle``) the frames until its background work is done."""
        self.advance(1)
        if self.settle:
            self.wait_for_jobs()

    def press(self, key: int, mod: int = 0, text: str = "") -> None:
        """Press and release a key, then run a frame."""
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text, scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=text, scancode=0))
        self._acted()

    def type(self, text: str) -> None:
        """Type text into the focused widget (as the OS's text input would), then run a frame."""
        for ch in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        self._acted()

    def type_into(self, wid: str, text: str, clear: bool = True) -> None:
        """Click a text field, optionally clear it (Ctrl+A, Backspace, as a person would), and type."""
        self.click(wid)
        if clear and self.find(wid).value:
            self.press(pygame.K_a, mod=pygame.KMOD_CTRL)
            self.press(pygame.K_BACKSPACE)
        self.type(text)

    def drop_file(self, path) -> None:
        """Drop a file on the window (as from a file manager), then run a frame."""
        pygame.event.post(pygame.event.Event(pygame.DROPFILE, file=str(path), window=None))
        self._acted()

    def move(self, pos) -> None:
        """Move the mouse pointer."""
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        self._acted()

    def click_at(self, pos, button: int = 1) -> None:
        """Click at a window position."""
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
        self._acted()

    def click(self, wid: str, button: int = 1, offset: tuple[int, int] = (0, 0)) -> None:
        """Click the middle of a visible, enabled widget."""
        widget = self.find(wid)
        if not widget.visible:
            raise PilotError(f"widget `{wid}` is hidden")
        if not widget.is_enabled():
            raise PilotError(f"widget `{wid}` is disabled")
        self.click_at((widget.rect.centerx + offset[0], widget.rect.centery + offset[1]), button)

    def wheel(self, wid: str, dy: int) -> None:
        """Scroll the mouse wheel over a widget."""
        widget = self.find(wid)
        self.move(widget.rect.center)
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=dy, flipped=False, precise_x=0.0,
                                             precise_y=float(dy)))
        self._acted()

    def hover(self, wid: str, ms: int = 1000) -> None:
        """Rest the pointer on a widget for ``ms`` (so its tooltip shows)."""
        widget = self.find(wid)
        self.move(widget.rect.center)
        self.advance(max(1, ms // getattr(self.app.ctx.clock, "step_ms", 16)))

    def choose(self, wid: str, value) -> None:
        """Click a Choice until it shows ``value``."""
        widget = self.find(wid)
        for _ in range(len(widget.options()) + 1):
            if widget.value == value:
                return
            self.click(wid)
        raise PilotError(f"`{wid}` has no option {value!r}")
