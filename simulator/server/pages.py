"""The HTML pages: the start page, the live board for the projector, a session's join page.

Every text a participant controls reaches the page either through ``html.escape`` (server-rendered
parts) or through ``textContent`` (what the board's script fills in from the JSON API); no script
ever puts data into ``innerHTML``. The server pushes the board's JSON to the page as server-sent events
when it changes (polling once a second is the fallback), so a new result shows within about a second
of its upload, without a reload.
"""
from __future__ import annotations

import json
from html import escape

from ..store.entries import BOARD_KPIS
from ..store.kinds import kind_named
from ..store.texts import kpi_label
from ..store.workshop import WorkshopSession
from .qr import qr_svg
from .texts import language_links, t

BOARD_STYLE = """
:root{--bg:#0f1b2d;--panel:#16263d;--ink:#f3f6fa;--muted:#a9bad0;--line:#2d4262;--accent:#8ecae6;--code:#ffd166;
--bad:#ef8f6f;--flash:#3a5f1f;font-size:clamp(12px,min(1.25vw,2.1vh),64px)}
[data-theme=light]{--bg:#ffffff;--panel:#eef2f7;--ink:#111827;--muted:#4b5563;--line:#c8d1dc;--accent:#0b5cad;
--code:#8a4b00;--bad:#b42318;--flash:#cdeccd}
*{box-sizing:border-box}html,body{height:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;background:var(--bg);
color:var(--ink);display:flex;flex-direction:column;overflow:hidden}
header{padding:.8rem 1.5rem;background:var(--panel);display:flex;gap:1.5rem;align-items:center;min-width:0}
.titles{flex:1 1 auto;min-width:0}h1{font-size:2.2rem;margin:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sub{font-size:1.2rem;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.join{flex:0 1 auto;min-width:0;text-align:right}.join .label{font-size:1.1rem;color:var(--muted)}
.code{font-size:2rem;font-weight:700;color:var(--code);letter-spacing:.12em;white-space:nowrap}
.url{font-size:1rem;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.closed{color:var(--bad);font-size:1.1rem}
main{flex:1 1 auto;min-height:0;display:grid;grid-template-columns:minmax(0,1fr) minmax(0,19rem);gap:1.5rem;
padding:1rem 1.5rem}
.ranking{display:flex;flex-direction:column;min-width:0;min-height:0}
.controls{font-size:1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center;margin-bottom:.5rem}
.controls .pager{margin-left:auto;color:var(--muted)}select,input,button{font-size:1rem;font-family:inherit}input[type=checkbox]{width:1rem;height:1rem;vertical-align:middle}
button{background:var(--panel);color:var(--ink);border:1px solid var(--line);border-radius:.3rem;padding:.1rem .5rem}
.wrap{flex:1 1 auto;min-height:0;overflow:hidden}
table{width:100%;border-collapse:collapse;table-layout:fixed;font-size:1.45rem}
td,th{padding:.3rem .5rem;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap;overflow:hidden;
text-overflow:ellipsis}th{font-size:1rem;color:var(--muted);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}col.rank{width:3.2em}
col.value{width:6em}col.kpi{width:5em}col.review{width:4.2em}td.kpi,th.kpi{font-size:.72em}th.kpi{white-space:normal;vertical-align:bottom;line-height:1.15}
table.compact .kpi{display:none}td.review{font-size:.69em}
tr.new{animation:flash 2s}@keyframes flash{from{background:var(--flash)}to{background:transparent}}
tr.off{display:none}.muted{color:var(--muted);font-size:1rem}a{color:var(--accent)}
.bot{color:var(--muted);font-size:.75em}
.stats{display:flex;flex-direction:column;min-width:0;min-height:0;overflow:hidden;gap:.3rem}
.figure{font-size:1rem;color:var(--muted)}.figure b{display:block;font-size:1.9rem;color:var(--accent);
white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
h2{font-size:1.1rem;margin:.4rem 0 0;color:var(--muted)}
.chart{flex:1 1 6rem;min-height:4rem;max-height:15rem}.chart svg{width:100%;height:100%}
svg text{fill:var(--ink);font-size:24px}svg rect{fill:var(--accent)}
.qr{display:flex;gap:.8rem;align-items:center;margin:.3rem 0 0}.qr svg{width:7.5rem;height:7.5rem;flex:0 0 auto;
border-radius:.2rem}.qr figcaption{font-size:.95rem;color:var(--muted);min-width:0;overflow-wrap:anywhere}
#status{margin:.2rem 0 0}
.round{font-size:1.15rem;font-weight:600;color:var(--accent);margin:.15rem 0 0;white-space:nowrap;overflow:hidden;
text-overflow:ellipsis}
@media (max-aspect-ratio:1/1){main{grid-template-columns:minmax(0,1fr);grid-template-rows:minmax(0,1fr) auto}
.stats{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:.5rem}.stats h2,.stats .chart{display:none}}
"""

PLAIN_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem;color:#24292f;font-size:18px}
input,button{font-size:1.2rem;padding:.3rem .6rem}
"""

BOARD_SCRIPT = r"""
(function(){
const cfg = JSON.parse(document.getElementById('cfg').textContent);
const $ = (id) => document.getElementById(id);
let seen = new Set(), first = true, rows = [], page = 0, source = null, failures = 0, timer = null, round = null;
function params(){
  const q = new URLSearchParams({kpi: $('kpi').value, lang: cfg.lang});
  if ($('anonymous').checked) q.set('anonymous', '1');
  return q;
}
function cell(row, text, cls){ const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; row.appendChild(td); return td; }
function render(data){
  const body = $('rows'); body.replaceChildren(); rows = [];
  for (const e of data.entries){
    const tr = document.createElement('tr'); tr.dataset.entry = e.id;
    if (!first && !seen.has(e.id)) tr.className = 'new';
    seen.add(e.id);
    cell(tr, String(e.rank), 'n');
    const who = cell(tr, e.player === null ? cfg.participant + ' ' + e.rank : e.player);
    if (e.strategy){ const s = document.createElement('span'); s.className = 'bot'; s.textContent = ' [' + cfg.bot + ': ' + e.strategy + ']'; who.appendChild(s); }
    if (e.team){ const s = document.createElement('span'); s.className = 'bot'; s.textContent = ' (' + e.team.join(', ') + ')'; who.appendChild(s); }
    who.title = who.textContent;
    cell(tr, e.shown, 'n');
    for (const c of (e.cells || [])) cell(tr, c, 'n kpi');
    const link = document.createElement('a'); link.href = e.review; link.textContent = cfg.review;
    cell(tr, '', 'review').appendChild(link);
    body.appendChild(tr); rows.push(tr);
  }
  first = false;
  $('empty').hidden = data.entries.length > 0;
  const s = data.stats;
  $('count').textContent = String(s.count);
  $('mean').textContent = s.mean_shown; $('stdev').textContent = s.stdev_shown; $('range').textContent = s.range_shown;
  $('left_out').hidden = !s.left_out; $('left_out').textContent = cfg.left_out.replace('{n}', String(s.left_out || 0));
  $('value_head').textContent = data.kpi_label;
  $('closed').hidden = data.session.open;
  round = data.round || null; showRound();
  chart(s.histogram);
  fit();
}
function fill(text, values){ return text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m)); }
function showRound(){
  // A rounds session: the month, its phase and how many plans are in; the timer counted down here, once a second.
  const el = $('round'); el.hidden = !round;
  if (!round) return;
  const R = cfg.round, values = {month: round.month, turns: round.turns || '?', sent: round.sent, people: round.participants};
  let text = round.phase === 'lobby' ? R.lobby : fill(R[round.phase] || R.open, values);
  if (round.phase === 'open' && round.closes_at){
    const left = Math.max(0, Math.ceil((Date.parse(round.closes_at) - Date.now()) / 1000));
    text += fill(R.closes, {time: Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0')});
  }
  el.textContent = (round.practice ? R.practice : '') + text;
  el.dataset.phase = round.phase;
}
function fit(){
  // Extra KPI columns go before the names get too narrow; then as many rows as the screen holds, a page at a time.
  const table = $('board'); table.classList.remove('compact');
  widen(table);
  const name = $('name_head');
  if (name && name.getBoundingClientRect().width < 9 * parseFloat(getComputedStyle(table).fontSize)) table.classList.add('compact');
  rows.forEach(tr => tr.classList.remove('off'));
  const wrap = $('wrap'), rowH = rows.length ? rows[0].getBoundingClientRect().height : 1;
  let room = -1, pages = 1;
  for (let tries = 0; tries < 3 && wrap.clientHeight !== room; tries++){  // the pager may take a line of its own
    room = wrap.clientHeight;
    const per = Math.max(1, Math.floor((room - table.tHead.getBoundingClientRect().height - 2) / rowH));
    pages = Math.max(1, Math.ceil(rows.length / per));
    if (page >= pages) page = 0;
    rows.forEach((tr, k) => tr.classList.toggle('off', Math.floor(k / per) !== page));
    $('pager').hidden = pages < 2;
    $('pager').textContent = cfg.page.replace('{page}', String(page + 1)).replace('{pages}', String(pages));
  }
  document.body.dataset.pages = String(pages);
}
function widen(table){
  // A KPI's heading wraps between words; a column is made as wide as the heading's longest word (Russian has long
  // ones: «Лояльность»), so no heading is cut.
  const heads = [...table.tHead.querySelectorAll('th.kpi')], cols = [...table.querySelectorAll('col.kpi')];
  heads.forEach((th, k) => { if (cols[k]) cols[k].style.width = ''; });
  heads.forEach((th, k) => {
    const over = th.scrollWidth - th.clientWidth;
    if (cols[k] && over > 0) cols[k].style.width = Math.ceil(th.getBoundingClientRect().width + over + 2) + 'px';
  });
}
function turn(){ page += 1; fit(); }
function chart(bins){
  const svg = $('chart'); svg.replaceChildren();
  const W = 560, H = 260, n = bins.length, max = Math.max(1, ...bins.map(b => b.count));
  const ns = 'http://www.w3.org/2000/svg';
  bins.forEach((b, i) => {
    const w = (W - 20) / Math.max(n, 1), h = (H - 60) * b.count / max;
    const r = document.createElementNS(ns, 'rect');
    r.setAttribute('x', 10 + i * w + 2); r.setAttribute('y', H - 40 - h); r.setAttribute('width', Math.max(w - 4, 1));
    r.setAttribute('height', h); svg.appendChild(r);
    const c = document.createElementNS(ns, 'text'); c.setAttribute('x', 10 + i * w + w / 2); c.setAttribute('y', H - 45 - h);
    c.setAttribute('text-anchor', 'middle'); c.textContent = b.count ? String(b.count) : ''; svg.appendChild(c);
    if (n <= 4 || (n - 1 - i) % 2 === 0){  // every other label, the last one always: neighbours never touch
      const l = document.createElementNS(ns, 'text'); l.setAttribute('x', 10 + i * w + w / 2); l.setAttribute('y', H - 15);
      l.setAttribute('text-anchor', 'middle'); l.textContent = b.label; svg.appendChild(l);
    }
  });
}
function live(transport){ document.body.dataset.transport = transport; $('status').textContent = transport === 'events' ? cfg.live_push : cfg.live; }
function listen(){
  // Pushed by the server (server-sent events); after a few failures in a row, polling once a second instead.
  if (source) source.close();
  source = new EventSource(cfg.events + '?' + params().toString());
  source.onmessage = (ev) => { failures = 0; render(JSON.parse(ev.data)); live('events'); };
  source.onerror = () => {
    failures += 1; $('status').textContent = cfg.offline;
    if (failures >= 3){ source.close(); source = null; poll(); }
  };
}
async function poll(){
  try {
    const r = await fetch(cfg.api + '?' + params().toString(), {cache: 'no-store'});
    if (!r.ok) throw new Error(r.status);
    render(await r.json()); live('polling');
  } catch (err) { $('status').textContent = cfg.offline; }
  timer = setTimeout(poll, cfg.interval);
}
function start(){
  if (timer) { clearTimeout(timer); timer = null; }
  if (window.EventSource && !cfg.poll) listen(); else poll();
}
function changed(){ const q = params(); if (cfg.theme_set) q.set('theme', document.body.dataset.theme); history.replaceState(null, '', '?' + q.toString()); start(); }
function theme(name){
  document.body.dataset.theme = name;
  $('theme').textContent = name === 'dark' ? cfg.theme_light : cfg.theme_dark;
}
$('theme').addEventListener('click', () => {
  const next = document.body.dataset.theme === 'dark' ? 'light' : 'dark';
  try { localStorage.setItem('salesdesk-board-theme', next); } catch (err) {}
  theme(next); cfg.theme_set = true; changed();
});
let stored = null; try { stored = localStorage.getItem('salesdesk-board-theme'); } catch (err) {}
theme(cfg.theme || stored || 'dark'); cfg.theme_set = !!cfg.theme;
$('kpi').addEventListener('change', changed); $('anonymous').addEventListener('change', changed);
window.addEventListener('resize', fit);
setInterval(turn, cfg.page_ms);
setInterval(showRound, 1000);
start();
})();
"""


def index_page(lang: str) -> str:
    """The join page: type a code, open the group's board."""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(t("index_title", lang))}'
            f'</title><style>{PLAIN_STYLE}</style></head><body><h1>{escape(t("index_title", lang))}</h1>'
            f'<p>{escape(t("index_lead", lang))}</p><form method="get" action="/board">'
            f'<label>{escape(t("code", lang))}: <input name="code" autocomplete="off" required maxlength="32"></label> '
            f'<input type="hidden" name="lang" value="{lang}"><button type="submit">{escape(t("open_board", lang))}'
            f'</button></form><p>{language_links(lang, "/")} · '
            f'<a href="/trainer?lang={lang}">{escape(t("trainer", lang))}</a> · <a href="/docs/api">API</a></p></body></html>')


def board_page(session: WorkshopSession, title: str, lang: str, kpi: str, anonymous: bool, interval_ms: int = 1000,
               columns: list[str] | None = None, kind: str = "desk", join_url: str = "", theme: str | None = None,
               poll: bool = False, page_seconds: float = 8.0) -> str:
    """The live board for the projector: ranking, average, spread, distribution, and how to join (the one-line
    address and its QR code). Updates are pushed by server-sent events; polling the JSON API once a second is the
    fallback (and the only way with ``poll``). More players than the screen holds are shown a page at a time,
    turning every ``page_seconds``. ``theme`` (``light``/``dark``) overrides the one the browser remembers.

    ``columns`` are the KPIs the session's scenario scores, shown for each entry after the ranked value (left out
    when the screen is too narrow for them); ``kind`` is the scenario's game kind (``store.kinds``): its KPIs, such
    as a head game's morale, are the ranking choices."""
    def tt(key: str) -> str:
        return escape(t(key, lang))

    cfg = {"api": f"/api/sessions/{session.code}/board", "events": f"/api/sessions/{session.code}/events",
           "lang": lang, "interval": interval_ms, "poll": poll, "page_ms": int(page_seconds * 1000),
           "theme": theme if theme in ("light", "dark") else None,
           "participant": t("participant", lang), "bot": t("bot", lang), "review": t("review", lang),
           "live": t("updated", lang), "live_push": t("updated_push", lang), "offline": t("offline", lang),
           "page": t("page", lang), "left_out": t("left_out", lang), "theme_light": t("theme_light", lang),
           "theme_dark": t("theme_dark", lang),
           "round": {k: t(f"round_{k}", lang) for k in ("lobby", "open", "closed", "revealed", "closes", "practice")}}
    stored = kind_named(kind).kpi_columns
    choices = [k for k in BOARD_KPIS if k in ("score", "skill") or k in stored]
    options = "".join(f'<option value="{k}"{" selected" if k == kpi else ""}>{escape(kpi_label(k, lang))}</option>'
                      for k in choices)
    extra = "".join(f'<th class="n kpi" title="{escape(kpi_label(k, lang))}">{escape(kpi_label(k, lang))}</th>'
                    for k in columns or [])
    cols = "".join('<col class="kpi">' for _ in columns or [])
    cfg_json = json.dumps(cfg, ensure_ascii=False).replace("<", "\\u003c")
    join = (f'<figure class="qr" data-box="qr">{qr_svg(join_url, t("join_title", lang))}<figcaption>'
            f'{tt("join_scan")}<br><a href="{escape(join_url)}">{escape(join_url)}</a></figcaption></figure>'
            if join_url else "")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{tt("title")}</title>'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{BOARD_STYLE}</style></head>'
        f'<body data-theme="{cfg["theme"] or "dark"}">'
        f'<header data-box="header"><div class="titles" data-box="titles"><h1 title="{escape(title)}">{escape(title)}</h1>'
        f'<div class="sub">{tt("group")}: {escape(session.group or "—")} · {tt("seed")} {session.seed}'
        f'<span class="closed" id="closed"{"" if not session.open else " hidden"}> · {tt("closed")}</span></div>'
        f'<div class="round" id="round" hidden></div></div>'
        f'<div class="join" data-box="join"><div><span class="label">{tt("join_with")}:</span> <span class="code">'
        f'{escape(session.code)}</span></div>'
        + (f'<div class="url"><a href="{escape(join_url)}">{escape(join_url)}</a></div>' if join_url else "")
        + f'</div></header>'
        f'<main><section class="ranking" data-box="ranking"><div class="controls" data-box="controls">'
        f'<label>{tt("board_by")}: <select id="kpi">{options}</select></label>'
        f'<label><input type="checkbox" id="anonymous"{" checked" if anonymous else ""}> {tt("anonymous")}</label>'
        f'<button type="button" id="theme">{tt("theme_light")}</button>'
        f'<span id="language">{language_links(lang, "", f"&amp;kpi={escape(kpi)}" + ("&amp;anonymous=1" if anonymous else ""))}</span>'
        f'<span class="pager" id="pager" hidden></span></div>'
        f'<div class="wrap" id="wrap"><table id="board"><colgroup><col class="rank"><col class="name"><col class="value">'
        f'{cols}<col class="review"></colgroup><thead><tr><th class="n">{tt("rank")}</th><th id="name_head">'
        f'{tt("player")}</th><th class="n" id="value_head">{escape(kpi_label(kpi, lang))}</th>{extra}<th></th></tr>'
        f'</thead><tbody id="rows"></tbody></table>'
        f'<p id="empty" class="muted">{tt("no_entries")}</p></div></section>'
        f'<aside class="stats" data-box="stats"><div class="figure">{tt("entries")}: <b id="count">0</b></div>'
        f'<div class="figure">{tt("average")}: <b id="mean">—</b></div>'
        f'<div class="figure">{tt("spread")}: <b id="stdev">—</b></div>'
        f'<div class="figure">{tt("range")}: <b id="range">—</b></div>'
        f'<p class="muted" id="left_out" hidden></p><h2>{tt("distribution")}</h2>'
        f'<div class="chart"><svg id="chart" viewBox="0 0 560 260" preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-label="{tt("distribution")}"></svg></div>{join}'
        f'<p class="muted" id="status"></p></aside></main>'
        f'<script type="application/json" id="cfg">{cfg_json}</script><script>{BOARD_SCRIPT}</script></body></html>'
    )


JOIN_SCRIPT = r"""
(function(){
const button = document.getElementById('copy'), line = document.getElementById('line');
button.addEventListener('click', async () => {
  try { await navigator.clipboard.writeText(line.textContent); button.textContent = button.dataset.done; }
  catch (err) { const range = document.createRange(); range.selectNodeContents(line);
                const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range); }
});
})();
"""


def join_command(join_url: str) -> str:
    """The one line a participant types: the game opens the session's scenario and seed and asks for a name."""
    return f"python main.py join {join_url}"


def join_page(session: WorkshopSession, title: str, lang: str, join_url: str, server: str) -> str:
    """How to join a session: the one line to type (with a copy button), its QR code, and the same by hand."""
    def tt(key: str) -> str:
        return escape(t(key, lang))

    manual = t("join_manual", lang, server=server, code=session.code, scenario=title, seed=session.seed)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{tt("join_title")}</title>'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{PLAIN_STYLE}'
            f'code{{font-size:1.2rem;background:#eef2f7;padding:.4rem .6rem;display:inline-block;overflow-wrap:anywhere}}'
            f'.qr svg{{width:12rem;height:12rem}}</style></head><body>'
            f'<h1>{tt("join_title")}</h1><p><b>{escape(title)}</b> · {tt("group")}: {escape(session.group or "—")} · '
            f'{tt("seed")} {session.seed} · {tt("code")}: <b>{escape(session.code)}</b></p>'
            f'<p>{tt("join_lead")}</p><p><code id="line">{escape(join_command(join_url))}</code> '
            f'<button type="button" id="copy" data-done="{tt("copied")}">{tt("copy")}</button></p>'
            f'<p>{escape(manual)}</p><div class="qr">{qr_svg(join_url, t("join_title", lang))}</div>'
            f'<p>{language_links(lang, f"/join/{escape(session.code)}")} · '
            f'<a href="/board/{escape(session.code)}?lang={lang}">{tt("title")}</a></p>'
            f'<script>{JOIN_SCRIPT}</script></body></html>')


def message_page(text: str, lang: str, status_title: str = "Sales Desk") -> str:
    """A one-line page (an unknown code, a hidden entry)."""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(status_title)}</title>'
            f'<style>{PLAIN_STYLE}</style></head><body><p>{escape(text)}</p><p><a href="/?lang={lang}">'
            f'{escape(t("index_title", lang))}</a></p></body></html>')

