"""Main menu: who plays, which scenario, language, continue a saved game, leaderboard, settings, quit."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pygame

from ...locale.languages import ordered
from ...scenario import Scenario, ScenarioError, load_file
from ...store.kinds import kind_of
from ...store.replay import MAX_NAME
from ...store.saves import SaveError
from ...store.scenario_files import scenario_files
from ..theme import Theme
from ..widgets import Button, Label, Shortcut, TextField, Widget, button_row, label_width, resolve
from .base import Scene


@dataclass(frozen=True)
class ScenarioInfo:
    """A scenario file as the picker shows it (``problem`` set when it does not load)."""

    path: Path
    scenario: Scenario | None
    problem: str = ""


def list_scenarios(folders: list[Path]) -> list[ScenarioInfo]:
    """Every scenario file of the folders (files starting with '_' are templates), tutorial first."""
    infos = []
    for path in scenario_files(folders):
        try:
            scenario = load_file(path)
        except ScenarioError as exc:
            first = exc.problems[0] if getattr(exc, "problems", None) else None
            infos.append(ScenarioInfo(path, None, f"{path.name}: {first.message if first else exc}"))
            continue
        infos.append(ScenarioInfo(path, scenario))
    return sorted(infos, key=lambda i: (i.scenario is None, not (i.scenario and i.scenario.id == "tutorial"),
                                        i.scenario.difficulty if i.scenario else 9, i.path.name))


def text_languages(scenario: Scenario, t) -> str:
    """Which languages a scenario's texts are in, as the picker marks them: "RU", "RU, EN", "RU, EN partly"."""
    complete = scenario.languages()
    given = {lang for _, text in scenario.texts() for lang in text.languages}
    marks = [lang.upper() if lang in complete else t("menu.texts_partly", lang=lang.upper())
             for lang in ordered(given)]
    return ", ".join(marks)


class ScenarioPicker(Widget):
    """The list of scenarios with title, lesson, length and difficulty; arrows, click, Enter to start."""

    focusable = True

    def __init__(self, wid: str, scene: MenuScene):
        super().__init__(wid)
        self.scene = scene
        self.selected = 0
        self.offset = 0

    def item_h(self, theme: Theme) -> int:
        return theme.line_height("large") + 2 * theme.line_height("small") + theme.line_height("small") + 16

    def item_rect(self, theme: Theme, k: int) -> pygame.Rect:
        """Screen rect of the ``k``-th visible item."""
        h = self.item_h(theme)
        return pygame.Rect(self.rect.x, self.rect.y + k * (h + 6), self.rect.width, h)

    def visible_count(self, theme: Theme) -> int:
        return max(1, self.rect.height // (self.item_h(theme) + 6))

    def _select(self, k: int) -> None:
        n = len(self.scene.scenarios)
        if n:
            self.selected = max(0, min(k, n - 1))
            vis = self.visible_count(self.scene.theme)
            if self.selected < self.offset:
                self.offset = self.selected
            elif self.selected >= self.offset + vis:
                self.offset = self.selected - vis + 1

    def on_mouse_down(self, pos, button: int) -> bool:
        theme = self.scene.theme
        for k in range(self.visible_count(theme)):
            if self.item_rect(theme, k).collidepoint(pos) and self.offset + k < len(self.scene.scenarios):
                if self.selected == self.offset + k and button == 1 and getattr(self, "_last_click", -1) == k:
                    self.scene.start()
                self._select(self.offset + k)
                self._last_click = k
                return True
        return True

    def on_wheel(self, dy: int) -> bool:
        self._select(self.selected - dy)
        return True

    def on_key(self, event) -> bool:
        if event.key == pygame.K_DOWN:
            self._select(self.selected + 1)
            return True
        if event.key == pygame.K_UP:
            self._select(self.selected - 1)
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.scene.start()
            return True
        return False

    def draw(self, surface, theme: Theme) -> None:
        lang = self.scene.ctx.lang
        t = self.scene.t
        pad = theme.m("padding")
        infos = self.scene.scenarios
        for k in range(self.visible_count(theme)):
            i = self.offset + k
            if i >= len(infos):
                break
            info, r = infos[i], self.item_rect(theme, k)
            theme.panel(surface, r, "row_selected" if i == self.selected else "panel")
            x, y, w = r.x + pad, r.y + 6, r.width - 2 * pad
            if info.scenario is None:
                theme.draw_text(surface, t("menu.broken_scenario"), (x, y), "large", theme.c("bad"), max_width=w)
                theme.draw_text(surface, info.problem, (x, y + theme.line_height("large")), "small", theme.c("muted"),
                                max_width=w)
                continue
            s = info.scenario
            theme.draw_text(surface, s.title.get(lang), (x, y), "large", bold=True, max_width=w)
            y += theme.line_height("large")
            lesson = s.lesson.get(lang) if s.lesson else ""
            y += theme.draw_wrapped(surface, lesson, pygame.Rect(x, y, w, 2 * theme.line_height("small")), "small",
                                    theme.c("muted"), max_lines=2)
            y = r.bottom - theme.line_height("small") - 6
            stars = "●" * s.difficulty + "○" * (3 - s.difficulty)
            facts = t("menu.facts", months=s.turns, clients=s.client_count(), difficulty=stars)
            mode = kind_of(s).mode_key
            if mode is not None:
                facts = t(mode) + " · " + facts
            facts += " · " + t("menu.texts", langs=text_languages(s, t))
            theme.draw_text(surface, facts, (x, y), "small", theme.c("accent"), max_width=w)
        if len(infos) > self.visible_count(theme):
            theme.draw_text(surface, f"{self.selected + 1} / {len(infos)}", (self.rect.right, self.rect.bottom + 2),
                            "small", theme.c("muted"), align="right")


class MenuScene(Scene):
    """The first screen."""

    def __init__(self, app):
        super().__init__(app)
        s = self.ctx.settings
        self.scenarios = list_scenarios(self.ctx.scenario_dirs)
        self.status = ""
        self.status_bad = False
        f = self.form
        gui = self.ctx.gui
        self.name = f.add(TextField("menu.player", gui, s.player, self.lazy("menu.player_placeholder"),
                                    max_length=MAX_NAME, on_change=self._name, on_enter=self.start))
        self.group = f.add(TextField("menu.group", gui, s.group, self.lazy("menu.group_placeholder"),
                                     max_length=MAX_NAME, on_change=self._group, on_enter=self.start))
        self.seed = f.add(TextField("menu.seed", gui, str(s.seed), "1", max_length=12, digits_only=True,
                                    on_change=self._seed, on_enter=self.start, tooltip=self.lazy("menu.seed_tip")))
        self.picker = f.add(ScenarioPicker("menu.scenarios", self))
        self.start_btn = f.add(Button("menu.start", self.lazy("menu.start"), self.start, primary=True))
        self.continue_btn = f.add(Button("menu.continue", self.lazy("menu.continue"), self.continue_game))
        self._summary = self.ctx.saves.summary()
        self.continue_btn.enabled = lambda: self._summary is not None
        # One button per language with a catalogue, named in its own language ("Русский", "English").
        self.lang_buttons = [self._language_button(code) for code in self.ctx.i18n.languages]
        # Direct keys (in the tooltips and F1): Enter starts from anywhere a field or the list does not take it;
        # Ctrl and a language code's first letter switches to it (Ctrl+R, Ctrl+E).
        self.start_btn.shortcut = Shortcut(pygame.K_RETURN)
        taken: set[str] = set()
        for button, code in zip(self.lang_buttons, self.ctx.i18n.languages):
            if code[0] not in taken:
                taken.add(code[0])
                button.shortcut = Shortcut(pygame.key.key_code(code[0]), ctrl=True)
        self.board_btn = f.add(Button("menu.leaderboard", self.lazy("menu.leaderboard"), self.open_leaderboard))
        self.settings_btn = f.add(Button("menu.settings", self.lazy("menu.settings"), self.open_settings))
        self.quit_btn = f.add(Button("menu.quit", self.lazy("menu.quit"), self.app.quit))
        self.learned_btn = f.add(Button("menu.learned", self.lazy("menu.learned"), self.open_learned))
        self.board_btn.shortcut = Shortcut(pygame.K_l, ctrl=True)   # Ctrl+L: the leaderboard
        self.labels = [f.add(Label(f"menu.label.{k}", self.lazy(f"menu.{k}"), "small", "muted"))
                       for k in ("player", "group", "seed", "scenario", "language")]
        f.set_focus(self.name if not s.player else self.picker)
        if s.damaged:
            self.say(self.t("menu.settings_reset", fields=", ".join(s.damaged)), True)

    # --- field changes ----------------------------------------------------------
    def _name(self, value: str) -> None:
        self.ctx.settings.player = value

    def _group(self, value: str) -> None:
        self.ctx.settings.group = value

    def _seed(self, value: str) -> None:
        if value.isdigit():
            self.ctx.settings.seed = min(int(value), 2**63 - 1)

    def _lang(self, lang: str) -> None:
        self.ctx.set_language(lang)

    def _language_button(self, code: str) -> Button:
        button = self.form.add(Button(f"menu.lang_{code}", self.ctx.i18n.language_name(code), lambda: self._lang(code)))
        button.selected = lambda: self.ctx.lang == code
        return button

    # --- actions ----------------------------------------------------------------
    def say(self, text: str, bad: bool = False) -> None:
        """A one-line status under the buttons."""
        self.status, self.status_bad = text, bad

    def start(self) -> None:
        """Start the picked scenario with the typed name, group and seed."""
        if not self.scenarios:
            self.say(self.t("menu.no_scenarios"), True)
            return
        info = self.scenarios[self.picker.selected]
        if info.scenario is None:
            self.say(info.problem, True)
            return
        self._start(info.scenario, info.path)

    def start_scenario_file(self, path: Path) -> None:
        """Open straight into a scenario file (``python main.py play SCENARIO``)."""
        try:
            scenario = load_file(path)
        except ScenarioError as exc:
            self.say(str(exc).splitlines()[0], True)
            return
        self._pick(scenario, path)  # without a name yet, Enter after typing one starts this scenario, not the first
        self._start(scenario, path)
        code = self.ctx.settings.code
        if self.app.top is self and not self.ctx.settings.player.strip() and code:
            self.say(self.t("menu.join_need_name", code=code, scenario=scenario.title.get(self.ctx.lang)))

    def _pick(self, scenario: Scenario, path: Path) -> None:
        """Select ``scenario`` in the list (added at the top when its file is in none of the menu's folders)."""
        for k, info in enumerate(self.scenarios):
            if info.path.resolve() == Path(path).resolve():
                self.picker._select(k)
                return
        self.scenarios.insert(0, ScenarioInfo(Path(path), scenario))
        self.picker._select(0)

    def _start(self, scenario: Scenario, path: Path) -> None:
        s = self.ctx.settings
        if not s.player.strip():
            self.say(self.t("menu.need_name"), True)
            self.form.set_focus(self.name)
            return
        self.ctx.save_settings()
        self.ctx.session = kind_of(scenario).session(scenario, path, s.seed, s.player, s.group)
        self.app.open("briefing")

    def continue_game(self) -> None:
        """Resume the autosaved game (a damaged save is reported, not a crash)."""
        try:
            session, lang = self.ctx.saves.read(self.ctx.scenario_dirs)
        except SaveError as exc:
            self.say(self.t("menu.save_broken", reason=str(exc)), True)
            return
        self.ctx.session = session
        self.ctx.set_language(lang)
        kind = kind_of(session)
        self.app.open(kind.debrief_scene if session.game.finished else kind.play_scene)

    def open_leaderboard(self) -> None:
        self.app.open("leaderboard")

    def handle_event(self, event) -> bool:
        if event.type == pygame.DROPFILE:  # a replay handed in: the leaderboard imports it
            self.open_leaderboard()
            self.app.top.import_file(event.file)
            return True
        return super().handle_event(event)

    def open_learned(self) -> None:
        """The typed name's learning record over their games on this computer's leaderboard (in the typed group)."""
        s = self.ctx.settings
        if not s.player.strip():
            self.say(self.t("menu.need_name_learned"), True)
            self.form.set_focus(self.name)
            return
        self.app.open("learned", s.player.strip(), s.group.strip())

    def open_settings(self) -> None:
        self.app.open("settings")

    def back(self) -> None:
        """Esc asks before quitting (the Quit button quits at once)."""
        self.app.open("confirm", self.t("menu.confirm_quit"), self.app.quit, safe_default=True)

    def resume(self) -> None:
        self.status = ""
        self._summary = self.ctx.saves.summary()

    # --- layout and drawing -----------------------------------------------------
    def layout(self, size) -> None:
        super().layout(size)
        th = self.theme
        pad, gap = th.m("padding") * 3, th.m("gap")
        top = pad + th.line_height("huge") + th.line_height("body") + 2 * gap
        left_w = min(int(size[0] * 0.36), int(460 * th.scale))
        bh, lh = th.m("button_height"), th.line_height("small")
        y = top
        for label, field in zip(self.labels[:2], (self.name, self.group)):
            label.rect = pygame.Rect(pad, y, left_w, lh)
            field.rect = pygame.Rect(pad, y + lh + 2, left_w, bh)
            y += lh + bh + gap + 4
        # the seed (a number) and the language share a row: the seed's label may take two lines
        seed_w = (left_w - gap) * 2 // 5
        lang_x, lang_w = pad + seed_w + 2 * gap, left_w - seed_w - 2 * gap
        seed_label = self.labels[2]
        lines = len(th.wrap(resolve(seed_label.text), seed_w, "small"))
        seed_label.wrap = lines > 1
        label_h = lh * lines
        seed_label.rect = pygame.Rect(pad, y, seed_w, label_h)
        self.seed.rect = pygame.Rect(pad, y + label_h + 2, seed_w, bh)
        self.labels[4].rect = pygame.Rect(lang_x, y + label_h - lh, lang_w, lh)
        count = len(self.lang_buttons)
        for k, button in enumerate(self.lang_buttons):   # side by side, sharing the language's width
            left, right = lang_x + k * (lang_w + gap) // count, lang_x + (k + 1) * (lang_w + gap) // count - gap
            button.rect = pygame.Rect(left, y + label_h + 2, right - left, bh)
        y += label_h + bh + 3 * gap
        self.start_btn.rect = pygame.Rect(pad, y, left_w, bh + 8)
        y += bh + 8 + gap
        self.continue_btn.rect = pygame.Rect(pad, y, left_w, bh)
        y += bh + gap
        four = [self.board_btn, self.learned_btn, self.settings_btn, self.quit_btn]
        if sum(label_width(b, th) for b in four) + 3 * gap <= left_w:   # one row when every label fits, else two
            button_row(four, pad, y, left_w, bh, gap, th)
        else:
            button_row(four[:2], pad, y, left_w, bh, gap, th)
            y += bh + gap
            button_row(four[2:], pad, y, left_w, bh, gap, th)
        self.status_y = y + bh + gap
        # the keys' line at the foot, unless the column reaches it (larger text): F1's help says the same
        self.keys_y = size[1] - th.line_height("small") - 8
        self.show_keys = self.status_y + 2 * th.line_height("small") <= self.keys_y
        px = pad + left_w + 2 * pad
        self.labels[3].rect = pygame.Rect(px, top, size[0] - px - pad, lh)
        self.picker.rect = pygame.Rect(px, top + lh + 2, size[0] - px - pad, size[1] - top - lh - 2 * pad)

    def draw(self, surface) -> None:
        th = self.theme
        surface.fill(th.c("background"))
        pad = th.m("padding") * 3
        th.draw_text(surface, self.t("app.title"), (pad, pad), "huge", bold=True)
        th.draw_text(surface, self.t("app.subtitle"), (pad, pad + th.line_height("huge")), "body", th.c("muted"),
                     max_width=surface.get_width() - 2 * pad)
        self.draw_widgets(surface)
        summary = self._summary
        y = self.status_y
        width = self.start_btn.rect.width
        if summary and "error" not in summary:
            th.draw_text(surface, self.t("menu.save_summary", **summary), (pad, y), "small", th.c("muted"),
                         max_width=width)
            y += th.line_height("small")
        if self.status:
            th.draw_wrapped(surface, self.status, pygame.Rect(pad, y, width, 4 * th.line_height("small")), "small",
                            th.c("bad" if self.status_bad else "good"))
        if self.show_keys:
            th.draw_text(surface, self.t("menu.keys"), (pad, self.keys_y), "small", th.c("muted"),
                         max_width=surface.get_width() - 2 * pad)
