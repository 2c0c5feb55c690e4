"""The desk's plan-building rules (no window): hours, bulk actions, offers, markups, cadence rules, saves."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from simulator.desk import CadenceRule, PlanDraft, apply_cadence
from simulator.engine import Game
from simulator.scenario import load_file
from simulator.store.saves import GameSession, SaveError, SaveStore
from simulator.ui.app import SCENARIOS_DIR
from tests.shared_fixtures import deadline

from .conftest import DATA_DIR

CERT_PATH = DATA_DIR / "desk-demo.yaml"
CERT = load_file(CERT_PATH)
PRICE_LIST = load_file(SCENARIOS_DIR / "price-list.yaml")
N = CERT.client_count()
KINDS = [t.id for t in CERT.touch_types]
TOPICS = [None] + [p.id for p in CERT.products] + [e.id for e in CERT.events]

actions = st.lists(
    st.tuples(st.sampled_from(KINDS), st.sampled_from(TOPICS),
              st.lists(st.integers(0, N - 1), min_size=1, max_size=120)),
    min_size=1, max_size=8,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions)
def test_hours_shown_are_the_engines_hours_and_never_exceed_the_month(batches):
    game = Game(CERT, 5)
    draft = PlanDraft(game)
    for kind, topic, clients in batches:
        result = draft.add_touch(kind, topic, clients)
        assert result.added + result.no_hours + result.lost + result.already <= len(clients)
        plan = draft.to_plan()
        assert game.check(plan) is None                       # the engine accepts every plan the desk builds
        assert draft.hours_used() == pytest.approx(game.hours_needed(plan))
        assert draft.hours_used() <= CERT.desk.hours_per_month + 1e-9


def test_a_bulk_touch_stops_where_the_hours_run_out_and_says_how_many_did_not_fit():
    game = Game(CERT, 1)
    draft = PlanDraft(game)
    result = draft.add_touch("call", "certificate", np.arange(N))
    capacity = int(CERT.desk.hours_per_month / 0.5)
    assert result.added == capacity and result.no_hours == N - capacity
    assert draft.hours_left() == pytest.approx(0.0)
    assert draft.add_touch("visit", None, [0]).added == 0    # over-booking is prevented


def test_offers_need_a_touch_this_month():
    game = Game(CERT, 1)
    draft = PlanDraft(game)
    assert draft.add_offer("training", [3, 4]).no_contact == 2
    draft.add_touch("call", "training", [3])
    result = draft.add_offer("training", [3, 4])
    assert (result.added, result.no_contact) == (1, 1)
    assert draft.offers_of(3) == ["training"] and draft.offers_of(4) == []
    assert game.check(draft.to_plan()) is None
    assert draft.clear([3]) == 2 and draft.to_plan().touches == ()


def test_markups_are_clamped_to_the_band_and_fixed_prices_do_not_move():
    draft = PlanDraft(Game(CERT, 1))
    assert draft.set_markup("certificate", 5.0) == 1.0
    assert draft.set_markup("certificate", -1.0) == 0.2
    fixed = PlanDraft(Game(PRICE_LIST, 1))
    product = next(p for p in PRICE_LIST.products if p.markup.fixed)
    assert fixed.set_markup(product.id, product.markup.start + 0.3) == product.markup.start
    assert product.id not in fixed.to_plan().markups


def test_cadence_rules_touch_only_their_segment_when_silent_long_enough_within_hours():
    game = Game(CERT, 2)
    draft = PlanDraft(game)
    rules = [CadenceRule("importers", "call", 3)]
    result = apply_cadence(draft, rules)
    seg = game.catalog.segment_ids.index("importers")
    silence = game.month - game.state.last_contact
    expected = np.flatnonzero(game.state.active & (game.state.segment == seg) & (silence >= 3))
    touched = np.flatnonzero(draft.contacted())
    assert result.added == expected.size and np.array_equal(touched, expected)
    everyone = PlanDraft(game)
    big = apply_cadence(everyone, [CadenceRule("manufacturers", "call", 1), CadenceRule("importers", "call", 1)])
    assert big.no_hours > 0 and everyone.hours_used() <= CERT.desk.hours_per_month


def test_rules_pre_fill_each_new_month():
    session = GameSession(CERT, CERT_PATH, 4, "A", rules=[CadenceRule("importers", "call", 1)])
    assert session.draft.to_plan().touches
    session.end_month()
    assert session.draft.to_plan().touches and session.game.month == 1


def test_a_save_restores_the_same_game_by_replaying_its_plans(tmp_path):
    session = GameSession(CERT, CERT_PATH, 9, "Анна", "G",
                          rules=[CadenceRule("importers", "call", 2)])
    session.draft.add_touch("visit", "certificate", [0, 1])
    session.draft.add_offer("declaration", [0])
    session.end_month()
    session.end_month()
    store = SaveStore(tmp_path)
    store.write(session, "ru")
    restored, lang = store.read([DATA_DIR])
    assert lang == "ru" and restored.player == "Анна" and restored.rules == session.rules
    assert restored.game.month == 2
    assert restored.game.result().to_json() == session.game.result().to_json()
    assert [p.to_json() for p in restored.game.plans] == [p.to_json() for p in session.game.plans]


@pytest.mark.parametrize("damage, reason", [
    (lambda text: text[: len(text) // 2], "damaged"),
    (lambda text: "[]", "not a Sales Desk saved game"),
    (lambda text: text.replace('"clients": [0', '"clients": [99999'), "breaks a rule"),
    (lambda text: text.replace('"hash": "', '"hash": "00'), "not here any more"),
])
def test_a_damaged_or_tampered_save_is_refused_with_a_reason(tmp_path, damage, reason):
    session = GameSession(CERT, CERT_PATH, 9, "A")
    session.draft.add_touch("visit", None, [0])
    session.end_month()
    store = SaveStore(tmp_path)
    store.write(session, "en")
    store.path.write_text(damage(store.path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(SaveError, match=reason):
        store.read([DATA_DIR])
    assert store.summary() is not None  # the menu still shows that a save exists


def test_the_save_is_the_replay_json_plus_who_plays(tmp_path):
    session = GameSession(CERT, CERT_PATH, 9, "A", "B")
    session.end_month()
    store = SaveStore(tmp_path)
    store.write(session, "en")
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["replay"]["format"] == "sales-desk-replay" and len(data["replay"]["plans"]) == 1
    assert (data["lang"], data["replay"]["player"], data["replay"]["group"]) == ("en", "A", "B")
    assert list(tmp_path.iterdir()) == [store.path]  # written atomically: no temp file left behind


def _saved(tmp_path):
    session = GameSession(CERT, CERT_PATH, 9, "A")
    session.draft.add_touch("visit", None, [0])
    session.end_month()
    store = SaveStore(tmp_path)
    store.write(session, "en")
    return store, json.loads(store.path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("damage, reason", [
    (lambda d: d.__setitem__("rules", 5), "the saved game is damaged: rules"),
    (lambda d: d.__setitem__("rules", [{"segment": "importers", "kind": "call", "every": 10 ** 10}]), "rules.0.every"),
    (lambda d: d["replay"].__setitem__("seed", 10 ** 30), "seed must be a whole number from 0 to 2\\^63-1"),
    (lambda d: d["replay"].__setitem__("claimed_score", 1e300), "claimed_score"),
    (lambda d: d["replay"]["plans"][0]["markups"].__setitem__("declaration", 10 ** 300), "outside the band"),
    (lambda d: d.__setitem__("scenario_path", "x" * 5000), "scenario_path"),
    (lambda d: d.__setitem__("lang", {"ru": 1}), "lang"),
], ids=["rules-a-number", "rule-every-huge", "seed-huge", "score-huge", "markup-huge", "path-huge", "lang-a-map"])
def test_a_save_damaged_anywhere_is_refused_with_a_reason_and_no_crash(tmp_path, damage, reason):
    store, data = _saved(tmp_path)
    damage(data)
    store.path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SaveError, match=reason):
        store.read([DATA_DIR])
    assert store.summary() is not None


def test_a_save_whose_scenario_path_is_a_fifo_or_a_device_still_finds_its_scenario(tmp_path):
    import os
    import time
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    for odd in (str(fifo), "/dev/zero", "bad\x00name.yaml"):
        store, data = _saved(tmp_path / "saves")
        data["scenario_path"] = odd
        store.path.write_text(json.dumps(data), encoding="utf-8")
        started = time.monotonic()
        with deadline():
            restored, _ = store.read([DATA_DIR])  # the scenario is found among the scenario folders instead
        assert restored.game.month == 1 and time.monotonic() - started < 10


def test_a_save_with_a_number_of_five_thousand_digits_is_damaged_not_a_crash(tmp_path):
    store, data = _saved(tmp_path)
    text = json.dumps(data).replace('"seed": 9', '"seed": ' + "9" * 5000)
    store.path.write_text(text, encoding="utf-8")
    with pytest.raises(SaveError, match="damaged"):
        store.read([DATA_DIR])
    assert store.summary() == {"error": "damaged"}


def test_settings_out_of_range_fall_back_to_defaults_and_say_which(tmp_path):
    from simulator.ui.context import Settings
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"player": "Анна", "seed": 2 ** 64, "lang": "de", "text_scale": 1.15,
                                "group": "x" * 500, "hints": "yes"}), encoding="utf-8")
    s = Settings.load(path)
    assert (s.player, s.seed, s.lang, s.text_scale, s.group, s.hints) == ("Анна", 1, "ru", 1.15, "", True)
    assert sorted(s.damaged) == ["group", "hints", "lang", "seed"]
    GameSession(CERT, CERT_PATH, s.seed, s.player)  # Start works with what was loaded
    s.save(path)
    assert "damaged" not in json.loads(path.read_text(encoding="utf-8"))
    path.write_text("{" * 100_000, encoding="utf-8")
    assert Settings.load(path).damaged == ["settings.json"]
