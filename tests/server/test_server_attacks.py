"""The workshop server under attack (issue 28): each defect's attack made as a hostile participant would, and the
answer expected. The load test (open files, memory, slow connections) is in test_server_load.py."""
from __future__ import annotations

import csv
import io
import itertools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from server_helpers import TOKEN, body, trainer, variant_replay

from simulator.engine import MonthPlan, replay as replay_plans
from simulator.server.app import ServerConfig, create_app
from simulator.server.guard import client_address, host_allowed, networks
from simulator.store.replay import Replay
from simulator.store.workshop import CODE_LENGTH
from simulator.strategies import STRATEGIES, play
from tests.server.conftest import running

pytestmark = pytest.mark.timeout(180)

GAMES = itertools.count(5000)
JSON = {"Content-Type": "application/json"}
HUGE = 2**64 + 5  # beyond any 64-bit id


def open_session(client, seed=7, group=None, **extra) -> str:
    group = f"Казань-{next(GAMES)}" if group is None else group
    r = client.post("/api/sessions", json={"scenario": "tiny-test", "seed": seed, "group": group, **extra},
                    headers=trainer())
    assert r.status_code == 201, r.text
    return r.json()["code"]


def upload(client, code, data: bytes, headers: dict | None = None):
    return client.post(f"/api/sessions/{code}/replays", content=data, headers={**JSON, **(headers or {})})


def person(tiny, name: str, seed: int = 7) -> bytes:
    return body(variant_replay(tiny, seed, next(GAMES), name))


# 1. one bounded pool of connections per process; scenarios loaded once ---------------------------------------------
def test_many_concurrent_board_reads_share_a_few_connections_and_load_no_scenario_again(server, tiny, monkeypatch):
    import simulator.store.scenarios as scenarios

    code = open_session(server)
    assert upload(server, code, person(tiny, "Анна")).status_code == 201
    loads = []
    monkeypatch.setattr(scenarios, "load_file", lambda *a, **k: loads.append(a) or pytest.fail("loaded again"))
    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(lambda _: server.get(f"/api/sessions/{code}/board").status_code, range(120)))
    assert answers == [200] * 120
    assert server.app.state.boards.open_connections <= server.app.state.config.db_connections
    assert loads == []


# 3. ids beyond 64 bits ----------------------------------------------------------------------------------------------
def test_an_entry_id_beyond_64_bits_is_a_404_json_answer_everywhere(server):
    for method, url, headers in [("get", f"/api/entries/{HUGE}", {}), ("delete", f"/api/entries/{HUGE}", trainer()),
                                 ("post", f"/api/entries/{HUGE}/hide", trainer()), ("get", "/api/entries/0", {})]:
        r = getattr(server, method)(url, headers=headers)
        assert r.status_code == 404 and r.json()["code"] == "no_entry", (method, url, r.text)
    page = server.get(f"/entries/{HUGE}")
    assert page.status_code == 404 and "Traceback" not in page.text


# 4. the upload limit cannot be stepped round with X-Forwarded-For ------------------------------------------------
def test_a_forged_forwarded_for_header_does_not_bypass_the_upload_limit(tmp_path, tiny_path, tiny):
    with running(tmp_path / "b.sqlite3", tiny_path, uploads_per_minute=1, upload_burst=3,
                 client=("198.51.100.7", 40000)) as client:
        code = open_session(client)
        answers = [upload(client, code, person(tiny, f"Игрок {k}"), {"X-Forwarded-For": f"10.0.{k}.1"}).status_code
                   for k in range(8)]
    assert answers.count(429) == 5 and answers[:3] == [201, 201, 201]


def test_forwarded_for_is_believed_only_from_a_configured_proxy():
    proxy = networks(["127.0.0.1", "10.0.0.0/8"])
    assert client_address("203.0.113.9", "1.2.3.4", proxy) == "203.0.113.9"           # not a proxy: its own address
    assert client_address("127.0.0.1", "1.2.3.4", proxy) == "1.2.3.4"                 # our proxy names the client
    assert client_address("127.0.0.1", "6.6.6.6, 1.2.3.4, 10.1.1.1", proxy) == "1.2.3.4"  # left of ours: forgeable
    assert client_address("127.0.0.1", "garbage", proxy) == "127.0.0.1"
    assert client_address("127.0.0.1", "1.2.3.4", []) == "127.0.0.1"                  # the default: no proxy


def test_behind_a_trusted_proxy_each_participant_has_their_own_limit(tmp_path, tiny_path, tiny):
    with running(tmp_path / "b.sqlite3", tiny_path, uploads_per_minute=1, upload_burst=1,
                 trusted_proxies=["127.0.0.1"], client=("127.0.0.1", 40000)) as client:
        code = open_session(client)
        first = [upload(client, code, person(tiny, f"П {k}"), {"X-Forwarded-For": f"192.0.2.{k}"}).status_code
                 for k in range(1, 4)]
        again = upload(client, code, person(tiny, "П 1 again"), {"X-Forwarded-For": "192.0.2.1"})
    assert first == [201, 201, 201] and again.status_code == 429


# 5. anonymous means anonymous -------------------------------------------------------------------------------------
def test_an_anonymous_session_names_nobody_to_participants_but_everyone_to_the_trainer(server, tiny):
    code = open_session(server, anonymous=True)
    up = upload(server, code, person(tiny, "Секретная Персона"))
    assert up.status_code == 201 and up.json()["entry"]["player"] is None
    entry = up.json()["entry"]["id"]
    reads = [server.get(f"/api/sessions/{code}/board"), server.get(f"/api/sessions/{code}/board?anonymous=0"),
             server.get(f"/api/entries/{entry}"), server.get(f"/entries/{entry}?lang=en"),
             server.get(f"/entries/{entry}?lang=ru"), server.get(f"/board/{code}"), server.get(f"/api/sessions/{code}")]
    for r in reads:
        assert r.status_code == 200 and "Секретная" not in r.text, r.url
    assert server.get(f"/api/entries/{entry}").json()["player"] is None
    assert server.get(f"/api/entries/{entry}", headers=trainer()).json()["player"] == "Секретная Персона"
    assert server.get(f"/api/sessions/{code}/board", headers=trainer()).json()["entries"][0]["player"] == \
        "Секретная Персона"
    assert "Секретная" in server.get(f"/api/sessions/{code}/export.csv", headers=trainer()).text


# 6. ids never reused -----------------------------------------------------------------------------------------------
def test_a_deleted_entrys_id_and_review_link_never_show_the_next_persons_game(server, tiny):
    code = open_session(server)
    first = upload(server, code, person(tiny, "Первый")).json()["entry"]["id"]
    last = upload(server, code, person(tiny, "Удалённый")).json()["entry"]["id"]
    assert server.delete(f"/api/entries/{last}", headers=trainer()).status_code == 200
    nxt = upload(server, code, person(tiny, "Следующий")).json()["entry"]["id"]
    assert nxt > last > first
    assert server.get(f"/api/entries/{last}").status_code == 404
    assert server.get(f"/entries/{last}").status_code == 404


# 7. the duplicate check names nobody of another cohort ------------------------------------------------------------
def test_a_copy_of_another_cohorts_game_is_refused_without_naming_its_player_or_cohort(server, tiny):
    k = next(GAMES)
    kazan = open_session(server, group=f"Казань-2-{k}")
    moscow = open_session(server, group=f"Москва-{k}")
    assert upload(server, kazan, body(variant_replay(tiny, 7, k, "Тайная Персона"))).status_code == 201
    copy = upload(server, moscow, body(variant_replay(tiny, 7, k, "Копировщик")))
    assert copy.status_code == 409 and copy.json()["code"] == "duplicate"
    assert "Тайная" not in copy.text and "Казань" not in copy.text and "another group" in copy.json()["error"]


# 8. the trainer's token: never in a URL, guesses locked out --------------------------------------------------------
def test_the_token_in_a_url_is_refused_and_the_login_cookie_is_httponly_and_strict(tmp_path, tiny_path):
    with running(tmp_path / "b.sqlite3", tiny_path) as client:
        code = open_session(client)
        assert client.get(f"/api/sessions/{code}/export.csv?token={TOKEN}").status_code == 401
        login = client.post("/api/trainer/login", json={"token": TOKEN})
        assert login.status_code == 200
        cookie = login.headers["set-cookie"]
        assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower() and TOKEN not in cookie
        assert client.get(f"/api/sessions/{code}/export.csv").status_code == 200   # the cookie alone
        page = client.get("/trainer").text
        assert "?token=" not in page and "sessionStorage" not in page
        client.post("/api/trainer/logout")
        client.cookies.clear()
        assert client.get(f"/api/sessions/{code}/export.csv").status_code == 401


def test_wrong_tokens_are_counted_and_the_guesser_is_locked_out_even_with_the_right_one(tmp_path, tiny_path):
    with running(tmp_path / "b.sqlite3", tiny_path, token_failures_free=10) as client:
        answers = [client.get("/api/sessions", headers={"Authorization": f"Bearer guess-{k}"}).status_code
                   for k in range(14)]
        assert answers[:10] == [401] * 10 and set(answers[10:]) == {429}
        locked = client.get("/api/sessions", headers=trainer())
        assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1
        assert client.post("/api/trainer/login", json={"token": TOKEN}).status_code == 429
        assert client.app.state.strikes["token"].total == 11  # while locked out, a guess is not even looked at
    with running(tmp_path / "b.sqlite3", tiny_path, client=("192.0.2.50", 1)) as other:
        assert other.get("/api/sessions", headers=trainer()).status_code == 200  # someone else is not locked out


# 9. bot play is marked, wherever it shows ---------------------------------------------------------------------------
def _nudged(scenario, seed: int, name: str, nudge: float = 0.0001) -> Replay:
    """balanced's own game with the last month's markups nudged: 'played by a person'."""
    plans = list(play(scenario, seed, STRATEGIES["balanced"]).plans)
    last = plans[-1]
    plans[-1] = MonthPlan(markups={k: v + nudge for k, v in last.markups.items()}, touches=last.touches,
                          offers=last.offers)
    return Replay.from_game(replay_plans(scenario, seed, plans), player=name)


def marked_rows(server, code: str, seconds: float = 20.0) -> dict:
    """The board's rows by player once every game has its bot similarity (the workers work it out right after
    storing, while no upload waits)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        rows = {e["player"]: e for e in server.get(f"/api/sessions/{code}/board").json()["entries"]}
        if all(r["bot_share"] is not None for r in rows.values()) or time.monotonic() > deadline:
            return rows
        time.sleep(0.1)


def test_balanceds_game_labelled_a_persons_is_ranked_with_the_bot_mark_on_the_board_and_in_csv(server, tiny):
    code = open_session(server)
    exact = Replay.from_game(play(tiny, 7, STRATEGIES["balanced"]), player="Честный Человек")
    assert upload(server, code, body(exact)).status_code == 201
    assert upload(server, code, body(_nudged(tiny, 7, "Подправил Наценку", nudge=0.0003))).status_code == 201
    assert upload(server, code, person(tiny, "Настоящий Игрок")).status_code == 201
    rows = marked_rows(server, code)
    assert rows["Честный Человек"]["strategy"] == "balanced" and rows["Честный Человек"]["bot_share"] == 1.0
    assert rows["Подправил Наценку"]["strategy"] == "balanced"
    assert rows["Настоящий Игрок"]["strategy"] is None and rows["Настоящий Игрок"]["bot_share"] < 0.5
    table = {r["player"]: r for r in csv.DictReader(io.StringIO(
        server.get(f"/api/sessions/{code}/export.csv", headers=trainer()).text.lstrip("\ufeff")))}
    assert table["Честный Человек"]["played_by"] == "like:balanced"
    assert table["Подправил Наценку"]["played_by"] == "like:balanced"
    assert table["Настоящий Игрок"]["played_by"] == "person"


def test_a_game_of_ones_own_bot_carries_the_bot_mark_on_the_board_and_in_csv(server, tiny, tmp_path):
    from simulator.cli.bots import bot_strategy

    bot_file = tmp_path / "mybot.py"
    bot_file.write_text("from simulator.engine import MonthPlan\n\n"
                        "def Lazy(game):\n    return MonthPlan(markups={}, touches=(), offers=())\n", encoding="utf-8")
    strategy = bot_strategy(f"{bot_file}:Lazy")
    game = play(tiny, 7, strategy)
    rep = Replay.from_game(game, player="Lazy", bot="Lazy")
    code = open_session(server)
    assert upload(server, code, body(rep)).status_code == 201
    row = server.get(f"/api/sessions/{code}/board").json()["entries"][0]
    assert row["strategy"] == "Lazy (own)"
    table = list(csv.DictReader(io.StringIO(
        server.get(f"/api/sessions/{code}/export.csv", headers=trainer()).text.lstrip("\ufeff"))))
    assert table[0]["played_by"] == "strategy:Lazy (own)"


# 10. sessions of one group coexist ---------------------------------------------------------------------------------
def test_a_second_session_of_the_group_leaves_the_first_board_and_its_late_uploads_alone(server, tiny):
    group = f"Группа-{next(GAMES)}"
    first = open_session(server, seed=7, group=group)
    for k in range(3):
        assert upload(server, first, person(tiny, f"Утро {k}")).status_code == 201
    second = open_session(server, seed=9, group=group)
    board = server.get(f"/api/sessions/{first}/board").json()
    assert board["stats"]["count"] == 3
    assert upload(server, first, person(tiny, "Опоздавший")).status_code == 201   # played on the first's seed
    assert server.get(f"/api/sessions/{first}/board").json()["stats"]["count"] == 4
    assert server.get(f"/api/sessions/{second}/board").json()["stats"]["count"] == 0
    assert upload(server, second, person(tiny, "Днём", seed=9)).status_code == 201
    assert server.get(f"/api/sessions/{second}/board").json()["stats"]["count"] == 1


# 11. cross-site and host tricks --------------------------------------------------------------------------------------
def test_an_upload_as_text_plain_or_from_another_sites_page_is_refused(server, tiny):
    code = open_session(server)
    plain = server.post(f"/api/sessions/{code}/replays", content=person(tiny, "Форма"),
                        headers={"Content-Type": "text/plain"})
    assert plain.status_code == 415 and plain.json()["code"] == "not_json"
    foreign = upload(server, code, person(tiny, "Чужой сайт"), {"Origin": "http://evil.example"})
    assert foreign.status_code == 403 and foreign.json()["code"] == "foreign_origin"
    hide = server.post("/api/entries/1/hide", json={}, headers={**trainer(), "Origin": "http://evil.example"})
    assert hide.status_code == 403
    ours = upload(server, code, person(tiny, "Своя страница"), {"Origin": "http://testserver"})
    assert ours.status_code == 201
    assert server.get(f"/api/sessions/{code}/board").json()["stats"]["count"] == 1


def test_a_foreign_host_name_is_refused_and_every_answer_carries_the_security_headers(server):
    assert server.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert server.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200
    for url in ("/", "/trainer", "/board/NOPE", "/api/health", "/api/entries/1", "/openapi.json", "/nowhere"):
        r = server.get(url)
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], url
        assert "unsafe-inline" not in r.headers["content-security-policy"].split("script-src")[1].split(";")[0]
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_host_names_allowed():
    assert host_allowed("192.168.1.20:8765", []) and host_allowed("[::1]:8765", [])
    assert host_allowed("desk.example.org", ["*.example.org"]) and not host_allowed("example.org.evil.com", ["*.example.org"])
    assert not host_allowed("rebind.attacker.example", ["localhost"]) and not host_allowed("", ["localhost"])


def test_join_codes_are_long_and_guessing_them_locks_the_guesser_out(tmp_path, tiny_path):
    with running(tmp_path / "b.sqlite3", tiny_path, code_misses_free=30) as client:
        code = open_session(client)
        assert len(code) == CODE_LENGTH >= 10
        answers = [client.get(f"/api/sessions/GUESS{k:05d}/board").status_code for k in range(34)]
        assert answers[:30] == [404] * 30 and set(answers[30:]) == {429}
        assert client.get(f"/api/sessions/{code}/board").status_code == 429  # even the right code, for a while
        assert client.get("/board/GUESS99999").status_code == 429
    with running(tmp_path / "b.sqlite3", tiny_path, client=("192.0.2.60", 1)) as other:
        assert other.get(f"/api/sessions/{code}/board").status_code == 200


# 12. non-finite time limit -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("limit", [float("nan"), float("inf"), 0.0, -1.0])
def test_the_app_refuses_a_time_limit_that_is_not_a_finite_positive_number(limit):
    with pytest.raises(ValueError, match="finite"):
        create_app(ServerConfig(db="unused.sqlite3", trainer_token=TOKEN, time_limit=limit))


def test_replay_fields_are_kept_on_upload(server, tiny):
    """The session decides the group; the rest of a replay is the game's own (a control for the tests above)."""
    code = open_session(server)
    rep = replace(variant_replay(tiny, 7, next(GAMES), "Контроль"), group="ноутбук")
    entry = upload(server, code, body(rep)).json()["entry"]
    assert entry["group"].startswith("Казань-") and entry["player"] == "Контроль"


# 2. slow clients and a flooded log (the connections themselves: test_server_load.py) ------------------------------
def test_thousands_of_identical_errors_leave_a_few_log_lines_that_say_how_many_were_left_out():
    import logging

    from simulator.server.slow import RepeatFilter

    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    logger = logging.getLogger("salesdesk.test-flood")
    logger.propagate = False
    keep, repeats = Keep(), RepeatFilter(burst=5, window=0.2)
    logger.addHandler(keep)
    logger.addFilter(repeats)
    try:
        for _ in range(300_000 // 100):  # the 300,932 identical errors, a hundredth of them
            logger.error("OSError: [Errno 24] Too many open files")
        logger.error("another problem")
        import time
        time.sleep(0.25)
        logger.error("OSError: [Errno 24] Too many open files")
    finally:
        logger.removeHandler(keep)
        logger.removeFilter(repeats)
    assert len(lines) == 7 and repeats.suppressed == 2995
    assert lines[-1].endswith("(the same message 2995 more times left out of the log)")
