"""Every kind of broken scenario file a trainer can produce gets exit code 2 and an error they can act on.

Each case is run through the real command line (`main.py validate FILE`,
in-process with captured output). The expected position is given as the
snippet of the file the error must point at, so the table reads like the
mistake itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from simulator.cli import main as cli_main

from .base import BASE, edit, without
from .conftest import problems

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")

BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


@dataclass
class Case:
    """A broken file, the snippet its (first matching) problem must point at, and what the message must say."""

    name: str
    content: str | bytes
    says: str
    at: str | None = None  # snippet of the file the problem points at; a `|` in it marks the exact column
    nth: int = 1  # which occurrence of `at`
    line: int | None = None  # explicit position when `at` cannot express it
    col: int | None = None
    count: int = 1  # how many problems the file has in total

    def raw(self) -> bytes:
        return self.content if isinstance(self.content, bytes) else self.content.encode("utf-8")

    def expected(self) -> tuple[int | None, int | None]:
        if self.at is None:
            return self.line, self.col
        text = self.content if isinstance(self.content, str) else self.content.decode("utf-8", "replace")
        snippet, _, _ = self.at.partition("|")
        index = -1
        for _ in range(self.nth):
            index = text.index(self.at.replace("|", ""), index + 1)
        index += len(snippet) if "|" in self.at else 0
        line = text.count("\n", 0, index) + 1
        return line, index - (text.rfind("\n", 0, index) + 1) + 1


CASES = [
    # wrong types, told in plain words
    Case("number is a word", edit("cost: 30000", "cost: lots"), "expected a number, got `lots`", at="lots"),
    Case("whole number in Cyrillic", edit("turns: 12", "turns: двенадцать"), "expected a whole number, got `двенадцать`",
         at="двенадцать"),
    Case("fraction where whole number", edit("turns: 12", "turns: 12.5"), "expected a whole number, got `12.5`", at="12.5"),
    Case("yes/no where number", edit("turns: 12", "turns: yes"), "(which YAML reads as yes/no)", at="yes"),
    Case("number in quotes", edit("cost: 30000", 'cost: "30000"'), "remove the quotes", at='"30000"'),
    Case("decimal comma", edit("rate: 0.1\n", "rate: 0,1\n"), "write the decimal point as `.`", at="0,1"),
    Case("text where mapping", edit('title: {ru: "Лаборатория", en: "Lab"}', "title: Lab"), "expected a mapping", at="Lab"),
    Case("text where list", edit("jobs: [sell_retail]", "jobs: sell_retail"), "expected a list", at="jobs: |sell_retail\n"),
    Case("yes/no where id", edit("id: sweet-home", "id: no"), 'expected text, got `no` (which YAML reads as yes/no); put it '
         'in quotes: `"no"`', at="id: |no"),
    Case("number where id", edit("\nid: lab\n", "\nid: 2024\n"), 'put it in quotes: `"2024"`', at="2024"),
    Case("infinite cost", edit("cost: 30000", "cost: .inf"), "expected an ordinary number", at=".inf"),
    Case("negative cost", edit("cost: 30000", "cost: -30000"), "must be above 0, got `-30000`", at="-30000"),
    Case("free market price", edit("market_price: 45000", "market_price: 0"), "must be above 0, got `0`", at="market_price: |0\n"),
    Case("share above one", edit("rate: 0.1\n", "rate: 10\n"), "compensation.rate: must be 1 or less, got `10`", at="10\n"),
    # unknown keys suggest the closest known one
    Case("unknown top-level key", edit("turns: 12", "turnz: 12"), "unknown key `turnz` in the file; did you mean `turns`?",
         at="turnz"),
    Case("unknown nested key", edit("market_price: 45000", "market_prise: 45000"),
         "unknown key `market_prise` in products[certificate]; did you mean `market_price`? (it is required)",
         at="market_prise"),
    Case("unknown key in desk", edit("salary: 50000", "salry: 50000"), "did you mean `salary`?", at="salry"),
    Case("Cyrillic key", edit("turns: 12", "ходы: 12"), "unknown key `ходы` in the file", at="ходы"),
    # misspelled choices
    Case("compensation base misspelled", edit("base: gross_profit", "base: gross_proft"),
         "`gross_proft` is not allowed here; did you mean `gross_profit`?", at="gross_proft"),
    Case("compensation base in Russian", edit("base: gross_profit", "base: валовая_прибыль"),
         "`валовая_прибыль` is not allowed here; expected one of `gross_profit`, `invoice`, `net_profit`", at="валовая"),
    Case("KPI misspelled", edit("kpi: retention", "kpi: retension"), "did you mean `retention`?", at="retension"),
    # bands and orders
    Case("markup min above max", edit("{min: 0.2, max: 1.0, default: 0.5}", "{min: 1.2, max: 1.0}"),
         "markup min 1.2 is above max 1; swap them", at="min: |1.2"),
    Case("default outside the band", edit("max: 1.0, default: 0.5", "max: 1.0, default: 1.5"),
         "markup default 1.5 is above max 1", at="default: |1.5"),
    Case("fixed markup without default", edit("{min: 0.3, max: 0.3, default: 0.3, fixed: true}", "{min: 0.3, max: 0.3, fixed: true}"),
         "a fixed markup needs `default`", at="fixed: |true"),
    Case("tiers out of order", edit("{from: 0, rate: 0.05}", "{from: 200000, rate: 0.05}"),
         "order tiers by `from`", at="from: |100000"),
    Case("range goes down", edit("loyalty: [0.3, 0.7]", "loyalty: [0.7, 0.3]"), "goes down; write it as [low, high]",
         at="loyalty: [0.7"),
    Case("range of three", edit("loyalty: [0.3, 0.7]", "loyalty: [0.3, 0.5, 0.7]"), "a range of two numbers `[low, high]`",
         at="[0.3, 0.5"),
    Case("event factor absurd", edit("market_price: {certificate: 0.9}", "market_price: {certificate: 50}"),
         "must be 20 or less, got `50`", at="certificate: |50"),
    # references resolve, with a suggestion
    Case("dangling required product", edit("requires: [certificate]", "requires: [certifcate]"),
         "unknown product `certifcate`; did you mean `certificate`?", at="certifcate"),
    Case("dangling job", edit("jobs: [labelling]", "jobs: [labeling]"), "unknown job `labeling`; did you mean `labelling`?",
         at="labeling]"),
    Case("dangling segment", edit("segment: manufacturers", "segment: manufacturer"),
         "unknown segment `manufacturer`; did you mean `manufacturers`?", at="segment: |manufacturer\n"),
    Case("dangling product in event", edit("market_price: {certificate: 0.9}", "market_price: {certficate: 0.9}"),
         "unknown product `certficate`; did you mean `certificate`?", at="certficate"),
    Case("hidden need not in needs", edit("hidden: [labelling]", "hidden: [labeling]"),
         "hidden need `labeling` is not among this client's `needs`; did you mean `labelling`?", at="labeling"),
    # events inside the scenario
    Case("event after the last month", edit("month: 7", "month: 13"), "event month 13 is after the last month (12); use 1..12",
         at="month: |13"),
    Case("event in month zero", edit("month: 7", "month: 0"), "events[labelling-law].month: must be 1 or more, got `0`", at="month: |0"),
    # ids
    Case("duplicate id", edit("  - id: webinar", "  - id: call"), "duplicate id `call` in touch_types", at="id: |call", nth=2),
    Case("id with spaces", edit("id: sweet-home", "id: sweet home"), "contains a space (use `_` or `-` instead)",
         at="sweet home"),
    Case("emoji in id", edit("id: sweet-home", "id: sweet-home🏠"), "contains `🏠`", at="sweet-home🏠"),
    Case("right-to-left mark in id", edit("id: sweet-home", "id: sweet\u200f-home"), "invisible character <U+200F>",
         at="sweet\u200f"),
    Case("Cyrillic id", edit("id: sweet-home", "id: сладкий"), "the letter `с` (only Latin letters a-z are allowed)",
         at="сладкий"),
    Case("zero-width name", edit('en: "Sweet Home bakery"', 'en: "\u200b"'), "the text is blank", at='"\u200b"'),
    Case("empty English text", edit('en: "Sweet Home bakery"', 'en: ""'),
         "clients[sweet-home].name.en: the text is empty; write it, or leave out `en` to give this text in Russian only",
         at='""'),
    Case("empty text beside a key that is no language", edit('{ru: "Кондитерская «Сладкий дом»", en: "Sweet Home bakery"}',
                                                             '{ru: "", accelerator: "Sweet Home bakery"}'),
         "clients[sweet-home].name.ru: the text is empty; write it, or leave out `ru` to give this text in accelerator only",
         at='""', count=2),  # and the key itself: "`accelerator` is not a language code", both at once
    Case("English text left empty in YAML", edit('en: "A test market."', "en:"),
         "briefing.en: the text is empty; write it, or leave out `en`", at="en:|\n"),
    Case("text in no language", edit('title: {ru: "Лаборатория", en: "Lab"}', "title: {}"),
         "title: the text is missing: give it in Russian (`ru: ...`), in English (`en: ...`) or in both", at="{}"),
    Case("markup floor set in the pay scheme", edit("  rate: 0.1\n", "  rate: 0.1\n  markup_floor: 0.06\n"),
         "unknown key `markup_floor` in compensation; that is set elsewhere: `products[].markup.min` (floor: ",
         at="markup_floor"),
    Case("markup ceiling set in the pay scheme", edit("  rate: 0.1\n", "  rate: 0.1\n  markup_ceiling: 0.16\n"),
         "that is set elsewhere: `products[].markup.max` (ceiling: ", at="markup_ceiling"),
    Case("salary in the pay scheme", edit("  rate: 0.1\n", "  rate: 0.1\n  salary: 50000\n"),
         "unknown key `salary` in compensation; that is set elsewhere: `desk.salary`", at="salary: 50000\n  tiers"),
    Case("bonus thresholds under another name", edit("  rate: 0.1\n", "  rate: 0.1\n  markup_thresholds: [0.08, 0.14]\n"),
         "unknown key `markup_thresholds` in compensation; did you mean `bonus_corridor`? (optional bonus thresholds",
         at="markup_thresholds"),
    Case("bonus corridor upside down", edit("  rate: 0.1\n", "  rate: 0.1\n  bonus_corridor: {min: 0.5, max: 0.3}\n"),
         "bonus corridor min 0.5 is above max 0.3; swap them", at="0.5, max"),
    Case("fixed markup with nothing else", edit("{min: 0.3, max: 0.3, default: 0.3, fixed: true}", "{fixed: true}"),
         "a fixed markup needs `default`: the price-list markup", at="true}"),
    # structure
    Case("no clients", edit("count: 20", "count: 0", without("clients:\n", "events:\n")), "the scenario has no clients",
         at="segments:"),
    Case("dangling job as a need", edit("needs: {sell_retail: 0.9,", "needs: {sell_retial: 0.9,"),
         "unknown job `sell_retial`; did you mean `sell_retail`?", at="sell_retial"),
    Case("missing required keys", without("scoring:\n", None), "missing required key `scoring` in the file", at="id: lab\n"),
    Case("missing key in a product", edit("    market_price: 15000\n", ""), "missing required key `market_price` in "
         "products[labelling_setup]", at="id: labelling_setup"),
    Case("top-level list", "- id: lab\n- turns: 12\n", "holds a list", line=1, col=1),
    Case("a lone word", "hello\n", "holds `hello`", line=1, col=1),
    # YAML itself
    Case("duplicate YAML key", edit("turns: 12\n", "turns: 12\nversion: 2\n"), "key `version` appears twice", at="version: 2"),
    Case("syntax: unclosed bracket", edit("jobs: [sell_retail]", "jobs: [sell_retail"), "a list in `[...]` that starts here",
         at="[sell_retail"),
    Case("syntax: unclosed quote", edit('en: "A test market."', 'en: "A test market.'), "quoted text that starts here is not "
         "closed", at='"A test market.'),
    Case("syntax: key without colon", edit("  salary: 50000", "  salary 50000"), "has no colon", at="salary 50000"),
    Case("syntax: bad indentation", edit("  salary: 50000", "   salary: 50000"), "check the indentation", line=11, col=10),
    Case("tab indentation", edit("  salary: 50000", "\tsalary: 50000"), "YAML does not allow tabs", at="\tsalary"),
    Case("undefined alias", edit("turns: 12", "turns: *twelve"), "`*name` must refer to an `&name`", at="*twelve"),
    Case("second document", BASE + "---\nid: other\n", "remove the second `---`", at="---"),
    Case("python object tag", edit("turns: 12", 'turns: !!python/object/apply:os.system ["echo PWNED"]'),
         "tag `tag:yaml.org,2002:python/object/apply:os.system` is not allowed", at="!!python"),
    Case("custom include tag", edit("turns: 12", "turns: !include other.yaml"), "tag `!include` is not allowed", at="!include"),
    Case("merge key", edit("    hours: 0.5\n", "    <<: {hours: 0.5}\n"), "merge keys (`<<`) are not supported", at="<<"),
    Case("date value", edit("turns: 12", "turns: 2024-01-31"), "tag `tag:yaml.org,2002:timestamp` is not allowed",
         at="2024-01-31"),
    Case("alias bomb", BOMB, "document is too large: more than 10,000 values (counting every alias expansion)",
         at="e: &e [|*d"),
    Case("deep nesting", "id: " + "[" * 60 + "]" * 60 + "\n", "nested deeper than 40 levels", line=1, col=len("id: ") + 40),
    Case("too many values", BASE + "extra: [" + ", ".join(["1"] * 12_000) + "]\n", "more than 10,000 values",
         line=BASE.count("\n") + 1),
    # bytes that are not a text file
    Case("empty file", b"", "file is empty", line=1, col=1),
    Case("whitespace and comments only", b"\n   \n# just a comment\n\t\n", "only comments", line=1, col=1),
    Case("binary junk", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data", line=3, col=1),
    Case("saved as UTF-16 (Notepad's \"Unicode\")", "\ufeffid: x\n".encode("utf-16-le"), "save it as UTF-8",
         line=1, col=1),
    Case("NUL byte inside text", edit("turns: 12", "turns: 1\x002"), "binary data (a NUL byte)", at="turns: 1"),
    Case("non-UTF-8 (cp1251)", BASE.encode("cp1251"), "file is not UTF-8 text; save it as UTF-8", line=4, col=len('title: {ru: "') + 1),
    Case("control character", edit('en: "Lab"', 'en: "La\x07b"'), "invisible control character U+0007", at="\x07"),
    Case("lone surrogate escape", edit('en: "Lab"', 'en: "La\\ud800b"'), "broken character", at='"La'),
    Case("oversized file", BASE + "# " + "x" * (1024 * 1024) + "\n", "a scenario may be at most 1,048,576 bytes (1 MiB)",
         line=1, col=1),
]


def _validate(path, capsys) -> tuple[int, str, str]:
    code = cli_main(["validate", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_base_scenario_is_valid(tmp_path, capsys):
    path = tmp_path / "lab.yaml"
    path.write_text(BASE, encoding="utf-8")
    code, out, err = _validate(path, capsys)
    assert (code, problems(err)) == (0, [])
    assert out.startswith(f"ok: {path}: id=lab ")


def test_the_table_is_broad():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_broken_file_gets_exit_2_and_a_located_message(case, tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    path.write_bytes(case.raw())
    code, out, err = _validate(path, capsys)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err and "internal error" not in err
    lines = err.splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), f"every line must read PATH:LINE:COL: message, got {lines}"
    assert {m["path"] for m in parsed} == {str(path)}
    positions = [(int(m["line"]), int(m["col"])) for m in parsed]
    assert positions == sorted(positions), "problems are listed in file order"
    assert len(lines) == case.count, f"expected {case.count} problem(s), got:\n{err}"
    matching = [m for m in parsed if case.says in m["message"]]
    assert matching, f"no message says {case.says!r}:\n{err}"
    line, col = case.expected()
    if line is not None:
        assert int(matching[0]["line"]) == line, err
    if col is not None:
        assert int(matching[0]["col"]) == col, err
