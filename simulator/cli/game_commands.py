"""`python main.py play [SCENARIO]`: the game window (plain `python main.py` opens its main menu)."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..locale.languages import languages
from . import common


def add_game_options(p: argparse.ArgumentParser | argparse._ArgumentGroup, dest_prefix: str = "") -> None:
    """The game's options, on `play` and on the bare command line (``python main.py --seed 5``)."""
    p.add_argument("--player", dest=dest_prefix + "player", metavar="NAME", help="player name")
    p.add_argument("--group", dest=dest_prefix + "group", metavar="GROUP", help="group name (for the leaderboard)")
    p.add_argument("--seed", dest=dest_prefix + "seed", metavar="N", type=common.seed_arg,
                   help="random seed; everyone in a workshop uses the same one")
    p.add_argument("--lang", dest=dest_prefix + "lang", choices=languages(),
                   help=f"language of the game ({' or '.join(languages())})")
    p.add_argument("--server", dest=dest_prefix + "server", metavar="URL",
                   help="workshop server address (e.g. 192.168.1.5:8765); kept in the settings")
    p.add_argument("--code", dest=dest_prefix + "code", metavar="CODE",
                   help="the workshop session's join code; kept in the settings")
    p.add_argument("--scenarios", dest=dest_prefix + "scenarios", metavar="DIR", action="append", type=Path,
                   help="also list the scenario files in DIR in the menu (may be repeated); the menu always lists "
                        "the shipped ones and those in the `scenarios` folder of the data folder")
    p.add_argument("--theme", dest=dest_prefix + "theme", choices=("dark", "light"),
                   help="the look: dark, or light (high contrast, for a projector); kept in the settings")


GAME_OPTIONS = ("player", "group", "seed", "lang", "server", "code", "scenarios", "theme")


def register(sub: common.Subcommands) -> None:
    """Add the `play` subcommand."""
    p = sub.add_parser("play", help="open the game window (the default without a subcommand)",
                       description="Open the Sales Desk game. With SCENARIO (a file or a shipped scenario's id) "
                                   "it goes straight to that scenario's briefing; without, to the main menu.")
    p.add_argument("scenario", nargs="?", help="scenario file or shipped scenario id (optional)")
    add_game_options(p)
    p.set_defaults(handler=play)
    j = sub.add_parser("join", help="join a workshop session: the game opens its scenario and seed, asking for a name",
                       description="Join the workshop session whose address the trainer's board shows (or `serve` "
                                   "printed): the game asks the server for the session's scenario, seed and group, "
                                   "opens that scenario, and at the debrief sends the game to the session. Only your "
                                   "name is asked for.")
    j.add_argument("address", help="the session's join address, e.g. http://192.168.1.5:8765/join/K7QF2MX9PA")
    j.add_argument("--player", metavar="NAME", help="your name (otherwise the game asks for it)")
    j.add_argument("--lang", choices=languages(), help="language of the game (default: the system's, then the last used)")
    j.add_argument("--theme", choices=("dark", "light"), help="the look: dark, or light (high contrast)")
    j.add_argument("--team", metavar="NAME", help="share one desk with a team (2-4 people): each month everyone "
                                                  "proposes a plan and the team plays the one it chooses")
    j.set_defaults(handler=join)


def play(args: argparse.Namespace) -> int:
    """Open the game window (the handler of `play` and of the bare command line)."""
    from ..store.outbox import clean_code, clean_server

    path = None
    if args.scenario:
        _, path = common.load_scenario(args.scenario)  # a broken file is a one-line UserError, before any window
    server = code = None
    if args.server is not None:
        try:
            server = clean_server(args.server)
        except ValueError as exc:
            raise common.UserError(f"--server: {exc}") from None
    if args.code is not None:
        code = clean_code(args.code)
        if not code:
            raise common.UserError("--code: a join code has letters and digits, e.g. K7QF2M")
    folders = [folder.expanduser() for folder in args.scenarios or ()]
    for folder in folders:
        if not folder.is_dir():
            raise common.UserError(f"--scenarios: `{folder}` is not a folder")
    from ..ui.app import run_game  # pygame is imported only when a window is wanted
    return run_game(path, lang=args.lang, player=args.player, group=args.group, seed=args.seed, server=server,
                    code=code, scenarios=folders, theme=args.theme)


def join(args: argparse.Namespace) -> int:
    """Open the game at a workshop session's scenario and seed (the handler of `join`)."""
    from ..store.outbox import fetch_session, parse_join_address

    try:
        server, code = parse_join_address(args.address)
    except ValueError as exc:
        raise common.UserError(f"join: {exc}") from None
    try:
        session = fetch_session(server, code)
    except (LookupError, ConnectionError) as exc:
        raise common.UserError(f"join: {exc}") from None
    if not session.open:
        raise common.UserError(f"join: the trainer closed session {code}; it takes no more games (ask for the new "
                               "address)")
    try:
        _, path = common.load_scenario(session.scenario_id)
    except common.UserError:
        raise common.UserError(f"join: session {code} plays scenario `{session.scenario_id}`, which this copy of the "
                               "game does not have; ask the trainer for its file and start it with `python main.py "
                               f"play FILE --seed {session.seed} --server {server} --code {code}`") from None
    from ..ui.app import run_game  # pygame is imported only when a window is wanted
    team = (args.team or "").strip() or None
    if team is not None and len(team) > 64:
        raise common.UserError("join: --team must be a name of at most 64 characters")
    return run_game(path, lang=args.lang, player=args.player, group=session.group, seed=session.seed, server=server,
                    code=code, theme=args.theme, team=team,
                    rounds=(session.scenario_id, session.seed) if session.mode == "rounds" else None)
