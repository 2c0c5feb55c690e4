"""Numbers written as each language writes them: grouping, decimal comma, a true minus, short money."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from simulator.locale import (
    decimal,
    general,
    money,
    money_short,
    number,
    percent,
    plural_category,
    shows_no_change,
    signed,
)


def test_russian_and_english_numbers():
    assert number(6496, "ru") == "6\u00a0496" and number(6496, "en") == "6,496"
    assert number(-3072514.4, "ru") == "\u22123\u00a0072\u00a0514"
    assert decimal(80.1, 1, "ru") == "80,1" and decimal(80.1, 1, "en") == "80.1"
    assert decimal(-0.04, 1, "ru", sign=True) == "+0,0"           # no "−0,0"
    assert signed(5, "ru") == "+5" and signed(-5, "en") == "\u22125" and signed(0, "en") == "0"
    assert general(0.5, "ru") == "0,5" and general(40.0, "en") == "40"
    assert percent(0.423) == "42%" and percent(0.4235, 1, "ru") == "42,4%"
    assert money(12345.6, "RUB", "ru") == "12\u00a0346\u00a0RUB"
    assert money_short(4_100_000, "RUB", "en") == "4.1\u00a0M\u00a0RUB" and money_short(4_000_000, "", "ru") == "4\u00a0млн"
    assert money_short(-477_000, "RUB", "ru") == "\u2212477\u00a0тыс.\u00a0RUB" and money_short(9_000, "", "en") == "9,000"


@given(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False), st.sampled_from(["ru", "en"]))
def test_a_change_reads_as_none_exactly_when_it_is_written_as_zero(change, lang):
    for text, places in ((decimal(change, 1, lang, sign=True), 1), (decimal(change, 0, lang, sign=True), 0),
                         (money_short(change, "RUB", lang), 0)):   # (short money: whole units under 10,000)
        assert shows_no_change(text) == (round(abs(change), places) == 0), text
    assert shows_no_change(decimal(-0.04, 1, lang, sign=True)) and not shows_no_change(decimal(-0.06, 1, lang, sign=True))
    assert not shows_no_change(money_short(-12_000, "RUB", lang)) and shows_no_change(money_short(0.4, "RUB", lang))


@pytest.mark.parametrize("n, form", [(1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"), (12, "many"),
                                     (21, "one"), (22, "few"), (111, "many"), (1.5, "other")])
def test_russian_plural_categories(n, form):
    assert plural_category(n, "ru") == form


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_a_russian_number_reads_back_as_the_same_value(value):
    text = number(value, "ru", 2)
    back = float(text.replace("\u00a0", "").replace("\u2212", "-").replace(",", "."))
    assert back == pytest.approx(round(value, 2), abs=0.006)
    assert "." not in text and "-" not in text


def test_every_code_the_engine_names_has_words_in_both_catalogues():
    from simulator.engine import (
        KPI_NAMES,
        Cause,
        Departure,
        Reason,
        cause_key,
        departure_key,
        reason_key,
        reason_short_key,
    )
    from simulator.locale.catalogue import LOCALE_DIR, load_catalogue
    from simulator.locale.languages import languages

    keys = [reason_key(r) for r in Reason] + [reason_short_key(r) for r in Reason]
    keys += [cause_key(c) for c in Cause] + [departure_key(d) for d in Departure]
    keys += [f"kpi.{k}" for k in KPI_NAMES] + [f"kpi_help.{k}" for k in KPI_NAMES]
    for lang in languages([LOCALE_DIR]):
        catalogue = load_catalogue(lang)
        assert [k for k in keys if not catalogue.get(k)] == [], lang


def test_a_reason_reads_with_its_numbers_in_each_language():
    from simulator.engine import Reason, reason_key
    from simulator.locale.catalogue import text

    assert text("ru", reason_key(Reason.PRICE), gap=0.17) == "проиграна: цена на 17% выше рынка"
    assert text("en", reason_key(Reason.FORGOT), silence=7) == "lost: no contact for 7 months, chose another supplier"
    assert text("ru", "no.such.key") == "<no.such.key>"
