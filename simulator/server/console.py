"""The trainer's console for one rounds session (``/trainer/{code}``): open, close and reveal the months, run and reset
a practice round, inject an event for next month, and see who has sent a plan.

Like the trainer's page it holds no secret: it rides on the login cookie (``POST /api/trainer/login``, the token typed
once, here or on ``/trainer``); without it the round's buttons answer 401 and the page says so. It asks the round's
state once a second. Every text a participant controls (names) is put in with ``textContent``.
"""
from __future__ import annotations

import json
from html import escape

from ..locale.catalogue import section
from ..store.workshop import WorkshopSession
from .pages import PLAIN_STYLE
from .texts import language_links, t

SCRIPT = r"""
(function(){
const cfg = JSON.parse(document.getElementById('cfg').textContent);
const T = cfg.texts, $ = (id) => document.getElementById(id), base = '/api/sessions/' + cfg.code;
let state = null, menu = null;
function fill(text, values){ return text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m)); }
function say(text){ $('message').textContent = text; }
async function api(method, url, body){
  const options = {method, headers: {}, credentials: 'same-origin'};
  if (body !== undefined){ options.headers['Content-Type'] = 'application/json'; options.body = JSON.stringify(body); }
  const r = await fetch(url, options);
  const data = await r.json().catch(() => ({}));
  if (r.status === 401){ say(T.denied); $('login').hidden = false; throw new Error('401'); }
  if (!r.ok){ say(data.error || ('HTTP ' + r.status)); throw new Error(String(r.status)); }
  return data;
}
function phaseText(s){
  if (s.phase === 'lobby') return T.phase_lobby;
  return fill(T['phase_' + s.phase], {month: s.month});
}
function show(s){
  state = s;
  $('phase').textContent = phaseText(s);
  $('practice').hidden = !s.practice;
  $('count').textContent = fill(T.sent_count, {sent: s.sent, people: s.participants});
  $('timer').textContent = s.seconds_left === null || s.seconds_left === undefined ? '' : fill(T.seconds_left, {seconds: s.seconds_left});
  const last = s.turns !== null && s.month >= s.turns;
  const next = s.month + 1;
  $('open').textContent = last ? T.no_more_months : fill(T.open_month, {month: next});
  $('open').disabled = s.phase === 'open' || s.practice || last;
  $('practice_open').disabled = s.phase !== 'lobby';
  $('close').disabled = s.phase !== 'open';
  $('reveal').disabled = s.phase !== 'closed';
  $('reset').disabled = !s.practice;
  $('inject_month').textContent = next > (s.turns || 0) ? T.no_more_months : fill(T.inject_for, {month: next});
  $('inject').disabled = next > (s.turns || 0);
  const body = $('people'); body.replaceChildren();
  for (const p of (s.people || [])){
    const tr = document.createElement('tr');
    const name = document.createElement('td'); name.textContent = p.name; tr.appendChild(name);
    const sent = document.createElement('td');
    sent.textContent = p.sent ? (p.late ? T.plan_late : T.plan_in) : T.plan_waiting;
    sent.className = p.sent ? 'in' : 'waiting'; tr.appendChild(sent);
    body.appendChild(tr);
  }
  $('nobody').hidden = (s.people || []).length > 0;
  const list = $('injected'); list.replaceChildren();
  for (const item of s.injected){
    const li = document.createElement('li');
    const title = item.event.title[cfg.lang] || Object.values(item.event.title)[0] || item.event.id;
    li.textContent = fill(T.injected_item, {month: item.month, title: title});
    list.appendChild(li);
  }
  $('injected_none').hidden = s.injected.length > 0;
}
async function refresh(){
  try { show(await api('GET', base + '/round')); } catch (err) {}
}
function targets(){
  const lever = menu.levers.find(l => l.lever === $('lever').value);
  const select = $('target'); select.replaceChildren();
  for (const t of lever.targets){ const o = document.createElement('option'); o.value = t.id; o.textContent = t.label; select.appendChild(o); }
  const strength = $('strength');
  strength.disabled = !lever.strength;
  if (lever.strength){ strength.min = lever.strength.min; strength.max = lever.strength.max; strength.value = lever.strength.default; }
  else strength.value = '';
}
async function levers(){
  try { menu = await api('GET', base + '/levers?lang=' + cfg.lang); } catch (err) { return; }
  const select = $('lever'); select.replaceChildren();
  for (const l of menu.levers){ const o = document.createElement('option'); o.value = l.lever; o.textContent = l.label; select.appendChild(o); }
  targets();
}
async function act(path, body){
  try { show(await api('POST', base + '/rounds/' + path, body)); say(''); } catch (err) {}
}
$('lever').addEventListener('change', targets);
$('open').addEventListener('click', () => {
  const minutes = parseFloat($('minutes').value);
  act('open', {practice: false, seconds: isNaN(minutes) || minutes <= 0 ? null : Math.round(minutes * 60)});
});
$('practice_open').addEventListener('click', () => {
  const minutes = parseFloat($('minutes').value);
  act('open', {practice: true, seconds: isNaN(minutes) || minutes <= 0 ? null : Math.round(minutes * 60)});
});
$('close').addEventListener('click', () => act('close'));
$('reveal').addEventListener('click', () => act('reveal'));
$('reset').addEventListener('click', () => act('reset'));
$('inject').addEventListener('click', async () => {
  const strength = parseFloat($('strength').value);
  const body = {lever: $('lever').value, target: $('target').value, duration: parseInt($('duration').value, 10) || 2};
  if (!$('strength').disabled && !isNaN(strength)) body.strength = strength;
  try { await api('POST', base + '/rounds/inject', body); say(''); refresh(); } catch (err) {}
});
$('use').addEventListener('click', async () => {
  const token = $('token').value.trim(); $('token').value = '';
  try { await api('POST', '/api/trainer/login', {token}); say(''); $('login').hidden = true; levers(); refresh(); } catch (err) {}
});
levers(); refresh(); setInterval(refresh, 1000);
})();
"""


def console_page(session: WorkshopSession, scenario_title: str, lang: str) -> str:
    """The console for ``session`` in ``lang``."""
    texts = section(lang, "trainer.")

    def tt(key: str, **values: object) -> str:
        found = texts[key]
        for name, value in values.items():
            found = found.replace("{" + name + "}", str(value))
        return escape(found)

    cfg = json.dumps({"lang": lang, "code": session.code, "texts": texts}, ensure_ascii=False).replace("<", "\\u003c")
    code = escape(session.code)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" '
        f'content="width=device-width, initial-scale=1"><title>{tt("console_for", code=session.code)}</title>'
        f'<style>{PLAIN_STYLE}{STYLE}</style></head><body>'
        f'<h1>{tt("console_for", code=session.code)}</h1>'
        f'<p class="what">{escape(scenario_title)} · {escape(t("seed", lang))} {session.seed}'
        f'{" · " + escape(session.group) if session.group else ""}</p>'
        f'<p>{language_links(lang, "/trainer/" + code)} · <a href="/trainer?lang={lang}">{tt("trainer_title")}</a> · '
        f'<a href="/board/{code}?lang={lang}">{tt("board")}</a> · <a href="/join/{code}?lang={lang}">{tt("join")}</a></p>'
        f'<p id="login" hidden><label>{tt("token")}: <input id="token" type="password" autocomplete="off" size="32">'
        f'</label> <button type="button" id="use">{tt("use")}</button></p>'
        f'<p id="message" role="status"></p>'
        f'<section class="round"><h2 id="phase"></h2><p id="practice" class="practice" hidden>{tt("practice_round")}</p>'
        f'<p><span id="count" class="count"></span> <span id="timer" class="timer"></span></p>'
        f'<p class="buttons"><button type="button" id="practice_open">{tt("open_practice")}</button>'
        f'<button type="button" id="open" class="primary"></button>'
        f'<button type="button" id="close">{tt("close_month")}</button>'
        f'<button type="button" id="reveal">{tt("reveal")}</button>'
        f'<button type="button" id="reset">{tt("reset_practice")}</button></p>'
        f'<p><label>{tt("timer")}: <input id="minutes" type="number" min="0" step="0.5" size="5"></label></p></section>'
        f'<div class="columns"><section><h2>{tt("people")}</h2><table><tbody id="people"></tbody></table>'
        f'<p id="nobody" class="note">{tt("nobody")}</p></section>'
        f'<section><h2>{tt("inject")}</h2><p id="inject_month" class="note"></p>'
        f'<p><label>{tt("lever")}<br><select id="lever"></select></label></p>'
        f'<p><label>{tt("target")}<br><select id="target"></select></label></p>'
        f'<p><label>{tt("strength")} <input id="strength" type="number" step="0.01" size="6"></label> '
        f'<label>{tt("duration")} <input id="duration" type="number" min="1" max="6" value="2" size="3"></label></p>'
        f'<p><button type="button" id="inject" class="primary">{tt("inject")}</button></p>'
        f'<h3>{tt("injected")}</h3><ul id="injected"></ul><p id="injected_none" class="note">{tt("injected_none")}</p>'
        f'</section></div>'
        f'<script type="application/json" id="cfg">{cfg}</script><script>{SCRIPT}</script></body></html>'
    )


STYLE = """
h1{margin:.2rem 0}.what{color:#57606a;margin:.2rem 0 1rem}
.round{border:2px solid #d0d7de;border-radius:8px;padding:.6rem 1.2rem;margin:1rem 0;max-width:60rem}
.buttons button{margin:.3rem .6rem .3rem 0}button.primary{font-weight:600}
button:disabled{opacity:.45}.count{font-size:1.4rem;font-weight:600}.timer{margin-left:1rem;color:#9a3412}
.practice{color:#9a3412;font-weight:600}.columns{display:flex;flex-wrap:wrap;gap:2rem}.columns section{min-width:20rem;flex:1}
table{border-collapse:collapse}td{border:1px solid #d0d7de;padding:.3rem .6rem}td.in{color:#116329}td.waiting{color:#57606a}
select{font-size:1.1rem;max-width:100%}.note{color:#57606a}#message{color:#9a3412}
"""
