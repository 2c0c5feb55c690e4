"""What I learned: the player's learning record lesson by lesson, the weakest first (predictions right and how sure,
lesson checks before and after, behaviour in play), over this game and the player's games on this computer's
leaderboard; then this game's predictions beside what happened, and the note for next time. Apart from the score."""
from __future__ import annotations

import pygame

from ...store.kinds import DESK, kind_of
from ...store.learning_record import GameLearning, LearningRecord, game_learning, learning_record
from ...store.replay import ReplayError
from ..widgets import Button, ScrollText
from .base import Scene
from .learning_text import choice_text, record_lines


def player_record(ctx, player: str, group: str) -> tuple[LearningRecord, GameLearning | None]:
    """``player``'s record: the game in play (when it is theirs) and their other desk games on this computer's
    leaderboard in ``group``; the game in play's own learning (None from the menu, with no game of theirs open)."""
    session = ctx.session
    here = mine = None
    if session is not None and session.player == player and kind_of(session) is DESK:
        rep = session.replay()
        here = game_learning(rep, session.game, session.scenario)
        mine = DESK.decisions_key(rep, session.game.result().score)
    games = [here] if here is not None else []
    board_mod = ctx.leaderboard
    if board_mod is not None and ctx.db_path is not None:
        try:
            with board_mod.Leaderboard.open(ctx.db_path) as board:
                for b in board.rankings(group=group):
                    for entry in b.entries:
                        if entry.player != player or entry.kind != "desk" or entry.content_hash == mine \
                                or entry.strategy or entry.branch is not None:
                            continue
                        other = board.replay(entry.id)
                        games.append(game_learning(other, board.review(entry.id), board.scenario_for(other)))
        except (ReplayError, OSError, ValueError):
            pass   # the local board cannot be read: this game's record alone
    return learning_record(player, group, games), here


class LearnedScene(Scene):
    """A page of lines; Esc or Back returns."""

    def __init__(self, app, player: str | None = None, group: str | None = None):
        super().__init__(app)
        session = self.ctx.session
        self.player = player if player is not None else session.player
        self.record, self.here = player_record(self.ctx, self.player,
                                               group if group is not None else session.group)
        self.page = self.form.add(ScrollText("learned.text"))
        self.back_btn = self.form.add(Button("learned.back", self.lazy("common.back"), self.app.pop, primary=True))
        self.form.set_focus(self.page)

    def lines(self) -> list[tuple[str, str]]:
        """The record, then this game's predictions and reflection."""
        t, lang = self.t, self.ctx.lang
        lines = record_lines(t, self.record, lang)
        if self.here is None:   # from the menu: the record alone
            return lines
        checked = self.here.answers.predictions
        if checked:
            lines.append((t("learned.this_game"), "h"))
            for p in checked:
                q = p.question
                lines.append((t("learned.prediction_line", month=p.answer.month,
                                right_or_wrong=t("learned.right" if p.right else "learned.wrong"),
                                choice=choice_text(t, q, p.answer.choice), happened=choice_text(t, q, p.outcome.right))
                              + f" · {t(f'learning.lesson.{q.lesson}')}", "good" if p.right else "bad"))
        session = self.ctx.session
        answered = session.learning
        checks = [c for c in session.scenario.lesson_checks if answered.answered(c.id, "post") is not None
                  or answered.answered(c.id, "pre") is not None]
        if checks:
            lines.append((t("learned.checks_title"), "h"))
            for check in checks:
                before, after = answered.answered(check.id, "pre"), answered.answered(check.id, "post")
                marks = " → ".join(t("learned.right" if a.choice == check.right else "learned.wrong")
                                   for a in (before, after) if a is not None)
                lines.append((f"{marks} {check.question.get(lang)}", "body"))
                lines.append((t("learned.check_right", choice=check.choices[check.right].get(lang)), "good"))
                if check.why is not None and after is not None:
                    lines.append((check.why.get(lang), "muted"))
        if self.here.reflection is not None:
            lines.append((t("learned.reflection", text=self.here.reflection[1]), "body"))
        return lines

    def layout(self, size) -> None:
        super().layout(size)
        pad, gap, bh, top = self.page_metrics()
        W, H = size
        self.page.rect = pygame.Rect(pad, top, W - 2 * pad, H - top - bh - 2 * pad)
        self.back_btn.rect = pygame.Rect(pad, H - pad - bh, min(W // 3, int(320 * self.theme.scale)), bh)
        self.page.set_lines(self.lines())

    def draw(self, surface) -> None:
        surface.fill(self.theme.c("background"))
        games = len(self.record.games)
        self.title_bar(surface, self.t("learned.title"),
                       self.t("learned.subtitle", player=self.player or "—", games=games))
        self.draw_widgets(surface)
