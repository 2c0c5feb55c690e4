"""`python main.py serve` and `play --server --code` on the command line: clear messages and exit 2 for bad input."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.request

import pytest

from simulator.cli import main
from tests.live_server import ROOT, LiveServer

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize("args, message", [
    (["play", "--server", "ftp://host", "--code", "AB12"], "--server: the server address must look like"),
    (["play", "--server", "host:99999", "--code", "AB12"], "--server: the port"),
    (["play", "--server", "host:8765", "--code", "!!"], "--code: a join code has letters and digits"),
    (["serve", "--session", "no-such-scenario"], "no scenario `no-such-scenario` here"),
    (["serve", "--time-limit", "0"], "--time-limit: must be a finite number of seconds above 0, not `0`"),
    (["serve", "--time-limit", "nan"], "--time-limit: must be a finite number of seconds above 0, not `nan`"),
    (["serve", "--time-limit", "inf"], "--time-limit: must be a finite number of seconds above 0, not `inf`"),
    (["serve", "--uploads-per-minute", "nan"], "--uploads-per-minute: must be a finite number above 0"),
    (["serve", "--trusted-proxy", "my-proxy"], "--trusted-proxy: `my-proxy` is not an IP address or network"),
])
def test_bad_options_are_refused_in_one_line(args, message, capsys, tmp_path):
    if args[0] == "serve":
        args = [*args, "--db", str(tmp_path / "x.sqlite3")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_serve_refuses_a_database_that_is_not_ours_and_leaves_it_as_it_was(tmp_path, capsys):
    foreign = tmp_path / "notes.sqlite3"
    foreign.write_bytes(b"these are somebody's notes, not a database")
    assert main(["serve", "--db", str(foreign)]) == 2
    assert "is not a leaderboard database" in capsys.readouterr().err
    assert foreign.read_bytes() == b"these are somebody's notes, not a database"


def test_serve_says_when_its_port_is_taken(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), "serve", "--db", str(tmp_path / "b.sqlite3"),
                                 "--port", str(port), "--workers", "1"], capture_output=True, text=True, timeout=90)
    assert result.returncode == 2
    assert f"could not listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr


def test_serve_prints_the_token_and_the_session_and_serves_its_board(tmp_path):
    with LiveServer(tmp_path / "s.sqlite3", session="tutorial", seed=3, group="Москва-1") as server:
        out = "".join(server.lines)
        assert "trainer token: " in out
        assert f"--seed 3 --server {server.url.replace('127.0.0.1', 'localhost')} --code {server.code}" in out
        with urllib.request.urlopen(f"{server.url}/api/sessions/{server.code}", timeout=10) as response:
            assert json.loads(response.read()) | {"created_at": None} == {
                "code": server.code, "scenario": "tutorial", "seed": 3, "group": "Москва-1", "created_at": None,
                "closed_at": None, "open": True, "anonymous": False}
    assert server.process.returncode == 0  # Ctrl+C stops it cleanly
