"""Trainer commands about scenario files: `validate` and `schema`."""
from __future__ import annotations

import json
import sys

from ..scenario import ScenarioError
from ..scenario.json_schema import scenario_json_schema
from ..scenario.lint import WARNING, located, missing_languages, static_warnings
from ..scenario.schema import LANGUAGES
from ..scenario.loader import load_file_located
from ..strategies.targets import target_warnings
from ..store.files import write_atomic
from .common import UserError


def register(sub) -> None:
    """Add `validate` and `schema` to the command line."""
    p = sub.add_parser(
        "validate", help="check scenario files and report every problem with its line and column",
        description="Check scenario files. Prints `ok:` for each good file, or every problem as "
                    "`file:line:column: message` with a suggestion (exit 2). A file that loads but cannot teach gets "
                    "warnings saying what to change. Texts may be in Russian only, English only or both; "
                    "--languages asks for every text in the languages given.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario YAML files")
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


def validate(args) -> int:
    """An `ok:` line per valid file and its warnings on stderr; exit 2 when a file has problems
    (or, with ``--strict``, warnings)."""
    failed = False
    for path in args.paths:
        try:
            scenario, positions = load_file_located(path)
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
    import argparse

    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [lang for lang in wanted if lang not in LANGUAGES]
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(f"expected languages from {', '.join(LANGUAGES)} separated by commas "
                                         f"(e.g. `ru,en`), got `{text}`")
    return wanted


def _count(warnings: int) -> str:
    return f"{warnings} warning{'s' if warnings != 1 else ''}"


def schema(args) -> int:
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
