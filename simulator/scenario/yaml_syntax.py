"""YAML syntax errors retold for a trainer, pointing where the fix belongs.

PyYAML reports where it got lost, which is often lines after the mistake: an
unclosed quote swallows the lines below it, a missing `]` is noticed on the
next line. Where the place to fix is knowable (the opening quote or bracket,
the key without a colon) the problem points there instead.
"""
from __future__ import annotations

import yaml
from yaml.tokens import ScalarToken

from .errors import Problem, shown

_OPENED = {
    "a quoted scalar": "quoted text (`\"...\"` or `'...'`)",
    "a flow sequence": "a list in `[...]`",
    "a flow mapping": "a mapping in `{...}`",
}


def syntax_problem(text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """One problem for PyYAML's ``exc`` while reading ``text``."""
    problem = exc.problem or "the YAML cannot be read"
    mark, context = exc.problem_mark, exc.context_mark
    if mark is None:
        return Problem(1, 1, f"YAML syntax error: {shown(problem, 300)}")
    stopped = f"line {mark.line + 1}"
    opened = _OPENED.get((exc.context or "").removeprefix("while scanning ").removeprefix("while parsing "))
    runaway = _runaway_quote(text, mark)
    if runaway is not None:
        mark, message = runaway, (f"quoted text that starts here is not closed on its line, so YAML read on "
                                  f"to {stopped} and got lost; close the quote")
    elif context is not None and opened and "end of stream" in problem:
        mark, message = context, f"{opened} that starts here is never closed"
    elif context is not None and opened and context.line != mark.line:
        mark, message = context, f"{opened} that starts here is not closed where expected ({shown(problem, 200)} at {stopped})"
    elif context is not None and "could not find expected ':'" in problem:
        mark, message = context, "a key here has no colon; write `key: value` with a space after the colon"
    else:
        message = shown(problem, 300) + _hint(text, mark, problem)
    return Problem(mark.line + 1, mark.column + 1, f"YAML syntax error: {message}")


def _hint(text: str, mark: yaml.Mark, problem: str) -> str:
    lines = text.splitlines()
    source_line = lines[mark.line] if mark.line < len(lines) else ""
    if "\t" in source_line[: mark.column + 1] or "'\\t'" in problem:
        return "; indent with spaces, YAML does not allow tabs"
    if "mapping values are not allowed" in problem:
        return "; check the indentation of this line against the one above, or quote a value that contains `: `"
    if "another document" in problem:
        return "; a scenario file holds one document, remove the second `---`"
    if "found undefined alias" in problem:
        return "; a `*name` must refer to an `&name` defined above it"
    if "found character '@'" in problem or "found character '`'" in problem:
        return "; a value starting with @ or ` must be quoted"
    return ""


def _runaway_quote(text: str, mark: yaml.Mark) -> yaml.Mark | None:
    """Start of a quoted text that ran over several lines and ended on the line where YAML got lost."""
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > mark.line:
                break
            if (isinstance(token, ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line < token.end_mark.line == mark.line):
                found = token.start_mark
    except yaml.YAMLError:
        pass
    return found
