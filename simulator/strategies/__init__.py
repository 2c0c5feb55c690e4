"""Reference strategies: bots that play through the engine's public API.

They drive the tests and are the yardstick the debrief compares a player with.
"""
from .base import Strategy, play
from .by_the_desk import by_the_desk
from .probes import PROBES
from .reasoned import balanced
from .simple import discounter, greedy, passive, spammer

STRATEGIES: dict[str, Strategy] = {
    s.name: s
    for s in (
        Strategy("balanced", "touches with a reason, each reason once and no client over-contacted, webinars and "
                 "seminars as a service, offers that fit, markups searched with the desk's forecast",
                 "касания с поводом (каждый повод — один раз, без перебора), вебинары и семинары как сервис, "
                 "подходящие предложения, наценка по прогнозу сделок", balanced),
        Strategy("passive", "default markups, no touches, no offers",
                 "наценка по умолчанию, без касаний и предложений", passive),
        Strategy("greedy", "the balanced contact plan with every markup at the ceiling",
                 "контакты как у balanced, наценка на максимуме", greedy),
        Strategy("discounter", "the balanced contact plan with every markup at the floor",
                 "контакты как у balanced, наценка на минимуме", discounter),
        Strategy("spammer", "as many calls without a reason as hours allow, offering whatever comes next",
                 "сколько успеет звонков без повода, предлагая что попало", spammer),
        Strategy("by_the_desk", "plays from the desk's screen alone: news, reminders and pitches the desk marks as "
                 "news, offers it marks as fitting, group sessions as a service, prices where the forecast is best",
                 "играет только по экрану: новости, напоминания и предложения, которые стол отмечает как повод, "
                 "предложения с пометкой «подходит», групповые встречи как сервис, цена по лучшему прогнозу",
                 by_the_desk),
    )
}

__all__ = ["PROBES", "STRATEGIES", "Strategy", "play"]
