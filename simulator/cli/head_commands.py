"""`simulate` and `balance` on a head scenario: the reference heads instead of the desk strategies."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from ..head import HeadGame
from ..head.balance import REFERENCE_HEAD, lab_probes, work_worth
from ..head.heads import HEAD_PROBES, HEADS, LAB_PROBES, play_head
from ..scenario import Scenario
from ..store.kinds import HEAD
from ..strategies.balance import default_jobs
from .common import UserError, fmt_kpi
from .progress import Progress

COLUMNS = ("net_profit", "revenue", "pay", "loyalty", "retention", "morale")


def balance(args: argparse.Namespace, scenario: Scenario, path: Path | None = None) -> int:
    """Every reference head (and with --probes every probe head) over the seeds: a table and a verdict."""
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    if getattr(args, "suggest_targets", False):
        return _suggest_targets(args, scenario, path, seeds)
    names = len(HEADS) + 1 + (len(HEAD_PROBES) + len(lab_probes(scenario)) if args.probes else 0)
    progress = Progress(total=names * args.seeds, stream=sys.stderr)
    result = HEAD.balance(scenario, seeds, args.probes, lambda name, seed: progress.advance(f"{name} seed {seed}"),
                          args.jobs or default_jobs())
    progress.close()
    if args.json:
        rows = {r.name: {"probe": r.probe, "mean": round(r.mean, 4), "std": round(r.std, 4),
                         "kpis": {k: round(r.kpi_mean(k), 4) for k in COLUMNS}} for r in result.rows.values()}
        json.dump({"scenario": {"id": scenario.id, "version": scenario.version, "kind": "head"},
                   "seeds": len(result.seeds), "reference": REFERENCE_HEAD, "rows": rows,
                   "probes": {c.name: {"diff": round(c.diff, 4), "spread": round(c.spread, 4), "beats": c.beats}
                              for c in result.probes},
                   "work": work_worth(result).to_json(),
                   "verdict": result.verdict.to_json()}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(f"{scenario.title.get('en')} ({scenario.id} v{scenario.version}), head mode, "
          f"{len(result.seeds)} seeds from {result.seeds[0]}")
    header = f"{'rank':>4} {'head':<12} {'score':>7} {'± spread':>9} " + " ".join(f"{c:>14}" for c in COLUMNS)
    for probe in (False, True):
        ranked = result.ranked(probe)
        if not ranked:
            continue
        print("probes:" if probe else "reference heads:")
        print(header)
        for k, row in enumerate(ranked, 1):
            print(f"{k:>4} {row.name:<12} {row.mean:>7.1f} {row.std:>9.1f} "
                  + " ".join(f"{fmt_kpi(row.kpi_mean(c), c):>14}" for c in COLUMNS))
    for c in result.probes:
        print(f"  {c.name:<12} vs {REFERENCE_HEAD}: {c.diff:+.1f} (spread {c.spread:.1f}){': BEATS' if c.beats else ''}")
    print(work_worth(result).line())
    v = result.verdict
    if v.teaches:
        print(f"verdict: teaches its lesson: {REFERENCE_HEAD} is first, {v.margin:.1f} points ahead of "
              f"{v.runner_up} (seed spread {v.spread:.1f})")
    else:
        print("verdict: needs tuning: " + "; ".join(v.reasons))
    return 0


def _suggest_targets(args: argparse.Namespace, scenario: Scenario, path: Path | None, seeds: range) -> int:
    """Score targets from what the aligned head reaches over the seeds (morale included)."""
    from .simulate_commands import print_targets

    if path is None:
        raise UserError("--suggest-targets needs the scenario's file")
    progress = Progress(total=len(seeds), stream=sys.stderr)
    games = []
    for seed in seeds:
        games.append(play_head(scenario, seed, HEADS[REFERENCE_HEAD]).result().kpis)
        progress.advance(f"{REFERENCE_HEAD} seed {seed}")
    progress.close()
    kpis = {k: np.array([g[k] for g in games], float) for k in games[0] if isinstance(games[0][k], (int, float))}
    return print_targets(args, scenario, path, seeds, kpis, REFERENCE_HEAD)


def simulate(args: argparse.Namespace, scenario: Scenario) -> int:
    """Play a head scenario with a reference head (default aligned) and print its score and KPIs."""
    every = {**HEADS, **HEAD_PROBES, **LAB_PROBES}
    name = args.strategy if args.strategy in every else None
    if name is None:
        if args.strategy != "balanced":
            raise UserError(f"unknown head `{args.strategy}` for a head scenario; choose one of: "
                            f"{', '.join(every)}")
        name = REFERENCE_HEAD
    game: HeadGame = play_head(scenario, args.seed, every[name])
    result = game.result()
    if args.replay_out:
        from ..store.head_replay import HeadReplay
        try:
            HeadReplay.from_game(game, player=args.player or name, head=name).save(args.replay_out)
        except OSError as exc:
            raise UserError(f"cannot write the replay to {args.replay_out}: {exc.strerror or exc}") from None
    if args.json:
        json.dump({"scenario": {"id": scenario.id, "version": scenario.version, "hash": game.scenario_hash},
                   "seed": args.seed, "head": name, **result.to_json(), "replay": game.replay_json()},
                  sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(f"{scenario.title.get('en')} ({scenario.id} v{scenario.version}), seed {args.seed}, head {name}")
    print(f"score {result.score:.1f}")
    for line in result.breakdown:
        print(f"  {line.kpi:<15} {fmt_kpi(line.value, line.kpi):>14} / target {fmt_kpi(line.target, line.kpi):>12}"
              f"  x{line.weight:g} -> {line.points:.1f}")
    if args.replay_out:
        print(f"replay written to {args.replay_out}")
    print("month  team  net profit      revenue          pay  morale  quits")
    for r in game.reports:
        k = r.kpis
        print(f"{r.month:>5} {k['team_size']:>5} {k['net_profit']:>11,.0f} {k['revenue']:>12,.0f} "
              f"{k['pay']:>12,.0f} {k['morale']:>7.2f} {k['quits']:>6}")
    print("seller       months      pay total   promise  last mood  left")
    for s in game.sellers.values():
        months = [m for r in game.reports for m in r.sellers if m.seller == s.id]
        if not months:
            continue
        left = next((r.month for r in game.reports for m in r.sellers if m.seller == s.id and m.quit), None)
        print(f"{s.id:<12} {len(months):>6} {sum(m.books_money.pay for m in months):>14,.0f} {s.promise:>9,.0f} "
              f"{months[-1].motivation:>10.2f}  {'month ' + str(left) if left else '-'}")
    return 0
