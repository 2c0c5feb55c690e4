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
from .head_hire import HeadHireScene
from .head_interview import HeadInterviewScene
from .head_lab import HeadLabScene
from .head_pay import HeadPayScene
from .head_report import HeadReportScene
from .head_room import HeadRoomScene
from .head_rules import HeadRulesScene
from .head_segments import HeadSegmentsScene
from .help import HelpScene
from .leaderboard import LeaderboardScene
from .learned import LearnedScene
from .lesson_check import LessonCheckScene
from .menu import MenuScene
from .month_report import MonthReportScene
from .predict import PredictScene
from .reflect import ReflectScene
from .round_wait import RoundWaitScene
from .settings import SettingsScene
from .talk import TalkScene
from .team_choice import TeamChoiceScene
from .whatif import WhatIfScene

SCENES: dict[str, type[Scene]] = {
    "menu": MenuScene, "briefing": BriefingScene, "desk": DeskScene, "month_report": MonthReportScene,
    "debrief": DebriefScene, "whatif": WhatIfScene, "leaderboard": LeaderboardScene, "compare": CompareScene,
    "settings": SettingsScene, "help": HelpScene, "confirm": ConfirmScene,
    "head_room": HeadRoomScene, "head_rules": HeadRulesScene, "head_pay": HeadPayScene, "head_hire": HeadHireScene,
    "head_segments": HeadSegmentsScene, "round_wait": RoundWaitScene, "head_report": HeadReportScene,
    "head_debrief": HeadDebriefScene, "head_interview": HeadInterviewScene, "head_lab": HeadLabScene,
    "talk": TalkScene,
    "team_choice": TeamChoiceScene,
    "predict": PredictScene, "lesson_check": LessonCheckScene, "reflect": ReflectScene, "learned": LearnedScene,
}

__all__ = ["SCENES", "Scene"]
