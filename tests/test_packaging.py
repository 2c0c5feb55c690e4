"""A regular install (pip install ., a wheel) carries every shipped scenario and asset, and finds them."""
from __future__ import annotations

import importlib.util
from fnmatch import fnmatch
from pathlib import Path

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
