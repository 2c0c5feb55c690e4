"""The debrief deck: built from the room's own games (forks are real what-ifs, mistakes the engine's, pay under every
base the engine booked), every name escaped, written atomically and never over someone's file; the `deck` command."""
from __future__ import annotations

import re

import pytest

from simulator.engine import BASES
from simulator.store.deck import DeckError, build_deck, percentile
from simulator.store.deck_html import deck_html, write_deck
from simulator.store.files import OutputRefused
from simulator.store.group import common_mistakes
from simulator.store.leaderboard import Leaderboard
from simulator.store.replay import Replay
from simulator.strategies import STRATEGIES, play
from simulator.strategies.whatif import fork
from tests.cli_run import run_main

pytestmark = [pytest.mark.timeout(240), pytest.mark.xdist_group("deck")]  # the room is built once, on one worker
ROOM = [("Анна", "greedy"), ("<img src=x onerror=alert(1)>", "passive"), ("Вера", "discounter"),
        ("Глеб", "spammer")]


@pytest.fixture(scope="module")
def room(tmp_path_factory, certification):
    """A leaderboard with a group of four people's games on seed 42 and another group's two games on seed 7."""
    db = tmp_path_factory.mktemp("deck") / "board.sqlite3"
    with Leaderboard.open(db, create=True) as lb:
        for name, strategy in ROOM:
            lb.add_replay(Replay.from_game(play(certification, 42, STRATEGIES[strategy]), player=name, group="Москва-1"))
        for name, strategy in (("Ким", "balanced"), ("Лев", "greedy")):
            lb.add_replay(Replay.from_game(play(certification, 7, STRATEGIES[strategy]), player=name, group="Казань"))
    return db


def test_the_deck_is_made_of_the_rooms_own_games(room):
    with Leaderboard.open(room) as lb:
        deck = build_deck(lb, "certification", "Москва-1", 42)
        games = {e.player: lb.review(e.id) for b in lb.rankings(group="Москва-1", seed=42) for e in b.entries}
    assert sorted(p for p, _, _ in deck.players) == sorted(name for name, _ in ROOM)
    assert deck.scores is not None and deck.scores.n == 4
    assert deck.scores.values == tuple(sorted(g.result().score for g in games.values()))
    # Each fork is the engine's what-if on that player's own plans, re-simulated: the same score again.
    assert 1 <= len(deck.forks) <= 3 and len({f.player for f in deck.forks}) == len(deck.forks)
    for f in deck.forks:
        game = games[f.player]
        again = fork(game.scenario, game.seed, list(game.plans), f.month, STRATEGIES["balanced"]).result().score
        assert again == pytest.approx(f.fork_score) and f.own_score == pytest.approx(game.result().score)
        assert f.gain > 0
    assert [f.per_month for f in deck.forks] == sorted((f.per_month for f in deck.forks), reverse=True)
    # The mistakes are the group view's (the engine's rules), with the same counts.
    assert deck.mistakes == common_mistakes(games.values()) and deck.games == 4
    # The pay under the scenario's own base is what each game's bonus was; the other bases are the engine's books.
    own = next(line for line in deck.pay if line.own)
    bonuses = [g.result().kpis["bonus"] for g in games.values()]
    assert own.base == games["Анна"].scenario.compensation.base
    assert own.mean == pytest.approx(sum(bonuses) / 4) and own.high == pytest.approx(max(bonuses))
    assert [line.base for line in deck.pay] == list(BASES)
    # The cohort: the other group on another seed, compared on skill.
    assert deck.cohort is not None and {(g.group, g.seed) for g in deck.cohort.groups} == {("Москва-1", 42),
                                                                                          ("Казань", 7)}
    assert deck.cohort.games == 6 and 0 <= deck.cohort.median_percentile <= 100


def test_percentiles_put_the_middle_at_fifty():
    assert percentile([1.0, 2.0, 3.0], 2.0) == pytest.approx(50.0)
    assert percentile([1.0, 2.0, 3.0, 4.0], 4.0) == pytest.approx(87.5)
    assert percentile([5.0], 1.0) == 0.0


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_deck_is_one_self_contained_file_with_every_name_escaped(room, lang):
    with Leaderboard.open(room) as lb:
        page = deck_html(build_deck(lb, "certification", "Москва-1", 42), lang)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert not re.search(r'(src|href)="(https?:)?//', page) and "@import" not in page and "url(" not in page
    assert page.count('<section class="slide"') == 5 + 7 + 1  # title..pay, a lesson each, the cohort
    question = {"en": "Could your sellers work out their bonus in their head while quoting?",
                "ru": "Может ли ваш продавец посчитать свой бонус в уме"}[lang]
    assert question in page and "<svg" in page and "keydown" in page


def test_the_deck_is_written_atomically_and_never_over_someone_elses_file(room, tmp_path):
    with Leaderboard.open(room) as lb:
        deck = build_deck(lb, "certification", "Москва-1", 42)
    out = tmp_path / "deck.html"
    write_deck(out, deck, "ru")
    write_deck(out, deck, "en")  # its own earlier deck: replaced
    assert "How the room scored" in out.read_text(encoding="utf-8")
    replay = tmp_path / "anna.json"
    replay.write_text('{"format": "sales-desk-replay"}', encoding="utf-8")
    with pytest.raises(OutputRefused):
        write_deck(replay, deck, "ru")
    assert replay.read_text(encoding="utf-8") == '{"format": "sales-desk-replay"}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["anna.json", "deck.html"]  # no temporary file left


def test_no_people_no_deck(room):
    with Leaderboard.open(room) as lb, pytest.raises(DeckError):
        build_deck(lb, "certification", "Нет такой", 42)


def test_the_deck_command(room, tmp_path):
    done = run_main("deck", "certification", "--group", "Москва-1", "--seed", "42", "--db", str(room), "--lang", "en",
                    cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = tmp_path / "debrief-certification-42.html"
    assert "How the room scored" in written.read_text(encoding="utf-8") and "wrote" in done.stderr
    for args, words in ((["--session", "NOPE"], "no workshop session"),
                        (["certification", "--group", "Нет", "--seed", "42"], "no game by a person"),
                        (["certification"], "name a session")):
        bad = run_main("deck", *args, "--db", str(room), cwd=tmp_path)
        assert bad.returncode == 2 and words in bad.stderr and "Traceback" not in bad.stderr
    missing = run_main("deck", "--session", "X", "--db", str(tmp_path / "none.sqlite3"), cwd=tmp_path)
    assert missing.returncode == 2 and "no leaderboard" in missing.stderr
