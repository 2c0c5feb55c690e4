"""A real `python main.py serve` process for tests that go over HTTP (the game's outbox, the browser)."""
from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "live-test-trainer-token"


def free_port() -> int:
    """A port nothing listens on right now (for a server started later on a known address)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """``serve`` in a child process; ``url``, ``code`` (with ``session=``), ``stop()``; a context manager."""

    def __init__(self, db: Path, *args: str, port: int = 0, session: str | None = None, seed: int = 1,
                 group: str = "", timeout: float = 60.0):
        command = [sys.executable, str(ROOT / "main.py"), "serve", "--db", str(db), "--port", str(port),
                   "--workers", "2", *args]
        if session:
            command += ["--session", session, "--seed", str(seed), "--group", group]
        env = {**os.environ, "SALESDESK_TRAINER_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, start_new_session=True)
        self.lines: list[str] = []
        self._queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.code = None
        token_seen = False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if line is None:
                break
            found = re.search(r"workshop server on (http://\S+)", line)
            if found:
                self.url = found.group(1).replace("localhost", "127.0.0.1")
            found = re.match(r"session (\w+):", line)
            if found:
                self.code = found.group(1)
            token_seen = token_seen or line.startswith("trainer token")
            if self.url and token_seen and (line.startswith("participants:") or not session):
                return  # the last line it prints at start-up
        output = "".join(self.lines)
        self.stop()
        raise RuntimeError(f"serve did not start: {output[-2000:]}")

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)
            self._queue.put(line)
        self._queue.put(None)

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {TOKEN}"}

    def stop(self, kill: bool = False) -> None:
        """Stop the server (SIGINT, as Ctrl+C; SIGKILL with ``kill``) and its workers."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL if kill else signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(15)
        if self.process.stdout:
            self.process.stdout.close()

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
