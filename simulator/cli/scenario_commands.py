"""Trainer commands about scenario files: `validate`, `schema` and `new-scenario`."""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from ..locale.languages import languages
from ..scenario import ScenarioError, load_text
from ..scenario.json_schema import scenario_json_schema
from ..scenario.lint import WARNING, located, missing_languages, static_warnings
from ..scenario.loader import load_file_located
from ..store.files import write_atomic
from ..store.paths import user_scenarios_dir
from ..store.scenario_files import template_path
from ..strategies.targets import target_warnings
from .common import Subcommands, UserError, resolve_scenario


def register(sub: Subcommands) -> None:
    """Add `validate`, `schema` and `new-scenario` to the command line."""
    p = sub.add_parser(
        "validate", help="check scenario files and report every problem with its line and column",
        description="Check scenario files. Prints `ok:` for each good file, or every problem as "
                    "`file:line:column: message` with a suggestion (exit 2). A file that loads but cannot teach gets "
                    "warnings saying what to change. Texts may be in Russian only, English only or both; "
                    "--languages asks for every text in the languages given.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario YAML files or scenario ids (e.g. certification)")
    p.add_argument("--strict", action="store_true",
                   help="treat warnings (a file that loads but cannot teach) as errors: exit 2")
    p.add_argument("--no-play", action="store_true",
                   help="skip the check that plays `balanced` to compare each score target with what it reaches "
                        "(seeds 1-3; about a second for 6,500 clients)")
    p.add_argument("--languages", type=_languages, default=(), metavar="ru,en",
                   help="require every player-facing text in these languages (e.g. `ru,en` for a bilingual group); "
                        "by default one language is enough")
    p.set_defaults(handler=validate)
    p = sub.add_parser("schema", help="print the JSON Schema of a scenario file (for editor completion)",
                       description="Print the JSON Schema of a scenario file, so an editor completes and checks "
                                   "keys while you type (see docs/editor-setup.md).")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the schema to FILE (UTF-8) instead of printing it; safer than `>` in Windows PowerShell")
    p.set_defaults(handler=schema)
    p = sub.add_parser("new-scenario", help="start a new scenario file from the template",
                       description="Write NAME.yaml, a copy of the scenario template with id NAME: a complete, valid "
                                   "scenario to change. It goes into your own scenario folder (the game's menu lists "
                                   "it) unless --dir says where. An existing file is never overwritten.")
    p.add_argument("name", metavar="NAME",
                   help="the scenario's id and file name: Latin letters, digits, '-', '_' or '.', e.g. my-lesson")
    p.add_argument("--dir", type=Path, metavar="DIR",
                   help=f"folder to write to (default: your scenario folder, now {user_scenarios_dir()})")
    p.set_defaults(handler=new_scenario)


def validate(args: argparse.Namespace) -> int:
    """An `ok:` line per valid file and its warnings on stderr; exit 2 when a file has problems
    (or, with ``--strict``, warnings)."""
    failed = False
    for ref in args.paths:
        try:
            path = str(resolve_scenario(ref))
            scenario, positions = load_file_located(path)
        except UserError as exc:  # neither a file nor a known scenario id
            failed = True
            print(f"{ref}: {exc}", file=sys.stderr)
            continue
        except ScenarioError as exc:
            failed = True
            print(exc.format(), file=sys.stderr)
            continue
        missing = missing_languages(scenario, positions, getattr(args, "languages", ()))
        if missing:
            failed = True
            print(ScenarioError(path, missing).format(), file=sys.stderr)
            continue
        found = list(static_warnings(scenario))
        if not getattr(args, "no_play", False) and scenario.kind == "desk":   # head targets: `balance`
            found += [(where, message, WARNING) for where, message in target_warnings(scenario)]
        findings = located(positions, found)
        for finding in findings:
            print(finding.format(path), file=sys.stderr)
        warnings = sum(f.level == WARNING for f in findings)
        if warnings and getattr(args, "strict", False):
            failed = True
            print(f"{path}: {_count(warnings)}; --strict makes them errors", file=sys.stderr)
            continue
        named = len(scenario.clients)
        print(
            f"ok: {path}: id={scenario.id} version={scenario.version} turns={scenario.turns} "
            f"products={len(scenario.products)} clients={scenario.client_count()} ({named} named)"
            + (f", {_count(warnings)}" if warnings else ""), flush=True  # before the next file's warnings
        )
    return 2 if failed else 0


def _languages(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [lang for lang in wanted if lang not in languages()]
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(f"expected languages from {', '.join(languages())} separated by commas "
                                         f"(e.g. `ru,en`), got `{text}`")
    return wanted


def _count(warnings: int) -> str:
    return f"{warnings} warning{'s' if warnings != 1 else ''}"


def schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema on stdout, or write it to ``--output``."""
    text = json.dumps(scenario_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if not getattr(args, "output", None):
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(args.output, text)
    except OSError as exc:
        raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(f"wrote {args.output}")
    return 0


SCENARIO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def new_scenario(args: argparse.Namespace) -> int:
    """Write the template as ``NAME.yaml`` with id NAME; refuses a bad name or an existing file (exit 2)."""
    name = args.name.removesuffix(".yaml").removesuffix(".yml")
    if not SCENARIO_NAME.fullmatch(name) or name.endswith("."):
        raise UserError(f"`{args.name}` cannot name a scenario: use Latin letters, digits, '-', '_' or '.', "
                        "starting with a letter or digit, at most 64 characters (e.g. my-lesson); "
                        "--dir says which folder")
    folder = (args.dir or user_scenarios_dir()).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--dir: `{folder}` is not a folder")
    path = folder / f"{name}.yaml"
    if path.exists() or path.is_symlink():
        raise UserError(f"{path} already exists; choose another name (nothing was written)")
    text, count = re.subn(r"(?m)^id: .*$", f"id: {name}", template_path().read_text(encoding="utf-8"), count=1)
    if count != 1:
        raise RuntimeError("the scenario template has no `id:` line")
    load_text(text, str(path))  # the template must stay valid; a ScenarioError here is a bug, not the user's
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"wrote {path}")
    print(f"next: edit it, then `validate {path}` and `simulate {path}`; the game's menu lists it"
          + ("" if args.dir is None else " when started with `--scenarios " + str(folder) + "`"))
    return 0
