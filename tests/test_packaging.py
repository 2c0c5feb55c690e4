"""A regular install (pip install ., a wheel) carries every shipped scenario and asset, and finds them."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from fnmatch import fnmatch
from pathlib import Path

import pytest

from simulator import shipped

ROOT = Path(__file__).resolve().parents[1]


def _setup_module():
    spec = importlib.util.spec_from_file_location("setup_for_test", ROOT / "setup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # not as __main__: setup() itself does not run
    return module


def test_the_wheel_patterns_cover_every_shipped_file():
    setup = _setup_module()
    for package, folder in setup.SHIPPED.items():
        patterns = setup.SHIPPED_FILES[package]
        files = [p.relative_to(ROOT / folder).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()]
        missed = [f for f in files if not any(fnmatch(f, pattern) and "/" not in f[len(pattern.split("*")[0]):]
                                              for pattern in patterns)]
        assert files and missed == [], f"add patterns for {missed} to SHIPPED_FILES in setup.py"


def test_a_checkout_uses_its_own_folders_and_an_install_the_packaged_copies(tmp_path, monkeypatch):
    assert shipped.SCENARIOS_DIR == ROOT / "scenarios" and shipped.ASSETS_DIR == ROOT / "assets"
    installed = tmp_path / "site-packages" / "simulator"
    installed.mkdir(parents=True)
    monkeypatch.setattr(shipped, "_PACKAGE", installed)  # as in site-packages: no scenarios/ beside the package
    assert shipped._shipped("scenarios") == installed / "_shipped" / "scenarios"
    assert shipped._shipped("assets") == installed / "_shipped" / "assets"


@pytest.mark.slow
def test_a_regular_install_runs_every_kind_of_command_from_any_folder(tmp_path):
    """`pip install .` (not editable): the wheel alone, run from a folder with no checkout, with no data folder."""
    source = tmp_path / "src"
    for name in ("pyproject.toml", "setup.py", "README.md"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    for name in ("simulator", "scenarios", "assets"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                            "-w", str(wheels), str(source)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    [wheel] = wheels.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = archive.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "simulator/_shipped/scenarios/certification.yaml" in names
    assert "simulator/_shipped/scenarios/_template.yaml" in names
    assert "salesdesk = simulator.cli:salesdesk" in entry_points
    shutil.unpack_archive(wheel, site, format="zip")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "SALESDESK_HOME": str(tmp_path / "home"),
           "SALESDESK_DB": str(tmp_path / "home" / "board.sqlite3")}

    def salesdesk(*argv: str) -> subprocess.CompletedProcess:
        code = "import sys; from simulator.cli import salesdesk; sys.argv[0] = 'salesdesk'; sys.exit(salesdesk())"
        return subprocess.run([sys.executable, "-c", code, *argv], cwd=elsewhere, env=env, capture_output=True,
                              text=True, timeout=300)

    where = subprocess.run([sys.executable, "-c", "import simulator; print(simulator.__file__)"], cwd=elsewhere,
                           env=env, capture_output=True, text=True)
    assert where.stdout.startswith(str(site)), where  # the installed copy, not the checkout
    assert salesdesk("--help").stdout.startswith("usage: salesdesk")
    done = salesdesk("validate", "certification", "--no-play")
    assert done.returncode == 0 and "_shipped" in done.stdout, done.stderr
    done = salesdesk("simulate", "tutorial", "--replay-out", str(tmp_path / "game.json"))
    assert done.returncode == 0 and "score" in done.stdout, done.stderr
    done = salesdesk("verify", str(tmp_path / "game.json"))
    assert done.returncode == 0, done.stderr
    assert salesdesk("new-scenario", "own").returncode == 0
    done = salesdesk("simulate", "own")
    assert done.returncode == 0 and "own v1" in done.stdout, done.stderr
