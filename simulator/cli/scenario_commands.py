"""Trainer commands about scenario files: `validate` and `schema`."""
from __future__ import annotations

import json
import sys

from ..scenario import ScenarioError, load_file
from ..scenario.json_schema import scenario_json_schema
from ..store.files import write_atomic
from .common import UserError


def register(sub) -> None:
    """Add `validate` and `schema` to the command line."""
    p = sub.add_parser("validate", help="check scenario files and report every problem with its line and column")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario YAML files")
    p.set_defaults(handler=validate)
    p = sub.add_parser("schema", help="print the JSON Schema of a scenario file (for editor completion)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the schema to FILE (UTF-8) instead of printing it; safer than `>` in Windows PowerShell")
    p.set_defaults(handler=schema)


def validate(args) -> int:
    """Exit 0 with an `ok:` line per valid file; exit 2 with the problems on stderr otherwise."""
    failed = False
    for path in args.paths:
        try:
            scenario = load_file(path)
        except ScenarioError as exc:
            failed = True
            print(exc.format(), file=sys.stderr)
            continue
        named = len(scenario.clients)
        print(
            f"ok: {path}: id={scenario.id} version={scenario.version} turns={scenario.turns} "
            f"products={len(scenario.products)} clients={scenario.client_count()} ({named} named)"
        )
    return 2 if failed else 0


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
