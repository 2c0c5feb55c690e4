"""`validate` warns when a valid file cannot teach, at the line to change, and says what to change."""
from __future__ import annotations

import re

import pytest

from simulator.cli import main
from simulator.cli.common import shipped_scenarios
from simulator.scenario import load_text
from simulator.strategies import STRATEGIES, play

from .small import SMALL, edit, write

WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<level>warning|note): (?P<message>.+)$")
CHEAP_CEILING = edit("markup: {min: 0.2, max: 0.9, default: 0.4}", "markup: {min: 0.2, max: 0.5, default: 0.4}")
PRICE_LIST = edit("markup: {min: 0.2, max: 0.9, default: 0.4}", "markup: {min: 0.4, max: 0.4, default: 0.4, fixed: true}",
                  edit("markup: {min: 0.3, max: 1.0, default: 0.6}", "markup: {min: 0.6, max: 0.6, default: 0.6, fixed: true}"))


def validate(capsys, tmp_path, text: str, *options: str) -> tuple[int, str, list[re.Match]]:
    path = write(tmp_path, text)
    code = main(["validate", str(path), *options])
    out, err = capsys.readouterr()
    found = [WARNING.match(line) for line in err.splitlines() if re.search(r": (warning|note): ", line)]
    assert all(found), err
    assert all(m["path"] == str(path) for m in found)
    return code, out, found


def messages(found: list[re.Match], level: str = "warning") -> list[str]:
    return [m["message"] for m in found if m["level"] == level]


def position(text: str, fragment: str, value: str) -> tuple[int, int]:
    """1-based line and column of ``value`` on the only line holding ``fragment``."""
    [line_no] = [i for i, line in enumerate(text.splitlines(), 1) if fragment in line]
    line = text.splitlines()[line_no - 1]
    return line_no, line.index(value, line.index(fragment)) + 1


def test_the_small_scenario_has_nothing_to_warn_about(capsys, tmp_path):
    code, out, found = validate(capsys, tmp_path, SMALL)
    assert code == 0 and found == []
    assert out.startswith("ok: ") and "warning" not in out


def test_a_ceiling_inside_the_price_tolerance_is_named_at_max_with_the_markup_that_would_bite(capsys, tmp_path):
    code, out, found = validate(capsys, tmp_path, CHEAP_CEILING, "--no-play")
    assert code == 0 and out.startswith("ok: ") and out.rstrip().endswith("1 warning")
    [message] = messages(found)
    assert message.startswith("the ceiling costs next to no trust here")
    assert "raise max above 0.61" in message  # 28000 x 1.15 / 20000 - 1
    assert (int(found[0]["line"]), int(found[0]["col"])) == position(CHEAP_CEILING, "max: 0.5", "0.5")


def test_a_fixed_price_below_the_tolerance_is_not_greedy_pricing(capsys, tmp_path):
    _, _, found = validate(capsys, tmp_path, PRICE_LIST.replace("base: gross_profit", "base: invoice"), "--no-play")
    assert not any("ceiling costs next to no trust" in m for m in messages(found))


def test_a_floor_below_the_cost_to_serve_is_named_with_the_floor_that_covers_it(capsys, tmp_path):
    text = edit("serve_cost: 2000", "serve_cost: 5000")
    _, _, found = validate(capsys, tmp_path, text, "--no-play")
    [message] = messages(found)
    assert message.startswith("a deal at the floor does not cover its cost to serve")
    assert "raise min to at least 0.25" in message
    assert (int(found[0]["line"]), int(found[0]["col"])) == position(text, "min: 0.2, max: 0.9", "0.2")


def test_no_cost_to_serve_at_all_is_only_a_note_and_strict_lets_it_pass(capsys, tmp_path):
    text = edit("    serve_cost: 2000\n", "", edit("    serve_cost: 500\n", ""))
    code, out, found = validate(capsys, tmp_path, text, "--no-play", "--strict")
    assert code == 0 and out.startswith("ok: ")
    assert messages(found) == [] and len(messages(found, "note")) == 1
    assert "`serve_cost`" in messages(found, "note")[0]


def test_a_price_list_paid_on_profit_is_told_to_pay_on_the_invoice(capsys, tmp_path):
    _, _, found = validate(capsys, tmp_path, PRICE_LIST, "--no-play")
    [message] = messages(found)
    assert "the seller has no price to move" in message and "pay on `invoice`" in message
    assert (int(found[0]["line"]), int(found[0]["col"])) == position(PRICE_LIST, "base: gross_profit", "gross_profit")
    _, _, found = validate(capsys, tmp_path, PRICE_LIST.replace("base: gross_profit", "base: invoice"), "--no-play")
    assert messages(found) == []


def test_pay_on_net_profit_is_called_opaque(capsys, tmp_path):
    _, _, found = validate(capsys, tmp_path, SMALL.replace("base: gross_profit", "base: net_profit"), "--no-play")
    [message] = messages(found)
    assert "opaque to a seller" in message and "overheads" in message


def balanced_mean(text: str, kpi: str) -> float:
    scenario = load_text(text)
    return sum(play(scenario, seed, STRATEGIES["balanced"]).result().kpis[kpi] for seed in (1, 2, 3)) / 3


@pytest.mark.parametrize("old, new, kpi, says", [
    ("{kpi: loyalty, weight: 40, target: 0.5}", "{kpi: loyalty, weight: 40, target: 0.05}", "loyalty", "far below"),
    ("{kpi: gross_profit, weight: 60, target: 300000}", "{kpi: gross_profit, weight: 60, target: 30000000}",
     "gross_profit", "far above"),
])
def test_a_target_far_from_what_balanced_reaches_is_named_with_a_round_target(capsys, tmp_path, old, new, kpi, says):
    text = edit(old, new)
    code, out, found = validate(capsys, tmp_path, text)
    assert code == 0
    [message] = messages(found)
    assert says in message and f"`{kpi}`" in message
    near = float(re.search(r"set it near ([0-9.]+)$", message)[1])
    assert near == pytest.approx(balanced_mean(text, kpi), rel=0.05, abs=0.006)
    target = new.split("target: ")[1].rstrip("}")
    assert (int(found[0]["line"]), int(found[0]["col"])) == position(text, new, target)
    _, _, found = validate(capsys, tmp_path, text, "--no-play")
    assert found == []


def test_strict_makes_warnings_errors(capsys, tmp_path):
    path = write(tmp_path, CHEAP_CEILING)
    code = main(["validate", "--no-play", "--strict", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.splitlines()[0].startswith(f"{path}:") and ": warning: the ceiling costs next to no trust" in err.splitlines()[0]
    assert err.splitlines()[1] == f"{path}: 1 warning; --strict makes them errors"
    assert main(["validate", "--strict", str(write(tmp_path, SMALL, "good.yaml"))]) == 0


def test_every_shipped_scenario_validates_with_exit_0_whatever_its_warnings(capsys):
    code = main(["validate", *map(str, shipped_scenarios())])
    out, err = capsys.readouterr()
    print(err)  # the warnings, for whoever is tuning the scenarios (pytest -rP shows them)
    assert code == 0
    assert len(out.splitlines()) == len(shipped_scenarios()) and all(line.startswith("ok: ") for line in out.splitlines())


def test_a_bonus_corridor_a_product_can_never_reach_is_warned_about(capsys, tmp_path):
    text = edit("  rate: 0.1\n", "  rate: 0.1\n  bonus_corridor: {min: 0.95, max: 1.2}\n", SMALL)
    code, out, found = validate(capsys, tmp_path, text, "--no-play")
    warned = [m for m in messages(found) if "can ever pay a bonus" in m]
    assert code == 0 and len(warned) == 1, messages(found)  # training (0.3..1.0) reaches 0.95
    assert "no deal of `software` can ever pay a bonus: its band 0.2..0.9 is outside the bonus corridor 0.95..1.2" in warned[0]
    inside = edit("  rate: 0.1\n", "  rate: 0.1\n  bonus_corridor: {min: 0.3, max: 0.9}\n", SMALL)
    assert not [m for m in messages(validate(capsys, tmp_path, inside, "--no-play")[2]) if "bonus" in m]


def _head_text(old: str = "", new: str = "") -> str:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "scenarios" / "head-free-markup.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_a_head_scenario_gets_head_warnings_not_the_desks_floor_warning(capsys, tmp_path):
    """In head mode the head works the floor out from the cost sheet: a company `min` below the cost to serve is
    the room he needs, not a mistake; a `min` that already covers the sheet's floor, no events or no hidden traits
    are what stop a head scenario from teaching."""
    below = _head_text("markup: {min: 0.1, max: 1.0, default: 0.3}", "markup: {min: 0.05, max: 1.0, default: 0.3}")
    _, _, found = validate(capsys, tmp_path, below, "--no-play")
    assert not any("does not cover its cost to serve" in m for m in messages(found)), messages(found)
    text = _head_text()
    for pid_min, covered in (("min: 0.1, max: 1.0", "min: 0.2, max: 1.0"), ("min: 0.1, max: 1.0", "min: 0.2, max: 1.0"),
                             ("min: 0.1, max: 1.0", "min: 0.2, max: 1.0"), ("min: 0.15, max: 1.2", "min: 0.3, max: 1.2"),
                             ("min: 0.15, max: 1.5", "min: 0.3, max: 1.5")):
        text = text.replace(pid_min, covered, 1)
    text = text[:text.index("events:")] + text[text.index("team:"):]
    _, _, found = validate(capsys, tmp_path, text, "--no-play")
    said = messages(found)
    assert any("a head who sets no floor loses nothing" in m for m in said), said
    assert any("no events" in m and "flexibility" in m for m in said), said
