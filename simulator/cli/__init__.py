"""Command line: `python main.py [SUBCOMMAND]`. Without a subcommand it opens the game.

Each group of subcommands lives in its own module and registers itself with
:func:`build_parser`. Errors a user can cause print one clear message to
stderr and exit with code 2; no traceback reaches a user.
"""
from __future__ import annotations

import argparse
import os
import sys

from . import common, game_commands, scenario_commands

EXIT_USAGE = 2


def build_parser(prog: str = "main.py") -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered; without a COMMAND it opens the game."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Sales Desk: a training simulator for people who run sales. "
        "Without a subcommand it opens the game (the game options below are those of `play`).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        module.register(sub)
    game_commands.add_game_options(parser.add_argument_group("game options (without a COMMAND)"), TOP)
    return parser


TOP = "top_"  # namespace prefix of the game options given before any COMMAND


def _default_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.Namespace:
    """No COMMAND: the game, with the options given; `play` takes them too; other commands refuse them."""
    given = {name: getattr(args, TOP + name) for name in game_commands.GAME_OPTIONS
             if getattr(args, TOP + name) is not None}
    if args.command is None:
        return argparse.Namespace(command="play", scenario=None, handler=game_commands.play,
                                  **{name: given.get(name) for name in game_commands.GAME_OPTIONS})
    if args.command == "play":
        for name, value in given.items():
            if getattr(args, name) is None:
                setattr(args, name, value)
    elif given:
        options = ", ".join(f"--{name}" for name in given)
        parser.error(f"{options} before `{args.command}` is a game option; put it after the command")
    return args


def _command_modules() -> list:
    modules = [scenario_commands, game_commands]
    for name in ("simulate_commands", "whatif_commands", "leaderboard_commands", "server_commands",
                 "deck_commands"):
        try:
            modules.append(__import__(f"{__name__}.{name}", fromlist=["register"]))
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    return modules


def salesdesk() -> int:
    """The installed `salesdesk` command (see ``[project.scripts]`` in pyproject.toml)."""
    return main(prog="salesdesk")


def main(argv: list[str] | None = None, prog: str = "main.py") -> int:
    """Run the command line (``prog`` is the name usage lines show); returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    common.make_streams_safe()
    parser = build_parser(prog)
    try:
        args = _default_command(parser, parser.parse_args(argv))
    except SystemExit as exc:  # argparse prints its own message
        return EXIT_USAGE if exc.code not in (0, None) else 0
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
