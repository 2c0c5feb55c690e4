"""`python main.py serve`: the workshop server (needs the server extras: pip install -e ".[server]")."""
from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from ..store import paths
from .common import Subcommands, UserError, resolve_scenario, seed_arg


def register(sub: Subcommands) -> None:
    """Add the `serve` subcommand."""
    p = sub.add_parser("serve", help="run the workshop server: uploads from the game, verified, on a live board",
                       description="Serve a live leaderboard for a workshop. Participants' games upload their "
                                   "replays to a session's join code; each is verified by re-simulation and ranked. "
                                   "See docs/workshop-server.md.")
    p.add_argument("--db", metavar="PATH|URL",
                   help="leaderboard database: an SQLite file (default: $SALESDESK_DB or the user's data folder) or "
                        "postgresql://user:password@host:port/dbname (needs pip install -e \".[postgres]\")")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 for the whole LAN; default 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8765, help="port (default 8765; 0 picks a free one)")
    p.add_argument("--scenario", action="append", default=[], metavar="PATH",
                   help="a scenario file besides the shipped ones (its content becomes official for its id and version)")
    p.add_argument("--session", metavar="SCENARIO", help="open a session for this scenario id at start-up and print its code")
    p.add_argument("--seed", type=seed_arg, default=1, help="the session's seed (with --session; default 1)")
    p.add_argument("--group", default="", help="the session's group (with --session)")
    p.add_argument("--workers", type=_positive, default=None, help="processes verifying uploads (default: one per core)")
    p.add_argument("--time-limit", type=_seconds, default=30.0, metavar="SECONDS",
                   help="the most one upload may take to verify before it is stopped and refused (default 30)")
    p.add_argument("--max-upload-kb", type=_positive, default=4096, help="the largest upload accepted (default 4096 KiB)")
    p.add_argument("--uploads-per-minute", type=_per_minute, default=120.0,
                   help="uploads allowed per client address and minute (default 120)")
    p.add_argument("--upload-burst", type=_positive, default=40,
                   help="uploads one address may send at once before the per-minute rate applies (default 40)")
    p.add_argument("--anonymous", action="store_true",
                   help="with --session: the session's players are named to the trainer only")
    p.add_argument("--rounds", action="store_true",
                   help="with --session: run the months in lockstep from the trainer's console (/trainer/CODE)")
    p.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDRESS",
                   help="a reverse proxy (address or network, e.g. 127.0.0.1 or 10.0.0.0/8) whose X-Forwarded-For "
                        "header names the client; from anyone else that header is ignored (default: none)")
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                   help="a host name participants use to reach the server (e.g. desk.example.org, *.example.org); "
                        "IP addresses, localhost and this machine's names are always allowed")
    p.add_argument("--db-connections", type=_positive, default=4,
                   help="database connections the web process keeps open (default 4; each worker has one more)")
    p.add_argument("--max-connections", type=_positive, default=4096,
                   help="open client connections accepted at once; more are closed at once (default 4096)")
    p.add_argument("--header-timeout", type=_seconds, default=10.0, metavar="SECONDS",
                   help="seconds a client has to send its request headers before it is cut off (default 10)")
    p.add_argument("--body-timeout", type=_seconds, default=30.0, metavar="SECONDS",
                   help="seconds a client then has to send the body (an upload) before it is cut off (default 30)")
    p.set_defaults(handler=serve)


def _per_minute(text: str) -> float:
    try:
        return _seconds(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"must be a finite number above 0, not `{text}`") from None


def _seconds(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, not `{text}`") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds above 0, not `{text}`")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a number, not `{text}`") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("port must be between 0 and 65535")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not `{text}`") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def serve(args: argparse.Namespace) -> int:
    """Open the database, print the trainer token (and a session's code), serve until Ctrl+C."""
    try:
        import uvicorn

        from ..server.app import ServerConfig, announce_address, create_app
    except ModuleNotFoundError as exc:
        raise UserError(f"the workshop server needs its extras ({exc.name} is missing): "
                        "pip install -e \".[server]\"") from None
    from ..scenario import ScenarioError
    from ..server.guard import machine_names
    from ..server.slow import fewer_malloc_arenas, guarded_protocol, limit_repeats
    from ..server.verify import open_board
    from ..store.db import StoreError
    from ..store.pg import is_url, shown
    from ..store.workshop import create_session

    db = args.db if is_url(args.db) else str(Path(args.db).expanduser() if args.db else paths.default_db_path())
    from ..server.guard import networks

    try:
        networks(args.trusted_proxy)
    except ValueError as exc:
        raise UserError(f"--trusted-proxy: {exc}") from None
    token = os.environ.get("SALESDESK_TRAINER_TOKEN") or secrets.token_urlsafe(18)
    scenario_paths = [str(resolve_scenario(ref)) for ref in args.scenario]  # files or ids of the user's own
    try:
        with open_board(db, scenario_paths) as board:
            for scenario in board.scenarios.given():
                board.register_scenario(scenario)
            if args.session:
                known = {s.id for s in board.scenarios.scenarios()}
                if args.session not in known:
                    raise UserError(f"no scenario `{args.session}` here; known: {', '.join(sorted(known))}")
                if args.rounds and next(s for s in board.scenarios.scenarios() if s.id == args.session).team:
                    raise UserError("--rounds is for desk scenarios; a head-of-sales game is played at its own pace")
                session = create_session(board, args.session, args.seed, args.group, anonymous=args.anonymous,
                                         mode="rounds" if args.rounds else "free")
            else:
                session = None
    except StoreError as exc:
        raise UserError(str(exc)) from None
    except ScenarioError as exc:
        raise UserError("the scenario has problems:\n" + exc.format()) from None
    except OSError as exc:
        raise UserError(f"cannot read the scenario: {exc}") from None
    config = ServerConfig(db=db, trainer_token=token, scenario_paths=scenario_paths, workers=args.workers,
                          time_limit=args.time_limit, max_upload_bytes=args.max_upload_kb * 1024,
                          uploads_per_minute=args.uploads_per_minute, upload_burst=args.upload_burst,
                          db_connections=args.db_connections, trusted_proxies=list(args.trusted_proxy),
                          allowed_hosts=sorted(machine_names() | set(args.allowed_host)) + _bound(args.host),
                          release_memory=True)
    fewer_malloc_arenas()
    app = create_app(config)
    _more_open_files(args.max_connections + 256)
    limit_repeats()
    # The proxy headers are ours to judge (guard.client_address, --trusted-proxy): uvicorn's own handling would
    # believe X-Forwarded-For from 127.0.0.1, which is every client of a server on this machine.
    server = uvicorn.Server(uvicorn.Config(
        app, host=args.host, port=args.port, log_level="warning", timeout_graceful_shutdown=5,
        proxy_headers=False, server_header=False, timeout_keep_alive=5,
        http=guarded_protocol(args.header_timeout, args.body_timeout, args.max_connections)))
    shown_host, note = reachable_host(args.host, lan_address())

    async def announce() -> None:
        while not server.started:
            import asyncio

            await asyncio.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1] if server.servers else args.port
        base = f"http://{shown_host}:{port}"
        if not note:
            announce_address(app, base)
        print(f"Sales Desk workshop server on {base} (database {shown(db)})", flush=True)
        print(f"trainer token: {token}", flush=True)
        if note:
            print(f"note: {note}", flush=True)
        if session is not None:
            print(f"session {session.code}: {session.scenario_id}, seed {session.seed}, group "
                  f"{session.group or '(none)'}; board {base}/board/{session.code}", flush=True)
            if session.mode == "rounds":
                print(f"rounds: the trainer's console {base}/trainer/{session.code}", flush=True)
            print(f"participants: python main.py join {base}/join/{session.code}", flush=True)

    import asyncio

    async def main() -> None:
        task = asyncio.ensure_future(announce())
        try:
            await server.serve()
        finally:
            task.cancel()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    except SystemExit:  # uvicorn exits when it cannot listen; said below in our words, with exit code 2
        pass
    if not server.started:
        print(f"error: could not listen on {args.host}:{args.port} (in use, or not an address of this machine)",
              file=sys.stderr)
        return 2
    return 0


def reachable_host(host: str, lan: str | None) -> tuple[str, str]:
    """The address other laptops type to reach a server listening on ``host`` (``lan``: this machine's address on
    its network, if it has one), and a note when there is none they can use."""
    if host in ("127.0.0.1", "localhost", "::1") or host.startswith("127."):
        return "localhost", "only this computer can reach the server; for the other laptops start it with --host 0.0.0.0"
    if host in ("0.0.0.0", "::", ""):
        if lan is None:
            return "localhost", ("this computer seems to have no network address other laptops could use; "
                                 "connect it to the room's network and start again")
        return (f"[{lan}]" if ":" in lan else lan), ""
    return (f"[{host}]" if ":" in host else host), ""


def lan_address() -> str | None:
    """This machine's address on the network its default route leads to (no packet is sent), or None."""
    import socket

    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as s:
                s.connect((probe, 9))
                address = s.getsockname()[0]
        except OSError:
            continue
        if not (address.startswith(("127.", "fe80")) or address == "::1"):
            return address
    return None


def _bound(host: str) -> list[str]:
    """The name the server was told to listen on, when it is a name (an address is always allowed)."""
    return [host] if host and not host.replace(".", "").isdigit() and ":" not in host else []


def _more_open_files(wanted: int) -> None:
    """Raise this process's open-file limit towards ``wanted`` (within the hard limit): each client connection,
    database connection and worker pipe is an open file."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if soft != resource.RLIM_INFINITY and soft < target:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ImportError, ValueError, OSError):
        pass
