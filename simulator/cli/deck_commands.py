"""`deck`: the debrief deck for the room, one self-contained HTML file of slides built from a group's own games.

Exit code 2 with one line when there is nothing to build it from (no such session, no game by a person) or the file
cannot be written; never a traceback.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..locale.languages import languages
from ..store import paths
from ..store.db import StoreError
from ..store.deck import DeckError, build_deck
from ..store.deck_html import write_deck
from ..store.files import OutputRefused
from ..store.leaderboard import Leaderboard
from ..store.pg import is_url
from ..store.replay import clean_name
from ..store.teams import team_reviews
from ..store.workshop import get_session
from .common import Subcommands, UserError, seed_arg


def register(sub: Subcommands) -> None:
    """Add `deck` to the command line."""
    p = sub.add_parser("deck", help="write the debrief deck for the room: slides from a group's games (HTML)",
                       description="Write a self-contained HTML slide deck for the debrief (no external files; arrow "
                                   "keys, Page Up/Down, Home/End; F for full screen): the score distribution, the "
                                   "three most instructive what-if forks on the group's own games, the common "
                                   "mistakes with counts, the pay under each bonus base, a question per lesson, "
                                   "the cohort's percentiles when other groups played the scenario, and who proposed "
                                   "what in each team. Name a workshop session by its join code, or a scenario, "
                                   "group and seed.")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="the scenario id (with --group and --seed)")
    p.add_argument("--session", metavar="CODE", help="a workshop session's join code (its scenario, group, seed)")
    p.add_argument("--group", metavar="G", help="the group")
    p.add_argument("--seed", type=seed_arg, metavar="N", help="the seed the group played")
    p.add_argument("--lang", choices=languages(), default="ru", help="the deck's language (default: ru)")
    p.add_argument("--out", "-o", metavar="FILE", help="where to write it (default: debrief-….html here)")
    p.add_argument("--db", metavar="PATH",
                   help="leaderboard database (default: $SALESDESK_DB or the user's data folder), or a "
                        "postgresql:// URL")
    p.set_defaults(handler=deck)


def deck(args: argparse.Namespace) -> int:
    """Build the deck and write it atomically; print where (and how long it took) on stderr."""
    path = args.db if is_url(args.db) else (Path(args.db).expanduser() if args.db else paths.default_db_path())
    if not isinstance(path, str) and not path.exists():
        raise UserError(f"no leaderboard at {path}; give the --db the workshop server or `import` used")
    started = time.monotonic()
    try:
        with Leaderboard.open(path) as board:
            code = None
            if args.session:
                found = get_session(board, args.session)
                if found is None:
                    raise UserError(f"no workshop session `{args.session[:40]}` in {path}")
                scenario, group, seed, code = found.scenario_id, found.group, found.seed, found.code
            else:
                if not args.scenario or args.group is None or args.seed is None:
                    raise UserError("name a session (--session CODE) or a scenario with --group and --seed")
                scenario, group, seed = args.scenario, clean_name(args.group), args.seed
            built = build_deck(board, scenario, group, seed)
            if code is not None:
                built = team_reviews(board, code, built)
        out = Path(args.out) if args.out else Path(f"debrief-{code or f'{scenario}-{seed}'}.html")
        write_deck(out, built, args.lang)
    except DeckError as exc:
        raise UserError(str(exc)) from None
    except OutputRefused as exc:
        raise UserError(str(exc)) from None
    except StoreError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"cannot write the deck to {exc.filename}: {exc.strerror or exc}") from None
    print(f"wrote {out} ({len(built.players)} games, {len(built.forks)} forks, "
          f"{time.monotonic() - started:.1f} s)", file=sys.stderr)
    return 0
