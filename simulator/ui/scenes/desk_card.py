"""The client card's text: what is known about one client, their history, what is planned this month."""
from __future__ import annotations

import numpy as np

from ...desk.knowledge import OFFER_WORDS, TOUCH_WORDS
from ...engine import SOLD_OFFER, Reason
from ..texts import decimal, departure_text, describe, money


def topic_name(game, topic: str | None, lang: str, t) -> str:
    """A touch topic (product or event id) in words."""
    if topic is None:
        return t("desk.no_topic")
    s = game.scenario
    for p in s.products:
        if p.id == topic:
            return p.name.get(lang)
    for e in s.events:
        if e.id == topic:
            return e.title.get(lang)
    return topic


def touch_name(game, kind: str, lang: str) -> str:
    """A touch type's name."""
    for k in game.scenario.touch_types:
        if k.id == kind:
            return k.name.get(lang)
    return kind


def product_name(game, product: str, lang: str) -> str:
    """A product's name."""
    for p in game.scenario.products:
        if p.id == product:
            return p.name.get(lang)
    return product


def client_history(game, client: int, lang: str, t, limit: int = 40) -> list[tuple[str, str]]:
    """Past months with this client, newest first: touches made, deals, offers."""
    out: list[tuple[str, str]] = []
    cat = game.view
    for k in range(len(game.reports) - 1, -1, -1):
        report, plan = game.reports[k], game.plans[k]
        month = report.month
        for batch in plan.touches:
            if client in batch.clients:
                about = f" — {topic_name(game, batch.topic, lang, t)}" if batch.topic else ""
                out.append((t("card.hist_touch", month=month, touch=touch_name(game, batch.kind, lang)) + about, "body"))
        for i in np.flatnonzero(report.deal_client == client):
            reason = int(report.deal_reason[i])
            text = describe(reason, lang, gap=float(report.deal_gap[i]), silence=int(report.silence[client]))
            name = product_name(game, cat.product_ids[int(report.deal_product[i])], lang)
            won = reason in (Reason.WON, Reason.WON_RENEWAL)
            out.append((t("card.hist_deal", month=month, product=name, reason=text), "good" if won else "bad"))
        for i in np.flatnonzero(report.offer_client == client):
            reason = int(report.offer_reason[i])
            p = int(report.offer_product[i])
            required = [cat.product_ids[j] for j in np.flatnonzero(cat.requires[p])]
            text = describe(reason, lang, gap=float(report.offer_gap[i]),
                            requires=", ".join(product_name(game, r, lang) for r in required) or "?")
            name = product_name(game, cat.product_ids[p], lang)
            out.append((t("card.hist_offer", month=month, product=name, reason=text),
                        "good" if reason in SOLD_OFFER else "warn"))
        left = np.flatnonzero(report.churned == client)
        if left.size:
            out.append((t("card.hist_churned", month=month, reason=departure_text(report.churn_reason[left[0]], lang)),
                        "bad"))
        if client in report.won_back:
            out.append((t("card.hist_won_back", month=month), "good"))
        if len(out) >= limit:
            break
    return out or [(t("card.no_history"), "muted")]


OFFER_STYLE = {"fits": "good", "renewing": "warn", "weak_need": "warn", "repeat": "bad", "refused": "bad", "no_known_need": "bad",
               "over_budget": "bad"}


def topic_state(known, client: int, column: int, t) -> str:
    """What a touch about a topic would be to the client: news, or why not ("reminder already given in month 5")."""
    return t(f"touch_status.{TOUCH_WORDS[int(known.topic[client, column])]}", month=int(known.topic_month[client, column]))


def offer_state(known, client: int, product: int, t) -> tuple[str, str]:
    """How an offer would land with the client, in words, and its colour: fits, refused at this price in month M,
    no known need, ..."""
    word = OFFER_WORDS[int(known.offer[client, product])]
    return t(f"offer_status.{word}", month=int(known.offer_month[client, product])), OFFER_STYLE.get(word, "muted")


def knowledge_lines(game, client: int, lang: str, t, known) -> list[tuple[str, str]]:
    """Before acting: per product, whether a touch about it is news or a repeat and how an offer stands;
    per running event, whether its news is still news to the client (the engine's touch and offer status)."""
    view = game.view
    lines = [(t("card.before"), "h")]
    P = len(view.product_ids)
    for p, pid in enumerate(view.product_ids):
        offer, style = offer_state(known, client, p, t)
        lines.append((t("card.product_line", product=product_name(game, pid, lang),
                        topic=topic_state(known, client, p, t), offer=offer), style))
    for e, eid in enumerate(view.event_ids):
        if view.running_events[e]:
            lines.append((t("card.event_line", event=topic_name(game, eid, lang, t),
                            topic=topic_state(known, client, P + e, t)), "warn" if known.news[client, P + e] else "muted"))
    return lines


def talk_found_lines(game, talk, lang: str, t) -> list[tuple[str, str]]:
    """Under the month's plan: the jobs this month's talk found and the "yes" answers it heard (the engine's
    findings), or that it found nothing."""
    jobs = {j.id: j.name.get(lang) for j in game.scenario.jobs}
    found = [jobs.get(f.job, f.job) for f in talk.findings if f.kind == "need"]
    heard = [jobs.get(f.job, f.job) for f in talk.findings if f.kind == "signal"]
    lines = [("↳ " + t("card.talk_found", jobs=", ".join(found)), "good")] if found else []
    if heard:
        lines.append(("↳ " + t("card.talk_heard", jobs=", ".join(heard)), "warn"))
    return lines or [("↳ " + t("card.talk_nothing"), "muted")]


def card_lines(session, client: int, lang: str, t, known=None, talked=None) -> list[tuple[str, str]]:
    """Everything the card shows below the name and bars (``known``: the desk's knowledge, for what a touch or
    an offer would be to the client; ``talked``: the desk's view after this month's conversations, whose needs
    the card lists)."""
    game = session.game
    s, view = game.scenario, game.view
    cur = s.desk.currency
    d = game.clients
    lines: list[tuple[str, str]] = []
    story = d.stories_in(lang)[client]
    if story:
        lines.append((story, "small"))
    lines.append((t("card.budget", budget=money(float(view.budget[client]), cur, lang),
                    sensitivity=decimal(float(view.price_sensitivity[client]), 1, lang)), "muted"))
    # This month.
    lines.append((t("card.planned"), "h"))
    draft = session.draft
    talk = draft.conversation_of(client)
    planned = [t("card.plan_touch", touch=touch_name(game, kind, lang), topic=topic_name(game, topic, lang, t))
               + (" · " + t("card.talk_held", n=len(talk.asked)) if talk is not None and talk.touch == kind else "")
               for kind, topic in draft.touches_of(client)]
    planned += [t("card.plan_offer", product=product_name(game, p, lang)) for p in draft.offers_of(client)]
    lines += [(f"• {x}", "good") for x in planned] or [(t("card.nothing_planned"), "muted")]
    if talk is not None:   # what this month's talk found, where the eye is after it
        lines += talk_found_lines(game, talk, lang, t)
    if known is not None and view.active[client]:
        lines += knowledge_lines(game, client, lang, t, known)
    # Needs.
    lines.append((t("card.needs"), "h"))
    needs_view = talked if talked is not None else view
    heard = {f.job: f.kind for f in talk.findings if f.kind in ("need", "signal")} if talk is not None else {}
    known = [(s.jobs[j].id, s.jobs[j].name.get(lang), float(needs_view.known_needs[client, j]))
             for j in range(len(s.jobs)) if needs_view.known_needs[client, j] > 0]
    hidden = needs_view.hidden_needs(client)
    for job, name, value in sorted(known, key=lambda x: -x[2]):
        line = f"• {name} — {value * 100:.0f}%"
        if job in heard:   # this month's talk: a need it found, or a "yes" it heard (not confirmed)
            line += " · " + t(f"card.talk_{heard[job]}")
        lines.append((line, "good" if heard.get(job) == "need" else "warn" if job in heard else "body"))
    if not known:
        lines.append((t("card.no_needs"), "muted"))
    if hidden:
        lines.append((t("card.hidden_needs"), "muted"))
    # Products.
    lines.append((t("card.owns"), "h"))
    due_in = view.due_in[client]
    owned_any = False
    for p, pid in enumerate(view.product_ids):
        if not view.owned[client, p]:
            continue
        owned_any = True
        ago = int(view.months_since_purchase[client, p])
        who = t("card.from_us") if view.ours[client, p] else t("card.from_competitor")
        text = t("card.owned", product=product_name(game, pid, lang), ago=ago, who=who)
        style = "body"
        if view.cycle[p] > 0:
            due = int(due_in[p])
            if due <= 0:
                text += " · " + t("card.due_now")
                style = "warn"
            else:
                text += " · " + t("card.due_in", months=due)
                style = "warn" if due <= 3 else "body"
        lines.append((text, style))
    if not owned_any:
        lines.append((t("card.owns_nothing"), "muted"))
    lines.append((t("card.history"), "h"))
    lines += client_history(game, client, lang, t)
    return lines
