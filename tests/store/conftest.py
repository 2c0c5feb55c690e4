"""Shared fixtures for the store tests: an isolated data folder, a tiny scenario, the certification scenario."""
from __future__ import annotations

import pytest
from store_helpers import CERTIFICATION

from simulator.scenario import load_file
from tests.shared_fixtures import isolated_data  # noqa: F401  (autouse: a fresh data folder per test)


@pytest.fixture(scope="session")
def certification():
    return load_file(CERTIFICATION)
