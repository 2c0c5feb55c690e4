"""Both catalogues carry every key, with text, and every key the code asks for exists."""
from __future__ import annotations

import re
import string
from pathlib import Path

from simulator.desk.knowledge import OFFER_WORDS, TOUCH_WORDS
from simulator.engine import AGENDA_CODES
from simulator.engine.inbox import CARD_KINDS
from simulator.engine.money import BASES
from simulator.locale.plural import PluralFormatter
from simulator.locale.symbols import plural_categories
from simulator.store.kinds import KINDS
from simulator.strategies import STRATEGIES
from simulator.ui.i18n import LOCALE_DIR, I18n, languages, load_catalogue
from simulator.ui.scenes.desk import TABS
from simulator.ui.scenes.desk_agenda import NO_TOPIC
from simulator.ui.scenes.hints import MONTH2_STEPS, STEPS
from simulator.ui.scenes.review_text import REFUSAL_CODES
from simulator.ui.workshop import SERVER_REASONS

UI_DIR = Path(__file__).resolve().parents[2] / "simulator" / "ui"
LITERAL_KEY = re.compile(r"""(?:\bt|lazy|_key|key)\(\s*["']([a-z_]+\.[a-z_.]+)["']""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_have_the_same_keys_and_no_empty_text():
    ru, en = load_catalogue("ru"), load_catalogue("en")
    assert set(ru) == set(en), sorted(set(ru) ^ set(en))
    for lang, catalogue in (("ru", ru), ("en", en)):
        empty = [k for k, v in catalogue.items() if not isinstance(v, str) or not v.strip()]
        assert not empty, f"{lang}: {empty}"


def test_placeholders_match_between_languages():
    ru, en = load_catalogue("ru"), load_catalogue("en")
    differing = [k for k in en if _fields(en[k]) != _fields(ru[k])]
    assert not differing, differing


def test_russian_texts_are_russian():
    ru, en = load_catalogue("ru"), load_catalogue("en")
    cyrillic = re.compile("[а-яА-ЯёЁ]")
    words = lambda text: re.sub(r"\{[^}]*\}", "", text)  # noqa: E731  (placeholders are not words)
    same = [k for k in en if ru[k] == en[k] and re.search("[A-Za-z]{3}", words(en[k]))]
    assert not same, f"untranslated: {same}"
    assert sum(bool(cyrillic.search(v)) for v in ru.values()) > 0.9 * len(ru)


def test_every_key_the_code_uses_is_in_the_catalogue():
    used = set()
    for path in UI_DIR.rglob("*.py"):
        used |= set(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    used = {k for k in used if not k.endswith(".")}  # a prefix joined with a value at run time
    used |= {step.text for step in STEPS}
    # Each game kind's keys: its help page's rules, its name in the menu, its own start button.
    used |= {k for kind in KINDS.values() for k in kind.rule_keys + (kind.mode_key or kind.rule_keys[0],)}
    used |= {kind.text_prefix + "brief.start" for kind in KINDS.values()}
    # Keys built from a value at run time, family by family.
    used |= {f"pay.base.{b}" for b in BASES} | {f"pay.why.{b}" for b in BASES}
    used |= {f"strategy.{name}" for name in STRATEGIES} | {f"desk.tab.{name}" for name in TABS}
    used |= {f"desk.status.{s}" for s in ("active", "lost", "all")} | {f"desk.added_{w}" for w in ("touches", "offers")}
    used |= {f"touch_status.{w}" for w in TOUCH_WORDS.values()} | {f"offer_status.{w}" for w in OFFER_WORDS.values()}
    used |= {f"agenda.{code}" for code in AGENDA_CODES} | {f"agenda.{code}_tip" for code in AGENDA_CODES}
    used |= {f"agenda.{code}_no_topic_tip" for code in NO_TOPIC}
    used |= {step.text for step in MONTH2_STEPS}
    used |= {f"whatif.topic_{k}" for k in ("product", "event", "none")}
    used |= {f"try.{code}{tail}" for code in ("misfit_offers", "empty_touches", "price", "forgotten", "useful_touches",
                                              "fitting_offers") for tail in ("", "_no_points")}
    used |= {f"strategy_summary.{name}" for name in STRATEGIES}
    used |= {f"menu.{k}" for k in ("player", "group", "seed", "scenario", "language")}
    used |= {f"import.reason.{code}" for code in REFUSAL_CODES + ("other",)}
    used |= {f"workshop.reason.{code}" for code in SERVER_REASONS}
    used |= {f"inbox.{kind}" for kind in CARD_KINDS} | {f"inbox.why.{kind}" for kind in CARD_KINDS}
    catalogue = load_catalogue("en")
    missing = sorted(k for k in used if k not in catalogue)
    assert not missing, missing
    assert len(used) > 150  # the scan really found the keys


def test_switching_language_changes_text_and_unknown_keys_are_visible():
    i18n = I18n("en")
    assert i18n.t("menu.start") == "Start"
    i18n.set_language("ru")
    assert i18n.t("menu.start") == "Начать"
    assert i18n.t("no.such.key") == "<no.such.key>"
    assert languages([LOCALE_DIR]) == ("ru", "en")   # found on disk, the default language first


PLURAL = re.compile(r"\{(\w+):(?:plural|p):([^}]*)\}")


def test_plural_forms_are_complete_and_follow_a_field_of_the_same_text():
    for lang in languages([LOCALE_DIR]):
        categories = plural_categories(lang)   # 'other' may be left out where 'few' stands in for it
        allowed = {len(categories)} | ({len(categories) - 1} if "few" in categories else set())
        for key, text in load_catalogue(lang, LOCALE_DIR).items():
            for field, forms in PLURAL.findall(text):
                count = len(forms.split("|"))
                assert count in allowed, f"{lang} {key}: {count} forms for {{{field}}}"
                assert "{" + field + "}" in text, f"{lang} {key}: the forms of {field} follow no number"


def test_russian_numbers_and_plurals_are_written_the_russian_way():
    i18n = I18n("ru")
    line = lambda n: i18n.t("menu.facts", months=12, clients=n, difficulty="★")  # noqa: E731
    assert "1 клиент ·" in line(1) and "2 клиента" in line(2) and "5 клиентов" in line(5)
    assert "21 клиент ·" in line(21) and "6\u00a0500 клиентов" in line(6500)
    text = i18n.t("takeaway.useful_touches", n=3, points=1.5)
    assert "1,5 пункта" in text and "1.5" not in text
    assert "22 пункта" in i18n.t("takeaway.useful_touches", n=3, points=22)
    i18n.set_language("en")
    assert "1 client ·" in i18n.t("menu.facts", months=12, clients=1, difficulty="*")
    assert "2.5 loyalty points" in i18n.t("takeaway.useful_touches", n=3, points=2.5)
    assert PluralFormatter("ru").format("{n:plural:день|дня|дней}", n="1\u00a0001") == "день"
    assert plural_categories("ru") == ("one", "few", "many", "other") and plural_categories("en") == ("one", "other")
