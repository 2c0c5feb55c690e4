"""A small progress bar for long commands: drawn only on a terminal."""
from __future__ import annotations

import time
from typing import TextIO


class Progress:
    """Redraws one line on a terminal stream; silent when the stream is not a terminal."""

    def __init__(self, total: int, stream: TextIO, width: int = 30):
        self.total, self.done, self.stream, self.width = max(total, 1), 0, stream, width
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())
        self._last = 0.0

    def advance(self, label: str = "") -> None:
        """Count one step done and redraw at most ten times a second."""
        self.done += 1
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.1 and self.done < self.total):
            return
        self._last = now
        filled = int(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label[:30]:<30}")
        self.stream.flush()

    def close(self) -> None:
        """Finish the line."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
