"""The pure core (scenario format, engine, reference strategies) stands without pygame and without stdlib random."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE_PACKAGES = ["simulator/locale", "simulator/scenario", "simulator/engine", "simulator/strategies", "simulator/desk",
                 "simulator/head"]

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


LOWER_THAN_SERVER = ["simulator/scenario", "simulator/engine", "simulator/strategies", "simulator/head",
                     "simulator/store", "simulator/ui"]


@pytest.mark.parametrize("package", LOWER_THAN_SERVER)
def test_nothing_below_the_server_imports_it_or_its_web_stack(package):
    """The server sits beside ui and cli; the game must run without the server extras (Starlette, uvicorn, segno)."""
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("simulator." if node.level else "") + (node.module or "")]
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} imports {n}" for n in names
                          if n.split(".")[0] in ("starlette", "uvicorn", "httpx", "segno")
                          or n.startswith("simulator.server") or n == "simulator.server"
                          or (node.level if isinstance(node, ast.ImportFrom) else 0) and (node.module or "").startswith("server")]
    assert offenders == []


def test_the_locale_layer_is_the_bottom_and_imports_nothing_of_the_game():
    """Numbers and plural forms (simulator/locale) are used by every layer, so they depend on none."""
    offenders = []
    for path in sorted((ROOT / "simulator/locale").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level > 1 or (node.module or "").startswith("simulator")) \
                    and node.module not in ("shipped", "simulator.shipped"):  # where the catalogues are shipped
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


# Packages that play, keep or show games through the engine's public API only: they import ``simulator.engine``
# itself, never its modules, and never read a game's internal ``state`` or ``catalog`` (``game.view`` and the
# game's queries say what a desk may know). Head mode orchestrates the engine's public functions too; no package
# stands apart. (The server is left out only because Starlette's ``request.app.state`` shares the word.)
PUBLIC_API_CLIENTS = ["simulator/strategies", "simulator/desk", "simulator/head", "simulator/store", "simulator/ui",
                      "simulator/cli"]
INTERNALS = {"state", "catalog", "_state"}


@pytest.mark.parametrize("package", PUBLIC_API_CLIENTS)
def test_players_and_the_store_use_only_the_engines_public_api(package):
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                absolute = module if node.level == 0 else "simulator." + module
                if absolute.startswith("simulator.engine."):
                    offenders.append(f"{where} imports {absolute}")
            elif isinstance(node, ast.Attribute) and node.attr in INTERNALS:
                offenders.append(f"{where} reads .{node.attr}")
    assert offenders == []


# The layers, lowest first: each may import only the layers below it. Head-of-sales mode sits between the
# strategies and the store: its simulated sellers plan with the reference strategies' machinery, so it may
# import them, and neither the engine nor the strategies may import it (nor anything above them).
LAYERS = ["locale", "scenario", "engine", "strategies", "desk", "head", "store"]


def _imports(path: Path, package: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level]
                found.append((node.lineno, ".".join(parts + ([node.module] if node.module else []))))
            elif node.module:
                found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize("layer", LAYERS[:-1])
def test_a_layer_imports_nothing_above_it(layer):
    above = LAYERS[LAYERS.index(layer) + 1:] + ["ui", "cli", "server"]
    offenders = []
    for path in sorted((ROOT / "simulator" / layer).rglob("*.py")):
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
        if path.name == "__init__.py":
            package = ".".join(path.relative_to(ROOT).parts[:-1])
        for line, name in _imports(path, package + ".x"):
            if any(name == f"simulator.{up}" or name.startswith(f"simulator.{up}.") for up in above):
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert offenders == []


def test_scenes_open_each_other_by_name_and_never_import_one_another():
    """A scene module imports no other scene (``Scene`` subclasses are reached through the app's registry)."""
    scenes_dir = ROOT / "simulator/ui/scenes"
    scene_modules = {p.stem for p in scenes_dir.glob("*.py")    # .base holds the scenes' common bases
                     if re.search(r"^class \w+\((\w+\.)?Scene\):", p.read_text(encoding="utf-8"), re.M)} - {"base"}
    offenders = []
    for path in sorted(scenes_dir.glob("*.py")):
        if path.name == "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module in scene_modules \
                    and node.module != path.stem:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports the scene module .{node.module}")
    assert scene_modules >= {"desk", "menu", "debrief", "month_report", "whatif"}
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


# Bots plan from the desk (``SellerDesk``, what ``Strategy.plan`` and a user's ``--strategy FILE.py:Name`` receive):
# the modules that make plans never import the game (``Game``, ``replay``) or the engine's modules, and never
# read a game's internals or its luck (the head's seller gets his own traits' draws from his head, through the
# engine's public ``Draws``; nothing is exempt).
PLANNERS = ["simulator/strategies/reasoned.py", "simulator/strategies/simple.py", "simulator/strategies/probes.py",
            "simulator/head/seller.py", "docs/examples/my_bot.py"]
NOT_FOR_PLANNERS = {"Game", "replay"}
GAME_ONLY = INTERNALS | {"seed", "play_month", "_game", "_draws", "_desk"}


@pytest.mark.parametrize("path", PLANNERS)
def test_bots_plan_from_the_desk_and_never_reach_the_game(path):
    source = ROOT / path
    package = ".".join(Path(path).with_suffix("").parts[:-1])
    offenders = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        where = f"{path}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                module = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + [module])
            names = {alias.name for alias in node.names}
            if module == "simulator.engine" and names & NOT_FOR_PLANNERS:
                offenders.append(f"{where} imports {sorted(names & NOT_FOR_PLANNERS)} from simulator.engine")
            elif module.startswith("simulator.engine."):
                offenders.append(f"{where} imports {sorted(names)} from {module}")
        elif isinstance(node, ast.Import):
            offenders += [f"{where} imports {a.name}" for a in node.names if a.name.startswith("simulator.engine.")]
        elif isinstance(node, ast.Attribute) and node.attr in GAME_ONLY:
            offenders.append(f"{where} reads .{node.attr}")
    assert offenders == []
