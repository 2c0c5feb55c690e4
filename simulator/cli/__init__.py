"""Command line: `python main.py [SUBCOMMAND]`. Without a subcommand it opens the game.

Each group of subcommands lives in its own module and registers itself with
:func:`build_parser`. Errors a user can cause print one clear message to
stderr and exit with code 2; no traceback reaches a user.
"""
from __future__ import annotations

import argparse
import os
import sys

from . import common, scenario_commands

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Sales Desk: a training simulator for people who run sales. "
        "Without a subcommand it opens the game.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        module.register(sub)
    return parser


def _command_modules() -> list:
    modules = [scenario_commands]
    for name in ("simulate_commands", "whatif_commands", "leaderboard_commands", "game_commands", "server_commands"):
        try:
            modules.append(__import__(f"{__name__}.{name}", fromlist=["register"]))
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    return modules


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    common.make_streams_safe()
    parser = build_parser()
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["play", *argv]  # `python main.py --seed 5` or `--player=Anna`: the game is the default command
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse prints its own message
        return EXIT_USAGE if exc.code not in (0, None) else 0
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.handler(args) or 0)
    except common.UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # last resort: a bug must not dump a traceback on a trainer
        if os.environ.get("SALESDESK_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (run with SALESDESK_DEBUG=1 for details)", file=sys.stderr)
        return 1
