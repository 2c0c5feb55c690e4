"""The command line as a trainer types it: the game as the default command, the program's own name,
scenario ids in every command, `new-scenario`, and the trainer's own scenario folder in the game's menu."""
from __future__ import annotations

from pathlib import Path

import pytest

import simulator.ui.app as app_module
from simulator.cli import main
from simulator.scenario import load_file
from simulator.store import paths
from simulator.store.scenario_files import scenario_files, scenario_folders, shipped_scenarios, template_path
from tests.shared_fixtures import isolated_data  # noqa: F401  (autouse: SALESDESK_HOME in tmp_path)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def games(monkeypatch):
    """Every run_game call's arguments, instead of opening a window."""
    calls = []
    monkeypatch.setattr(app_module, "run_game", lambda scenario=None, **kw: calls.append((scenario, kw)) or 0)
    return calls


@pytest.mark.parametrize("argv, expected", [
    (["--seed", "5"], {"seed": 5}),
    (["--player=Anna"], {"player": "Anna"}),
    (["--lang", "en", "--group", "Moscow-1"], {"lang": "en", "group": "Moscow-1"}),
    ([], {}),
    (["--seed", "5", "play", "--player", "Bob"], {"seed": 5, "player": "Bob"}),
    (["play", "--seed", "7"], {"seed": 7}),
])
def test_the_game_is_the_default_command_and_takes_its_options(games, argv, expected):
    assert main(argv) == 0
    [(scenario, kw)] = games
    assert scenario is None
    for name in ("player", "group", "seed", "lang"):
        assert kw[name] == expected.get(name), name


def test_a_game_option_before_another_command_is_refused_not_ignored(games, capsys):
    assert main(["--seed", "5", "simulate", "tutorial"]) == 2
    assert "--seed before `simulate`" in capsys.readouterr().err and games == []


def test_a_bad_option_value_is_a_usage_error(games, capsys):
    assert main(["--seed", "five"]) == 2
    assert "seed must be a whole number" in capsys.readouterr().err and games == []


def test_the_installed_command_names_itself(capsys):
    import sys

    from simulator.cli import salesdesk

    old = sys.argv
    sys.argv = ["/usr/bin/salesdesk", "--help"]
    try:
        assert salesdesk() == 0
    finally:
        sys.argv = old
    assert capsys.readouterr().out.startswith("usage: salesdesk ")
    assert main(["--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: main.py ")


def test_the_console_script_points_at_the_named_entry():
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"salesdesk": "simulator.cli:salesdesk"}


def test_validate_takes_a_shipped_scenario_id(capsys):
    assert main(["validate", "certification", "--no-play"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: ") and "certification.yaml: id=certification" in out


def test_validate_names_an_unknown_id_and_still_checks_the_rest(capsys):
    assert main(["validate", "no-such-lesson", "tutorial", "--no-play"]) == 2
    out, err = capsys.readouterr()
    assert "no-such-lesson" in err and "tutorial" in err.split("shipped:")[1]
    assert "id=tutorial" in out


# --- new-scenario ------------------------------------------------------------------------------------------------

def test_new_scenario_writes_a_valid_file_with_its_id_into_the_users_folder(capsys, isolated_data):
    assert main(["new-scenario", "my-lesson"]) == 0
    path = paths.user_scenarios_dir() / "my-lesson.yaml"
    assert path.parent == isolated_data / "scenarios"
    assert str(path) in capsys.readouterr().out
    assert load_file(path).id == "my-lesson"
    assert main(["validate", "my-lesson", "--no-play"]) == 0  # the id works like a shipped one
    assert f"ok: {path}" in capsys.readouterr().out
    assert main(["simulate", "my-lesson", "--json"]) == 0


def test_new_scenario_never_overwrites(capsys, tmp_path):
    assert main(["new-scenario", "lesson", "--dir", str(tmp_path)]) == 0
    (tmp_path / "lesson.yaml").write_text("# mine\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["new-scenario", "lesson.yaml", "--dir", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "lesson.yaml").read_text(encoding="utf-8") == "# mine\n"


@pytest.mark.parametrize("name", ["../escape", "a/b", "", "-flag-like", "с-кириллицей", "x" * 65, "trailing."])
def test_new_scenario_refuses_a_bad_name_with_exit_2(capsys, tmp_path, name):
    assert main(["new-scenario", "--dir", str(tmp_path), "--", name]) == 2
    assert "cannot name a scenario" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_template_is_shipped_valid_and_never_listed():
    assert load_file(template_path()).id
    assert template_path() not in shipped_scenarios() and shipped_scenarios()


# --- one discovery routine ---------------------------------------------------------------------------------------

def test_scenario_folders_are_shipped_then_own_then_given(tmp_path, isolated_data):
    extra = tmp_path / "workshop"
    assert scenario_folders([extra]) == [shipped_scenarios()[0].parent, isolated_data / "scenarios", extra]
    extra.mkdir()
    (extra / "b.yml").write_text("x", encoding="utf-8")
    (extra / "a.yaml").write_text("x", encoding="utf-8")
    (extra / "_draft.yaml").write_text("x", encoding="utf-8")
    (extra / "notes.txt").write_text("x", encoding="utf-8")
    assert scenario_files([extra, tmp_path / "missing"]) == [extra / "a.yaml", extra / "b.yml"]


def test_the_menu_lists_the_trainers_own_scenarios_and_those_of_scenarios_dir(tmp_path, isolated_data):
    from simulator.ui.pilot import Pilot
    from simulator.ui.scenes.menu import list_scenarios

    assert main(["new-scenario", "own-lesson"]) == 0
    workshop = tmp_path / "workshop"
    assert main(["new-scenario", "given-lesson", "--dir", str(workshop)]) == 0
    pilot = Pilot.start(isolated_data, lang="en")  # the game as `python main.py` opens it, on this data folder
    ids = {info.scenario.id for info in pilot.scene.scenarios if info.scenario}
    assert {"own-lesson", "tutorial", "certification"} <= ids and "given-lesson" not in ids
    ctx = app_module.build_context(data_dir=isolated_data, scenarios=[workshop])  # `--scenarios DIR`
    ids = [info.scenario.id for info in list_scenarios(ctx.scenario_dirs) if info.scenario]
    assert {"own-lesson", "given-lesson", "tutorial", "certification"} <= set(ids) and len(ids) == len(set(ids))


def test_play_passes_scenarios_folders_and_refuses_a_missing_one(games, capsys, tmp_path):
    assert main(["--scenarios", str(tmp_path)]) == 0
    assert games[-1][1]["scenarios"] == [tmp_path]
    assert main(["play", "--scenarios", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err and len(games) == 1
