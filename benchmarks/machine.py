"""The machine a benchmark ran on, printed beside its figures: a figure taken at a load average of 6 on
two cores is not one taken on an idle machine."""
from __future__ import annotations

import os
import platform


def machine_line(when: str = "") -> str:
    """``machine: 2 CPUs, load average 5.31 / 6.20 / 6.25 (1 / 5 / 15 min), Python 3.11.7`` (``when``: before,
    after...)."""
    try:
        one, five, fifteen = os.getloadavg()
        load = f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"
    except (AttributeError, OSError):  # not on every system
        load = "load average unknown"
    label = f"machine{f' ({when})' if when else ''}"
    return f"{label}: {os.cpu_count()} CPUs, {load}, Python {platform.python_version()}"


def print_machine(when: str = "") -> None:
    """Print :func:`machine_line` (flushed, so it shows before a long benchmark's first figure)."""
    print(machine_line(when), flush=True)
