"""Fuzzing `import` with batches of mutated replays: numbers, types, sizes, Unicode and structure.

Whatever the files hold, the command exits 0 or 2 without a traceback, every valid file of the
batch is stored exactly once, and the database passes SQLite's integrity check afterwards.
"""
from __future__ import annotations

import copy
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from store_helpers import make_replay

from simulator.cli import main

BIG = "@@big-number@@"
DEEP = "@@deep@@"

ODD_VALUES = (
    BIG, DEEP, -1, 0, 2**63, -(2**63) - 1, 10**18, 1e308, -1e308, 5e-324, 0.1, True, False, None, "", "0",
    "x" * 100_000, "\ud800", "\u202eevil", "\u0000", "Анна\u200b", "=cmd|' /C calc'!A0", "<script>", [], {},
    [[1, 2], [3]], {"format": "sales-desk-replay"}, [None] * 50,
)
PRISTINE = json.dumps(ODD_VALUES)  # every example must start from these values, whatever earlier ones did


def odd_value(draw):
    """One of ODD_VALUES as a fresh object: a later mutation ("grow", "key") of the file's data changes this copy,
    never the shared list or dict the next example draws (which made the test's examples depend on each other)."""
    return copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))


def _paths(value, prefix=()):
    """Every path into a JSON value (keys and list indices), the root included."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for k, v in enumerate(value[:6]):  # the first few items are enough to reach every kind of field
            yield from _paths(v, prefix + (k,))


def _set(data, path, value):
    if not path:
        return value
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return data


def _delete(data, path):
    if not path:
        return data
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    return data


@st.composite
def mutations(draw, base: dict) -> bytes:
    """A replay file's bytes after one to three mutations of ``base``."""
    data = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(data))
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["value", "value", "delete", "grow", "key"]))
        try:
            if kind == "value":
                data = _set(data, path, odd_value(draw))
            elif kind == "delete":
                data = _delete(data, path)
            elif kind == "grow":
                parent_value = data
                for key in path:
                    parent_value = parent_value[key]
                if isinstance(parent_value, list) and parent_value:
                    parent_value.extend(parent_value * draw(st.sampled_from([2, 40, 400])))
            else:
                target = data
                for key in path:
                    target = target[key]
                if isinstance(target, dict):
                    target[draw(st.sampled_from(["\ud83d", "extra", "", "x" * 5000]))] = 1
        except (KeyError, IndexError, TypeError):
            continue
    text = json.dumps(data, ensure_ascii=draw(st.booleans()))
    text = text.replace(f'"{BIG}"', "9" * draw(st.sampled_from([20, 400, 4301, 20_000])))
    text = text.replace(f'"{DEEP}"', "[" * 100_000 + "]" * 100_000)
    raw = text.encode("utf-8", errors="surrogatepass")
    ending = draw(st.sampled_from(["whole", "whole", "truncated", "bom", "utf16", "garbage"]))
    if ending == "truncated":
        raw = raw[: draw(st.integers(0, max(len(raw) - 1, 0)))]
    elif ending == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif ending == "utf16":
        raw = text.encode("utf-16", errors="surrogatepass")
    elif ending == "garbage":
        raw = raw + b"\xff\x00" + bytes(draw(st.lists(st.integers(0, 255), max_size=20)))
    return raw


@pytest.fixture(scope="module")
def valid_files(tiny):
    """Three different games of one group and seed, and a fourth game the mutations start from."""
    valid = [make_replay(tiny, seed=2, strategy=s, player=f"Игрок {s}", group="G") for s in ("balanced", "greedy",
                                                                                           "spammer")]
    base = make_replay(tiny, seed=2, strategy="discounter", player="Мутант", group="M")
    return valid, base.to_json()


RUNS = {"files": 0, "refused": 0, "added": 0}


@pytest.mark.slow  # a fuzz run: about a minute
@settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", 40)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_import_survives_batches_of_mutated_replays(tmp_path_factory, tiny_path, valid_files, capsys, data):
    valid, base = valid_files
    folder = tmp_path_factory.mktemp("fuzz")
    mutated = [data.draw(mutations(base)) for _ in range(data.draw(st.integers(1, 6)))]
    names = []
    for k, raw in enumerate(mutated):
        path = folder / f"mutant-{k}.json"
        path.write_bytes(raw)
        names.append(path)
    good = []
    for k, rep in enumerate(valid):
        path = folder / f"valid-{k}.json"
        rep.save(path)
        good.append(path)
    batch = data.draw(st.permutations(names + good))
    db = folder / "lb.sqlite3"
    capsys.readouterr()
    code = main(["import", *map(str, batch), "--scenario", str(tiny_path), "--db", str(db)])
    out, err = capsys.readouterr()
    assert code in (0, 2), err
    assert "Traceback" not in out + err and "internal error" not in out + err
    for path in good:
        assert sum(line.startswith(f"added: {path}:") for line in out.splitlines()) == 1, (out, err)
    reported = [line for line in (out + err).splitlines() if line.startswith(("added:", "already there:", "refused"))]
    assert len(reported) == len(batch)  # one outcome per file, none skipped
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        players = {row[0] for row in conn.execute("SELECT player FROM entries")}
        assert {rep.player for rep in valid} <= players
        assert conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0] <= len(batch)
    finally:
        conn.close()
    assert json.dumps(ODD_VALUES) == PRISTINE
    RUNS["files"] += len(batch)
    RUNS["refused"] += err.count("refused [")
    RUNS["added"] += out.count("added:")


def test_the_fuzzing_refused_files_and_imported_valid_ones(tmp_path, tiny_path, valid_files, capsys):
    """Both outcomes really happen: a batch with a mutated file and valid ones imports the valid ones and
    refuses the mutant (and, when the fuzz above ran first in this process, its batches did both too)."""
    valid, base = valid_files
    broken = dict(base, claimed_score=10 ** 400)
    paths = [tmp_path / "broken.json"]
    paths[0].write_text(json.dumps(broken), encoding="utf-8")
    for k, rep in enumerate(valid):
        paths.append(tmp_path / f"valid-{k}.json")
        rep.save(paths[-1])
    capsys.readouterr()
    code = main(["import", *map(str, paths), "--scenario", str(tiny_path), "--db", str(tmp_path / "lb.sqlite3")])
    out, err = capsys.readouterr()
    assert code == 2 and err.count("refused [") == 1 and out.count("added:") == len(valid)
    if RUNS["files"]:
        print(f"fuzz: {RUNS}")
        assert RUNS["refused"] > 0 and RUNS["added"] > 0
