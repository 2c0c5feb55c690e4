"""Bring your own bot: `--strategy path/to/bot.py:Name` for `simulate`, `balance` and `whatif`.

``Name`` is a function ``name(game) -> MonthPlan`` or a class whose instances have a method
``make_plan(self, game) -> MonthPlan`` (one instance per game, made with no arguments, so it may remember
things between the months of a game). ``game`` is the game's :class:`~simulator.engine.SellerDesk`, the same
read-only façade the reference strategies get (docs/bot-api.md): never the game itself.

Whatever goes wrong in the user's file (it is missing, does not compile, has no ``Name``, takes the
wrong arguments, raises, returns something that is not a plan or a plan that breaks a rule) becomes a
:class:`BotError` with one clear message; the command prints it and exits with code 2.
"""
from __future__ import annotations

import hashlib
import importlib.util
import inspect
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..engine import MonthPlan, SellerDesk
from ..strategies import Strategy
from .common import UserError


class BotError(UserError):
    """The user's bot cannot be loaded or played; the message says where and why."""


def is_bot_spec(text: str) -> bool:
    """True when ``--strategy`` names a Python file (``bot.py:Name`` or ``bot.py``) rather than a strategy."""
    path, _, _ = text.rpartition(":") if ":" in text and not text.endswith(".py") else (text, "", "")
    return path.endswith(".py")


def bot_strategy(spec: str) -> Strategy:
    """The strategy ``spec`` (``path/to/bot.py:Name``) names; loads it now, so a broken file fails early."""
    path, sep, name = spec.rpartition(":")
    if not sep or not path.endswith(".py") or not name:
        raise BotError(f"`{spec}`: name the bot after a colon, e.g. `{spec.rstrip(':')}:MyBot` "
                       "(a class with make_plan(self, game) or a function of the game)")
    bot = FileBot(str(Path(path).expanduser().resolve()), name, spec)
    bot.load()
    return Strategy(name, bot, "bot_summary.user_bot", (("spec", spec),))


class FileBot:
    """A callable ``(desk) -> MonthPlan`` that loads the bot from its file on first use.

    It pickles as its path and name (so `balance --jobs N` worker processes load the file themselves);
    each new game gets a new instance of a class bot. Every plan is checked against the rules before it
    is played, so a broken plan is reported as the bot's, with the month.
    """

    def __init__(self, path: str, name: str, spec: str):
        self.path, self.name, self.spec = path, name, spec
        self._target: Any = None
        self._game: object = None  # the desk's game_key of the game the instance plays
        self._instance: Any = None

    def __getstate__(self) -> dict:
        return {"path": self.path, "name": self.name, "spec": self.spec}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"], state["name"], state["spec"])  # type: ignore[misc]

    def load(self) -> Any:
        """The function or class ``name`` of the file, its signature checked."""
        if self._target is None:
            self._target = _checked(self.spec, _load_module(self.path, self.spec), self.name)
        return self._target

    def __call__(self, desk: SellerDesk) -> MonthPlan:
        target = self.load()
        month = desk.month + 1
        try:
            if inspect.isclass(target):
                if self._game is not desk.game_key:
                    self._game, self._instance = desk.game_key, target()
                plan = self._instance.make_plan(desk)
            else:
                plan = target(desk)
        except Exception as exc:  # the bot's own bug: one line, with where in the bot it happened
            raise BotError(f"{self.spec} raised {type(exc).__name__}: {exc} ({_where(exc, self.path)}, month "
                           f"{month})") from None
        except SystemExit:
            raise BotError(f"{self.spec} called exit() (month {month})") from None
        if not isinstance(plan, MonthPlan):
            raise BotError(f"{self.spec} returned {type(plan).__name__}, not a MonthPlan (month {month}); "
                           "see docs/bot-api.md")
        broken = desk.check(plan)
        if broken is not None:
            raise BotError(f"{self.spec}: the plan for month {month} breaks a rule: {broken}")
        return plan


def _load_module(path: str, spec: str) -> Any:
    file = Path(path)
    if not file.is_file():
        raise BotError(f"`{spec}`: no such file {file}")
    try:
        source = file.read_bytes()
    except OSError as exc:
        raise BotError(f"`{spec}`: cannot read {file}: {exc.strerror or exc}") from None
    try:
        code = compile(source, str(file), "exec")
    except SyntaxError as exc:
        raise BotError(f"{file}:{exc.lineno or 1}:{exc.offset or 1}: syntax error: {exc.msg}") from None
    except ValueError as exc:  # null bytes and the like
        raise BotError(f"{file}: cannot be compiled: {exc}") from None
    # A module name of its own per file (not importable by accident; the same in every worker process).
    module_name = "salesdesk_bot_" + hashlib.sha1(str(file).encode()).hexdigest()[:12]
    module_spec = importlib.util.spec_from_file_location(module_name, file)
    assert module_spec is not None
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[module_name] = module  # dataclasses and pickling look the module up by name
    try:
        exec(code, module.__dict__)
    except Exception as exc:
        sys.modules.pop(module_name, None)
        raise BotError(f"loading {file} failed: {type(exc).__name__}: {exc} ({_where(exc, str(file))})") from None
    except SystemExit:
        sys.modules.pop(module_name, None)
        raise BotError(f"loading {file} failed: it called exit()") from None
    return module


def _checked(spec: str, module: Any, name: str) -> Any:
    target = getattr(module, name, None)
    if target is None:
        defined = sorted(k for k, v in vars(module).items() if not k.startswith("_") and callable(v)
                         and getattr(v, "__module__", None) == module.__name__)
        raise BotError(f"`{spec}`: the file has no `{name}`; it defines: {', '.join(defined) or 'nothing callable'}")
    if inspect.isclass(target):
        try:
            inspect.signature(target).bind()
        except TypeError:
            raise BotError(f"`{spec}`: the class must be made with no arguments: `{name}()`") from None
        except ValueError:
            pass  # no signature to inspect (a builtin base): try it when playing
        method = getattr(target, "make_plan", None)
        if not callable(method):
            raise BotError(f"`{spec}`: the class needs a method make_plan(self, game) returning a MonthPlan")
        _one_argument(spec, method, f"{name}.make_plan(self, game)", skip_self=True)
    elif callable(target):
        _one_argument(spec, target, f"{name}(game)")
    else:
        raise BotError(f"`{spec}`: `{name}` is a {type(target).__name__}, not a class or a function")
    return target


def _one_argument(spec: str, func: Callable, shape: str, skip_self: bool = False) -> None:
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return
    params = list(signature.parameters.values())[1 if skip_self else 0:]
    try:
        inspect.Signature(params).bind(object())
    except TypeError:
        raise BotError(f"`{spec}`: wrong signature {func.__name__}{signature}; the bot is called as {shape}") from None


def _where(exc: BaseException, path: str) -> str:
    """``bot.py line N`` of the deepest frame in the user's file, else the deepest frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if f.filename == path] or frames
    if not own:
        return Path(path).name
    return f"{Path(own[-1].filename).name} line {own[-1].lineno}"
