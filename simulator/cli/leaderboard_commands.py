"""Trainer commands for results: `import`, `verify` and `leaderboard` (with CSV and HTML export).

Exit codes: 0 all good; 2 something was refused (a replay that does not hold,
a database that is not ours) -- with the reason on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from ..locale.languages import languages
from ..scenario import Scenario, ScenarioError, content_hash, load_file
from ..store import paths
from ..store.db import StoreError
from ..store.entries import BOARD_KPIS, Entry, date_bound, skill_score
from ..store.export_csv import write_csv
from ..store.export_html import write_html
from ..store.kinds import board_kind, kind_of, load_replay
from ..store.leaderboard import Leaderboard
from ..store.learning_record import board_records, json_data, write_export
from ..store.pg import is_url
from ..store.replay import ReplayError, clean_name
from ..store.scenario_files import scenario_files
from ..store.scenarios import ScenarioLibrary
from ..store.texts import board_note, format_kpi
from .common import Subcommands, UserError, resolve_scenario, seed_arg

DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}


def register(sub: Subcommands) -> None:
    """Add `import`, `verify` and `leaderboard` to the command line."""
    p = sub.add_parser("import", help="verify replay files by replaying them and add them to the leaderboard",
                       description="Re-play participants' replay files and add them to the leaderboard (created at "
                                   "--db if there is none yet). A tampered, damaged or unknown-scenario file is "
                                   "refused with the reason; the good ones are stored.")
    p.add_argument("replays", nargs="*", metavar="REPLAY", help="replay files (.json) handed in by participants")
    p.add_argument("--scenario", action="append", default=[], metavar="PATH",
                   help="a scenario file the replays were played on (besides the shipped ones); repeatable. "
                        "The first file given for an id and version that is not shipped becomes its official "
                        "content on this leaderboard (with no REPLAY, it is only registered)")
    _db_option(p)
    p.set_defaults(handler=import_replays)

    p = sub.add_parser("verify", help="replay a replay file and print the recomputed score (exit 2 if it does not hold)",
                       description="Re-play one replay file and print the recomputed score and skill; exit 2 with "
                                   "the reason if the file does not hold (tampered, damaged, unknown scenario).")
    p.add_argument("replay", metavar="REPLAY", help="a replay file")
    p.add_argument("--scenario", action="append", default=[], metavar="PATH",
                   help="the scenario file it was played on (default: look among the shipped scenarios)")
    p.set_defaults(handler=verify_replay)

    p = sub.add_parser("leaderboard", help="show the rankings; export them as CSV or a self-contained HTML report",
                       description="Show the rankings per scenario version and group (boards per KPI with --kpi), "
                                   "or export them as CSV for Excel or a self-contained HTML report to mail to the "
                                   "group. A --db that does not exist is an error unless --create is given.")
    p.add_argument("scenario_id", nargs="?", metavar="SCENARIO",
                   help="only this scenario id (the same as --scenario), a desk or a head-of-sales scenario")
    p.add_argument("--scenario", metavar="ID", help="only this scenario id")
    p.add_argument("--version", type=int, metavar="N", help="only this scenario version")
    p.add_argument("--group", metavar="G", help="only this group")
    p.add_argument("--seed", type=seed_arg, metavar="N",
                   help="only games of this seed; with --group, also fixes the seed the group plays "
                        "(games of other seeds are then ranked apart)")
    p.add_argument("--kpi", default="score", choices=BOARD_KPIS, metavar="NAME",
                   help=f"rank by this instead of the score: {', '.join(BOARD_KPIS)}")
    p.add_argument("--since", metavar="DATE", help="only games finished on or after DATE (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="only games finished on or before DATE (YYYY-MM-DD)")
    p.add_argument("--limit", type=int, metavar="N", help="at most N entries per board")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--export-csv", metavar="FILE", help="write the rankings as CSV (UTF-8 with BOM, opens in Excel)")
    p.add_argument("--csv-delimiter", choices=tuple(DELIMITERS), default="comma",
                   help="CSV separator (semicolon suits Excel with Russian regional settings)")
    p.add_argument("--export-html", metavar="FILE", help="write a self-contained HTML report for the group")
    p.add_argument("--export-learning", metavar="FILE",
                   help="write each participant's learning record per lesson (predictions, lesson checks before and "
                        "after, behaviour in play; docs/learning.md): JSON for a .json name, else CSV")
    p.add_argument("--lang", choices=languages(), default="en", help="language of the HTML report")
    _db_option(p)
    p.add_argument("--create", action="store_true",
                   help="create an empty leaderboard at --db when there is none (without it a missing --db is an "
                        "error: a mistyped path must not look like an empty board)")
    p.set_defaults(handler=leaderboard)


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH",
                        help="leaderboard database (default: $SALESDESK_DB or the user's data folder), or a "
                             "postgresql:// URL")


def _library(scenario_paths: list[str]) -> ScenarioLibrary:
    """The scenarios replays may name: the shipped ones, the ``--scenario`` files, and the user's own folder's
    (found by id, as every command finds them; a broken file there is skipped, `validate` reports it)."""
    try:
        library = ScenarioLibrary([resolve_scenario(ref) for ref in scenario_paths])
    except ScenarioError as exc:
        raise UserError("the scenario has problems:\n" + exc.format()) from None
    except OSError as exc:
        raise UserError(f"cannot read the scenario: {exc}") from None
    for own in scenario_files([paths.user_scenarios_dir()]):
        try:
            library.add(load_file(own))
        except (ScenarioError, OSError, ValueError):
            continue
    return library


def _db_path(args: argparse.Namespace) -> Path | str:
    """The ``--db`` file, or a ``postgresql://`` URL as given (the workshop server's hosted database)."""
    if is_url(args.db):
        return args.db
    return Path(args.db).expanduser() if args.db else paths.default_db_path()


def import_replays(args: argparse.Namespace) -> int:
    """Import every file; print one line per file; exit 2 if any was refused (the good ones are stored)."""
    if not args.replays and not args.scenario:
        raise UserError("give replay files to import, or --scenario FILE to register a scenario")
    library = _library(args.scenario)
    refused = 0
    try:
        with Leaderboard.open(_db_path(args), scenarios=library) as board:
            for scenario in library.given():
                _register(board, scenario)
            for path in args.replays:
                try:
                    result = board.import_file(path)
                except StoreError:
                    raise
                except Exception as exc:  # one file must never stop the batch
                    refused += 1
                    print(f"refused [format]: {path}: the replay cannot be used ({type(exc).__name__})",
                          file=sys.stderr)
                    continue
                if result.ok and result.entry is not None:
                    e = result.entry
                    status = "added" if result.created else "already there"
                    # "entry N" is the stored entry's id (its review link); a board's "#" column is the rank.
                    print(f"{status}: {path}: entry {e.id}, {_who(e.player, e.group, _bot_mark(e))} {e.scenario_id} "
                          f"v{e.scenario_version} seed {e.seed}: score {e.score:.2f}, "
                          f"skill {format_kpi('skill', e.skill)}{_placement(e)}")
                else:
                    refused += 1
                    print(f"refused [{result.code}]: {result.error}", file=sys.stderr)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    if refused:
        print(f"{refused} of {len(args.replays)} file(s) refused", file=sys.stderr)
    return 2 if refused else 0


def _register(board: Leaderboard, scenario: Scenario) -> None:
    """Make a ``--scenario`` file official for its id and version, or say why it is not."""
    if board.register_scenario(scenario):
        print(f"official: {scenario.id} v{scenario.version} ({content_hash(scenario)})", file=sys.stderr)
    else:
        official = board.official_hash(scenario.id, scenario.version)
        print(f"warning: {scenario.id} v{scenario.version} given with --scenario ({content_hash(scenario)}) is not "
              f"the official content ({official}); games on it are ranked on a separate UNOFFICIAL board. "
              "Bump `version` in a changed scenario", file=sys.stderr)


def _bot_mark(entry: Entry) -> str | None:
    """The bot mark an import line shows: the strategy, or "like NAME, 96% of months" for a game labelled a
    person's that decides as the strategy would in at least half its months."""
    if entry.plays_like:
        return f"plays like {entry.bot_like} in {round(100 * (entry.bot_share or 0))}% of the months"
    return entry.bot


def _placement(entry: Entry) -> str:
    notes = []
    if entry.branch is not None:
        by = entry.branch.played_by or "the player"
        notes.append(f"a what-if branch (the parent game's first {entry.branch.from_month} months, then {by}): "
                     "stored for review, on no ranking or export")
    if not entry.official:
        notes.append(f"UNOFFICIAL board: scenario content {entry.scenario_hash} is not the official "
                     f"{entry.scenario_id} v{entry.scenario_version}")
    if entry.apart is not None:
        notes.append(f"ranked apart: the group plays seed {entry.apart}")
    return f" ({'; '.join(notes)})" if notes else ""


def verify_replay(args: argparse.Namespace) -> int:
    """Replay one file (of any game kind) and print the recomputed score with its skill between the kind's zero
    and reference bots on the same seed; exit 2 with the reason if it does not hold."""
    library = _library(args.scenario)
    try:
        rep = load_replay(args.replay)
        kind = kind_of(rep)
        scenario = library.find(rep)
        game = kind.verify(rep, scenario)
    except (ReplayError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        if not isinstance(exc, ReplayError):
            exc = ReplayError(f"the replay cannot be used ({type(exc).__name__})")
        message = str(exc)
        prefix = "" if message.startswith(args.replay) else f"{args.replay}: "
        raise UserError(f"refused [{exc.code}]: {prefix}{message}") from None
    score = game.result().score
    reference = kind.play_reference(scenario, rep.seed, kind.reference).result().score
    zero = kind.play_reference(scenario, rep.seed, kind.zero).result().score
    claimed = "no claimed score" if rep.claimed_score is None else f"claimed {rep.claimed_score:g} matches"
    print(f"ok: {args.replay}: {_who(rep.player, rep.group, rep.strategy)} {rep.scenario_id} v{rep.scenario_version} "
          f"({kind.name} mode) seed {rep.seed}: score {score:.4f} ({claimed}); skill "
          f"{format_kpi('skill', skill_score(score, zero, reference))} "
          f"(0 = {kind.zero} {zero:.4f}, 100 = {kind.reference} {reference:.4f})")
    official = library.shipped_hash(scenario.id, scenario.version)
    if official is not None and official != rep.scenario_hash:
        print(f"note: the scenario is not the shipped {scenario.id} v{scenario.version}: a leaderboard ranks this game "
              "on an UNOFFICIAL board")
    return 0


def leaderboard(args: argparse.Namespace) -> int:
    """Print (or export) the boards matching the filters."""
    given = getattr(args, "scenario_id", None)
    if given is not None:
        if args.scenario is not None and args.scenario != given:
            raise UserError(f"two scenarios given: `{given}` and --scenario `{args.scenario}`; give one")
        args.scenario = given
    since = _date("--since", args.since, end=False)
    until = _date("--until", args.until, end=True)
    if args.limit is not None and args.limit < 1:
        raise UserError("--limit must be at least 1")
    path = _db_path(args)
    boards, titles, board = [], {}, None
    learning: dict | None = None
    try:
        present = True if isinstance(path, str) else path.exists()  # a string is a postgresql:// URL
    except OSError as exc:
        raise UserError(f"cannot reach {path}: {'permission denied' if isinstance(exc, PermissionError) else exc.strerror} "
                        f"(you may not open the folder {Path(path).parent}); ask for access or use another --db") from None
    fixing = args.group is not None and args.seed is not None  # the trainer may fix it before anyone plays
    creating = fixing or getattr(args, "create", False)
    if args.db and not present and not creating:
        raise UserError(_no_database(Path(path)))
    try:
        if present or creating:
            board = Leaderboard.open(path, create=creating)
            if args.group is not None and args.seed is not None:
                _fix_seed(board, args.group, args.seed, args.scenario)
            boards = board.rankings(scenario_id=args.scenario, scenario_version=args.version, group=args.group,
                                    since=since, until=until, kpi=args.kpi, limit=args.limit, seed=args.seed)
            titles = _titles(board, boards, args.lang)
            if not boards and not fixing:
                _say_what_exists(board, args)
        if board is not None and (args.json or args.export_learning):
            records = board_records(board, (e for b in boards for e in b.entries))
            learning = json_data(records)
            if args.export_learning:
                write_export(args.export_learning, records)
                print(f"wrote {args.export_learning}", file=sys.stderr)
        elif args.export_learning:
            write_export(args.export_learning, [])
            print(f"wrote {args.export_learning}", file=sys.stderr)
        if args.export_csv:
            write_csv(args.export_csv, boards, DELIMITERS[args.csv_delimiter])
            print(f"wrote {args.export_csv}", file=sys.stderr)
        if args.export_html:
            filters = {k: str(v) for k, v in (("scenario", args.scenario), ("version", args.version),
                                               ("group", args.group), ("seed", args.seed), ("since", args.since),
                                               ("until", args.until))
                       if v is not None}
            opened = board

            def review(entry: Entry) -> Any:
                assert opened is not None  # there are boards to review only when the database was opened
                return opened.review_any(entry.id)
            write_html(args.export_html, boards, review, args.lang, filters, titles)
            print(f"wrote {args.export_html}", file=sys.stderr)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"cannot write the export to {exc.filename}: {exc.strerror or exc}") from None
    finally:
        if board is not None:
            board.close()
    if args.json:
        json.dump({"boards": [b.to_json() for b in boards], "learning": learning or json_data([])}, sys.stdout,
                  ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif not (args.export_csv or args.export_html or args.export_learning):
        _print_boards(boards, args.kpi)
    return 0


def _date(option: str, text: str | None, end: bool) -> str | None:
    """A ``--since``/``--until`` bound, or a UserError that says what a date looks like."""
    if not text:
        return None
    try:
        return date_bound(text, end=end)
    except ValueError:
        pass
    reason, fix = "", "write it as YYYY-MM-DD, e.g. 2025-03-01"
    dotted = re.fullmatch(r"\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*", text)
    parts = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", text)
    if dotted and 1 <= int(dotted[2]) <= 12:
        fix = f"write it as YYYY-MM-DD: {int(dotted[3]):04d}-{int(dotted[2]):02d}-{int(dotted[1]):02d}"
    elif parts:
        year, month, day = (int(x) for x in parts.groups())
        if not 1 <= month <= 12:
            reason = f": there is no month {month}"
        elif not 1 <= day <= 28:
            reason = f": month {month} of {year} has no day {day}"
        else:
            fix = f"write it as YYYY-MM-DD: {year:04d}-{month:02d}-{day:02d}"
    raise UserError(f"{option} {text!r} is not a date{reason}; {fix}")


def _no_database(path: Path) -> str:
    """The error for a --db that does not exist, with the leaderboards found near it."""
    nearby = []
    try:
        if path.parent.is_dir():
            nearby = sorted(p.name for p in path.parent.iterdir() if p.suffix in (".sqlite3", ".sqlite", ".db"))[:5]
    except OSError:
        pass
    found = f"; in {path.parent} there is {', '.join(nearby)}" if nearby else ""
    return (f"no leaderboard at {path}{found}. Check the path, or add --create to start an empty one there "
            "(`import` creates one as it stores the first replays)")


def _say_what_exists(board: Leaderboard, args: argparse.Namespace) -> None:
    """When the filters match nothing in a board that has entries, say what there is to choose from (stderr)."""
    versions = board.scenario_versions()
    if not versions:
        return
    notes = []
    ids = sorted({v[0] for v in versions})
    if args.scenario is not None and args.scenario not in ids:
        notes.append(f"no scenario `{args.scenario}`; there are {', '.join(ids)}")
    elif args.scenario is not None and args.version is not None and \
            (args.scenario, args.version) not in {(v[0], v[1]) for v in versions}:
        have = ", ".join(f"v{v[1]}" for v in versions if v[0] == args.scenario)
        notes.append(f"no version {args.version} of `{args.scenario}`; there is {have}")
    if args.group is not None:
        groups = board.groups(args.scenario if args.scenario in ids else None)
        if args.group not in groups:
            shown = ", ".join(f"`{g}`" if g else "(no group)" for g in groups)
            notes.append(f"no group `{args.group}`" + (f" in {args.scenario}" if args.scenario in ids else "")
                         + (f"; the groups are {shown}" if shown else ""))
    if not notes:
        notes.append("no game matches these filters (seed, dates)")
    print(f"{board.count()} game(s) on the leaderboard, none shown: " + "; ".join(notes), file=sys.stderr)


def _fix_seed(board: Leaderboard, group: str, seed: int, scenario_id: str | None) -> None:
    """``--group G --seed N``: the trainer fixes the group's seed (said on stderr when it changes)."""
    current = board.group_seed(group, scenario_id) if scenario_id else None
    if current == seed:
        return
    board.fix_group_seed(group, seed, scenario_id)
    where = f"on {scenario_id}" if scenario_id else "on every scenario"
    print(f"group {clean_name(group) or '(no group)'} now plays seed {seed} {where}; games of other seeds are "
          "ranked apart", file=sys.stderr)


def _titles(board: Leaderboard, boards: list, lang: str) -> dict:
    titles = {}
    for b in boards:
        scenario = board.scenarios.by_hash(b.entries[0].scenario_hash) if b.entries else None
        titles[(b.scenario_id, b.scenario_version)] = scenario.title.get(lang) if scenario else b.scenario_id
    return titles


def _who(player: str, group: str, strategy: str | None = None) -> str:
    who = f"{player or '?'} ({group})" if group else (player or "?")
    return f"{who} [bot: {strategy}]" if strategy else who


def _print_boards(boards: list, kpi: str) -> None:
    if not boards:
        print("no results yet")
        return
    for b in boards:
        shown = list(board_kind(b.entries).board_kpis)
        columns = shown + ([] if kpi in shown else [kpi])
        print(f"== {b.scenario_id} v{b.scenario_version} (ranked by {kpi}) ==")
        note = board_note(b)
        if note:
            print(f"!! {note}")
        head = ["#", "player", "group", "seed", *columns, "played by", "finished"]
        rows = [[str(e.rank), clean_name(e.player), e.group, str(e.seed), *(format_kpi(k, e.value(k)) for k in columns),
                 _played_by(e),
                 e.finished_at] for e in b.entries]
        widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
        for r in [head, *rows]:
            print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
        print()


def _played_by(e: Entry) -> str:
    """The "played by" column: person, bot NAME, head NAME, or "bot? NAME 96%" for a game labelled a person's that
    decides as the strategy would in at least half its months."""
    if e.plays_like:
        return f"bot? {e.bot_like} {round(100 * (e.bot_share or 0))}%"
    if e.strategy:
        return f"{kind_of(e).bot_word} {e.strategy}"
    return "person"
