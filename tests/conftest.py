"""Test-wide settings: headless SDL, so UI tests run without a display."""
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.shared_fixtures import tiny, tiny_path  # noqa: E402,F401  (the tiny scenario's fixtures, for every folder)


@pytest.fixture(scope="session")
def _session_data_home(tmp_path_factory):
    return tmp_path_factory.mktemp("salesdesk-home")


@pytest.fixture(autouse=True)
def _never_the_real_data_folder(_session_data_home, monkeypatch):
    """Every test (and every command it starts) writes its data under a temporary folder, never the user's:
    tests that need a fresh folder of their own (``isolated_data``, ``data_dir``) override these."""
    monkeypatch.setenv("SALESDESK_HOME", str(_session_data_home / "home"))
    monkeypatch.setenv("SALESDESK_DB", str(_session_data_home / "home" / "leaderboard.sqlite3"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Make ``xdist_group`` keep a group's tests on one worker again (``--dist loadgroup``, pyproject.toml).

    pytest-xdist 3.8 groups a test by appending ``@group`` to its node id, but sets ``item._nodeid``, which
    pytest 9 no longer reads (the id is ``item._id``), so every grouped test was scheduled alone. This sets the
    id pytest reads, the way xdist means it; with an xdist or pytest that does it already, it changes nothing."""
    if not getattr(config.option, "loadgroup", False):
        return
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:  # pytest before 9: xdist's own suffix works
        return
    for item in items:
        names = {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
        suffix = "@" + "_".join(sorted(names))
        if names and not item.nodeid.endswith(suffix):
            item._id = coerce_node_id(item.nodeid + suffix)
