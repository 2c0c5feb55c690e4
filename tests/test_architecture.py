"""The pure core (scenario format, engine, reference strategies) stands without pygame and without stdlib random."""
from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE_PACKAGES = ["simulator/scenario", "simulator/engine", "simulator/strategies"]

BLOCK_PYGAME = textwrap.dedent(
    """
    import sys

    class BlockPygame:
        def find_spec(self, name, path=None, target=None):
            if name == "pygame" or name.startswith(("pygame.", "pygame_")):
                raise ImportError(f"pygame is blocked in this test: {name}")
            return None

    sys.meta_path.insert(0, BlockPygame())
    """
)


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCK_PYGAME + textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_the_blocker_really_blocks_pygame():
    result = _run("import pygame\n")
    assert result.returncode != 0 and "pygame is blocked" in result.stderr


def test_core_imports_and_loads_a_scenario_without_pygame():
    result = _run(
        """
        import simulator.scenario, simulator.engine, simulator.strategies
        from simulator.cli import scenario_commands
        from simulator.scenario import load_file
        scenario = load_file("scenarios/certification.yaml")
        assert not any(name.split(".")[0].startswith("pygame") for name in sys.modules), sorted(sys.modules)
        print("ok", scenario.id)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok ")


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_pure_packages_do_not_import_pygame_or_stdlib_random(package):
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} imports {n}" for n in names
                          if n.split(".")[0] in ("pygame", "pygame_gui", "random")]
    assert offenders == []


LOWER_THAN_SERVER = ["simulator/scenario", "simulator/engine", "simulator/strategies", "simulator/store", "simulator/ui"]


@pytest.mark.parametrize("package", LOWER_THAN_SERVER)
def test_nothing_below_the_server_imports_it_or_its_web_stack(package):
    """The server sits beside ui and cli; the game must run without the server extras (Starlette, uvicorn)."""
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("simulator." if node.level else "") + (node.module or "")]
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} imports {n}" for n in names
                          if n.split(".")[0] in ("starlette", "uvicorn", "httpx")
                          or n.startswith("simulator.server") or n == "simulator.server"
                          or (node.level if isinstance(node, ast.ImportFrom) else 0) and (node.module or "").startswith("server")]
    assert offenders == []


def test_nothing_in_store_imports_cli():
    """The store sits below the command line (the one scenario-discovery routine lives in the store)."""
    offenders = []
    for path in sorted((ROOT / "simulator" / "store").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                package = ["simulator", "store"][: max(0, 3 - node.level)] if node.level else []
                names = [".".join([*package, node.module or ""])]
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} imports {n}" for n in names
                          if n.startswith(("simulator.cli", "cli"))]
    assert offenders == []
