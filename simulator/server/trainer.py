"""The trainer's page (``/trainer``): open and close sessions, hide and delete entries, download the exports.

The page itself holds no secret: the trainer types the token printed at start-up once; the page sends it to
``POST /api/trainer/login``, which answers with an HttpOnly, SameSite=Strict cookie (no script can read it, no
other site's page can send it). Every later call and the export links ride on that cookie; the token is never
kept by the page nor put in a URL. Without it every action answers 401. Everything shown is put in with
``textContent``.
"""
from __future__ import annotations

import json
from html import escape

from ..locale.catalogue import section
from .pages import PLAIN_STYLE
from .texts import language_links, t

SCRIPT = r"""
(function(){
const cfg = JSON.parse(document.getElementById('cfg').textContent);
const T = cfg.texts, $ = (id) => document.getElementById(id);
function say(text){ $('message').textContent = text; }
async function api(method, url, body){
  const options = {method, headers: {}, credentials: 'same-origin'};
  if (body !== undefined){ options.headers['Content-Type'] = 'application/json'; options.body = JSON.stringify(body); }
  const r = await fetch(url, options);
  const data = await r.json().catch(() => ({}));
  if (r.status === 401){ say(T.denied); throw new Error('401'); }
  if (!r.ok){ say(data.error || ('HTTP ' + r.status)); throw new Error(String(r.status)); }
  return data;
}
function cell(row, text){ const td = document.createElement('td'); td.textContent = text; row.appendChild(td); return td; }
function button(parent, text, id, action){ const b = document.createElement('button'); b.type = 'button'; b.textContent = text; if (id) b.id = id; b.addEventListener('click', action); parent.appendChild(b); return b; }
function link(parent, text, href){ const a = document.createElement('a'); a.textContent = text; a.href = href; parent.appendChild(a); parent.appendChild(document.createTextNode(' ')); return a; }
async function sessions(){
  const data = await api('GET', '/api/sessions');
  const body = $('sessions'); body.replaceChildren();
  for (const s of data.sessions){
    const tr = document.createElement('tr'); tr.dataset.code = s.code;
    cell(tr, s.code); cell(tr, s.scenario); cell(tr, String(s.seed)); cell(tr, s.group);
    cell(tr, s.open ? T.is_open : T.is_closed);
    const actions = cell(tr, '');
    link(actions, T.board, '/board/' + s.code + '?lang=' + cfg.lang);
    link(actions, T.join, '/join/' + s.code + '?lang=' + cfg.lang);
    if (s.mode === 'rounds') link(actions, T.console, '/trainer/' + s.code + '?lang=' + cfg.lang);
    link(actions, 'CSV', '/api/sessions/' + s.code + '/export.csv');
    link(actions, 'HTML', '/api/sessions/' + s.code + '/export.html?lang=' + cfg.lang);
    link(actions, T.deck, '/api/sessions/' + s.code + '/deck.html?lang=' + cfg.lang).id = 'deck-' + s.code;
    button(actions, T.entries, 'entries-' + s.code, () => entries(s.code));
    button(actions, T.learning, 'learning-' + s.code, () => learning(s.code));
    link(actions, T.export_learning, '/api/sessions/' + s.code + '/learning.csv');
    if (s.open) button(actions, T.close, 'close-' + s.code, async () => { await api('POST', '/api/sessions/' + s.code + '/close'); sessions(); });
    body.appendChild(tr);
  }
}
async function entries(code){
  const r = await fetch('/api/sessions/' + code + '/board?lang=' + cfg.lang);
  const data = await r.json();
  $('entries_title').textContent = T.entries + ': ' + code;
  const head = $('entries_head'); head.replaceChildren();
  for (const label of ['#', T.player, T.score, ...(data.columns || []).map(c => c.label), '']){
    const th = document.createElement('th'); th.textContent = label; head.appendChild(th);
  }
  const body = $('entries'); body.replaceChildren();
  for (const e of data.entries){
    const tr = document.createElement('tr'); tr.dataset.entry = e.id;
    cell(tr, String(e.rank)); cell(tr, e.player); cell(tr, e.shown);
    for (const c of (e.cells || [])) cell(tr, c);
    const actions = cell(tr, '');
    button(actions, T.hide, 'hide-' + e.id, async () => { await api('POST', '/api/entries/' + e.id + '/hide', {hidden: true}); entries(code); });
    button(actions, T.delete, 'delete-' + e.id, async () => { if (confirm(T.confirm_delete)) { await api('DELETE', '/api/entries/' + e.id); entries(code); } });
    body.appendChild(tr);
  }
}
function evidence(parent, item){
  const ul = document.createElement('ul');
  for (const b of item.behaviour){ const li = document.createElement('li'); li.textContent = (T['behaviour_' + b.code] || b.code) + ': ' + b.share + ' (' + b.cases + ')'; ul.appendChild(li); }
  parent.appendChild(ul);
}
async function learning(code){
  const data = await api('GET', '/api/sessions/' + code + '/learning?lang=' + cfg.lang);
  $('learning_title').textContent = T.learning_title + ': ' + code;
  const body = $('lessons'); body.replaceChildren();
  for (const g of data.lessons){
    const tr = document.createElement('tr'); tr.dataset.lesson = g.lesson;
    cell(tr, T['lesson_' + g.lesson] || String(g.lesson)); cell(tr, g.level); cell(tr, String(g.people));
    cell(tr, g.predictions); cell(tr, g.checks); evidence(cell(tr, ''), g); cell(tr, g.lowest.join(', '));
    body.appendChild(tr);
  }
  $('no_learning').hidden = data.lessons.length > 0;
  const people = $('people'); people.replaceChildren();
  for (const p of data.participants){
    for (const x of p.lessons){
      const tr = document.createElement('tr');
      cell(tr, p.player); cell(tr, T['lesson_' + x.lesson] || String(x.lesson)); cell(tr, x.level);
      cell(tr, x.predictions); cell(tr, x.checks); evidence(cell(tr, ''), x);
      people.appendChild(tr);
    }
  }
  const notes = $('reflections'); notes.replaceChildren();
  for (const r of data.reflections){ const li = document.createElement('li'); li.textContent = r.player + ' (' + r.scenario + '): ' + r.text; notes.appendChild(li); }
}
$('use').addEventListener('click', async () => {
  const token = $('token').value.trim(); $('token').value = '';
  try { await api('POST', '/api/trainer/login', {token}); say(''); sessions().catch(() => {}); } catch (err) {}
});
$('create').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const seed = parseInt($('seed').value, 10);
  try {
    const s = await api('POST', '/api/sessions', {scenario: $('scenario').value, seed: isNaN(seed) ? 1 : seed, group: $('group').value, rounds: $('rounds').checked});
    say(T.code + ': ' + s.code); sessions();
  } catch (err) {}
});
fetch('/api/sessions', {credentials: 'same-origin'}).then(r => { if (r.ok) sessions().catch(() => {}); }).catch(() => {});
})();
"""


def trainer_page(lang: str, scenarios: list[tuple[str, str]]) -> str:
    """The trainer's page; ``scenarios`` are (id, title) pairs for the session form."""
    texts = section(lang, "trainer.")

    def tt(key: str) -> str:
        return escape(texts[key])

    options = "".join(f'<option value="{escape(sid)}">{escape(title)} ({escape(sid)})</option>'
                      for sid, title in scenarios)
    cfg = json.dumps({"lang": lang, "texts": texts}, ensure_ascii=False).replace("<", "\\u003c")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{tt("trainer_title")}</title>'
        f'<style>{PLAIN_STYLE}table{{border-collapse:collapse}}td,th{{border:1px solid #d0d7de;padding:.3rem .6rem}}'
        f'#message{{color:#9a3412}}</style></head><body><h1>{tt("trainer_title")}</h1>'
        f'<p>{language_links(lang, "/trainer")} · <a href="/?lang={lang}">'
        f'{escape(t("index_title", lang))}</a></p>'
        f'<p><label>{tt("token")}: <input id="token" type="password" autocomplete="off" size="32"></label> '
        f'<button type="button" id="use">{tt("use")}</button> <small>{tt("token_hint")}</small></p>'
        f'<p id="message" role="status"></p>'
        f'<h2>{tt("new_session")}</h2><form id="create"><label>{tt("scenario")}: <select id="scenario">{options}'
        f'</select></label> <label>{tt("seed")}: <input id="seed" type="number" min="0" value="1" size="8"></label> '
        f'<label>{tt("group")}: <input id="group" maxlength="64"></label> '
        f'<label><input id="rounds" type="checkbox"> {tt("run_rounds")}</label> <button type="submit" id="open">'
        f'{tt("open")}</button></form>'
        f'<h2>{tt("sessions")}</h2><table><thead><tr><th>{tt("code")}</th><th>{tt("scenario")}</th>'
        f'<th>{tt("seed")}</th><th>{tt("group")}</th><th>{tt("state")}</th><th></th></tr></thead>'
        f'<tbody id="sessions"></tbody></table>'
        f'<h2 id="entries_title">{tt("entries")}</h2><p class="note">{tt("choose")}</p><table><thead><tr id="entries_head"><th>#</th>'
        f'<th>{tt("player")}</th><th>{tt("score")}</th><th></th></tr></thead><tbody id="entries"></tbody></table>'
        f'<h2 id="learning_title">{tt("learning_title")}</h2><p class="note">{tt("learning_note")}</p>'
        f'<p id="no_learning" class="note" hidden>{tt("no_learning")}</p>'
        f'<table><thead><tr><th>{tt("lesson")}</th><th>{tt("level")}</th><th>{tt("lesson_people")}</th>'
        f'<th>{tt("predictions")}</th><th>{tt("checks")}</th><th>{tt("behaviour")}</th><th>{tt("lowest")}</th>'
        f'</tr></thead><tbody id="lessons"></tbody></table>'
        f'<h3>{tt("participants")}</h3><table><thead><tr><th>{tt("player")}</th><th>{tt("lesson")}</th>'
        f'<th>{tt("level")}</th><th>{tt("predictions")}</th><th>{tt("checks")}</th><th>{tt("behaviour")}</th>'
        f'</tr></thead><tbody id="people"></tbody></table>'
        f'<h3>{tt("reflections")}</h3><ul id="reflections"></ul>'
        f'<script type="application/json" id="cfg">{cfg}</script><script>{SCRIPT}</script></body></html>'
    )

