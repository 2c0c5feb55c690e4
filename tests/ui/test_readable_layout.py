"""Layout helpers that keep things readable on a projector: round chart ticks, a few month labels,
button rows that fit their labels."""
from __future__ import annotations

import math

from hypothesis import given, strategies as st

from simulator.ui.texts import percent
from simulator.ui.widgets.charts import month_ticks, nice_top


@given(st.floats(min_value=1e-6, max_value=1e12, allow_nan=False))
def test_the_value_axis_tops_out_at_a_round_number_just_above_the_data(value):
    top = nice_top(value)
    assert value <= top * (1 + 1e-9) and top <= value * 4 / 3 * (1 + 1e-9)
    mantissa = round(top / 10 ** math.floor(math.log10(top) + 1e-12), 6)
    assert mantissa in {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0}


@given(st.integers(1, 120))
def test_month_labels_start_at_one_end_at_the_last_month_and_stay_few(months):
    ticks = month_ticks(months)
    assert ticks[0] == 0 and ticks[-1] == months - 1
    assert ticks == sorted(set(ticks)) and len(ticks) <= 7


def test_shares_read_as_percentages():
    assert percent(0.625) == "62%" and percent(1.0) == "100%" and percent(0.0) == "0%"


def test_a_button_row_gives_long_labels_the_room_they_need(start):
    from simulator.ui.widgets import Button, button_row
    theme = start(lang="ru").app.ctx.theme
    short = [Button(f"b{k}", "OK", lambda: None) for k in range(4)]
    button_row(short, 10, 0, 600, 40, 8, theme)
    assert len({b.rect.width for b in short[:-1]}) == 1 and short[-1].rect.right == 610  # equal when all fit
    labels = ["Назад", "По месяцам", "Отметить", "Сравнить (0/2)"]
    row = [Button(f"r{k}", text, lambda: None) for k, text in enumerate(labels)]
    button_row(row, 10, 0, 560, 40, 8, theme)
    assert row[-1].rect.right == 570 and all(a.rect.right + 8 == b.rect.x for a, b in zip(row, row[1:]))
    for b, text in zip(row, labels):
        assert theme.font(b.size).size(text)[0] <= b.rect.width - 8, text
