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
        local = server.url.replace('127.0.0.1', 'localhost')
        assert f"participants: python main.py join {local}/join/{server.code}\n" in out  # scenario and seed: the server's
        assert "note: only this computer can reach the server; for the other laptops start it with --host 0.0.0.0" in out
        with urllib.request.urlopen(f"{server.url}/api/sessions/{server.code}", timeout=10) as response:
            assert json.loads(response.read()) | {"created_at": None} == {
                "code": server.code, "scenario": "tutorial", "seed": 3, "group": "Москва-1", "created_at": None,
                "closed_at": None, "open": True, "anonymous": False, "mode": "free"}
    assert server.process.returncode == 0  # Ctrl+C stops it cleanly


def test_serve_for_the_room_prints_the_address_other_laptops_use_not_localhost(tmp_path):
    from simulator.cli.server_commands import lan_address

    lan = lan_address()
    with LiveServer(tmp_path / "s.sqlite3", "--host", "0.0.0.0", session="tutorial", seed=5) as server:
        out = "".join(server.lines)
        if lan is None:  # a machine on no network: said so, instead of an address nobody can use
            assert "note: this computer seems to have no network address" in out
            return
        assert f"workshop server on http://{lan}:" in out and "localhost" not in out
        join = out.split("participants: python main.py join ")[1].split()[0]
        assert join.startswith(f"http://{lan}:") and join.endswith(f"/join/{server.code}")
        with urllib.request.urlopen(join, timeout=10) as response:  # the printed address answers
            assert f"python main.py join {join}" in response.read().decode("utf-8")


@pytest.mark.parametrize("host, lan, shown, noted", [
    ("127.0.0.1", "10.1.2.3", "localhost", True), ("0.0.0.0", "10.1.2.3", "10.1.2.3", False),
    ("0.0.0.0", None, "localhost", True), ("::", "fd00::5", "[fd00::5]", False),
    ("192.168.1.5", "10.1.2.3", "192.168.1.5", False), ("desk.local", None, "desk.local", False)])
def test_the_printed_address_is_one_other_laptops_can_use_or_a_note_says_why_not(host, lan, shown, noted):
    from simulator.cli.server_commands import reachable_host

    name, note = reachable_host(host, lan)
    assert name == shown and bool(note) == noted
