"""Headless play for trainers and balancing: `simulate`, `balance`, `strategies`."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import KPI_NAMES, MAX_SEED, Game
from ..locale.languages import languages
from ..scenario import Scenario, content_hash
from ..store.kinds import DESK, HEAD, kind_of
from ..store.replay import Replay
from ..strategies import STRATEGIES, Strategy, play
from ..strategies.balance import REFERENCE, default_jobs, play_games, run_balance
from ..strategies.probes import PROBES, TALK_PROBES, probes_for
from ..strategies.targets import shown_target, suggest_targets
from . import balance_report
from .bots import bot_strategy, is_bot_spec
from .common import Subcommands, UserError, fmt_kpi, load_scenario, seed_arg
from .progress import Progress


def register(sub: Subcommands) -> None:
    """Add `simulate`, `balance` and `strategies` to the command line."""
    p = sub.add_parser("simulate", help="play a scenario headless with a reference strategy and print KPIs",
                       description="Play a whole scenario headless with a reference strategy (default balanced) and "
                                   "print the score line by line, every KPI and a month-by-month table, or one JSON "
                                   "object with --json. Does the game tell the story you want?")
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario file or a shipped scenario's id")
    p.add_argument("--strategy", default="balanced", metavar="NAME|FILE.py:NAME",
                   help="a reference strategy (see `strategies`; default balanced) or your own bot, "
                        "e.g. docs/examples/my_bot.py:MyBot (see docs/bot-api.md)")
    p.add_argument("--seed", type=seed_arg, default=1, help="random seed (default 1)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--replay-out", metavar="FILE", help="also write the game's replay file")
    p.add_argument("--player", default="", help="player name stored in the replay (default: the strategy's name)")
    p.set_defaults(handler=simulate)
    p = sub.add_parser("balance", help="every strategy over many seeds: does the scenario teach its lesson?",
                       description="Play every reference strategy (and with --probes every probe) over many seeds, "
                                   "on every core, and rank them: the scenario teaches its lesson when balanced wins "
                                   "by more than the seed spread. --suggest-targets sets the score targets from "
                                   "what balanced reaches. Exit 0 whatever the verdict.")
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario file or a shipped scenario's id")
    p.add_argument("--seeds", type=_positive, default=50, help="seeds per strategy (default 50)")
    p.add_argument("--first-seed", type=seed_arg, default=1, help="first seed (default 1)")
    p.add_argument("--probes", action="store_true",
                   help="also play every probe strategy (what a clever, lazy trainee might try); "
                        "the scenario then teaches only if no probe beats balanced by more than the seed spread")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help=f"play the games in N processes at once (default: every core, {default_jobs()} here); "
                        "the results are the same whatever N")
    p.add_argument("--suggest-targets", action="store_true",
                   help="play only balanced over the seeds and print the score section with each target set to "
                        "balanced's mean, so the reference scores about the items' weights")
    p.add_argument("--write", action="store_true",
                   help="with --suggest-targets: write those targets into the scenario file in place, keeping "
                        "its comments and layout")
    p.add_argument("--strategy", action="append", default=[], metavar="FILE.py:NAME", dest="bots",
                   help="also play your own bot (see docs/bot-api.md), ranked among the probes: the verdict fails "
                        "if it beats balanced by more than the seed spread; may be repeated")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.set_defaults(handler=balance)
    p = sub.add_parser("strategies", help="list the reference strategies",
                       description="List the reference strategies `simulate` and `balance` play (with --probes, the "
                                   "probe strategies: what a clever, lazy trainee might try).")
    p.add_argument("--lang", choices=languages(), default="en")
    p.add_argument("--probes", action="store_true", help="list the probe strategies `balance --probes` plays instead")
    p.add_argument("--heads", action="store_true", help="list the reference heads (with --probes, the probe heads) "
                                                        "that play head scenarios instead")
    p.set_defaults(handler=strategies)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _arg_error(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= 100_000:
        raise _arg_error("expected a number from 1 to 100000")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _arg_error(f"expected a whole number of processes, got {text!r}") from None
    if not 1 <= value <= 256:
        raise _arg_error("expected a number of processes from 1 to 256")
    return value


def _arg_error(message: str) -> Exception:

    return argparse.ArgumentTypeError(message)


def _strategy(name: str) -> Strategy:
    if is_bot_spec(name):
        return bot_strategy(name)
    if name not in STRATEGIES:
        raise UserError(f"unknown strategy `{name}`; choose one of: {', '.join(STRATEGIES)} "
                        "(or your own bot: FILE.py:NAME)")
    return STRATEGIES[name]


def _bot(spec: str) -> Strategy:
    if not is_bot_spec(spec):
        raise UserError(f"`{spec}`: balance plays every reference strategy already; --strategy adds your own bot, "
                        "FILE.py:NAME (see docs/bot-api.md)")
    return bot_strategy(spec)


def simulate(args: argparse.Namespace) -> int:
    """Play one game, as its scenario's game kind is played, and print its KPIs (table or JSON); optionally write
    its replay."""
    scenario, _ = load_scenario(args.scenario)
    return _kind_commands(scenario).simulate(args, scenario)


def simulate_desk(args: argparse.Namespace, scenario: Scenario) -> int:
    """`simulate` of a desk scenario: a reference strategy (or the player's own bot) plays it."""
    strategy = _strategy(args.strategy)
    game = play(scenario, args.seed, strategy)
    result = game.result()
    if args.replay_out:
        reference = STRATEGIES.get(strategy.name) is strategy  # a bot's replay is a player's, not a reference's
        rep = Replay.from_game(game, player=args.player or strategy.name, strategy=strategy.name if reference else None,
                               bot=None if reference else strategy.name)  # the player's own bot: marked as a bot
        try:
            rep.save(args.replay_out)
        except OSError as exc:
            raise UserError(f"cannot write the replay to {args.replay_out}: {exc.strerror or exc}") from None
    if args.json:
        out = {
            "scenario": {"id": scenario.id, "version": scenario.version, "hash": content_hash(scenario)},
            "seed": args.seed,
            "strategy": strategy.name,
            **result.to_json(),
        }
        json.dump(out, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(f"{scenario.title.get('en')} ({scenario.id} v{scenario.version}), seed {args.seed}, strategy {strategy.name}")
    print(f"score {result.score:.1f}")
    for line in result.breakdown:
        print(f"  {line.kpi:<15} {_fmt(line.value, line.kpi):>14} / target {_fmt(line.target, line.kpi):>12}  x{line.weight:g} -> {line.points:.1f}")
    print("KPIs:")
    for name in KPI_NAMES:
        print(f"  {name:<15} {_fmt(result.kpis[name], name):>14}")
    print(_months_table(game))
    if args.replay_out:
        print(f"replay written to {args.replay_out}")
    return 0


_fmt = fmt_kpi


def _months_table(game: Game) -> str:
    cols = ("revenue", "gross_profit", "bonus", "loyalty", "active_clients", "deals_won", "deals_lost", "offers_accepted")
    lines = ["month " + " ".join(f"{c:>15}" for c in cols)]
    for row in game.result().months:
        lines.append(f"{row['month']:>5} " + " ".join(f"{_fmt(row[c], c):>15}" for c in cols))
    return "\n".join(lines)


def balance(args: argparse.Namespace) -> int:
    """Every reference strategy (and with --probes every probe) over N seeds: a table and a verdict.

    The verdict is information: the command exits 0 whether the scenario teaches its lesson or not.
    """
    scenario, path = load_scenario(args.scenario)
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    if seeds[-1] > MAX_SEED:
        raise UserError("the last seed would be above 2^63-1; lower --first-seed")
    if getattr(args, "write", False) and not getattr(args, "suggest_targets", False):
        raise UserError("--write writes suggested targets: use it with --suggest-targets")
    return _kind_commands(scenario).balance(args, scenario, path)


def balance_desk(args: argparse.Namespace, scenario: Scenario, path: Path) -> int:
    """`balance` of a desk scenario: every reference strategy, the probes and the player's own bots."""
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    if getattr(args, "suggest_targets", False):
        return _suggest_targets(args, scenario, path, seeds)
    probes = probes_for(scenario) if args.probes else {}
    for spec in getattr(args, "bots", []):
        bot = _bot(spec)
        if bot.name in STRATEGIES or bot.name in probes:
            raise UserError(f"`{spec}`: the bot's name `{bot.name}` is already a strategy's; rename it")
        probes[bot.name] = bot
    progress = Progress(total=(len(STRATEGIES) + len(probes)) * args.seeds, stream=sys.stderr)
    result = run_balance(scenario, STRATEGIES, seeds, probes,
                         on_game=lambda name, seed: progress.advance(f"{name} seed {seed}"),
                         jobs=args.jobs or default_jobs())
    progress.close()
    if args.json:
        json.dump(balance_report.to_json(scenario, result), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(balance_report.table(scenario, result))
    return 0


@dataclass(frozen=True)
class KindCommands:
    """What `simulate` and `balance` do with a scenario of one game kind (``store.kinds``)."""

    simulate: Callable[[argparse.Namespace, Scenario], int]
    balance: Callable[[argparse.Namespace, Scenario, Path], int]


def _kind_commands(scenario: Scenario) -> KindCommands:
    from . import head_commands
    commands = {DESK.name: KindCommands(simulate_desk, balance_desk),
                HEAD.name: KindCommands(head_commands.simulate, head_commands.balance)}
    return commands[kind_of(scenario).name]


def _suggest_targets(args: argparse.Namespace, scenario: Scenario, path: Path, seeds: range) -> int:
    """Score targets from balanced over the seeds: the score section to paste, or (--write) the file updated."""
    progress = Progress(total=len(seeds), stream=sys.stderr)
    games = play_games(scenario, [(REFERENCE, STRATEGIES[REFERENCE], list(seeds))],
                       on_game=lambda name, seed: progress.advance(f"{name} seed {seed}"),
                       jobs=args.jobs or default_jobs())[REFERENCE]
    progress.close()
    return print_targets(args, scenario, path, seeds, {k: np.array([kpis[k] for _, kpis in games]) for k in KPI_NAMES})


def print_targets(args: argparse.Namespace, scenario: Scenario, path: Path, seeds: range, kpis: dict[str, np.ndarray],
                  reference: str = REFERENCE) -> int:
    """The score section with each target set to ``reference``'s mean over the seeds (``kpis``: per seed), printed
    to paste, or (--write) written into the file in place."""
    found = suggest_targets(scenario, kpis)
    where = f"{len(seeds)} seed{'s' if len(seeds) != 1 else ''} from {seeds[0]}"
    if args.json:
        json.dump({"scenario": {"id": scenario.id, "version": scenario.version}, "seeds": len(seeds),
                   "first_seed": seeds[0], "reference": reference, "targets": [
                       {"kpi": f.kpi, "old": f.old, "new": f.new, f"{reference}_mean": f.mean,
                        f"{reference}_std": f.std} for f in found]}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(f"# score targets set to what {reference} reaches over {where} (its mean ± the seed spread)")
        print("scoring:")
        print(f"  cap: {scenario.scoring.cap:.10g}")
        print("  items:")
        for f, item in zip(found, scenario.scoring.items):
            target = shown_target(f.new, f.kpi) if f.new is not None else f"{item.target:.10g}"
            note = (f"{reference} {fmt_kpi(f.mean, f.kpi)} ± {fmt_kpi(f.std, f.kpi)}; was {item.target:.10g}"
                    if f.new is not None else
                    f"{reference} reaches nothing on `{f.kpi}`: kept; score another KPI")
            print(f"    - {{kpi: {f.kpi}, weight: {item.weight:.10g}, target: {target}}}   # {note}")
    if args.write:
        changes = {("scoring", "items", f.index, "target"): shown_target(f.new, f.kpi)
                   for f in found if f.new is not None and f.new != f.old}
        _write_targets(path, changes)
        print(f"wrote {len(changes)} target{'s' if len(changes) != 1 else ''} to {path}; bump its `version` if "
              "anyone has played it already (the score changes)"
              if changes else f"{path}: the targets already match; nothing written", file=sys.stderr)
    return 0


def _write_targets(path: Path, changes: dict[tuple, str]) -> None:
    """Put new targets into the file in place: comments and layout stay; the file must still load."""
    from ..scenario import ScenarioError
    from ..scenario.edit import EditError, replace_values
    from ..scenario.loader import load_bytes, load_file_located
    from ..store.files import write_atomic

    try:
        text = path.read_bytes().decode("utf-8-sig")
        _, positions = load_file_located(path)
        new = replace_values(text, positions, changes)
        load_bytes(new.encode("utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}: {exc}") from None
    except (EditError, ScenarioError) as exc:
        raise UserError(f"cannot update the targets of {path} in place ({exc}); paste the section above instead") from None
    try:
        write_atomic(path, new)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None


def strategies(args: argparse.Namespace) -> int:
    """One line per reference strategy (or, with --probes, per probe strategy)."""
    listed: Mapping[str, Any] = {**PROBES, **TALK_PROBES} if getattr(args, "probes", False) else STRATEGIES
    if getattr(args, "heads", False):
        from ..head.heads import HEAD_PROBES, HEADS, LAB_PROBES
        listed = {**HEAD_PROBES, **LAB_PROBES} if getattr(args, "probes", False) else HEADS
    width = max(len(name) for name in listed)
    for name, strategy in listed.items():
        print(f"{name:<{width}} {strategy.summary(args.lang)}")
    return 0
