"""The debrief deck as one self-contained HTML file: slides for the projector, the keyboard to step through them.

No external files (styles and charts inline, SVG), one small inline script (:data:`DECK_SCRIPT`: arrows, Page
Up/Down, space, Home/End, F for full screen; the slide's number in the address so a reload stays put); without the
script (or printed) every slide shows, one a page. Type scales with the screen (a projector at 1024x768 up to 4K).
Every text a participant wrote (names, groups) goes through ``html.escape``; the deck's own words are the
catalogues' ``deck.*`` texts in the deck's language.
"""
from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from ..locale.catalogue import text as catalogue_text
from .deck import LESSONS, Deck, Fork
from .files import check_export_target, write_atomic
from .texts import format_kpi, kpi_label, text as export_text

FORK_SHOWN = ("loyalty", "bonus")  # the KPIs a fork's row shows besides the score

GENERATOR = '<meta name="generator" content="Sales Desk debrief deck">'

STYLE = """
:root{--bg:#ffffff;--ink:#111827;--muted:#4b5563;--accent:#0b5cad;--good:#1a7f37;--bad:#b42318;--line:#c8d1dc;
--panel:#eef2f7;font-size:clamp(12px,min(1.7vw,3vh),80px)}
*{box-sizing:border-box}html,body{margin:0;height:100%;background:var(--bg);color:var(--ink);
font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.slide{width:100vw;height:100vh;padding:4vh 5vw 7vh;display:flex;flex-direction:column;gap:2.5vh;overflow:hidden;
position:relative}
body.js .slide{display:none}body.js .slide.on{display:flex}
h1{font-size:2.6em;margin:0;line-height:1.15}h2{font-size:1.9em;margin:0;color:var(--accent);line-height:1.2}
p,li{font-size:1.2em;line-height:1.35;margin:0}.lead{font-size:1.4em}.muted{color:var(--muted)}
ul,ol{margin:0;padding-left:1.4em;display:flex;flex-direction:column;gap:1.2vh}
ul.months{display:block;list-style:none;padding:0;column-gap:3em}ul.months li{margin:0 0 .5em;break-inside:avoid}
table{border-collapse:collapse;font-size:1.1em;width:100%}
th,td{padding:.3em .5em;border-bottom:2px solid var(--line);text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}
tr.this td{background:var(--panel);font-weight:700}
.chart{flex:1 1 auto;min-height:0}.chart svg{width:100%;height:100%}
.big{font-size:4.5em;font-weight:700;color:var(--accent);line-height:1}
.count{display:inline-block;min-width:2.6em;font-weight:700;color:var(--bad)}
.gain{color:var(--good);font-weight:700}.loss{color:var(--bad);font-weight:700}
.own{color:var(--good);font-weight:700}
.question{font-size:1.8em;line-height:1.3;border-left:.3rem solid var(--accent);padding-left:1rem}
.lesson{font-size:1.1em;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
footer{position:absolute;left:5vw;right:5vw;bottom:2vh;display:flex;justify-content:space-between;
font-size:.8rem;color:var(--muted)}
@media print{body.js .slide{display:flex}.slide{page-break-after:always;height:100vh}}
"""

DECK_SCRIPT = r"""
(function(){
document.body.classList.add('js');
const slides = [...document.querySelectorAll('.slide')];
let at = 0;
function fit(slide){
  // A slide whose content runs past the screen gets smaller type, a step at a time, until it fits.
  let size = 100; slide.style.fontSize = '';
  while (slide.scrollHeight > slide.clientHeight + 1 && size > 45){ size -= 5; slide.style.fontSize = size + '%'; }
  slide.dataset.fit = String(size);
}
function show(k){
  at = Math.max(0, Math.min(slides.length - 1, k));
  slides.forEach((s, i) => s.classList.toggle('on', i === at));
  fit(slides[at]);
  document.body.dataset.slide = String(at + 1);
  history.replaceState(null, '', '#' + (at + 1));
}
document.addEventListener('keydown', (ev) => {
  if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const k = ev.key;
  if (k === 'ArrowRight' || k === 'ArrowDown' || k === 'PageDown' || k === ' ' || k === 'Enter') show(at + 1);
  else if (k === 'ArrowLeft' || k === 'ArrowUp' || k === 'PageUp' || k === 'Backspace') show(at - 1);
  else if (k === 'Home') show(0);
  else if (k === 'End') show(slides.length - 1);
  else if (k === 'f' || k === 'F') {
    if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen().catch(() => {});
  } else return;
  ev.preventDefault();
});
window.addEventListener('resize', () => fit(slides[at]));
document.addEventListener('click', (ev) => { if (!ev.target.closest('a')) show(at + (ev.clientX < innerWidth / 3 ? -1 : 1)); });
show((parseInt(location.hash.slice(1), 10) || 1) - 1);
})();
"""


def deck_html(deck: Deck, lang: str = "en") -> str:
    """The deck's HTML in ``lang``: the title, the scores, the forks, the mistakes, the pay, a question per lesson,
    the cohort (when other groups played the scenario) and who proposed what in each team (when teams played)."""
    slides = [_title(deck, lang), _scores(deck, lang), _forks(deck, lang), _mistakes(deck, lang), _pay(deck, lang)]
    slides += _teams(deck, lang)
    slides += [_lesson(deck, lesson, lang) for lesson in LESSONS]
    if deck.cohort is not None:
        slides.append(_cohort(deck, lang))
    total = len(slides)
    title = _title_text(deck, lang)
    body = "".join(
        f'<section class="slide" id="s{k}" data-slide="{k}">{content}<footer><span>{escape(title)}</span>'
        f'<span>{escape(t("nav", lang))} · {k} / {total}</span></footer></section>'
        for k, content in enumerate(slides, 1))
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">{GENERATOR}'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}</title>'
            f'<style>{STYLE}</style></head><body>{body}<script>{DECK_SCRIPT}</script></body></html>')


def write_deck(path: str | Path, deck: Deck, lang: str = "en") -> None:
    """Write :func:`deck_html` to ``path`` atomically; never over a file the deck did not write (a replay, a
    database, someone's document)."""
    check_export_target(path, lambda head: GENERATOR.encode("utf-8") in head)
    write_atomic(path, deck_html(deck, lang))


def t(key: str, lang: str, **values: object) -> str:
    """A deck text (``deck.<key>``) in ``lang``, filled."""
    return catalogue_text(lang, f"deck.{key}", **values)


def _title_text(deck: Deck, lang: str) -> str:
    return t("title", lang, title=deck.title.get(lang) or next(iter(deck.title.values()), deck.scenario_id))


def _title(deck: Deck, lang: str) -> str:
    sub = t("subtitle", lang, group=deck.group or "—", seed=deck.seed, n=len(deck.players))
    return (f'<h1>{escape(_title_text(deck, lang))}</h1><p class="lead">{escape(sub)}</p>'
            f'<p class="muted">{escape(t("generated", lang, when=deck.generated_at))}</p>'
            f'<p class="muted">{escape(t("how", lang))}</p>')


def _scores(deck: Deck, lang: str) -> str:
    s = deck.scores
    out = [f"<h2>{escape(t('scores', lang))}</h2>"]
    if s is None:
        return out[0] + f"<p>{escape(t('no_games', lang))}</p>"
    out.append(f'<p class="lead">{escape(t("scores_lead", lang, n=s.n, mean=format_kpi("score", s.mean), sd=format_kpi("score", s.sd), low=format_kpi("score", s.low), high=format_kpi("score", s.high)))}</p>')
    if deck.left_out:
        out.append(f'<p class="muted">{escape(t("left_out", lang, n=deck.left_out))}</p>')
    out.append(f'<div class="chart">{histogram(list(s.values), t("scores", lang))}</div>')
    return "".join(out)


def histogram(values: Sequence[float], label: str, bins: int = 8) -> str:
    """The distribution of ``values`` as bars with counts above and the bins' middles below (inline SVG)."""
    if not values:
        return ""
    low, high = min(values), max(values)
    n = 1 if high == low else min(bins, max(2, len(values)))
    width = (high - low) / n if n > 1 else 1.0
    counts = [0] * n
    for v in values:
        counts[min(n - 1, int((v - low) / width)) if n > 1 else 0] += 1
    W, H, top = 1000, 420, max(counts)
    step = (W - 40) / n
    parts = [f'<svg viewBox="0 0 {W} {H}" preserveAspectRatio="xMidYMid meet" role="img" '
             f'aria-label="{escape(label)}">']
    for k, c in enumerate(counts):
        h = (H - 110) * c / top
        x = 20 + k * step
        middle = low + (k + 0.5) * width if n > 1 else low
        parts.append(f'<rect x="{x + 6:.1f}" y="{H - 60 - h:.1f}" width="{step - 12:.1f}" height="{h:.1f}" '
                     f'fill="#0b5cad"/>')
        if c:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{H - 70 - h:.1f}" text-anchor="middle" font-size="34" '
                         f'font-weight="700" fill="#111827">{c}</text>')
        if n <= 5 or k % 2 == 0 or k == n - 1:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{H - 18}" text-anchor="middle" font-size="30" '
                         f'fill="#4b5563">{escape(format_kpi("score", middle))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _forks(deck: Deck, lang: str) -> str:
    out = [f"<h2>{escape(t('forks', lang))}</h2>", f'<p class="muted">{escape(t("forks_lead", lang))}</p>']
    if not deck.forks:
        return "".join(out) + f"<p>{escape(t('forks_none', lang))}</p>"
    strategy = catalogue_text(lang, f"strategy.{deck.forks[0].strategy}")
    kpis = [k for k in FORK_SHOWN if all(k in f.kpis for f in deck.forks)]
    heads = (f'<th style="width:22%">{escape(t("fork_col_player", lang))}</th>'
             f'<th class="n">{escape(t("fork_col_from", lang))}</th>'
             f'<th class="n">{escape(t("fork_col_score", lang, strategy=strategy))}</th>'
             + "".join(f'<th class="n">{escape(kpi_label(k, lang))}</th>' for k in kpis))
    rows = "".join(_fork(fork, kpis) for fork in deck.forks)
    return "".join(out) + f"<table><tr>{heads}</tr>{rows}</table>"


def _fork(fork: Fork, kpis: list[str]) -> str:
    gain = fork.gain
    cells = "".join(f'<td class="n">{escape(format_kpi(k, fork.kpis[k][0]))} → {escape(format_kpi(k, fork.kpis[k][1]))}</td>'
                    for k in kpis)
    return (f"<tr><td>{escape(fork.player)}</td><td class=\"n\">{fork.month + 1}</td>"
            f'<td class="n">{escape(format_kpi("score", fork.own_score))} → {escape(format_kpi("score", fork.fork_score))} '
            f'<span class="{"gain" if gain > 0 else "loss"}">{"+" if gain > 0 else ""}{escape(format_kpi("score", gain))}'
            f"</span></td>{cells}</tr>")


def _mistakes(deck: Deck, lang: str) -> str:
    out = [f"<h2>{escape(t('mistakes', lang))}</h2>",
           f'<p class="muted">{escape(t("mistakes_lead", lang, n=deck.games))}</p>']
    if not deck.mistakes:
        return "".join(out) + f"<p>{escape(export_text('group_none', lang))}</p>"
    out.append("<ul>")
    for m in deck.mistakes[:7]:
        product = deck.products.get(m.product or "", {})
        name = product.get(lang) or next(iter(product.values()), m.product or "")
        words = export_text(f"mistake_{m.code}", lang).format(product=name)
        out.append(f'<li><span class="count">{m.count}/{deck.games}</span> {escape(words)} '
                   f'<span class="muted">({escape(t("lesson_n", lang, n=m.lesson))})</span></li>')
    out.append("</ul>")
    return "".join(out)


def _pay(deck: Deck, lang: str) -> str:
    out = [f"<h2>{escape(t('pay', lang))}</h2>", f'<p class="muted">{escape(t("pay_lead", lang))}</p>']
    if not deck.pay:
        return "".join(out)
    heads = "".join(f'<th{" class=n" if c in ("mean", "low", "high") else ""}>{escape(t("pay_col_" + c, lang))}</th>'
                    for c in ("base", "mean", "low", "high", "best"))
    rows = []
    for line in deck.pay:
        base = catalogue_text(lang, f"pay.base.{line.base}") + (f" — {t('pay_own', lang)}" if line.own else "")
        rows.append(f'<tr><td class="{"own" if line.own else ""}">{escape(base)}</td>'
                    f'<td class="n">{escape(format_kpi("bonus", line.mean))}</td>'
                    f'<td class="n">{escape(format_kpi("bonus", line.low))}</td>'
                    f'<td class="n">{escape(format_kpi("bonus", line.high))}</td>'
                    f'<td>{escape(line.best)}</td></tr>')
    own = next((line.base for line in deck.pay if line.own), None)
    why = f'<p>{escape(catalogue_text(lang, f"pay.why.{own}"))}</p>' if own else ""
    return "".join(out) + f"<table><tr>{heads}</tr>{''.join(rows)}</table>{why}"


def _lesson(deck: Deck, lesson: int, lang: str) -> str:
    made = deck.lessons.get(lesson, 0)
    count = t("lesson_count", lang, n=made, games=deck.games) if deck.games else ""
    return (f'<p class="lesson">{escape(t("lesson_n", lang, n=lesson))} · {escape(t("discuss", lang))}</p>'
            f"<h2>{escape(t(f'lesson.{lesson}', lang))}</h2>"
            f'<p class="question">{escape(t(f"question.{lesson}", lang))}</p>'
            + (f'<p class="muted">{escape(count)}</p>' if count else ""))


def _cohort(deck: Deck, lang: str) -> str:
    c = deck.cohort
    assert c is not None
    out = [f"<h2>{escape(t('cohort', lang))}</h2>",
           f'<p class="lead">{escape(t("cohort_lead", lang, games=c.games, groups=len(c.groups), p=round(c.median_percentile)))}</p>',
           f'<p class="muted">{escape(t("cohort_skill", lang))}</p>']
    heads = "".join(f'<th{" class=n" if k >= 1 else ""}>{escape(t("cohort_col_" + c_, lang))}</th>'
                    for k, c_ in enumerate(("group", "seed", "games", "median")))
    rows = "".join(f'<tr class="{"this" if g.this else ""}"><td>{escape(g.group or "—")}</td><td class="n">{g.seed}</td>'
                   f'<td class="n">{g.games}</td><td class="n">{escape(format_kpi("skill", g.median_skill))}</td></tr>'
                   for g in c.groups[:8])
    players = ", ".join(f"{name} {round(p)}" for name, p in c.players[:12])
    return ("".join(out) + f"<table><tr>{heads}</tr>{rows}</table>"
            f'<p class="muted">{escape(t("cohort_players", lang))}: {escape(players)}</p>')


def _teams(deck: Deck, lang: str) -> list[str]:
    """A slide per team that played: each month, who proposed a plan, the one the team took marked (a long game's
    months in two or three columns)."""
    slides = []
    for team in deck.teams:
        months = team["months"]
        items = "".join(
            f'<li><b>{month["month"]}</b> · '
            f'{escape(", ".join(p["member"] + (" ✓" if p["chosen"] else "") for p in month["proposals"]))}</li>'
            for month in months)
        columns = 1 if len(months) <= 8 else 2 if len(months) <= 16 else 3
        slides.append(f"<h2>{escape(t('team', lang, team=team['team']))}</h2>"
                      f'<p class="muted">{escape(t("team_members", lang, members=", ".join(team["members"])))}</p>'
                      f'<ul class="months" style="columns:{columns}">{items}</ul>')
    return slides
