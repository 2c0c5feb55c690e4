"""Headless play for trainers and balancing: `simulate`, `balance`, `strategies`."""
from __future__ import annotations

import json
import sys

from ..engine import Game, KPI_NAMES
from ..scenario import content_hash
from ..store.replay import Replay
from ..strategies import STRATEGIES, play
from ..strategies.balance import run_balance
from ..strategies.probes import PROBES
from . import balance_report
from .common import MAX_SEED, UserError, fmt_kpi, load_scenario, seed_arg
from .progress import Progress


def register(sub) -> None:
    """Add `simulate`, `balance` and `strategies` to the command line."""
    p = sub.add_parser("simulate", help="play a scenario headless with a reference strategy and print KPIs")
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario file or a shipped scenario's id")
    p.add_argument("--strategy", default="balanced", help="reference strategy (see `strategies`); default balanced")
    p.add_argument("--seed", type=seed_arg, default=1, help="random seed (default 1)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--replay-out", metavar="FILE", help="also write the game's replay file")
    p.add_argument("--player", default="", help="player name stored in the replay (default: the strategy's name)")
    p.set_defaults(handler=simulate)
    p = sub.add_parser("balance", help="every strategy over many seeds: does the scenario teach its lesson?")
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario file or a shipped scenario's id")
    p.add_argument("--seeds", type=_positive, default=50, help="seeds per strategy (default 50)")
    p.add_argument("--first-seed", type=seed_arg, default=1, help="first seed (default 1)")
    p.add_argument("--probes", action="store_true",
                   help="also play every probe strategy (what a clever, lazy trainee might try); "
                        "the scenario then teaches only if no probe beats balanced by more than the seed spread")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.set_defaults(handler=balance)
    p = sub.add_parser("strategies", help="list the reference strategies")
    p.add_argument("--lang", choices=("en", "ru"), default="en")
    p.add_argument("--probes", action="store_true", help="list the probe strategies `balance --probes` plays instead")
    p.set_defaults(handler=strategies)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _arg_error(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= 100_000:
        raise _arg_error("expected a number from 1 to 100000")
    return value


def _arg_error(message: str) -> Exception:
    import argparse

    return argparse.ArgumentTypeError(message)


def _strategy(name: str):
    if name not in STRATEGIES:
        raise UserError(f"unknown strategy `{name}`; choose one of: {', '.join(STRATEGIES)}")
    return STRATEGIES[name]


def simulate(args) -> int:
    """Play one game and print its KPIs (table or JSON); optionally write its replay."""
    strategy = _strategy(args.strategy)
    scenario, _ = load_scenario(args.scenario)
    game = play(scenario, args.seed, strategy)
    result = game.result()
    if args.replay_out:
        rep = Replay.from_game(game, player=args.player or strategy.name, strategy=strategy.name)
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


def balance(args) -> int:
    """Every reference strategy (and with --probes every probe) over N seeds: a table and a verdict.

    The verdict is information: the command exits 0 whether the scenario teaches its lesson or not.
    """
    scenario, _ = load_scenario(args.scenario)
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    if seeds[-1] > MAX_SEED:
        raise UserError("the last seed would be above 2^63-1; lower --first-seed")
    probes = PROBES if args.probes else {}
    progress = Progress(total=(len(STRATEGIES) + len(probes)) * args.seeds, stream=sys.stderr)
    result = run_balance(scenario, STRATEGIES, seeds, probes,
                         on_game=lambda name, seed: progress.advance(f"{name} seed {seed}"))
    progress.close()
    if args.json:
        json.dump(balance_report.to_json(scenario, result), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(balance_report.table(scenario, result))
    return 0


def strategies(args) -> int:
    """One line per reference strategy (or, with --probes, per probe strategy)."""
    listed = PROBES if getattr(args, "probes", False) else STRATEGIES
    width = max(len(name) for name in listed)
    for name, strategy in listed.items():
        print(f"{name:<{width}} {strategy.summary(args.lang)}")
    return 0
