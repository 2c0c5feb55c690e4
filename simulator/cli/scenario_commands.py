"""Trainer commands about scenario files: `validate` and `schema`."""
from __future__ import annotations

import json
import sys

from ..scenario import ScenarioError
from ..scenario.json_schema import scenario_json_schema
from ..scenario.lint import WARNING, located, static_warnings
from ..scenario.loader import load_file_located
from ..strategies.targets import target_warnings
from ..store.files import write_atomic
from .common import UserError


def register(sub) -> None:
    """Add `validate` and `schema` to the command line."""
    p = sub.add_parser("validate", help="check scenario files and report every problem with its line and column")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario YAML files")
    p.add_argument("--strict", action="store_true",
                   help="treat warnings (a file that loads but cannot teach) as errors: exit 2")
    p.add_argument("--no-play", action="store_true",
                   help="skip the check that plays `balanced` to compare each score target with what it reaches "
                        "(seeds 1-3; about a second for 6,500 clients)")
    p.set_defaults(handler=validate)
    p = sub.add_parser("schema", help="print the JSON Schema of a scenario file (for editor completion)")
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
        found = list(static_warnings(scenario))
        if not getattr(args, "no_play", False):
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
