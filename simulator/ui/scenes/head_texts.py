"""Words the head-of-sales screens share: names, traits, a pay scheme in sentences, the head's briefing, a refused
decision in the player's language. Every number comes from the head game; this only says it."""
from __future__ import annotations

from ...head import HeadDecisionError
from ..texts import general, kpi_help, kpi_name, kpi_value, money, percent

TRAIT_ORDER = ("flexibility", "empathy", "diligence", "greed")


def person_name(game, sid: str, lang: str) -> str:
    """A seller's or candidate's name from the scenario."""
    for c in game.team.candidates:
        if c.id == sid:
            return c.name.get(lang)
    return sid


def person_story(game, sid: str, lang: str) -> str:
    """The CV line shown before the interview ('' when the scenario gives none)."""
    for c in game.team.candidates:
        if c.id == sid and c.story is not None:
            return c.story.get(lang)
    return ""


def segment_name(game, seg: str, lang: str) -> str:
    """A segment's name from the scenario."""
    for s in game.scenario.segments:
        if s.id == seg:
            return s.name.get(lang)
    return seg


def trait_level(t, value: float | None) -> str:
    """A trait as a word and a number ('high 0.8'), or what the head does not know yet."""
    if value is None:
        return t("head.trait_unknown")
    word = "high" if value >= 0.67 else "low" if value < 0.4 else "mid"
    return t(f"head.level.{word}", value=percent(value))


def scheme_lines(scheme, currency: str, t, lang: str) -> list[str]:
    """A head's pay scheme as sentences a seller can compute in his head."""
    lines = [t("head.scheme.salary", salary=money(scheme.salary, currency, lang)),
             t("head.scheme.rate", rate=general(scheme.rate * 100, lang) + "%", base=t(f"pay.base_short.{scheme.base}"))]
    if scheme.threshold is not None:
        lines.append(t("head.scheme.threshold", threshold=percent(scheme.threshold)))
    if scheme.accelerator is not None:
        lines.append(t("head.scheme.accelerator", above=money(scheme.accelerator.above, currency, lang),
                       rate=general(scheme.accelerator.rate * 100, lang) + "%"))
    return lines


def scheme_short(scheme, currency: str, t, lang: str) -> str:
    """A scheme in one line: salary + rate of base (+ threshold)."""
    text = t("head.scheme.short", salary=money(scheme.salary, currency, lang),
             rate=general(scheme.rate * 100, lang) + "%", base=t(f"pay.base_short.{scheme.base}"))
    if scheme.threshold is not None:
        text += t("head.scheme.short_threshold", threshold=percent(scheme.threshold))
    return text


def refusal(t, exc: HeadDecisionError) -> str:
    """A refused decision in the player's language (the rule's text, with the engine's message as detail)."""
    return t("head.refused", reason=t(f"head.rule.{exc.rule}"))


def briefing_lines(ctx) -> list[tuple[str, str]]:
    """The head's briefing: the lesson, the story, the department, the products' costs, the levers, the score."""
    session = ctx.session
    game, lang, t = session.game, ctx.lang, ctx.t
    s, team = game.scenario, game.team
    cur = s.desk.currency
    lines: list[tuple[str, str]] = []
    if s.lesson:
        lines += [(s.lesson.get(lang), "h"), ("", "body")]
    lines += [(s.briefing.get(lang), "body"), ("", "body"), (t("brief.facts"), "h")]
    lines.append((t("head.brief.facts", months=s.turns, sellers=len(game.team_members()), segments=len(s.segments),
                    clients=s.client_count(), seed=session.seed, every=team.decide_every), "body"))
    lines += [("", "body"), (t("head.brief.team"), "h")]
    for m in game.team_members():
        books = ", ".join(segment_name(game, b, lang) for b in game.books_of(m.id)) or t("head.no_books")
        lines.append((t("head.brief.member", name=person_name(game, m.id, lang), books=books,
                        promise=money(m.promise, cur, lang)), "body"))
    lines.append((t("head.brief.candidates", count=len(game.candidates())), "body"))
    lines += [("", "body"), (t("head.brief.pay"), "h")]
    lines += [(line, "body") for line in scheme_lines(team.pay, cur, t, lang)]
    lines += [("", "body"), (t("brief.products"), "h")]
    for p in s.products:
        band = t("brief.fixed", markup=percent(p.markup.start)) if p.markup.fixed else \
            t("brief.band", low=percent(p.markup.min), high=percent(p.markup.max))
        lines.append((t("head.brief.product", name=p.name.get(lang), cost=money(p.cost, cur, lang),
                        market=money(p.market_price, cur, lang), band=band,
                        floor=percent(game.floor_markup(p.id))), "body"))
    lines += [("", "body"), (t("head.brief.levers"), "h")]
    lev = team.levers
    for name in ("markups", "pay", "hiring", "segments", "team_event"):
        lines.append((t(f"head.lever.{name}") + " — " + t("head.lever_on" if getattr(lev, name) else "head.lever_off"),
                      "body" if getattr(lev, name) else "muted"))
    lines.append((t("head.brief.overheads", overheads=money(team.overheads, cur, lang),
                    event=money(team.team_event.cost, cur, lang)), "body"))
    lines += [("", "body"), (t("brief.score"), "h")]
    for item in s.scoring.items:
        lines.append((t("brief.score_item", kpi=kpi_name(item.kpi, lang), weight=general(item.weight, lang),
                        target=kpi_value(item.kpi, item.target, cur, lang), help=kpi_help(item.kpi, lang)), "body"))
    lines += [("", "body"), (t("head.brief.keys"), "muted")]
    return lines
