"""`whatif`: replay a game up to a month, then let a reference strategy play on with the same luck."""
from __future__ import annotations

import argparse
import json
import sys

from ..engine import KPI_NAMES, PlanError
from ..store.entries import branch_replay
from ..store.replay import Replay, ReplayError, verify
from ..store.scenarios import ScenarioLibrary
from ..strategies import PROBES, STRATEGIES
from ..strategies.probes import TALK_PROBES
from ..strategies.whatif import fork
from .bots import bot_strategy, is_bot_spec
from .common import Subcommands, UserError, fmt_kpi, resolve_scenario


def register(sub: Subcommands) -> None:
    """Add `whatif` to the command line."""
    p = sub.add_parser(
        "whatif", help="replay a game up to a month, then let a strategy play on with the same luck",
        description="Replay REPLAY's decisions for the first K months, then play the rest with a reference "
                    "strategy (or the replay's own plans, `--strategy own`). The luck is the same in both runs, so "
                    "the difference is the decisions. Prints both games' scores and KPIs side by side.")
    p.add_argument("replay", metavar="REPLAY", help="a replay file")
    p.add_argument("--from", dest="month", type=int, required=True, metavar="K",
                   help="months kept from the replay (0 = the strategy plays the whole game)")
    p.add_argument("--strategy", default="balanced", metavar="NAME|own|FILE.py:NAME",
                   help="who plays on: a strategy name, `own`, or your own bot FILE.py:NAME (default balanced)")
    p.add_argument("--scenario", action="append", default=[], metavar="FILE",
                   help="the scenario file, if the replay's is not shipped")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--save", metavar="FILE", help="write the fork as a replay file: it records its parent and the fork "
                   "month, `import` verifies it, and the leaderboard keeps it off the main ranking")
    p.set_defaults(handler=whatif)


def whatif(args: argparse.Namespace) -> int:
    """Print the original game and the fork side by side."""
    everyone = {**STRATEGIES, **PROBES, **TALK_PROBES}
    if is_bot_spec(args.strategy):
        everyone[args.strategy] = bot_strategy(args.strategy)
    elif args.strategy != "own" and args.strategy not in everyone:
        raise UserError(f"unknown strategy `{args.strategy}`; choose `own` or one of: {', '.join(everyone)}")
    try:
        rep = Replay.load(args.replay)
        scenario = ScenarioLibrary([resolve_scenario(ref) for ref in args.scenario]).find(rep)
        original = verify(rep, scenario)
    except (ReplayError, ValueError, OSError) as exc:
        message = str(exc)
        raise UserError(message if message.startswith(str(args.replay)) else f"{args.replay}: {message}") from None
    if not 0 <= args.month <= len(rep.plans):
        raise UserError(f"--from must be 0..{len(rep.plans)} for this replay, not {args.month}")
    strategy = None if args.strategy == "own" else everyone[args.strategy]
    try:
        branch = fork(scenario, rep.seed, list(rep.plans), args.month, strategy, injected=rep.injected)
    except PlanError as exc:
        raise UserError(f"{args.replay}: {exc.message}") from None
    a, b = original.result(), branch.result()
    if args.save:
        if args.strategy not in (*STRATEGIES, "own"):
            raise UserError("--save keeps forks played on by a reference strategy (or `own`); a probe's replay "
                            "could not be verified")
        played_by = None if args.strategy == "own" else args.strategy  # `own`: the replay's own decisions
        saved = branch_replay(rep, a.score, branch, args.month, played_by)
        try:
            saved.save(args.save)
        except OSError as exc:
            raise UserError(f"{args.save}: cannot write: {exc.strerror or exc}") from None
    if args.json:
        json.dump({"replay": str(args.replay), "from": args.month, "strategy": args.strategy,
                   "original": {"score": a.score, "kpis": a.kpis}, "fork": {"score": b.score, "kpis": b.kpis}},
                  sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(f"{rep.scenario_id} v{rep.scenario_version} seed {rep.seed}: {rep.player or 'the replay'}'s first "
          f"{args.month} months, then {args.strategy}")
    print(f"{'':<16} {'original':>16} {'fork':>16} {'change':>12}")
    print(f"{'score':<16} {a.score:>16.2f} {b.score:>16.2f} {b.score - a.score:>+12.2f}")
    for kpi in KPI_NAMES:
        print(f"{kpi:<16} {fmt_kpi(a.kpis[kpi], kpi):>16} {fmt_kpi(b.kpis[kpi], kpi):>16}")
    return 0
