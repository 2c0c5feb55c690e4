"""`main.py validate` as a trainer uses it: several files, several mistakes, hostile input, odd terminals."""
from __future__ import annotations

import re

from simulator.scenario import load_bytes, load_text

from .base import BASE, edit
from .conftest import problems, run_main, run_process

LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")


def test_every_problem_in_a_file_is_reported_at_once_in_line_order(tmp_path):
    text = edit("turns: 12", "turns: twelve")
    text = edit("market_price: 45000", "market_price: 45000\n    colour: red", text)
    text = edit("kpi: retention", "kpi: retension", text)
    text = edit("segment: manufacturers", "segment: makers", text)
    text = edit("cost: 10000", "cost: -10000", text)
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_main("validate", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    found = [LOCATED.match(line) for line in result.stderr.splitlines()]
    assert all(found)
    lines = [int(m["line"]) for m in found]
    assert lines == sorted(lines)
    messages = " | ".join(m["message"] for m in found)
    for fragment in ("got `twelve`", "unknown key `colour`", "did you mean `retention`", "unknown segment `makers`",
                     "must be above 0, got `-10000`"):
        assert fragment in messages
    assert len(found) == 5


def test_good_files_get_ok_lines_while_a_bad_one_fails_the_run(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(BASE, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(edit("turns: 12", "turns: 0"), encoding="utf-8")
    result = run_main("validate", str(good), str(bad), str(good))
    assert result.returncode == 2
    assert result.stdout.splitlines() == [result.stdout.splitlines()[0]] * 2
    assert result.stdout.startswith(f"ok: {good}: id=lab ")
    assert problems(result.stderr)[0].startswith(f"{bad}:8:8: turns: must be 1 or more, got `0`")


def test_missing_file_and_folder_are_reported_not_crashed(tmp_path):
    result = run_main("validate", str(tmp_path / "nope.yaml"), str(tmp_path))
    assert result.returncode == 2
    assert f"{tmp_path / 'nope.yaml'}:1:1: no such file" in result.stderr
    assert f"{tmp_path}:1:1: is a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_tags_are_refused_and_never_executed(tmp_path):
    marker = tmp_path / "PWNED"
    tags = [
        f'!!python/object/apply:os.system ["touch {marker}"]',
        f'!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
        f'!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
        "!!python/name:os.system",
    ]
    for i, tag in enumerate(tags):
        path = tmp_path / f"tag{i}.yaml"
        path.write_text(edit("turns: 12", f"turns: {tag}"), encoding="utf-8")
        result = run_main("validate", str(path))
        assert result.returncode == 2
        assert "is not allowed; a scenario holds plain data only" in result.stderr
        assert "Traceback" not in result.stderr
    assert not marker.exists()


def test_errors_survive_a_terminal_that_cannot_show_cyrillic(tmp_path):
    path = tmp_path / "ru.yaml"
    path.write_text(edit("turns: 12", "ходы: 12"), encoding="utf-8")
    result = run_process("validate", str(path), env={"PYTHONIOENCODING": "ascii"})  # a real process's stderr
    assert result.returncode == 2
    assert "unknown key" in result.stderr and "Traceback" not in result.stderr


def test_odd_unicode_in_player_texts_is_fine():
    text = edit('en: "Sweet Home bakery"', 'en: "Sweet Home 🍰 \u200fבית\u200e — ZWJ 👩\u200d🍳"')
    text = edit('ru: "Звонок"', 'ru: "Звонок ☎\ufe0f"', text)
    scenario = load_text(text)
    assert "🍰" in scenario.clients[0].name.get("en")


def test_invisible_whitespace_lines_are_blank_not_errors():
    text = edit("turns: 12\n", "turns: 12\n\t\n  \t \n")
    assert load_text(text).turns == 12
    assert load_bytes(text.replace("\n", "\r\n").encode("utf-8")).turns == 12


def test_a_byte_order_mark_and_windows_line_ends_are_fine():
    raw = b"\xef\xbb\xbf" + BASE.replace("\n", "\r\n").encode("utf-8")
    assert load_bytes(raw).id == "lab"


def test_devices_pipes_and_oversized_files_are_refused_at_once_without_reading_them(tmp_path):
    import os
    import time

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # opening it for reading would wait forever for a writer
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(3 * 1024 ** 3)  # 3 GB (sparse): read whole, it would fill memory
    started = time.monotonic()
    result = run_main("validate", "/dev/zero", str(fifo), str(big))
    assert time.monotonic() - started < 10
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "/dev/zero:1:1: is a device, not a regular file" in result.stderr
    assert f"{fifo}:1:1: is a pipe (FIFO), not a regular file" in result.stderr
    assert f"{big}:1:1: file is 3,221,225,472 bytes; a scenario may be at most 1,048,576 bytes" in result.stderr
