"""One module per screen, registered by name: scenes open each other through the app by name
(``self.app.open("confirm", ...)``), never by importing one another, so no screen depends on another's module."""
from __future__ import annotations

from .base import Scene
from .briefing import BriefingScene
from .compare import CompareScene
from .confirm import ConfirmScene
from .debrief import DebriefScene
from .desk import DeskScene
from .head_debrief import HeadDebriefScene
from .head_report import HeadReportScene
from .help import HelpScene
from .leaderboard import LeaderboardScene
from .menu import MenuScene
from .month_report import MonthReportScene
from .settings import SettingsScene
from .whatif import WhatIfScene

SCENES: dict[str, type[Scene]] = {
    "menu": MenuScene, "briefing": BriefingScene, "desk": DeskScene, "month_report": MonthReportScene,
    "debrief": DebriefScene, "whatif": WhatIfScene, "leaderboard": LeaderboardScene, "compare": CompareScene,
    "settings": SettingsScene, "help": HelpScene, "confirm": ConfirmScene,
    "head_report": HeadReportScene, "head_debrief": HeadDebriefScene,
}

__all__ = ["SCENES", "Scene"]
