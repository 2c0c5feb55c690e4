"""Every subcommand explains itself: `main.py COMMAND --help` has a description, not only a usage line."""
from __future__ import annotations

import argparse

import pytest

from simulator.cli import build_parser


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_subcommand_has_a_description_in_its_help(name):
    sub = subcommands()[name]
    assert sub.description and len(sub.description.split()) >= 8, f"`{name} --help` shows no description"
    assert " ".join(sub.description.split()) in " ".join(sub.format_help().split())
