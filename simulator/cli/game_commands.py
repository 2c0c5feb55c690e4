"""`python main.py play [SCENARIO]`: the game window (plain `python main.py` opens its main menu)."""
from __future__ import annotations

from . import common


def register(sub) -> None:
    """Add the `play` subcommand."""
    p = sub.add_parser("play", help="open the game window (the default without a subcommand)",
                       description="Open the Sales Desk game. With SCENARIO (a file or a shipped scenario's id) "
                                   "it goes straight to that scenario's briefing; without, to the main menu.")
    p.add_argument("scenario", nargs="?", help="scenario file or shipped scenario id (optional)")
    p.add_argument("--player", help="player name")
    p.add_argument("--group", help="group name (for the leaderboard)")
    p.add_argument("--seed", type=common.seed_arg, help="random seed; everyone in a workshop uses the same one")
    p.add_argument("--lang", choices=("ru", "en"), help="language of the game (ru or en)")
    p.add_argument("--server", metavar="URL", help="workshop server address (e.g. 192.168.1.5:8765); kept in the settings")
    p.add_argument("--code", metavar="CODE", help="the workshop session's join code; kept in the settings")
    p.add_argument("--theme", choices=("dark", "light"),
                   help="the look: dark, or light (high contrast, for a projector); kept in the settings")
    p.set_defaults(handler=_play)


def _play(args) -> int:
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
    from ..ui.app import run_game  # pygame is imported only when a window is wanted
    return run_game(path, lang=args.lang, player=args.player, group=args.group, seed=args.seed, server=server,
                    code=code, theme=args.theme)
