"""'Send to workshop' for a finished game, desk or head: the button, the upload through the outbox (kept on disk
so nothing is lost) and what the server said, as a line for the screen. Shared by both debriefs."""
from __future__ import annotations

from pathlib import Path

from ...store.entries import utc_now
from ...store.outbox import REFUSED, SENT
from ..texts import decimal
from ..widgets import Button
from ..workshop import reason_key
from .review_text import REFUSAL_CODES


class WorkshopSend:
    """The debrief's link to the workshop server: ``button`` is None when no server is set."""

    def __init__(self, scene):
        self.scene = scene
        self.ctx = scene.ctx
        self.sending: Path | None = None
        self.sent = False
        self.button: Button | None = None
        sender = self.ctx.workshop
        if sender is not None and sender.configured(self.ctx.settings):
            self.button = scene.form.add(Button("debrief.send", scene.lazy("debrief.send"), self.send))
            self.button.enabled = lambda: self.sending is None and not self.sent

    def send(self) -> None:
        """Keep the game in the outbox, then upload it in the background."""
        t, settings, sender = self.scene.t, self.ctx.settings, self.ctx.workshop
        rep = self.ctx.session.replay(finished_at=utc_now())
        try:
            self.sending = sender.queue(rep, settings.server, settings.code)
        except (OSError, ValueError) as exc:
            self.scene.say(t("debrief.send_failed", reason=getattr(exc, "strerror", None) or str(exc)), "bad")
            return
        sender.send_all()  # when a send is already under way, it picks this file up or the next one does
        self.scene.say(t("debrief.sending"), "muted")

    def follow(self) -> None:
        """Once a frame while sending: say what the server answered when it has."""
        if self.sending is None:
            return
        t, sender = self.scene.t, self.ctx.workshop
        result = sender.result_for(self.sending)
        if result is None:
            if not sender.busy and self.sending.exists():
                sender.send_all()  # queued while another send was finishing: go again
            return
        self.sending = None
        if result.status == SENT:
            self.sent = True
            rank = "—" if result.rank is None else str(result.rank)
            score = "—" if result.score is None else decimal(result.score, 1, self.ctx.lang)
            key = "debrief.sent" if result.created else "debrief.sent_already"
            self.scene.say(t(key, rank=rank, score=score), "good")
        elif result.status == REFUSED:
            self.sent = True  # the same game would be refused again; it is kept in outbox/refused
            self.scene.say(t("debrief.send_refused", reason=t(reason_key(result, REFUSAL_CODES))), "bad")
        else:
            self.scene.say(t("debrief.send_waiting", count=sender.waiting()), "warn")
