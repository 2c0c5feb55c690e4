"""Clocks for the app loop: the real one, and a fake one for tests and benchmarks."""
from __future__ import annotations

import time
from typing import Protocol

import pygame


class Clock(Protocol):
    """What the app loop and the scenes need of a clock: frame pacing and milliseconds since start."""

    def tick(self, fps: int) -> int:
        """Wait for the next frame (or not); the milliseconds since the last one."""
        ...

    def now_ms(self) -> int:
        """Milliseconds since the clock was made."""
        ...


class RealClock:
    """Wall-clock frame pacing (pygame's Clock)."""

    def __init__(self) -> None:
        self._clock = pygame.time.Clock()
        self._start = time.perf_counter()

    def tick(self, fps: int) -> int:
        """Wait for the next frame; returns the milliseconds since the last one."""
        return self._clock.tick(fps)

    def now_ms(self) -> int:
        """Milliseconds since the clock was made."""
        return int((time.perf_counter() - self._start) * 1000)


class FakeClock:
    """A clock that never waits: every tick moves time by ``step_ms``."""

    def __init__(self, step_ms: int = 16) -> None:
        self.step_ms = step_ms
        self._now = 0

    def tick(self, fps: int) -> int:
        """Advance time by one step without waiting."""
        self._now += self.step_ms
        return self.step_ms

    def now_ms(self) -> int:
        """Fake milliseconds since start."""
        return self._now
