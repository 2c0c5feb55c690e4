"""The HTML pages: the join page, the live board for the projector, and a game's review.

Every text a participant controls reaches the page either through ``html.escape`` (server-rendered
parts) or through ``textContent`` (what the board's script fills in from the JSON API); no script
ever puts data into ``innerHTML``. The board polls its JSON once a second, so a new result shows
within about a second of its upload, without a reload.
"""
from __future__ import annotations

import json
from html import escape

from ..store.entries import BOARD_KPIS
from ..store.schema import HEAD_KPI_COLUMNS
from ..store.texts import kpi_label
from ..store.workshop import WorkshopSession
from .texts import language_links, t

BOARD_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;background:#0f1b2d;color:#f3f6fa}
header{padding:1.2rem 2rem;background:#16263d;display:flex;flex-wrap:wrap;gap:1.5rem;align-items:baseline}
h1{font-size:2.4rem;margin:0}.sub{font-size:1.3rem;color:#b7c4d6}.code{font-size:2rem;font-weight:700;color:#ffd166;
letter-spacing:.15em}main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:2rem;padding:1.5rem 2rem}
table{width:100%;border-collapse:collapse;font-size:1.9rem}td,th{padding:.35rem .6rem;border-bottom:1px solid #2d4262;
text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}tr.new{animation:flash 2s}
@keyframes flash{from{background:#3a5f1f}to{background:transparent}}.stats div{font-size:1.5rem;margin:.4rem 0}
.stats b{font-size:2.2rem;color:#8ecae6}.controls{font-size:1.2rem;display:flex;gap:1.5rem;align-items:center}
select,input{font-size:1.2rem}.muted{color:#8da2bd;font-size:1.1rem}a{color:#8ecae6}.closed{color:#ef8f6f}
svg text{fill:#f3f6fa;font-size:14px}.bot{color:#8da2bd;font-size:1.1rem}
"""

PLAIN_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem;color:#24292f;font-size:18px}
input,button{font-size:1.2rem;padding:.3rem .6rem}
"""

BOARD_SCRIPT = r"""
(function(){
const cfg = JSON.parse(document.getElementById('cfg').textContent);
const $ = (id) => document.getElementById(id);
let seen = new Set(), first = true;
function params(){
  const q = new URLSearchParams({kpi: $('kpi').value, lang: cfg.lang});
  if ($('anonymous').checked) q.set('anonymous', '1');
  return q;
}
function cell(row, text, cls){ const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; row.appendChild(td); return td; }
function render(data){
  const body = $('rows'); body.replaceChildren();
  for (const e of data.entries){
    const tr = document.createElement('tr'); tr.dataset.entry = e.id;
    if (!first && !seen.has(e.id)) tr.className = 'new';
    seen.add(e.id);
    cell(tr, String(e.rank), 'n');
    const who = cell(tr, e.player === null ? cfg.participant + ' ' + e.rank : e.player);
    if (e.strategy){ const s = document.createElement('span'); s.className = 'bot'; s.textContent = ' [' + cfg.bot + ': ' + e.strategy + ']'; who.appendChild(s); }
    cell(tr, e.shown, 'n');
    for (const c of (e.cells || [])) cell(tr, c, 'n kpi');
    const link = document.createElement('a'); link.href = e.review; link.textContent = cfg.review;
    cell(tr, '').appendChild(link);
    body.appendChild(tr);
  }
  first = false;
  $('empty').hidden = data.entries.length > 0;
  const s = data.stats;
  $('count').textContent = String(s.count);
  $('mean').textContent = s.mean_shown; $('stdev').textContent = s.stdev_shown; $('range').textContent = s.range_shown;
  $('value_head').textContent = data.kpi_label;
  $('closed').hidden = data.session.open;
  chart(s.histogram);
  $('status').textContent = cfg.live;
}
function chart(bins){
  const svg = $('chart'); svg.replaceChildren();
  const W = 560, H = 260, n = bins.length, max = Math.max(1, ...bins.map(b => b.count));
  const ns = 'http://www.w3.org/2000/svg';
  bins.forEach((b, i) => {
    const w = (W - 20) / Math.max(n, 1), h = (H - 60) * b.count / max;
    const r = document.createElementNS(ns, 'rect');
    r.setAttribute('x', 10 + i * w + 2); r.setAttribute('y', H - 40 - h); r.setAttribute('width', Math.max(w - 4, 1));
    r.setAttribute('height', h); r.setAttribute('fill', '#8ecae6'); svg.appendChild(r);
    const c = document.createElementNS(ns, 'text'); c.setAttribute('x', 10 + i * w + w / 2); c.setAttribute('y', H - 45 - h);
    c.setAttribute('text-anchor', 'middle'); c.textContent = b.count ? String(b.count) : ''; svg.appendChild(c);
    const l = document.createElementNS(ns, 'text'); l.setAttribute('x', 10 + i * w + w / 2); l.setAttribute('y', H - 20);
    l.setAttribute('text-anchor', 'middle'); l.textContent = b.label; svg.appendChild(l);
  });
}
async function poll(){
  try {
    const r = await fetch(cfg.api + '?' + params().toString(), {cache: 'no-store'});
    if (!r.ok) throw new Error(r.status);
    render(await r.json());
  } catch (err) { $('status').textContent = cfg.offline; }
  setTimeout(poll, cfg.interval);
}
function changed(){ const q = params(); history.replaceState(null, '', '?' + q.toString()); poll_now(); }
let pending = null;
function poll_now(){ fetch(cfg.api + '?' + params().toString(), {cache: 'no-store'}).then(r => r.json()).then(render).catch(() => {}); }
$('kpi').addEventListener('change', changed); $('anonymous').addEventListener('change', changed);
poll();
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
               columns: list[str] | None = None, head: bool = False) -> str:
    """The live board for the projector: ranking, average, spread, distribution; polls the JSON API.

    ``columns`` are the KPIs the session's scenario scores, shown for each entry after the ranked value; ``head``
    is True for a head-of-sales scenario (its own KPIs, such as morale, join the ranking choices)."""
    def tt(key: str) -> str:
        return escape(t(key, lang))

    cfg = {"api": f"/api/sessions/{session.code}/board", "lang": lang, "interval": interval_ms,
           "participant": t("participant", lang), "bot": t("bot", lang), "review": t("review", lang),
           "live": t("updated", lang), "offline": t("offline", lang)}
    choices = [k for k in BOARD_KPIS if head or k not in HEAD_KPI_COLUMNS]
    options = "".join(f'<option value="{k}"{" selected" if k == kpi else ""}>{escape(kpi_label(k, lang))}</option>'
                      for k in choices)
    extra = "".join(f'<th class="n">{escape(kpi_label(k, lang))}</th>' for k in columns or [])
    cfg_json = json.dumps(cfg, ensure_ascii=False).replace("<", "\\u003c")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{tt("title")}</title>'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{BOARD_STYLE}</style></head><body>'
        f'<header><h1>{escape(title)}</h1><span class="sub">{tt("group")}: {escape(session.group or "—")} · '
        f'{tt("seed")} {session.seed}</span><span class="sub">{tt("join_with")}: <span class="code">'
        f'{escape(session.code)}</span></span><span class="closed" id="closed"{"" if not session.open else " hidden"}>'
        f'{tt("closed")}</span></header>'
        f'<main><section><div class="controls"><label>{tt("board_by")}: <select id="kpi">{options}</select></label>'
        f'<label><input type="checkbox" id="anonymous"{" checked" if anonymous else ""}> {tt("anonymous")}</label>'
        f'{language_links(lang, "", f"&amp;kpi={escape(kpi)}" + ("&amp;anonymous=1" if anonymous else ""))}</div>'
        f'<table><thead><tr><th class="n">{tt("rank")}</th><th>{tt("player")}</th><th class="n" id="value_head">'
        f'{escape(kpi_label(kpi, lang))}</th>{extra}<th></th></tr></thead><tbody id="rows"></tbody></table>'
        f'<p id="empty" class="muted">{tt("no_entries")}</p></section>'
        f'<section class="stats"><div>{tt("entries")}: <b id="count">0</b></div>'
        f'<div>{tt("average")}: <b id="mean">—</b></div><div>{tt("spread")}: <b id="stdev">—</b></div>'
        f'<div>{tt("range")}: <b id="range">—</b></div><h2>{tt("distribution")}</h2>'
        f'<svg id="chart" width="560" height="260" role="img" aria-label="{tt("distribution")}"></svg>'
        f'<p class="muted" id="status"></p></section></main>'
        f'<script type="application/json" id="cfg">{cfg_json}</script><script>{BOARD_SCRIPT}</script></body></html>'
    )


def message_page(text: str, lang: str, status_title: str = "Sales Desk") -> str:
    """A one-line page (an unknown code, a hidden entry)."""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(status_title)}</title>'
            f'<style>{PLAIN_STYLE}</style></head><body><p>{escape(text)}</p><p><a href="/?lang={lang}">'
            f'{escape(t("index_title", lang))}</a></p></body></html>')

