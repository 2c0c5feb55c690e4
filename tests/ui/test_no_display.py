"""Without a video device the game says so in one line, names the headless commands, and exits 2."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pygame

from simulator.cli import main

ROOT = Path(__file__).resolve().parents[2]
HEADLESS = ("validate", "simulate", "balance", "leaderboard")


def _assert_one_clear_line(err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "no display" in lines[0]
    assert all(name in lines[0] for name in HEADLESS)
    assert "Traceback" not in err


def test_failing_display_init_gives_one_line_and_exit_2(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("SALESDESK_HOME", str(tmp_path))

    def no_video():
        raise pygame.error("No available video device")

    monkeypatch.setattr(pygame.display, "init", no_video)
    assert main(["play", "--lang", "en"]) == 2
    captured = capsys.readouterr()
    _assert_one_clear_line(captured.err)
    assert captured.out == ""


def test_a_machine_without_a_video_driver_gets_the_same_line(tmp_path):
    env = dict(os.environ, SDL_VIDEODRIVER="no-such-driver", SALESDESK_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    _assert_one_clear_line(result.stderr)


def test_a_broken_scenario_argument_is_refused_before_any_window(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nturns: many\n", encoding="utf-8")
    assert main(["play", str(bad)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_the_games_own_options_work_without_naming_the_play_command(monkeypatch, capsys, tmp_path):
    # `python main.py --seed 5` and `--player=Anna` open the game (here: reach it and stop at the missing display).
    monkeypatch.setenv("SALESDESK_HOME", str(tmp_path))

    def no_video():
        raise pygame.error("No available video device")

    monkeypatch.setattr(pygame.display, "init", no_video)
    for argv in (["--seed", "5"], ["--player=Anna"], ["--group", "G", "--lang", "ru"]):
        assert main(argv) == 2
        _assert_one_clear_line(capsys.readouterr().err)
